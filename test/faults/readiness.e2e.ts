import { startPrivateNats } from '../support/faults';
import { freePort } from '../support/marketplace';
import { report } from '../support/outcomes';
import { startPrivatePostgres } from '../support/privatePostgres';
import { getJson, startApp, uniquePrefix, waitFor } from '../support/processes';

const LIMIT_MS = 2000;

/** Polls /health/ready until `check` reads as wanted, and says how long that took (ms). */
async function readyTurns(url: string, want: (body: any, status: number) => boolean): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    'readiness to change',
    async () => {
      const r = await getJson(`${url}/health/ready`).catch(() => undefined);
      return r && want(r.body, r.status);
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

async function readyOf(url: string): Promise<[any, number]> {
  const r = await getJson(`${url}/health/ready`).catch(() => ({ body: {}, status: 0 }));
  return [r.body, r.status];
}
