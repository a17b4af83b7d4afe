// Compiles the vendored libsecp256k1 and addon.c into build/secp256k1.node with the system C compiler (`CC`, default
// cc), when it is missing or older than its sources; scripts/build.mjs runs this. No node-gyp and no download: the
// Node-API headers are vendored too (node-api/). A machine without a compiler keeps the npm `secp256k1` binding
// (libs/protocol/src/crypto/secp256k1.ts falls back to it), so a failed build is reported and never fails the build.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = new URL('.', import.meta.url).pathname;
const out = join(here, 'build', 'secp256k1.node');
const sources = [
  'addon.c',
  'secp256k1/src/secp256k1.c',
  'secp256k1/src/precomputed_ecmult.c',
  'secp256k1/src/precomputed_ecmult_gen.c',
];
const flags = [
  '-O2',
  '-fPIC',
  '-fvisibility=hidden',
  // the library's functions stay private to this addon (another secp256k1 in the process keeps its own)
  '-DSECP256K1_NO_API_VISIBILITY_ATTRIBUTES',
  '-DENABLE_MODULE_RECOVERY=1',
  `-I${join(here, 'node-api')}`,
  `-I${join(here, 'secp256k1/include')}`,
  `-I${join(here, 'secp256k1/src')}`,
];

/** The newest modification time below a path (scripts/build.mjs uses these two as well). */
export const newest = (p) =>
  statSync(p).isDirectory() ? Math.max(0, ...readdirSync(p).map((n) => newest(join(p, n)))) : statSync(p).mtimeMs;
/** A file's modification time, 0 when it is not there (not built yet). */
export const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * Builds when stale. Resolves to what was done, for one line of output; never rejects: a failed build keeps an earlier
 * one if there is one, else the loader falls back to the npm binding.
 */
export async function buildNativeSecp256k1() {
  const inputs = ['addon.c', 'build.mjs', 'node-api', 'secp256k1'].map((p) => newest(join(here, p)));
  if (Math.max(...inputs) <= mtime(out)) return 'up to date';
  const cc = process.env.CC || 'cc';
  const tmp = join(here, 'build', `tmp-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    // one compiler per source, side by side (the precomputed tables take most of the ~4 s)
    const objects = await Promise.all(
      sources.map(async (src, i) => {
        const obj = join(tmp, `${i}.o`);
        await run(cc, [...flags, '-c', join(here, src), '-o', obj]);
        return obj;
      }),
    );
    const linked = join(tmp, 'secp256k1.node');
    await run(cc, ['-shared', '-fPIC', ...objects, '-o', linked]);
    // renamed into place whole, so a process starting meanwhile never loads a half-written file
    renameSync(linked, out);
    return 'built';
  } catch (err) {
    const why = String(err.stderr || err.message)
      .trim()
      .split('\n')[0];
    return `not built (${why}); an earlier build is used if there is one, else the npm binding`;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname)
  buildNativeSecp256k1().then((done) => console.log(`native secp256k1: ${done}`));
