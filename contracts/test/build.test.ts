// The build is pinned and reproducible: compiling the sources again yields byte-identical generated output.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilerSettings, intentSettlementAbi, runtimeSizes, solcVersion } from '@intentmesh/chain';

jest.setTimeout(60_000);

describe('contracts build', () => {
  it('is pinned: solc 0.8.37, evmVersion cancun, optimizer on with fixed runs', () => {
    expect(solcVersion).toBe('0.8.37+commit.f401782d.Emscripten.clang');
    expect(compilerSettings.evmVersion).toBe('cancun');
    expect(compilerSettings.optimizer).toEqual({ enabled: true, runs: 10000 });
  });

  it('recompiles to byte-identical contracts/generated/index.ts (node contracts/build.mjs --check)', () => {
    const out = execFileSync(process.execPath, [join(__dirname, '..', 'build.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/reproducible: 0x[0-9a-f]{64}/);
  });

  it('records the sha256 of its own body in the header', () => {
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    const text = readFileSync(join(__dirname, '..', 'generated', 'index.ts'), 'utf8');
    const [header, body] = [text.slice(0, text.indexOf('\n\n') + 2), text.slice(text.indexOf('\n\n') + 2)];
    expect(header).toContain('0x' + createHash('sha256').update(body).digest('hex'));
  });

  it('stays under the EIP-170 size limit and exposes the ABI the tests rely on', () => {
    for (const [name, size] of Object.entries(runtimeSizes)) {
      if (!name.startsWith('Mock')) expect(size).toBeLessThanOrEqual(24576);
    }
    const fns = intentSettlementAbi.filter((x) => x.type === 'function').map((x) => x.name);
    expect(fns).toEqual(expect.arrayContaining(['settle', 'hashIntent', 'open', 'repay', 'refund', 'cancelNonce']));
  });
});
