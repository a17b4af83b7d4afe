// One swc transform for our TS and for ESM-only dependencies (noble, zod), so jest runs everything as CommonJS.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [],
  moduleNameMapper: {
    '^@intentmesh/(api|auctioneer|solver|embedded)$': '<rootDir>/apps/$1/src/index.ts',
    '^@intentmesh/cli$': '<rootDir>/apps/cli/src/main.ts',
    '^@intentmesh/contracts$': '<rootDir>/contracts/index.ts',
    '^@intentmesh/(.*)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testEnvironment: 'node',
  // packages/ are the publishable faces of libs/sdk, libs/solver-kit and apps/cli (same names): not modules to map
  modulePathIgnorePatterns: ['<rootDir>/packages/', '<rootDir>/.packs/'],
};
module.exports = {
  // longest file first even without jest's timing cache (a fresh clone), so neither worker ends alone on a long file
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,apps,contracts}/**/*.test.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
    },
  ],
};
