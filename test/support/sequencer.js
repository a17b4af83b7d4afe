// Longest file first, from jest's own timing cache or, where it has none (a fresh clone: CI), from the measured
// durations committed in test/support/durations.json. Jest's fallback without a cache is file size, which started the
// ~2.5 min crash test (a small file) near the end of the e2e run, so one worker ran alone for minutes.
// Refresh the list: npx jest --selectProjects unit e2e --maxWorkers=2 --json --outputFile=/tmp/t.json, then
// node test/support/sequencer.js /tmp/t.json
const { relative } = require('node:path');
const { readFileSync, writeFileSync } = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

const FILE = `${__dirname}/durations.json`;
const ROOT = `${__dirname}/../..`;

class LongestFirst extends Sequencer {
  durations = JSON.parse(readFileSync(FILE, 'utf8'));

  time(test) {
    // seconds in the list; jest's cache and comparisons are in milliseconds
    const listed = this.durations[relative(test.context.config.rootDir, test.path)];
    return super.time(test) ?? (listed === undefined ? undefined : listed * 1000);
  }
}

// node test/support/sequencer.js <jest --json output>...: writes each file's measured seconds into durations.json
if (require.main === module) {
  const durations = JSON.parse(readFileSync(FILE, 'utf8'));
  for (const out of process.argv.slice(2)) {
    for (const r of JSON.parse(readFileSync(out, 'utf8')).testResults) {
      durations[relative(ROOT, r.name)] = Math.round((r.endTime - r.startTime) / 100) / 10;
    }
  }
  const sorted = Object.fromEntries(Object.entries(durations).sort(([, a], [, b]) => b - a));
  writeFileSync(FILE, JSON.stringify(sorted, null, 2) + '\n');
}

module.exports = LongestFirst;
