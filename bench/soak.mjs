// bench:soak: the five-process marketplace under a steady load for --minutes, sampling each app's resident memory
// (from /proc) and the auctioneer consumer's lag (stream messages not yet delivered + delivered but unacked).
// The rate defaults to half of a short peak measured first in the same run (--rate overrides it).
// Pass: each app's RSS over the last fifth within 10% of the second fifth (after warm-up), and lag not growing.
//   npm run bench:soak -- [--minutes 10] [--rate <intents/s>] [--sample-seconds 10] [--json]
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runMain } from './lib/common.mjs';
import { log, makeIntentFactory, startMarketplace, submit, submitClosedLoop, waitAwarded } from './lib/marketplace.mjs';

const { values: opt } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string' },
    'sample-seconds': { type: 'string', default: '10' },
    json: { type: 'boolean' },
  },
});
const MINUTES = Number(opt.minutes);
const SAMPLE_MS = Number(opt['sample-seconds']) * 1000;
const RSS_TOLERANCE = 0.1;

const rssMiB = (pid) => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function measurePeak(m, nextIntents) {
  // short deadlines: whatever the peak leaves unawarded expires within the warm-up instead of weighing on the soak
  const batch = nextIntents(2000, 90);
  const t0 = performance.now();
  await submitClosedLoop(m.url, batch);
  await waitAwarded(
    m,
    batch.map((b) => b.hash),
    60_000,
  );
  const done = batch.filter((b) => m.awardedAt.has(b.hash));
  return done.length / ((Math.max(...done.map((b) => m.awardedAt.get(b.hash))) - t0) / 1000);
}

async function main() {
  const m = await startMarketplace('soak');
  const nextIntents = makeIntentFactory();
  try {
    let peak = null;
    let rate = opt.rate ? Number(opt.rate) : null;
    if (!rate) {
      peak = await measurePeak(m, nextIntents);
      rate = Math.max(1, peak / 2);
      log(`soak: peak ${peak.toFixed(1)} awarded/s, soaking at ${rate.toFixed(1)}/s for ${MINUTES} min`);
      await new Promise((r) => setTimeout(r, 5000)); // let the peak's tail drain before sampling
    }
    const samples = [];
    const started = performance.now();
    const end = started + MINUTES * 60_000;
    let submitted = 0,
      refused = 0,
      inflight = 0,
      maxInflight = 0;
    const sampler = setInterval(async () => {
      const lag = await m.consumerLag().catch(() => ({ pending: null, ackPending: null }));
      samples.push({
        t: Math.round((performance.now() - started) / 1000),
        rssMiB: Object.fromEntries(m.apps.map((a) => [a.name, rssMiB(a.child.pid)])),
        ...lag,
        awarded: m.awardedAt.size,
        submitted,
      });
    }, SAMPLE_MS);
    // open loop: intents signed a second ahead, sent evenly; refusals (e.g. 429) are counted, not retried
    let carry = 0;
    while (performance.now() < end) {
      const secStart = performance.now();
      carry += rate;
      const n = Math.floor(carry);
      carry -= n;
      const batch = nextIntents(n, 900);
      for (let i = 0; i < batch.length; i++) {
        inflight++;
        maxInflight = Math.max(maxInflight, inflight);
        submitted++;
        void submit(m.url, [batch[i]])
          .then(
            (r) => (refused += r),
            () => refused++,
          )
          .finally(() => inflight--);
        const due = secStart + ((i + 1) / batch.length) * 1000;
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      }
      const rest = secStart + 1000 - performance.now();
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    }
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 3000));

    const fifth = Math.max(1, Math.floor(samples.length / 5));
    const early = samples.slice(fifth, 2 * fifth);
    const late = samples.slice(-fifth);
    const apps = m.apps.map((a) => a.name);
    const rss = Object.fromEntries(
      apps.map((n) => {
        const e = mean(early.map((s) => s.rssMiB[n]));
        const l = mean(late.map((s) => s.rssMiB[n]));
        return [
          n,
          {
            earlyMiB: Math.round(e),
            lateMiB: Math.round(l),
            change: +((l - e) / e).toFixed(3),
            flat: Math.abs(l - e) / e <= RSS_TOLERANCE,
          },
        ];
      }),
    );
    const lagOf = (s) => (s.pending ?? 0) + (s.ackPending ?? 0);
    const lag = {
      early: Math.round(mean(early.map(lagOf))),
      late: Math.round(mean(late.map(lagOf))),
      max: Math.max(...samples.map(lagOf)),
    };
    // "no growth": the late lag is no more than the early lag plus one second of offered load
    lag.notGrowing = lag.late <= lag.early + rate;
    const result = {
      bench: 'soak',
      machine: { cores: cpus().length, node: process.version },
      minutes: MINUTES,
      peakAwardedPerSec: peak && +peak.toFixed(1),
      offeredPerSec: +rate.toFixed(1),
      submitted,
      refused,
      awardedDuringSoak: m.awardedAt.size,
      maxInflightRequests: maxInflight,
      rss,
      consumerLag: lag,
      targets: {
        rssFlatWithin10Percent: Object.values(rss).every((r) => r.flat),
        consumerLagNotGrowing: lag.notGrowing,
      },
      samples,
    };
    console.log(JSON.stringify(result, null, opt.json ? 0 : 2));
  } finally {
    await m.stop();
  }
}

runMain(main);
