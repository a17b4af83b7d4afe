import { startPrivateNats } from '../support/faults';
import { freePort } from '../support/marketplace';
import { report } from '../support/outcomes';
import { startPrivatePostgres } from '../support/privatePostgres';
import { startApp, uniquePrefix, waitFor } from '../support/processes';

const LIMIT_MS = 2000;

/** GET /health/ready with a deadline of its own, so a hung answer cannot stall the poll. */
async function readyOf(url: string): Promise<[any, number]> {
  try {
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3000) });
    return [await res.json(), res.status];
  } catch {
    return [{}, 0];
  }
}

/** Polls /health/ready until `check` reads as wanted, and says how long that took (ms). */
async function readyTurns(url: string, want: (body: any, status: number) => boolean): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    'readiness to change',
    async () => {
      const [body, status] = await readyOf(url);
      return want(body, status);
    },
    20_000,
    25,
  );
  return Date.now() - t0;
}

describe('faults - readiness tells the truth', () => {
  it('readiness - /health/ready goes down within 2 s of losing NATS, and of losing PostgreSQL, and comes back', async () => {
    const nats = await startPrivateNats();
    const pg = await startPrivatePostgres();
    // the API alone: readiness needs only its NATS and its database
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const api = startApp('api', 'apps/api/dist/main.js', {
      NATS_URL: nats.url,
      NATS_PREFIX: uniquePrefix('ready'),
      DATABASE_URL: pg.url,
      PORT: String(port),
    });
    const ok = (b: any, s: number) => s === 200 && b.status === 'ok';
    try {
      await waitFor('the API to be ready', async () => ok(...(await readyOf(url))), 60_000).catch((err) => {
        throw new Error(`${err.message}\n${api.output()}`);
      });

      await nats.stop();
      const natsDownMs = await readyTurns(url, (b, s) => s === 503 && b.error?.nats?.status === 'down');
      await nats.restart(0);
      const natsBackMs = await readyTurns(url, ok);

      pg.stop();
      const pgDownMs = await readyTurns(url, (b, s) => s === 503 && b.error?.database?.status === 'down');
      pg.start();
      const pgBackMs = await readyTurns(url, ok);

      report({ probe: 'readiness', natsDownMs, natsBackMs, pgDownMs, pgBackMs, limitMs: LIMIT_MS });
      expect(natsDownMs).toBeLessThanOrEqual(LIMIT_MS);
      expect(pgDownMs).toBeLessThanOrEqual(LIMIT_MS);
    } finally {
      await api.kill('SIGKILL');
      await nats.stop();
      try {
        pg.stop();
      } catch {
        // already stopped
      }
    }
  }, 180_000);
});
