// bench:record-bind: the auctioneer's CPU to turn one auction record into the Bind message PostgreSQL receives, per
// intent, both ways side by side in this process, rounds interleaved: node-postgres's (JSON.stringify, then pg-protocol
// measures the string with Buffer.byteLength, which flattens it into one large string, and writes it into a fresh
// message buffer) and BindWriter's (libs/storage JsonParam: the JSON written piece by piece into one reused buffer).
// Synthetic 100-intent records (bench/lib/records.mjs, random hex as in real ones); also checks the bytes are equal.
//   node bench/recordBind.mjs [--intents 100] [--rounds 400]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { randomHex, syntheticRecord } from './lib/records.mjs';

const require = createRequire(import.meta.url);
const { BindWriter, JsonParam } = require('../libs/storage/dist/jsonParam.js');
const { serialize } = require('pg-protocol');
const { prepareValue } = require('pg/lib/utils');

const { values: opt } = parseArgs({
  options: { intents: { type: 'string', default: '100' }, rounds: { type: 'string', default: '400' } },
});
const N = Number(opt.intents),
  ROUNDS = Number(opt.rounds);
const solvers = [1, 2, 3].map((d) => '0x' + String(d).repeat(40));
const records = Array.from({ length: 16 }, (_, k) => randomHex(syntheticRecord(k + 1, N, solvers)));
const params = (record) => ['0xabc', 7, new JsonParam(record), JSON.stringify(record.awards), ['a', 'b']];
const writer = new BindWriter();
const ways = {
  pg: (r) =>
    serialize.bind({
      statement: 'im1',
      values: params(r).map((v) => (v instanceof JsonParam ? JSON.stringify(v.value) : v)),
      valueMapper: prepareValue,
    }),
  bindWriter: (r) => writer.bind({ statement: 'im1', values: params(r), valueMapper: prepareValue }),
};
for (const r of records.slice(0, 4))
  if (!Buffer.from(ways.pg(r)).equals(Buffer.from(ways.bindWriter(r)))) throw new Error('the two Bind messages differ');

const cpu = { pg: [], bindWriter: [] };
for (let round = 0; round < ROUNDS + 20; round++)
  for (const name of round % 2 ? ['bindWriter', 'pg'] : ['pg', 'bindWriter']) {
    const s = process.cpuUsage();
    ways[name](records[round % records.length]);
    const d = process.cpuUsage(s);
    if (round >= 20) cpu[name].push((d.user + d.system) / N);
  }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const row = (name) => ({
  medianUsPerIntent: +median(cpu[name]).toFixed(2),
  meanUsPerIntent: +mean(cpu[name]).toFixed(2),
});
const out = {
  bench: 'recordBind',
  intents: N,
  rounds: ROUNDS,
  recordBytes: Buffer.byteLength(JSON.stringify(records[0])),
  pg: row('pg'),
  bindWriter: row('bindWriter'),
};
out.ratioMean = +(out.pg.meanUsPerIntent / out.bindWriter.meanUsPerIntent).toFixed(2);
console.log(JSON.stringify(out, null, 2));
