// Bundles the explorer for browsers with esbuild into dist/: index.html, app.js (+ lazy chunks), app.css.
// The verifier is a lazy chunk, so the first load stays small; sizes are printed gzipped against the budget.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dist = join(here, 'dist');
const FIRST_LOAD_BUDGET = 300 * 1024;

// Node-only fast paths (native keccak/secp256k1, WebAssembly keccak) are optional in our libs: in a browser they resolve to nothing
// and the libs fall back to pure-JS noble.
const nodeOnly = {
  name: 'node-only',
  setup(b) {
    const filter = /^(node-gyp-build|keccak|secp256k1|hash-wasm\/.*|node:.*|fs|path|os|module|worker_threads|crypto)$/;
    b.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'node-only' }));
    b.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({ contents: 'module.exports = {}', loader: 'js' }));
  },
};

export async function buildExplorer({ quiet = false } = {}) {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: join(here, 'web/main.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    outdir: dist,
    chunkNames: 'chunk-[hash]',
    tsconfig: join(root, 'tsconfig.json'),
    mainFields: ['module', 'browser', 'main'],
    conditions: ['import', 'browser', 'module'],
    loader: { '.css': 'css' },
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
    plugins: [nodeOnly],
  });
  copyFileSync(join(here, 'web/index.html'), join(dist, 'index.html'));
  const sizes = {};
  for (const name of readdirSync(dist)) {
    const p = join(dist, name);
    if (statSync(p).isFile()) sizes[name] = gzipSync(readFileSync(p)).length;
  }
  // first load: the page, its stylesheet and app.js with the chunks it imports statically (not the lazy verifier)
  const out = result.metafile.outputs;
  const appKey = Object.keys(out).find((k) => k.endsWith('/app.js'));
  const seen = new Set();
  const walk = (k) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const imp of out[k].imports) if (imp.kind === 'import-statement') walk(imp.path);
  };
  walk(appKey);
  const firstLoad = ['index.html', 'app.css', ...[...seen].map((k) => k.split('/').pop())].reduce(
    (s, n) => s + (sizes[n] ?? 0),
    0,
  );
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  if (!quiet) {
    console.error(
      `explorer: first load ${(firstLoad / 1024).toFixed(1)} KB gzipped (budget ${FIRST_LOAD_BUDGET / 1024} KB), all files ${(total / 1024).toFixed(1)} KB`,
    );
  }
  if (firstLoad > FIRST_LOAD_BUDGET)
    throw new Error(`explorer first load ${firstLoad} B gzipped exceeds the ${FIRST_LOAD_BUDGET} B budget`);
  return { firstLoadGzip: firstLoad, totalGzip: total, files: sizes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await buildExplorer();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
}
