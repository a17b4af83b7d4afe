// Compiles every workspace's src/ to dist/ with swc (no type check; `npm run typecheck` does that).
// One process, all files: about a second for the whole tree, so `npm start` and `npm test` can always build first.
import { transformFile } from '@swc/core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildNativeSecp256k1, mtime, newest } from '../libs/protocol/native/build.mjs';

const root = new URL('..', import.meta.url).pathname;
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) yield p;
  }
}

const started = Date.now();
let files = 0;
const jobs = [];
function compile(file, src, dist) {
  const out = join(dist, relative(src, file)).replace(/\.ts$/, '.js');
  files++;
  jobs.push(
    transformFile(file, {
      ...swcrc,
      swcrc: false,
      filename: file,
      sourceFileName: relative(dirname(out), file),
      sourceMaps: true,
    }).then((r) => {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, r.code + `\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
      if (r.map) writeFileSync(out + '.map', r.map);
    }),
  );
}
for (const group of ['libs', 'apps']) {
  for (const pkg of readdirSync(join(root, group))) {
    const src = join(root, group, pkg, 'src');
    try {
      statSync(src);
    } catch {
      continue;
    }
    const dist = join(root, group, pkg, 'dist');
    rmSync(dist, { recursive: true, force: true });
    for (const file of walk(src)) compile(file, src, dist);
  }
}
// The contracts' artifacts (ABIs, bytecode) are compiled from contracts/src, not committed: written here when missing
// or older than the sources (solc takes about 10 s), so a fresh clone's typecheck, which builds first, finds them.
{
  const inputs = ['contracts/src', 'contracts/build.mjs'];
  if (Math.max(...inputs.map((p) => newest(join(root, p)))) > mtime(join(root, 'contracts/generated/index.ts')))
    execFileSync(process.execPath, [join(root, 'contracts/build.mjs')], {
      cwd: root,
      stdio: ['ignore', process.env.QUIET_BUILD ? 'ignore' : 'inherit', 'inherit'],
    });
}

// contracts/ is a package too (@intentmesh/contracts): its TypeScript sits at its root and in generated/
{
  const src = join(root, 'contracts');
  const dist = join(src, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const top = readdirSync(src)
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))
    .map((n) => join(src, n));
  for (const file of [...top, ...walk(join(src, 'generated'))]) compile(file, src, dist);
}
await Promise.all(jobs);
if (!process.env.QUIET_BUILD) console.error(`built ${files} files in ${Date.now() - started} ms`);

// The vendored libsecp256k1 addon (libs/protocol/native): compiled once (about 3 s), again only when its sources
// change; without a C compiler the npm binding is used, so a failure is a line of output, not a failed build.
{
  const done = await buildNativeSecp256k1();
  if (done !== 'up to date' && !process.env.QUIET_BUILD) console.error(`native secp256k1: ${done}`);
}

// The SDK's response types are generated from the API's OpenAPI document, not committed: written here (before the
// explorer, which bundles the SDK) when missing or older than what the document is made of, so a fresh clone's
// typecheck, which builds first, finds them.
{
  const inputs = ['apps/api/src', 'libs/protocol/src', 'scripts/sdk-types.ts', 'scripts/openapiToTs.ts'];
  if (Math.max(...inputs.map((p) => newest(join(root, p)))) > mtime(join(root, 'libs/sdk/src/generated/openapi.ts')))
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/sdk-types.ts')], {
      cwd: root,
      stdio: ['ignore', process.env.QUIET_BUILD ? 'ignore' : 'inherit', 'inherit'],
    });
}

// The explorer is a browser bundle (esbuild), rebuilt only when its sources or the libs it bundles changed, so the
// per-test-file builds stay cheap.
{
  const inputs = [
    'apps/explorer/web',
    'apps/explorer/build.mjs',
    'libs/sdk/src',
    'libs/protocol/src',
    'libs/auction/src',
  ];
  if (Math.max(...inputs.map((p) => newest(join(root, p)))) > mtime(join(root, 'apps/explorer/dist/index.html'))) {
    const { buildExplorer } = await import('../apps/explorer/build.mjs');
    await buildExplorer({ quiet: !!process.env.QUIET_BUILD });
  }
}
