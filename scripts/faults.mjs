// npm run test:faults [-- --report]: runs the fault drills and fuzzers in test/faults one file at a time;
// with --report, prints one JSON object with what they measured.
import { runWithFaultReport } from './faultReport.mjs';

const wantReport = process.argv.includes('--report');
const run = runWithFaultReport(['test/faults'], wantReport ? ['ignore', 'inherit', 'inherit'] : 'inherit');
if (wantReport) {
  const entries = run.entries;
  const drills = entries.filter((e) => e.drill);
  const fuzz = entries.filter((e) => e.fuzz);
  const probes = entries.filter((e) => e.probe);
  console.log(
    JSON.stringify(
      {
        drillsRun: drills.length,
        drillsSurvived: drills.filter((d) => d.survived).length,
        fuzzCasesTried: fuzz.reduce((a, f) => a + f.cases, 0),
        fuzzCasesRefused: fuzz.reduce((a, f) => a + f.refused, 0),
        intentsLost: drills.reduce((a, d) => a + (d.lost ?? 0), 0),
        doubleAwards: drills.reduce((a, d) => a + (d.doubleAwards ?? 0), 0),
        worstRecoveryMs: Math.max(0, ...drills.map((d) => d.worstRecoveryMs ?? 0)),
        probesRun: probes.length,
        forgeriesRelayed: probes.reduce((a, p) => a + (p.forgeriesRelayed ?? 0), 0),
        bidsReadByNonAuctioneer: probes.reduce((a, p) => a + (p.bidsReadByNonAuctioneer ?? 0), 0),
        // how long /health/ready took to turn 503 after NATS, then PostgreSQL, died (limit 2000 ms)
        readinessDownWorstMs: Math.max(0, ...probes.map((p) => Math.max(p.natsDownMs ?? 0, p.pgDownMs ?? 0))),
        testsPassed: run.status === 0,
        drills,
        probes,
        fuzz,
      },
      null,
      2,
    ),
  );
}
process.exit(run.status ?? 1);
