// Import boundaries (`npm run deps:check`): apps -> libs -> libs/protocol, no circles,
// and every package declares in its own package.json what its src imports.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

// Tests, test helpers and fixtures may import across the lines (they set up whole systems).
const TEST = '(\\.test\\.ts$|\\.e2e\\.ts$|(^|/)test/|/testing/|^contracts/build\\.mjs$)';
const IO_LIBS = '(storage|messaging|chain|sdk|solver-kit)';

// One workspace = one folder with a package.json; read them so the declared-deps rule follows the manifests.
const workspaces = ['libs', 'apps']
  .flatMap((group) => readdirSync(join(__dirname, group)).map((name) => `${group}/${name}`))
  .concat('contracts')
  .filter((dir) => existsSync(join(__dirname, dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(__dirname, dir, 'package.json'), 'utf8')) }));
const dirOf = new Map(workspaces.map((w) => [w.manifest.name, w.dir]));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

// For each workspace: importing another workspace that its package.json does not list is an error.
const undeclaredWorkspaceDeps = workspaces.map(({ dir, manifest }) => {
  const declared = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
    .filter((name) => dirOf.has(name))
    .map((name) => dirOf.get(name));
  return {
    name: `undeclared-workspace-dep:${manifest.name}`,
    severity: 'error',
    comment: `${manifest.name} imports a package of ours that ${dir}/package.json does not declare`,
    from: { path: `^${escape(dir)}/`, pathNot: TEST },
    to: {
      path: '^(libs/[^/]+|apps/[^/]+|contracts)/',
      pathNot: `^(${[dir, ...declared].map(escape).join('|')})/`,
    },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'libs are used by apps, never the other way round',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'protocol-is-a-leaf',
      severity: 'error',
      comment: 'libs/protocol imports no other package of ours',
      from: { path: '^libs/protocol/' },
      to: { path: '^(libs/(?!protocol/)|apps/|contracts/)' },
    },
    {
      name: 'pure-domain-no-io',
      severity: 'error',
      comment: 'auction and routing are pure: they import no storage, messaging, chain, sdk or solver-kit',
      from: { path: '^libs/(auction|routing)/', pathNot: TEST },
      to: { path: `^libs/${IO_LIBS}/` },
    },
    {
      name: 'contracts-ts-is-standalone',
      severity: 'error',
      comment: 'contracts/ holds Solidity, its build and artifacts; TypeScript that uses libs lives in libs/chain',
      from: { path: '^contracts/', pathNot: TEST },
      to: { path: '^(libs|apps)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'an import circle: split the shared part into a module both sides import',
      from: { pathNot: TEST },
      to: { circular: true, viaOnly: { pathNot: TEST } },
    },
    {
      name: 'npm-not-declared',
      severity: 'error',
      comment: "src imports an npm package that its workspace's package.json does not list under dependencies",
      from: { pathNot: TEST },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown', 'npm-dev'] },
    },
    {
      name: 'npm-not-declared-anywhere',
      severity: 'error',
      comment: "a test or build script imports an npm package that its workspace's package.json does not list",
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'an import that resolves to nothing',
      from: {},
      to: { couldNotResolve: true },
    },
    ...undeclaredWorkspaceDeps,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|^contracts/(artifacts|cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
