import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Layer rules (the design's §4.1): each layer may only reach the layers below it. */
const electron = { name: 'electron', message: 'Only main/shell/ and preload/ may import electron: the engine must run under plain Node.' };
const layer = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.tmp/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [layer(['../engine/**', '../server/**', '../shell/**', 'node:*'], 'The contract imports nothing of ours and no Node modules: the renderer uses it too.')] }],
    },
  },
  {
    files: ['main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [layer(['../shell/**', '../../shell/**', '../server/**', '../../server/**'], 'The engine must not depend on the shell or the server.')] }],
    },
  },
  {
    files: ['main/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [layer(['../shell/**'], 'The server must not depend on the Electron shell.')] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to window.herald only.' }],
          patterns: [
            layer(['node:*'], 'The renderer runs in a sandboxed browser: no Node modules.'),
            layer(['**/main/engine/**', '**/main/server/**', '**/main/shell/**'], 'The renderer may only import the contract from main/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.{ts,mjs}', 'scripts/**/*.mjs'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron] }] },
  },
);
