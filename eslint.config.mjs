// Flat config: typescript-eslint's recommended rules, plus the one structural rule we rely on:
// nothing imports another package's internals (libs/x/src/deep/file); go through @intentmesh/x.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'contracts/generated/**', 'contracts/artifacts/**', '.data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/libs/*/src/**', '@intentmesh/*/src/**', '**/apps/*/src/**'], message: 'Import the package root (@intentmesh/<name>), not its internals.' }] }],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', 'bench/**', 'scripts/**', '**/bin/*.js'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
