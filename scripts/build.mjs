// Compiles every workspace's src/ to dist/ with swc (no type check; `npm run typecheck` does that).
// One process, all files: about a second for the whole tree, so `npm start` and `npm test` can always build first.
import { transformFile } from '@swc/core';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

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
    for (const file of walk(src)) {
      const out = join(dist, relative(src, file)).replace(/\.ts$/, '.js');
      files++;
      jobs.push(
        transformFile(file, { ...swcrc, swcrc: false, filename: file, sourceFileName: relative(dirname(out), file), sourceMaps: true }).then((r) => {
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, r.code + `\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
          if (r.map) writeFileSync(out + '.map', r.map);
        }),
      );
    }
  }
}
await Promise.all(jobs);
if (!process.env.QUIET_BUILD) console.error(`built ${files} files in ${Date.now() - started} ms`);
