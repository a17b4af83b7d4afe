// Shared by the benches: a fresh database, a free port, waiting for health, and leaving nothing behind on NATS.
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const { Client } = require('pg');

// BENCH_NATS_URL: a private nats-server (e.g. one with monitoring on, to count messages per subject)
export const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createDatabase(tag) {
  const name = `im_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Waits until the API answers /health (and, if asked, sees a live auctioneer); `exited()` returns an app that died
 * (so a crash fails at once with its output instead of after the timeout).
 */
export async function waitForHealth(
  url,
  { auctioneer = true, timeoutMs = 30_000, describe = () => '', exited = () => undefined } = {},
) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const dead = exited();
    if (dead)
      throw new Error(`${dead.name} exited with code ${dead.child.exitCode} before the API was healthy\n${describe()}`);
    try {
      const h = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.json());
      if (!auctioneer || typeof h.auctioneer === 'object') return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the API at ${url} did not become healthy\n${describe()}`);
}

export async function dropStreams(prefixes) {
  const P = require(join(root, 'libs/protocol/dist/index.js'));
  const { connect } = require('@nats-io/transport-node');
  const { jetstreamManager } = require('@nats-io/jetstream');
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  for (const p of prefixes) await jsm.streams.delete(P.createSubjects(p).streamName).catch(() => {});
  await nc.close();
}

/** Stops app processes ({ child }): SIGTERM first so CPU profiles and drains complete, SIGKILL whatever is up after 3 s. */
export async function stopApps(apps) {
  await Promise.all(
    apps.map(
      (p) =>
        new Promise((resolve) => {
          if (p.child.exitCode !== null) return resolve();
          const t = setTimeout(() => p.child.kill('SIGKILL'), 3000);
          p.child.once('exit', () => (clearTimeout(t), resolve()));
          p.child.kill('SIGTERM');
        }),
    ),
  );
}
