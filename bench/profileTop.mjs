// Prints the functions with the most self time in a V8 .cpuprofile (node --cpu-prof), to see where time goes.
// With --inclusive, time is counted for every function on the stack (where time goes, callers included).
//   node bench/profileTop.mjs <file.cpuprofile> [--top 25] [--inclusive]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, inclusive: { type: 'boolean' } },
});
const prof = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
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
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
for (const [k, us] of rows)
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
