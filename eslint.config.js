// Lint rules that keep the architecture honest: the pure layers (model, rtr, policy)
// import no node:* module and read no clock or randomness; layers import only downward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeModules = { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto'], message: 'pure layers do no I/O' };
const clockGlobals = [
  { name: 'setTimeout', message: 'pure layers take time as data (now)' },
  { name: 'setInterval', message: 'pure layers take time as data (now)' },
  { name: 'performance', message: 'pure layers take time as data (now)' },
  { name: 'process', message: 'pure layers do no I/O' },
];
const clockProperties = [
  { object: 'Date', property: 'now', message: 'pure layers take time as data (now)' },
  { object: 'Math', property: 'random', message: 'pure layers are deterministic' },
];
/** Layer → layers it may not import (DESIGN.md: dependencies point down only). */
const forbidden = {
  model: ['rtr', 'policy', 'store', 'agent', 'control', 'types', 'api', 'cli', 'web', 'main'],
  rtr: ['policy', 'store', 'agent', 'control', 'types', 'api', 'cli', 'web', 'main'],
  policy: ['rtr', 'store', 'agent', 'control', 'types', 'api', 'cli', 'web', 'main'],
  store: ['rtr', 'policy', 'agent', 'control', 'types', 'api', 'cli', 'web', 'main'],
  agent: ['policy', 'control', 'api', 'cli', 'web', 'main'],
  control: ['agent', 'api', 'cli', 'web', 'main'],
  types: ['control', 'api', 'cli', 'web', 'main'],
  api: ['agent', 'control', 'cli', 'web', 'main'],
  cli: ['control', 'agent', 'main'],
  web: ['control', 'agent', 'main'],
};
const layerRules = Object.entries(forbidden).map(([layer, banned]) => {
  const pure = ['model', 'rtr', 'policy'].includes(layer);
  return {
    files: [`src/${layer}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...(pure ? [nodeModules] : []),
          { group: banned.map((b) => `../${b}/*`).concat(banned.map((b) => `../${b}/**`)), message: `layer ${layer} may not import ${banned.join(', ')}` },
        ],
      }],
      ...(pure ? {
        'no-restricted-globals': ['error', ...clockGlobals],
        'no-restricted-properties': ['error', ...clockProperties],
        'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'pure layers take time as data (now)' }],
        '@typescript-eslint/no-explicit-any': 'error',
      } : {}),
    },
  };
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/**/*.js', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } } },
  ...layerRules,
);
