import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './marketplace';
import { waitFor } from './processes';

/** A TCP proxy we can cut: `outage(ms)` drops every connection and refuses new ones for that long. */
export async function startProxy(targetPort: number, targetHost = '127.0.0.1') {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port,
    async outage(ms: number) {
      down = true;
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, ms));
      down = false;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A private nats-server with JetStream, so a drill can restart it without touching the machine's own. */
export async function startPrivateNats() {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'im-nats-'));
  let proc: ChildProcess | undefined;
  const up = async () => {
    proc = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
    await waitFor(
      'the private nats-server',
      () =>
        new Promise<boolean>((resolve) => {
          const s = connect(port, '127.0.0.1', () => {
            s.destroy();
            resolve(true);
          }).on('error', () => resolve(false));
        }),
      10_000,
      50,
    );
  };
  const down = () =>
    new Promise<void>((resolve) => {
      // a process killed by a signal has no exit code: without the signal check a second down() waited forever
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  await up();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    restart: async (pauseMs: number) => {
      await down();
      await new Promise((r) => setTimeout(r, pauseMs));
      await up();
    },
    stop: down,
  };
}
