import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  // The boundary with cql-execution / ELM, whose values are untyped at run time.
  { files: ['src/engine/cql-runtime/**', 'src/engine/compiled/**', 'src/engine/patient-index.ts', 'src/cql-toolchain/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['eslint.config.js', 'jest.config.js'], rules: { 'no-restricted-syntax': 'off' } },
);
