// Preloaded (node --require) into an app by BENCH_BUS_TAP=<dir>: counts the NATS protocol bytes the process writes
// (PUB/HPUB per subject class) and reads (MSG/HMSG per subject class), and its socket writes, in <dir>/<name>.json
// (rewritten every second). Subjects are classed by masking ids, addresses, inboxes and the deployment prefix.
'use strict';
const net = require('node:net');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_BUS_TAP;
const name = process.env.BENCH_BUS_TAP_NAME ?? String(process.pid);
const prefix = process.env.NATS_PREFIX ? `${process.env.NATS_PREFIX}.` : '';
const port = Number(new URL(process.env.NATS_URL ?? 'nats://127.0.0.1:4222').port || 4222);

const stats = { writes: 0, writeBytes: 0, readBytes: 0, out: {}, in: {} };

function classOf(subject) {
  let s = subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
  s = s
    .replace(/0x[0-9a-fA-F]{40,}/g, '<id>')
    .replace(/_INBOX\.[^ ]*/g, '_INBOX.*')
    .replace(/inbox\.[^ ]*/g, 'inbox.*');
  if (s.startsWith('$JS.ACK.')) return '$JS.ACK';
  if (s.startsWith('$JS.API.')) return s.split('.').slice(0, 4).join('.');
  if (s.startsWith('$JS.')) return s.split('.').slice(0, 3).join('.');
  return s.replace(new RegExp(`^${prefix.replace(/\./g, '\\.')}`), '');
}

function add(table, cls, bytes) {
  const row = (table[cls] ??= { count: 0, bytes: 0 });
  row.count++;
  row.bytes += bytes;
}

/** A streaming parser of one direction of the protocol: counts each PUB/HPUB or MSG/HMSG with its whole length. */
function parser(table) {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : Buffer.from(chunk);
    for (;;) {
      const eol = buf.indexOf('\r\n');
      if (eol < 0) return;
      const line = buf.subarray(0, eol).toString('latin1');
      const parts = line.split(' ');
      const op = parts[0].toUpperCase();
      let payload = 0;
      if (op === 'PUB' || op === 'MSG') payload = Number(parts[parts.length - 1]) + 2;
      else if (op === 'HPUB' || op === 'HMSG') payload = Number(parts[parts.length - 1]) + 2;
      const total = eol + 2 + payload;
      if (buf.length < total) return;
      if (payload) add(table, classOf(parts[1]), total);
      else add(table, op, total);
      buf = buf.subarray(total);
    }
  };
}

if (dir) {
  const outbound = parser(stats.out);
  const write = net.Socket.prototype.write;
  net.Socket.prototype.write = function (chunk, ...rest) {
    if (this.remotePort === port && chunk && typeof chunk !== 'string') {
      stats.writes++;
      stats.writeBytes += chunk.length;
      outbound(chunk);
    }
    return write.call(this, chunk, ...rest);
  };
  const emit = net.Socket.prototype.emit;
  const inbound = new WeakMap();
  net.Socket.prototype.emit = function (event, data, ...rest) {
    if (event === 'data' && this.remotePort === port && data) {
      let p = inbound.get(this);
      if (!p) inbound.set(this, (p = parser(stats.in)));
      stats.readBytes += data.length;
      p(data);
    }
    return emit.call(this, event, data, ...rest);
  };
  const dump = () => writeFileSync(join(dir, `${name}.json`), JSON.stringify(stats, null, 1));
  setInterval(dump, 1000).unref();
  process.on('exit', dump);
}
