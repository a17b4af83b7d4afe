import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, buildOnce } from './support/processes';

type Row = { count: number; bytes: number };
type Tap = { writes: number; writeBytes: number; readBytes: number; out: Record<string, Row>; in: Record<string, Row> };

describe('bus tap - BENCH_BUS_TAP counts every NATS byte an app writes and reads, per subject class', () => {
  beforeAll(() => buildOnce(), 300_000);

  it('bus tap - publishes and deliveries are counted whole (payloads split across socket reads included), ids masked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'im-bustap-'));
    const prefix = `bustap${process.pid}`;
    const id = `0x${'ab'.repeat(32)}`;
    const solver = `0x${'cd'.repeat(20)}`;
    try {
      // a 200 KB payload arrives in several socket reads on loopback: the parser must join them
      execFileSync(
        process.execPath,
        [
          '--require',
          join(ROOT, 'bench/lib/busTap.cjs'),
          '-e',
          `const { createNatsMessaging } = require('./libs/messaging/dist/index.js');
           (async () => {
             const m = await createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name: 'tap', prefix: '${prefix}' });
             let got = 0;
             m.bus.subscribe(m.subjects.auctionOpenAll, () => got++);
             m.bus.subscribe(m.subjects.solverAuction('${solver}'), () => got++);
             await m.bus.flush();
             m.bus.publish(m.subjects.auctionOpen('${id}'), new Uint8Array(200000).fill(65));
             m.bus.publish(m.subjects.auctionOpen('${id}'), new Uint8Array(10).fill(66));
             m.bus.publish(m.subjects.solverAuction('${solver}'), new Uint8Array(3000).fill(67));
             await m.bus.flush();
             while (got < 3) await new Promise((r) => setTimeout(r, 10));
             await m.close();
           })();`,
        ],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH, BENCH_BUS_TAP: dir, BENCH_BUS_TAP_NAME: 'app', NATS_PREFIX: prefix },
        },
      );
      const tap = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as Tap;
      const pub = (subject: string, n: number) => `PUB ${subject} ${n}\r\n`.length + n + 2;
      const open = `${prefix}.auction.${id}.open`;
      expect(tap.out['auction.<id>.open']).toEqual({ count: 2, bytes: pub(open, 200000) + pub(open, 10) });
      expect(tap.out['solver.<id>.auction']).toEqual({
        count: 1,
        bytes: pub(`${prefix}.solver.${solver}.auction`, 3000),
      });
      // deliveries carry a subscription id: each MSG line is the subject, the sid and the size
      expect(tap.in['auction.<id>.open'].count).toBe(2);
      expect(tap.in['auction.<id>.open'].bytes).toBeGreaterThan(200010 + 2 * open.length);
      expect(tap.in['solver.<id>.auction'].count).toBe(1);
      // every byte on the socket is in exactly one op, both ways
      const sum = (t: Record<string, Row>) => Object.values(t).reduce((a, r) => a + r.bytes, 0);
      expect(sum(tap.out)).toBe(tap.writeBytes);
      expect(sum(tap.in)).toBe(tap.readBytes);
      expect(tap.writes).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
