#!/usr/bin/env node
// Deterministic build of the IntentMesh contracts with the npm solc (standard JSON input).
//
//   node contracts/build.mjs          compile and write contracts/generated/index.ts
//   node contracts/build.mjs --check  compile and fail (exit 1) unless contracts/generated/index.ts is byte-identical
//
// The output is not committed: scripts/build.mjs runs this when it is missing or older than contracts/src.
//
// Determinism: the compiler version is pinned (the script refuses any other), every setting is explicit
// (evmVersion cancun, optimizer on with fixed runs, ipfs metadata hash), source unit names are relative
// ("src/…", never absolute paths), sources are read in sorted order, and the output is emitted in sorted order
// with no timestamps. The generated module records the sha256 of the standard JSON input and of its own body.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const solc = require('solc');

export const SOLC_VERSION = '0.8.37+commit.f401782d.Emscripten.clang';
export const SETTINGS = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 10_000 },
  viaIR: false,
  metadata: { bytecodeHash: 'ipfs', appendCBOR: true },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

/** Contracts exported by the generated module (name in Solidity → prefix in TypeScript). */
const EXPORTS = [
  ['src/IntentSettlement.sol', 'IntentSettlement', 'intentSettlement'],
  ['src/IntentSettlement.sol', 'InteractionExecutor', 'interactionExecutor'],
  ['src/DestinationSettler.sol', 'DestinationSettler', 'destinationSettler'],
  ['src/SolverRegistry.sol', 'SolverRegistry', 'solverRegistry'],
  ['src/mocks/MockERC20.sol', 'MockERC20', 'mockErc20'],
  ['src/mocks/MockPool.sol', 'MockPool', 'mockPool'],
  ['src/mocks/ReentrantToken.sol', 'ReentrantToken', 'reentrantToken'],
  ['src/mocks/MockERC1271Wallet.sol', 'MockERC1271Wallet', 'mockErc1271Wallet'],
  ['src/amm/StableSwap.sol', 'StableSwap', 'stableSwap'],
  ['src/amm/RouteExecutor.sol', 'RouteExecutor', 'routeExecutor'],
  ['src/amm/LiquiditySeeder.sol', 'LiquiditySeeder', 'liquiditySeeder'],
  ['src/amm/Multicall3.sol', 'Multicall3', 'multicall3'],
  ['src/mocks/MockVestingWallet.sol', 'MockVestingWallet', 'mockVestingWallet'],
  ['src/mocks/AwardCheckBench.sol', 'AwardCheckBench', 'awardCheckBench'],
];

const ROOT = dirname(fileURLToPath(import.meta.url));
export const OUTPUT = join(ROOT, 'generated', 'index.ts');

function listSol(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSol(p));
    else if (entry.name.endsWith('.sol')) out.push(p);
  }
  return out;
}

const sha256 = (s) => '0x' + createHash('sha256').update(s).digest('hex');

/** Compiles the sources and returns the generated module's text. Throws on any compiler error. */
export function compile() {
  if (solc.version() !== SOLC_VERSION) {
    throw new Error(`solc ${solc.version()} found, ${SOLC_VERSION} required (the build is pinned).`);
  }
  const files = listSol(join(ROOT, 'src'))
    .map((p) => relative(ROOT, p).split(sep).join('/'))
    .sort();
  const sources = {};
  for (const f of files) sources[f] = { content: readFileSync(join(ROOT, f), 'utf8') };
  const input = JSON.stringify({ language: 'Solidity', sources, settings: SETTINGS });
  const output = JSON.parse(
    solc.compile(input, {
      import: (path) => ({ error: `import not found: ${path} (all sources must live under contracts/src)` }),
    }),
  );
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  const warnings = (output.errors ?? []).filter((e) => e.severity !== 'error');
  if (errors.length) throw new Error('solc errors:\n' + errors.map((e) => e.formattedMessage).join('\n'));

  const parts = [];
  const sizes = [];
  for (const [file, name, prefix] of EXPORTS) {
    const c = output.contracts?.[file]?.[name];
    if (!c) throw new Error(`${file}:${name} missing from the compiler output`);
    const bytecode = '0x' + c.evm.bytecode.object;
    const runtime = '0x' + c.evm.deployedBytecode.object;
    if (bytecode === '0x') throw new Error(`${name} has no bytecode (abstract?)`);
    sizes.push([name, (runtime.length - 2) / 2]);
    parts.push(
      `/** ${name} (${file}); runtime size ${(runtime.length - 2) / 2} bytes. */\n` +
        `export const ${prefix}Abi = ${JSON.stringify(c.abi, null, 2)} as const;\n\n` +
        `export const ${prefix}Bytecode = '${bytecode}' as const;\n\n` +
        `export const ${prefix}DeployedBytecode = '${runtime}' as const;\n`,
    );
  }
  const body =
    `export const solcVersion = '${SOLC_VERSION}' as const;\n\n` +
    `export const compilerSettings = ${JSON.stringify(SETTINGS, null, 2)} as const;\n\n` +
    `/** sha256 of the exact standard JSON input given to solc. */\n` +
    `export const inputHash = '${sha256(input)}' as const;\n\n` +
    `/** Runtime sizes in bytes (the EIP-170 limit is 24576). */\n` +
    `export const runtimeSizes = ${JSON.stringify(Object.fromEntries(sizes), null, 2)} as const;\n\n` +
    parts.join('\n');
  const header =
    `// Generated by contracts/build.mjs from contracts/src — do not edit; run \`node contracts/build.mjs\`.\n` +
    `// Body sha256: ${sha256(body)}\n\n`;
  return { text: header + body, warnings, sizes };
}

async function main() {
  const check = process.argv.includes('--check');
  const started = Date.now();
  const { text, warnings, sizes } = compile();
  for (const w of warnings) process.stderr.write(w.formattedMessage + '\n');
  for (const [name, size] of sizes) {
    if (size > 24576 && !name.startsWith('Mock')) throw new Error(`${name} runtime is ${size} bytes, over EIP-170`);
  }
  const digest = sha256(text);
  if (check) {
    let existing = '';
    try {
      existing = readFileSync(OUTPUT, 'utf8');
    } catch {}
    if (existing !== text) {
      process.stderr.write(
        existing
          ? `contracts/generated/index.ts is stale or not reproducible: fresh build ${digest}, file ${sha256(existing)}\n`
          : 'contracts/generated/index.ts is not built yet: node scripts/build.mjs (or node contracts/build.mjs)\n',
      );
      process.exit(1);
    }
    process.stdout.write(`contracts build reproducible: ${digest} (${Date.now() - started} ms)\n`);
    return;
  }
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, text);
  process.stdout.write(`wrote contracts/generated/index.ts ${digest} (${Date.now() - started} ms)\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(String(err?.stack ?? err) + '\n');
    process.exit(1);
  });
}
