import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { ROOT, waitFor } from './processes';

/** Client ports of this repo's private test servers (14200-14299), routes on 16200-16299. */
export const TEST_NATS_PORT = Number(process.env.TEST_NATS_PORT ?? 14200);
export const TEST_ROUTE_PORT = Number(process.env.TEST_ROUTE_PORT ?? 16200);

type Role = { seed: string; publicKey: string };
function role(): Role {
  const kp = nkeys.createUser();
  return { seed: new TextDecoder().decode(kp.getSeed()), publicKey: kp.getPublicKey() };
}

/**
 * Fresh nkeys for every role, one solver user per address, and the server config scripts/nats-config.mjs writes for
 * them (the generator that writes the committed deploy/nats/intentmesh.conf, which .ci/run checks).
 */
export function secureRoles(solverAddresses: string[]) {
  const api = role();
  const auctioneer = role();
  const admin = role();
  const solvers = solverAddresses.map(role);
  const dir = mkdtempSync(join(tmpdir(), 'im-nats-conf-'));
  const list = join(dir, 'solvers.txt');
  writeFileSync(list, solvers.map((s, i) => `${s.publicKey} ${solverAddresses[i]}\n`).join(''));
  const configPath = join(dir, 'intentmesh.conf');
  const gen = spawnSync('node', [join(ROOT, 'scripts/nats-config.mjs'), '--solvers', list, '--out', configPath], {
    encoding: 'utf8',
  });
  if (gen.status !== 0) throw new Error(`scripts/nats-config.mjs failed: ${gen.stderr}`);
  const serverEnv: Record<string, string> = {
    NATS_API_NKEY: api.publicKey,
    NATS_AUCTIONEER_NKEY: auctioneer.publicKey,
    NATS_ADMIN_NKEY: admin.publicKey,
  };
  return {
    api: api.seed,
    auctioneer: auctioneer.seed,
    admin: admin.seed,
    solvers: solvers.map((s) => s.seed),
    serverEnv,
    configPath,
  };
}
export type SecureRoles = ReturnType<typeof secureRoles>;

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = tcpConnect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    }).on('error', () => resolve(false));
  });

/**
 * nats-server processes on loopback with the committed config: one node, or a JetStream cluster of `nodes`
 * (client ports `port`+i, routes `routePort`+i). Nodes can be killed and started again by index.
 */
export async function startSecureNats({
  roles,
  nodes = 1,
  port = TEST_NATS_PORT,
  routePort = TEST_ROUTE_PORT,
}: {
  roles: SecureRoles;
  nodes?: number;
  port?: number;
  routePort?: number;
}) {
  const dirs = Array.from({ length: nodes }, () => mkdtempSync(join(tmpdir(), 'im-secure-nats-')));
  const procs: (ChildProcess | undefined)[] = [];
  const routes = Array.from({ length: nodes }, (_, i) => `nats://127.0.0.1:${routePort + i}`).join(',');
  const up = async (i: number) => {
    const args = [
      '-c',
      roles.configPath,
      '-a',
      '127.0.0.1',
      '-p',
      String(port + i),
      '-js',
      '-sd',
      dirs[i],
      '-n',
      `n${i + 1}`,
    ];
    if (nodes > 1)
      args.push('--cluster_name', 'intentmesh', '--cluster', `nats://127.0.0.1:${routePort + i}`, '--routes', routes);
    const proc = spawn('nats-server', args, { env: { ...process.env, ...roles.serverEnv }, stdio: 'ignore' });
    procs[i] = proc;
    await waitFor(`nats-server n${i + 1}`, () => portOpen(port + i), 10_000, 50);
  };
  const kill = (i: number) =>
    new Promise<void>((resolve) => {
      const p = procs[i];
      if (!p || p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  await Promise.all(dirs.map((_, i) => up(i)));
  return {
    url: Array.from({ length: nodes }, (_, i) => `nats://127.0.0.1:${port + i}`).join(','),
    urlOf: (i: number) => `nats://127.0.0.1:${port + i}`,
    ports: Array.from({ length: nodes }, (_, i) => port + i),
    kill,
    start: up,
    stop: () => Promise.all(dirs.map((_, i) => kill(i))).then(() => undefined),
  };
}
