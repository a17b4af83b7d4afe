// Prints the functions with the most self time in a V8 .cpuprofile (node --cpu-prof), to see where time goes.
// With --inclusive, time is counted for every function on the stack (where time goes, callers included).
// With --after <function>, only samples from the first one with that function on its stack (skips start-up, e.g.
// `--after onIntent` for the auctioneer); shares are then also given of the busy (not idle) time.
//   node bench/profileTop.mjs <file.cpuprofile> [--top 25] [--inclusive] [--after <function>]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, inclusive: { type: 'boolean' }, after: { type: 'string' } },
});
const prof = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const onStack = (id, name) => {
  for (let at = id; at !== undefined; at = parent.get(at))
    if (byId.get(at).callFrame.functionName === name) return true;
  return false;
};
let from = 0;
if (opt.after)
  from = Math.max(
    0,
    prof.samples.findIndex((id) => onStack(id, opt.after)),
  );
prof.samples.forEach((id, i) => i >= from && self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self].reduce((a, [id, us]) => a + (byId.get(id).callFrame.functionName === '(idle)' ? us : 0), 0);
const keyOf = ({ callFrame: f }) =>
  `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|libs|apps)\//, '$1/')}:${f.lineNumber + 1}`;
const agg = new Map();
for (const [id, us] of self) {
  // inclusive: each distinct function on the sample's stack gets the sample once
  const keys = new Set();
  for (let at = id; at !== undefined; at = opt.inclusive ? parent.get(at) : undefined) keys.add(keyOf(byId.get(at)));
  for (const key of keys) agg.set(key, (agg.get(key) ?? 0) + us);
}
const rows = [...agg].sort((a, b) => b[1] - a[1]).slice(0, Number(opt.top));
console.log(`total sampled ${(total / 1000).toFixed(0)} ms, busy ${((total - idle) / 1000).toFixed(0)} ms`);
for (const [k, us] of rows)
  console.log(
    `${((100 * us) / total).toFixed(1).padStart(5)}%  ${opt.after ? `${((100 * us) / (total - idle)).toFixed(1).padStart(5)}% busy  ` : ''}${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`,
  );
