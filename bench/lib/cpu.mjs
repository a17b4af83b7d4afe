// CPU time per process, read from /proc, so a bench can say where the machine's two cores went during a phase:
// each app's CPU ms per awarded intent, plus NATS and PostgreSQL (the machine's own services, found by name),
// and the machine's steal time (a shared VM gives some of its cores' time to other tenants).
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime ticks (10 ms each) and minor page faults of a process (zeros once it has exited). */
export function processStat(pid) {
  try {
    // the command name may hold spaces, so fields are counted after its closing parenthesis
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(f[11]) + Number(f[12]), minflt: Number(f[7]) };
  } catch {
    return { ticks: 0, minflt: 0 };
  }
}

/** Pids of the processes whose command name is `name` (nats-server, postgres). */
export function pidsNamed(name) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The server whose postmaster is `root` (BENCH_PG_PID), and its children: one cluster, not every PostgreSQL here. */
function pgCluster(root) {
  const kids = pidsNamed('postgres').filter((p) => {
    try {
      return /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] === String(root);
    } catch {
      return false;
    }
  });
  return [root, ...kids];
}

function machine() {
  const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = v;
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

/** Snapshot now; `done()` gives CPU ms per process (and per unit of `work`) since the snapshot. */
export function cpuMeter(apps) {
  const groups = () => ({
    ...Object.fromEntries(apps.map((a) => [a.name, [a.child.pid]])),
    'nats-server': pidsNamed('nats-server'),
    // BENCH_PG_PID=<postmaster pid> counts only that server (e.g. a private one the bench's TEST_DATABASE_URL names)
    postgres: process.env.BENCH_PG_PID ? pgCluster(Number(process.env.BENCH_PG_PID)) : pidsNamed('postgres'),
  });
  const read = () =>
    Object.fromEntries(
      Object.entries(groups()).map(([k, pids]) => [k, Object.fromEntries(pids.map((p) => [p, processStat(p)]))]),
    );
  const before = read();
  const m0 = machine();
  const t0 = performance.now();
  return {
    done(work) {
      const after = read();
      const m1 = machine();
      const wallMs = performance.now() - t0;
      const ms = {};
      const faults = {};
      for (const [k, pids] of Object.entries(after)) {
        // a process born during the phase (a new PostgreSQL backend) counts from zero
        const since = (field) =>
          Object.entries(pids).reduce((sum, [p, t]) => sum + (t[field] - (before[k]?.[p]?.[field] ?? 0)), 0);
        ms[k] = since('ticks') * TICK_MS;
        faults[k] = since('minflt');
      }
      const total = Object.values(ms).reduce((a, b) => a + b, 0);
      const all = m1.busy + m1.idle + m1.steal - (m0.busy + m0.idle + m0.steal);
      const perUnitUs = (x) => Math.round((x * 1000) / Math.max(1, work));
      return {
        wallMs: Math.round(wallMs),
        cpuMs: ms,
        cpuUsPerIntent: Object.fromEntries([
          ...Object.entries(ms).map(([k, v]) => [k, perUnitUs(v)]),
          ['total', perUnitUs(total)],
        ]),
        // minor page faults per unit of work: a first touch of fresh memory (a new heap page, a big transient buffer)
        // costs a kernel entry and a zeroed page, which shows as kernel time on a profile
        minorFaultsPerIntent: Object.fromEntries(
          Object.entries(faults).map(([k, v]) => [k, +(v / Math.max(1, work)).toFixed(1)]),
        ),
        // share of the machine's time in the phase that was busy, idle, or taken by the hypervisor for other tenants
        machineShare: {
          busy: +((m1.busy - m0.busy) / all).toFixed(3),
          idle: +((m1.idle - m0.idle) / all).toFixed(3),
          steal: +((m1.steal - m0.steal) / all).toFixed(3),
        },
      };
    },
  };
}
