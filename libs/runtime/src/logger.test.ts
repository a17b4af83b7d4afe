import { Writable } from 'node:stream';
import { generatePrivateKey } from 'viem/accounts';
import { createLogger } from './logger';

describe('logger - structured JSON lines that never carry a key or a keystore password', () => {
  it('redacts private keys and passwords wherever a careless log call puts them, and keeps auctionId and intentHash', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = createLogger('test', 'debug', sink);
    const key = generatePrivateKey();
    const password = 'correct horse battery staple';
    log.info({ privateKey: key, auctionId: '0xa1', intentHash: '0xb2' }, 'one');
    log.debug(
      {
        env: {
          AUCTIONEER_PRIVATE_KEY: key,
          AUCTIONEER_KEYSTORE_PASSWORD: password,
          SOLVER_PRIVATE_KEY: key,
          SOLVER_KEYSTORE_PASSWORD: password,
          INTAKE_KEY: key,
        },
      },
      'env',
    );
    log.warn({ keystore: { password }, solver: { privateKey: key }, config: { intakeKey: key } }, 'nested');
    const all = lines.join('');
    expect(lines).toHaveLength(3);
    expect(all.includes(key.slice(2))).toBe(false);
    expect(all.includes(password)).toBe(false);
    const first = JSON.parse(lines[0]);
    expect([first.auctionId, first.intentHash, first.privateKey]).toEqual(['0xa1', '0xb2', '[redacted]']);
  });
});
