// Flat config: typescript-eslint's recommended rules, no `any` in shipped source, and one structural rule:
// nothing imports another package's internals (libs/x/src/deep/file); go through @intentmesh/x.
// Formatting is prettier's job (npm run format:check); import boundaries are dependency-cruiser's (deps:check).
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'node_modules/**',
      'contracts/generated/**',
      'contracts/artifacts/**',
      '.data/**',
      'coverage/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/libs/*/src/**', '@intentmesh/*/src/**', '**/apps/*/src/**'],
              message: 'Import the package root (@intentmesh/<name>), not its internals.',
            },
          ],
        },
      ],
    },
  },
  {
    // tests and tools may poke at loose shapes (fault injection, fuzzing); shipped source may not
    files: [
      'test/**/*.ts',
      'test/**/*.js',
      '**/test/**/*.ts',
      '**/*.test.ts',
      'bench/**',
      'scripts/**',
      '**/bin/*.js',
      '*.cjs',
    ],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // plain JavaScript (benches, scripts, build files) has no type checker: an undefined name fails lint, not the run
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-undef': 'error' },
  },
);
