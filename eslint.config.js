import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'eslint.config.js',
      'dist/**',
      'node_modules/**',
      'data/**',
      'data-test/**',
      'coverage/**',
      '**/*.cjs',
      'scripts/**',
      'bench/**/*.js',
      // Generated from openapi.json by `npm run client:generate`; `npm run client:check` compiles it.
      'clients/typescript/src/schema.ts',
      'clients/*/dist/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      // Modules talk through what another module exports, never its repositories or entities.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/entities/*', '../../*/entities/*'],
              message: "Import another module's service, not its entities (types are fine).",
              allowTypeImports: true,
            },
          ],
        },
      ],
      // Errors are built by their module's typed constructor (errorsOf<XErrorCode>() in x.errors.ts), so every
      // code is one the module declares; a bare `new DomainError` would take any AREA.REASON string.
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='DomainError']",
          message: "Use your module's error constructor (errorsOf<…>() in its *.errors.ts), not new DomainError.",
        },
      ],
    },
  },
  {
    files: ['src/common/errors/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
);
