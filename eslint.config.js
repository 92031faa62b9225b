import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '**/*.d.ts', 'admin-ui/**', 'portal/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Only composition roots read the environment (style.md).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through loadConfig().' },
      ],
    },
  },
  {
    files: ['**/main.ts', '**/cli.ts', '**/*.spec.ts', 'test/**', 'bench/**', '**/cli/**', '**/bin/**', 'scripts/**', 'api/scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      // The domain is pure: time, randomness and crypto come through ports.
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use CommandMetadata.now or the Clock port.' },
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Use CommandMetadata.now or the Clock port.' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Use the Random port.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['node:fs*', 'node:crypto', 'node:net', 'node:http*', 'node:child_process', 'fs', 'crypto', 'better-sqlite3', '@resetline/*'] },
      ],
    },
  },
);
