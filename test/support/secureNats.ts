import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { createSubjects } from '@intentmesh/protocol';
import { ROOT, waitFor } from './processes';

/** The committed server config: the one docker-compose and .ci/run start. */
export const NATS_CONFIG = join(ROOT, 'deploy/nats/intentmesh.conf');
/** Client ports of this repo's private test servers (14200-14299), routes on 16200-16299. */
export const TEST_NATS_PORT = Number(process.env.TEST_NATS_PORT ?? 14200);
export const TEST_ROUTE_PORT = Number(process.env.TEST_ROUTE_PORT ?? 16200);

type Role = { seed: string; publicKey: string };
function role(): Role {
  const kp = nkeys.createUser();
  return { seed: new TextDecoder().decode(kp.getSeed()), publicKey: kp.getPublicKey() };
}

/** Fresh nkeys for every role of deploy/nats/intentmesh.conf, with the solver slots bound to these addresses. */
export function secureRoles(prefix: string, solverAddresses: string[]) {
  if (solverAddresses.length > 3) throw new Error('deploy/nats/intentmesh.conf has three solver slots');
  const subjects = createSubjects(prefix);
  const api = role();
  const auctioneer = role();
  const solvers = [0, 1, 2].map(role);
  const serverEnv: Record<string, string> = {
    NATS_API_NKEY: api.publicKey,
    NATS_AUCTIONEER_NKEY: auctioneer.publicKey,
  };
  solvers.forEach((s, i) => {
    serverEnv[`NATS_SOLVER_${i + 1}_NKEY`] = s.publicKey;
    // an unused slot is bound to an address nobody holds
    serverEnv[`NATS_SOLVER_${i + 1}_SUBJECTS`] = subjects.solverAll(solverAddresses[i] ?? `0x${'00'.repeat(19)}0${i}`);
  });
  return { api: api.seed, auctioneer: auctioneer.seed, solvers: solvers.map((s) => s.seed), serverEnv };
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
      NATS_CONFIG,
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
