import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { parseSignedSolverVoucher, recoverSolverVoucherSigner } from '@intentmesh/protocol';
import { commands } from './registry';
import { main } from './main';
import { createProgress } from './progress';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env } };
}

describe('cli - commands', () => {
  it('cli - every command has --help with usage and an example', async () => {
    await main([], io().io); // loads the registry
    expect(commands.map((c) => c.name).sort()).toEqual([
      'admin slash',
      'auctions',
      'audit',
      'quote',
      'solver init',
      'solver start',
      'solver vouch',
      'status',
      'submit',
    ]);
    for (const c of commands) {
      const t = io();
      expect(await main([...c.name.split(' '), '--help'], t.io)).toBe(0);
      expect(t.out.join('\n')).toMatch(/^Usage:\s+intentmesh /);
      expect(t.out.join('\n')).toMatch(/Examples?:\n {2}/);
    }
  });

  it('cli - refusals with --json are one parseable error body with a stable code', async () => {
    const t = io();
    expect(await main(['submit', '--sell', 'WETH', '--json'], t.io)).toBe(2);
    expect(JSON.parse(t.err[0])).toEqual({
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('--amount'), details: {} },
    });
    const k = io();
    expect(
      await main(['submit', '--sell', 'WETH', '--amount', '1', '--buy', 'USDC', '--min', '1', '--json'], k.io),
    ).toBe(2);
    expect(JSON.parse(k.err[0]).error.code).toBe('KEY_UNAVAILABLE');
  });

  it('cli - distinct exit codes: usage 2, unreachable 4; an unknown flag is a usage error, not a crash', async () => {
    const flag = io();
    expect(await main(['quote', '--bogus', '--json'], flag.io)).toBe(2);
    expect(JSON.parse(flag.err[0]).error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('--bogus'),
    });
    const unknown = io();
    expect(await main(['frobnicate'], unknown.io)).toBe(2);
    // nothing listens on port 1: the client says the API is unreachable (not BUS_UNAVAILABLE) and exits 4
    const down = io();
    expect(
      await main(
        [
          'quote',
          '--sell',
          'WETH',
          '--buy',
          'USDC',
          '--amount',
          '1',
          '--chain',
          '1',
          '--url',
          'http://127.0.0.1:1',
          '--json',
        ],
        down.io,
      ),
    ).toBe(4);
    expect(JSON.parse(down.err[0]).error.code).toBe('UNREACHABLE');
    const status = io();
    expect(await main(['status', `0x${'ab'.repeat(32)}`, '--url', 'http://127.0.0.1:1'], status.io)).toBe(4);
    expect(status.err[0]).toMatch(/^error UNREACHABLE: Could not reach the IntentMesh API at http:\/\/127.0.0.1:1/);
  });

  it('cli - --version, and --help exits 0 on every command group', async () => {
    const v = io();
    expect(await main(['--version'], v.io)).toBe(0);
    expect(v.out).toEqual([require('../package.json').version]);
    const group = io();
    expect(await main(['solver', '--help'], group.io)).toBe(0);
    expect(group.out.join('\n')).toMatch(/solver init[\s\S]*solver start[\s\S]*solver vouch/);
    const bare = io();
    expect(await main(['solver'], bare.io)).toBe(2);
    expect(bare.err.join('\n')).toContain('Usage: intentmesh solver <command>');
    const top = io();
    expect(await main(['--help'], top.io)).toBe(0);
    expect(top.out.join('\n')).toMatch(/Exit codes: 0 ok, 1 failure .*2 usage, 3 refused/s);
  });

  it('cli - solver vouch signs a voucher the operator key recovers from', async () => {
    const operatorKey = generatePrivateKey();
    const solver = privateKeyToAccount(generatePrivateKey()).address;
    const t = io({ OPERATOR_PRIVATE_KEY: operatorKey });
    expect(await main(['solver', 'vouch', solver, '--days', '7'], t.io)).toBe(0);
    const v = parseSignedSolverVoucher(JSON.parse(t.out[0]));
    expect(v.voucher.solver).toBe(solver.toLowerCase());
    expect(recoverSolverVoucherSigner(v.voucher, v.signature)).toBe(
      privateKeyToAccount(operatorKey).address.toLowerCase(),
    );
    expect(v.voucher.expiry - Math.floor(Date.now() / 1000)).toBeGreaterThan(6 * 86_400);
    // --region signs a version-2 voucher; a bad region is a usage error, not a voucher
    const r = io({ OPERATOR_PRIVATE_KEY: operatorKey });
    expect(await main(['solver', 'vouch', solver, '--region', 'eu'], r.io)).toBe(0);
    const v2 = parseSignedSolverVoucher(JSON.parse(r.out[0]));
    expect(v2.voucher.region).toBe('eu');
    expect(recoverSolverVoucherSigner(v2.voucher, v2.signature)).toBe(
      privateKeyToAccount(operatorKey).address.toLowerCase(),
    );
    const bad = io({ OPERATOR_PRIVATE_KEY: operatorKey });
    expect(await main(['solver', 'vouch', solver, '--region', 'EU West'], bad.io)).toBe(2);
    expect(bad.out.join('')).toBe('');
  });

  it('cli - the progress line redraws in place on a terminal and prints one line per status elsewhere', () => {
    const written: string[] = [];
    const live = createProgress('0x' + 'ab'.repeat(32), io().io, {
      tty: { isTTY: true, write: (s) => written.push(s) },
    });
    live.onStatus('auctioning');
    live.stop();
    expect(written[0]).toMatch(/^\r\x1b\[K. 0xabababab… auctioning {2}\d+\.\ds$/);
    expect(written.at(-1)).toBe('\r\x1b[K');
    const t = io();
    const piped = createProgress('0x' + 'ab'.repeat(32), t.io, { tty: { isTTY: false, write: () => undefined } });
    piped.onStatus('pending');
    piped.onStatus('awarded');
    piped.stop();
    expect(t.err).toEqual(['  0xabababab… pending', '  0xabababab… awarded']);
  });
});
