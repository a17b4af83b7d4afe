// Browser bundle sizes of the SDK (npm run bench:bundle): esbuild, platform browser, minified; prints JSON with the
// gzipped size of each bundle and fails when a path passes its budget or anything needs a Node built-in.
//   node bench/bundle.mjs              bundles the SDK's sources (the code its dist/ is built from)
//   node bench/bundle.mjs --dist       bundles packages/sdk/dist (node scripts/pack.mjs --build sdk first)
//   node bench/bundle.mjs --dir DIR    bundles @intentmesh/sdk as installed under DIR/node_modules (the packed tarball)
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Gzipped budgets (issue #17: the trader path, through the actions or the client object, with viem signing, within
 * 100 KB; the audit path reads records with plain checks, no zod, and stays near a third of that).
 */
export const BUDGETS_GZ = { trader: 100 * 1024, client: 100 * 1024, audit: 50 * 1024 };

/** What a browser app imports for each path. */
export const BUNDLES = {
  // tree-shakable actions: quote, build, sign with a viem account, submit, wait for the award
  trader: `import { createIntentMeshTransport, getQuote, buildIntent, signIntent, submitIntent, waitForAward } from '@intentmesh/sdk';
import { privateKeyToAccount } from 'viem/accounts';
export async function trade(url, key, p) {
  const t = createIntentMeshTransport({ url });
  const account = privateKeyToAccount(key);
  const quote = await getQuote(t, p);
  const intent = buildIntent({ ...p, swapper: account.address, quote });
  const { hash } = await submitIntent(t, intent, await signIntent(intent, account));
  return waitForAward(t, hash);
}`,
  // the same through today's client object (every action bound)
  client: `import { createIntentMeshClient } from '@intentmesh/sdk';
import { privateKeyToAccount } from 'viem/accounts';
export async function trade(url, key, p) {
  const client = createIntentMeshClient({ url });
  const account = privateKeyToAccount(key);
  const intent = await client.prepareIntent({ ...p, swapper: account.address });
  const { hash } = await client.submitIntent(intent, await client.signIntent(intent, account));
  return client.waitForAward(hash);
}`,
  audit: `import { verifyAuction } from '@intentmesh/sdk/audit';
export const check = (record, auctioneer) => verifyAuction(record, { auctioneer });`,
};

// From sources only: the libs' optional native crypto paths are plain require()s there; the packed ESM build turns
// them into a guarded require that a browser bundler leaves alone, so the installed package needs no such stub.
const nativeStub = {
  name: 'native-stub',
  setup(b) {
    b.onResolve({ filter: /^(node-gyp-build|keccak|secp256k1(\/.*)?|node:path)$/ }, (a) => ({
      path: a.path,
      namespace: 'stub',
    }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'module.exports = {}', loader: 'js' }));
  },
};

export async function bundleSizes({ dir, dist = false } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'im-bundle-'));
  const sizes = {};
  try {
    for (const [name, code] of Object.entries(BUNDLES)) {
      const entry = join(dir ?? root, `.im-bundle-${name}.mjs`);
      writeFileSync(entry, code);
      try {
        const result = await build({
          absWorkingDir: dir ?? root,
          entryPoints: [entry],
          bundle: true,
          format: 'esm',
          platform: 'browser',
          target: 'es2022',
          minify: true,
          write: false,
          outdir: work,
          // from sources: the repo's paths map @intentmesh/* to libs; installed: plain node_modules resolution
          tsconfig: dir || dist ? undefined : join(root, 'tsconfig.json'),
          alias: dir
            ? {}
            : dist
              ? {
                  '@intentmesh/sdk/audit': join(root, 'packages/sdk/dist/audit.mjs'),
                  '@intentmesh/sdk': join(root, 'packages/sdk/dist/index.mjs'),
                }
              : { '@intentmesh/sdk/audit': join(root, 'libs/sdk/src/verify.ts') },
          plugins: dir || dist ? [] : [nativeStub],
          logLevel: 'silent',
          metafile: true,
        });
        const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
        const inputs = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs);
        const byPackage = {};
        for (const [path, { bytesInOutput }] of inputs) {
          const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
          const key = m ? m[1] : path.startsWith('libs/') ? path.split('/').slice(0, 2).join('/') : 'other';
          byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
        }
        sizes[name] = {
          minifiedBytes: js.contents.length,
          gzipBytes: gzipSync(js.contents).length,
          largestInputs: Object.fromEntries(
            Object.entries(byPackage)
              .sort((a, b) => b[1] - a[1])
              .slice(0, 6),
          ),
        };
      } finally {
        rmSync(entry, { force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return sizes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--dir');
  const sizes = await bundleSizes({
    dir: i > 0 ? process.argv[i + 1] : undefined,
    dist: process.argv.includes('--dist'),
  });
  for (const [name, s] of Object.entries(sizes)) {
    const budget = BUDGETS_GZ[name];
    if (budget) Object.assign(s, { budgetGzipBytes: budget, withinBudget: s.gzipBytes <= budget });
  }
  const ok = Object.values(sizes).every((s) => s.withinBudget !== false);
  console.log(JSON.stringify({ withinBudget: ok, sizes }, null, 2));
  if (!ok) process.exit(1);
}
