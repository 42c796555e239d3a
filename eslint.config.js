import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'max-lines': ['warn', { max: 600, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The pure modules: the workflow language, and the operator with the template and pod building it calls.
    // operate(workflow, pods, now) must be a function of its input, so nothing here may read the clock, draw
    // randomness or do I/O: `now` and random bytes arrive as arguments (see @argo-ts/lang ExprRuntime).
    files: [
      'packages/lang/src/**/*.ts',
      'packages/controller/src/operator/**/*.ts',
      'packages/controller/src/template/**/*.ts',
      'packages/controller/src/pod/**/*.ts',
    ],
    ignores: ['**/*.test.ts', '**/testing/**', '**/testdata/**'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pure module: take the time from operate\'s `now` (op.now / ExprRuntime.now), not new Date().' },
        { selector: "CallExpression[callee.name='Date']", message: 'Pure module: Date() reads the clock; take the time from operate\'s `now`.' },
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Pure module: take the time from operate\'s `now`, not Date.now().' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Pure module: take randomness from the input (ExprRuntime.randomBytes), not Math.random().' },
        { selector: "MemberExpression[object.name=/^(crypto|webcrypto)$/][property.name=/^(randomUUID|randomBytes|getRandomValues|randomInt)$/]", message: 'Pure module: take randomness from the input (ExprRuntime.randomBytes).' },
        { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'Pure module: no clock reads.' },
      ],
      'no-restricted-globals': ['error',
        { name: 'crypto', message: 'Pure module: take randomness from the input (ExprRuntime.randomBytes).' },
        { name: 'process', message: 'Pure module: no environment or process state; pass what is needed as input.' },
        { name: 'setTimeout', message: 'Pure module: ask for a requeue instead of scheduling work.' },
        { name: 'setInterval', message: 'Pure module: ask for a requeue instead of scheduling work.' },
      ],
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['node:*'], message: 'Pure module: no Node built-ins (I/O, clock, entropy) here; the Kubernetes layer does I/O.' }],
        paths: ['crypto', 'fs', 'fs/promises', 'os', 'child_process', 'http', 'https', 'net', 'timers', 'process', 'worker_threads']
          .map((name) => ({ name, message: 'Pure module: no Node built-ins here.' })),
      }],
    },
  },
  {
    // No import cycles, not even inside a package (type-only imports count too:
    // a cycle of types is still two files that cannot be read apart).
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, noWarnOnMultipleProjects: true, project: `${import.meta.dirname}/packages/*/tsconfig.test.json` })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
);
