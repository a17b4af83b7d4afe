// The publishable packages (packages/*): @intentmesh/sdk, @intentmesh/solver-kit and the CLI `intentmesh`.
// Each bundles our workspace code (protocol, auction, routing, messaging, ...) with esbuild into its dist/, ESM and
// CommonJS, with one bundled .d.ts per entry; public npm packages stay external and are declared in its package.json.
//   node scripts/pack.mjs            build all three and `npm pack` them into .packs/ (reused while no input changed;
//                                    --force packs anew)
//   node scripts/pack.mjs --build X  build packages/X only (its prepack); --no-types skips the .d.ts (quick checks)
//   node scripts/pack.mjs --background  start that pack detached and return (npm test starts it before the unit
//                                    tests; the e2e suites' own `npm run pack` waits for it on the lock, then reuses it)
import { build } from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsconfig = join(root, 'tsconfig.json');

/** name -> entries (subpath -> source) and the formats it ships. */
export const PACKAGES = {
  sdk: {
    entries: { index: 'libs/sdk/src/index.ts', audit: 'libs/sdk/src/verify.ts' },
    formats: ['esm', 'cjs'],
    // browsers: no Node-only code paths may load at import time (the native crypto fast paths stay behind require)
    node: false,
    // ESM keeps one file per module of these, so a browser bundler drops what an app does not import (a trader's
    // bundle carries no zod: the schemas sit in modules the trader path never reaches)
    modules: ['libs/sdk/src', 'libs/protocol/src', 'libs/auction/src'],
  },
  'solver-kit': {
    entries: { index: 'libs/solver-kit/src/package.ts' },
    formats: ['esm', 'cjs'],
    node: true,
  },
  cli: {
    entries: { main: 'apps/cli/src/main.ts' },
    formats: ['esm', 'cjs'],
    // `intentmesh solver start` runs the whole embedded marketplace (Nest apps): bundled too, compiled by swc first
    // because esbuild cannot emit the decorator metadata Nest's injection reads
    embedded: true,
    node: true,
  },
};

/** swc compiles our TypeScript (decorators with metadata, as scripts/build.mjs does); esbuild then bundles it. */
const swcPlugin = {
  name: 'swc',
  setup(b) {
    b.onLoad({ filter: /\/(apps|libs)\/[^/]+\/src\/.*\.ts$/ }, async (a) => {
      const { transformFile } = await import('@swc/core');
      const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
      delete swcrc.$schema;
      const r = await transformFile(a.path, { ...swcrc, swcrc: false, sourceMaps: false, module: { type: 'es6' } });
      return { contents: r.code, loader: 'js' };
    });
  },
};

// Our workspace code is bundled; every other bare import stays external. esbuild resolves imports before it shakes
// the tree, so the check that each surviving import is declared in the package.json runs on the output (below).
// The CLI's embedded marketplace (@intentmesh/embedded, the Nest apps) is not part of the package: it needs the repo.
const externals = (bundleApps) => ({
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) => {
      if (
        a.path.startsWith('@intentmesh/') &&
        (bundleApps || !/^@intentmesh\/(embedded|solver|api|auctioneer)$/.test(a.path))
      )
        return undefined;
      return { path: a.path, external: true };
    });
  },
});

const packageName = (path) => (path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]);

/** Every import left in the output must be a Node built-in, a declared dependency or an optional native module. */
function checkImports(pkgDir, metafile) {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const declared = new Set(
    Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies }),
  );
  const bad = new Set();
  for (const [file, out] of Object.entries(metafile.outputs))
    for (const imp of out.imports) {
      if (!imp.external) continue;
      const name = packageName(imp.path.replace(/^node:/, ''));
      if (!declared.has(name) && !isBuiltin(name) && !OPTIONAL_NATIVE.has(name)) bad.add(`${imp.path} (in ${file})`);
    }
  if (bad.size) throw new Error(`${manifest.name}: undeclared imports in the bundle:\n  ${[...bad].join('\n  ')}`);
}

function* walk(dir) {
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) {
      if (name.name !== 'node_modules' && name.name !== 'dist') yield* walk(p);
    } else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) yield p;
  }
}

const OPTIONAL_NATIVE = new Set(['keccak', 'secp256k1', 'node-gyp-build', 'hash-wasm']);
const builtins = new Set((await import('node:module')).builtinModules.flatMap((m) => [m, m.split('/')[0]]));
const isBuiltin = (name) => builtins.has(name);

/** Builds the JS of each package, then the .d.ts of all of them in one generator run (one shared program). */
async function buildPackages(names) {
  // the SDK's generated response types and the contracts' artifacts are built, not committed: a fresh clone's pack
  // builds first (not every pack, since `npm test` packs in the background while tests read the built dist/)
  if (['libs/sdk/src/generated/openapi.ts', 'contracts/generated/index.ts'].some((f) => !existsSync(join(root, f))))
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, QUIET_BUILD: '1' },
    });
  const typeEntries = [];
  for (const name of names) typeEntries.push(...(await buildPackage(name)));
  if (!process.argv.includes('--no-types')) bundleTypes(typeEntries);
}

async function buildPackage(name) {
  const spec = PACKAGES[name];
  const pkgDir = join(root, 'packages', name);
  const dist = join(pkgDir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  let esmExports;
  for (const format of spec.formats) {
    // CommonJS cannot split: only the first entry is bundled, and the others re-export it (shareCjs)
    const entries = format === 'cjs' ? Object.entries(spec.entries).slice(0, 1) : Object.entries(spec.entries);
    const entryPoints = Object.fromEntries(entries.map(([k, v]) => [k, join(root, v)]));
    if (format === 'esm')
      for (const dir of spec.modules ?? [])
        for (const file of walk(join(root, dir)))
          entryPoints[
            `modules/${relative(join(root, 'libs'), file)
              .replace(/\/src\//, '/')
              .replace(/\.ts$/, '')}`
          ] = file;
    const result = await build({
      absWorkingDir: root,
      entryPoints,
      outdir: dist,
      outExtension: { '.js': format === 'esm' ? '.mjs' : '.cjs' },
      bundle: true,
      format,
      platform: 'node',
      target: 'node20',
      tsconfig,
      // readable output: a user debugging the SDK reads our code, not a minified blob
      minify: false,
      treeShaking: true,
      sourcemap: false,
      logLevel: 'warning',
      plugins: spec.embedded ? [externals(true), swcPlugin] : [externals(false)],
      metafile: true,
      // ESM shares one copy of our code between the entries (one IntentMeshError class); CommonJS cannot split
      splitting: format === 'esm',
      chunkNames: 'chunks/[name]-[hash]',
      // Node-only ESM: a real require, so the optional native crypto backends load as they do under CommonJS
      banner:
        format === 'esm' && spec.node
          ? {
              js: "import { createRequire as __imCreateRequire } from 'node:module'; const require = __imCreateRequire(import.meta.url);",
            }
          : {},
    });
    checkImports(pkgDir, result.metafile);
    if (format === 'esm') esmExports = result.metafile.outputs;
  }
  if (spec.formats.includes('cjs')) shareCjs(spec, dist, esmExports);
  return Object.entries(spec.entries).map(([entry, src]) => ({ src, out: join(dist, `${entry}.d.ts`) }));
}

/**
 * CommonJS has no shared chunks, so each bundled entry would carry its own copy of our code (two IntentMeshError
 * classes, two caches). The first entry is the one bundle; every other entry re-exports its names from it, which
 * holds while each entry's exports are a subset of the first's (the SDK's index re-exports its audit subpath).
 */
function shareCjs(spec, dist, esmOutputs) {
  const names = Object.keys(spec.entries);
  const exportsOf = (entry) => esmOutputs[relative(root, join(dist, `${entry}.mjs`))]?.exports;
  const main = new Set(exportsOf(names[0]));
  for (const entry of names.slice(1)) {
    const own = exportsOf(entry);
    if (!own) throw new Error(`${entry}: no ESM build to read its exports from`);
    const missing = own.filter((n) => !main.has(n));
    if (missing.length)
      throw new Error(`${entry}.cjs cannot re-export ${names[0]}.cjs: it lacks ${missing.join(', ')}`);
    writeFileSync(
      join(dist, `${entry}.cjs`),
      `'use strict';\n// one CommonJS copy of the package: ${entry} re-exports its names from ${names[0]}.cjs\n` +
        `const shared = require('./${names[0]}.cjs');\n` +
        own.map((n) => `exports.${n} = shared.${n};\n`).join(''),
    );
  }
}

/**
 * One .d.ts per entry with our workspace types inlined, so a user's compiler never type-checks our sources. One
 * generator run over a program of just these entries (the repo-wide tsconfig would load every test and app).
 */
function bundleTypes(entries) {
  const inline = readdirSync(join(root, 'libs'))
    .map((l) => `@intentmesh/${l}`)
    .concat('@intentmesh/contracts');
  const work = join(root, 'node_modules/.cache/intentmesh-pack');
  mkdirSync(work, { recursive: true });
  // the generator takes minutes on a busy machine: reuse its output while no input changed (second pack of a CI run)
  const hash = createHash('sha256');
  for (const dir of ['libs', 'apps/cli/src', 'contracts/generated'])
    for (const file of [...walk(join(root, dir))].sort()) hash.update(file).update(readFileSync(file));
  for (const file of ['package-lock.json', 'tsconfig.json', 'scripts/pack.mjs'])
    hash.update(readFileSync(join(root, file)));
  for (const e of entries) hash.update(e.src).update(e.out);
  const cached = join(work, `types-${hash.digest('hex').slice(0, 16)}`);
  if (entries.every((e) => existsSync(join(cached, relative(root, e.out))))) {
    for (const e of entries) copyFileSync(join(cached, relative(root, e.out)), e.out);
    return;
  }
  const project = join(work, 'tsconfig.json');
  writeFileSync(
    project,
    JSON.stringify({
      extends: relative(work, tsconfig),
      compilerOptions: { types: ['node'] },
      include: [],
      files: entries.map((e) => relative(work, join(root, e.src))),
    }),
  );
  const config = join(work, 'dts.json');
  writeFileSync(
    config,
    JSON.stringify({
      compilationOptions: { preferredConfigPath: project },
      entries: entries.map((e) => ({
        filePath: join(root, e.src),
        outFile: e.out,
        noCheck: true,
        libraries: { inlinedLibraries: inline },
        output: { exportReferencedTypes: false },
      })),
    }),
  );
  // dts-bundle-generator 10.0.0, pinned: its reachability cache makes this step ~3x cheaper than 9.5 (115 -> 36 s CPU here,
  // byte-identical output); it declares Node 24 but runs this config on Node 20, and packages.e2e checks what it writes
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/dts-bundle-generator/dist/bin/dts-bundle-generator.js'), '--silent', '--config', config],
    { cwd: root, stdio: 'inherit' },
  );
  for (const e of entries) {
    mkdirSync(dirname(join(cached, relative(root, e.out))), { recursive: true });
    copyFileSync(e.out, join(cached, relative(root, e.out)));
  }
}

/**
 * The hash of everything a pack is built from: every file git sees (tracked, or new and not ignored) under the
 * workspaces and packages, tests aside, and the root build files. Undefined outside a git checkout: then no reuse.
 */
function packInputsHash() {
  let listed;
  try {
    listed = execFileSync(
      'git',
      ['ls-files', '-z', '-co', '--exclude-standard', '--', 'libs', 'apps', 'contracts', 'packages'],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch {
    return undefined;
  }
  const files = listed
    .split('\0')
    .filter((f) => f && !/\.test\.ts$|(^|\/)test\//.test(f) && existsSync(join(root, f)))
    .concat(['package.json', 'package-lock.json', 'tsconfig.json', '.swcrc', 'scripts/pack.mjs'])
    .sort();
  const hash = createHash('sha256');
  for (const f of files)
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(join(root, f)));
  return hash.digest('hex');
}

/** True while process `pid` exists (EPERM: it exists, owned by someone else). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * One full pack at a time: a second one (a suite's `npm run pack` while the background pack runs) waits here, then
 * finds the inputs stamp and reuses the first one's tarballs. A lock whose holder died (a killed run) is taken over.
 */
async function withPackLock(fn) {
  const dir = join(root, 'node_modules/.cache/intentmesh-pack');
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'pack.lock');
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let holder;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
      // an empty lock is one being written this instant, unless it has stayed empty (its writer died in between)
      if (!holder && Date.now() - statSync(lock).mtimeMs < 5_000) holder = process.pid;
    } catch {
      continue; // released between our attempt and the read
    }
    if (!holder || !alive(holder)) rmSync(lock, { force: true });
    else await new Promise((r) => setTimeout(r, 500));
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Packs all three into .packs/, or reuses the tarballs there when the inputs hash matches their stamp. */
async function packAll(force) {
  const out = join(root, '.packs');
  const names = Object.keys(PACKAGES);
  // a pack of the same inputs is reused (the e2e suites that install the tarballs each ask for them in one CI run)
  const inputs = packInputsHash();
  const stamp = join(out, 'inputs.sha256');
  if (!force && inputs && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs) {
    const files = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    if (files.length === names.length && files.every((f) => existsSync(join(out, f))))
      return { packs: out, files, reused: inputs };
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // built together here (one types run for all three); each package's prepack does the same for it alone
  await buildPackages(names);
  for (const name of names) {
    const pkgDir = join(root, 'packages', name);
    if (!existsSync(join(pkgDir, 'dist'))) throw new Error(`${name}: no dist/ built`);
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', out, '--silent'], {
      cwd: pkgDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  }
  const files = readdirSync(out).filter((f) => f.endsWith('.tgz'));
  writeFileSync(join(out, 'index.json'), JSON.stringify(files, null, 2) + '\n');
  if (inputs) writeFileSync(stamp, inputs);
  return { packs: out, files };
}

const args = process.argv.slice(2);
if (args[0] === '--build') {
  await buildPackages([args[1]]);
} else if (args[0] === '--background') {
  // the cold pack is ~100 s of mostly one core (the .d.ts generator): overlap it with tests instead of waiting for it
  const log = join(root, 'node_modules/.cache/intentmesh-pack/background.log');
  mkdirSync(dirname(log), { recursive: true });
  const fd = openSync(log, 'w');
  spawn(process.execPath, [fileURLToPath(import.meta.url)], {
    cwd: root,
    detached: true,
    stdio: ['ignore', fd, fd],
  }).unref();
  console.log(`packing in the background (log: ${relative(root, log)})`);
} else {
  console.log(JSON.stringify(await withPackLock(() => packAll(args.includes('--force')))));
}
