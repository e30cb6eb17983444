/**
 * The conventions the code keeps, checked by `npm run check` (and so by CI):
 * type-aware TypeScript rules, React's hooks rules, no import cycles, and the
 * boundaries between the parts (see README, "How it works"):
 *
 * - `shared/` is used by the browser and the server alike: it imports nothing of ours
 *   outside itself and nothing Node- or DOM-only.
 * - `server/src/collab/` is the live engine: it knows documents and connections, not
 *   procurements, so it imports none of the domains.
 * - the browser never imports the server, and the server never imports the browser.
 */
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const domains = ['auth', 'procurements', 'decisions', 'history', 'export', 'invitations', 'borough-admin', 'workspace', 'http'];

/** Globals that exist only in a browser or only in Node. */
const platformGlobals = [...new Set([...Object.keys(globals.browser), ...Object.keys(globals.node)])].filter(
  (name) =>
    !(name in globals.es2024) &&
    ![
      'console',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'structuredClone',
      'TextEncoder',
      'TextDecoder',
      'URL',
      'crypto',
    ].includes(name),
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'scripts/bench/peers/', 'scripts/bench/results/', 'coverage/', 'screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.es2024 },
    },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Stores implement a Promise interface whether or not their own I/O awaits.
      '@typescript-eslint/require-await': 'off',
      // React's event handlers may be async; what they start is awaited inside them.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Yjs's shared types print their content (the rule cannot see their toString).
      '@typescript-eslint/no-base-to-string': [
        'error',
        {
          ignoredTypeNames: [
            'Error',
            'RegExp',
            'URL',
            'URLSearchParams',
            'YText',
            'YXmlText',
            'YXmlFragment',
            'YXmlElement',
            'AbstractType',
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests read JSON answers as they come (`any`), on purpose: they assert on them.
    files: ['**/*.test.ts', '**/*.test.tsx', 'server/test/**', 'client/e2e/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Frozen migrations see the database as it was then, untyped (Kysely's advice).
    files: ['server/src/db/migrations/**', 'server/src/db/postgres-migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['server/**', 'scripts/**', 'vite.config.ts', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['client/**'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['client/e2e/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...platformGlobals.map((name) => ({
          name,
          message: 'shared/ runs in the browser and on the server: no Node- or DOM-only globals.',
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', 'node:*'], message: 'shared/ imports nothing of ours outside itself, and nothing Node-only.' },
            {
              group: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'react', 'react-dom', 'yjs-*'],
              message: 'shared/ stays free of Node and the DOM.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/collab/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: domains.flatMap((domain) => [`../${domain}/*`, `../${domain}.js`]),
              message: 'The live engine knows documents and connections, not procurements: domains hook into it, it never imports them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**'], message: 'The browser talks to the server over HTTP and the live socket only.' }] },
      ],
    },
  },
  {
    files: ['server/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/client/**'], message: 'The server never imports the browser’s code.' }] },
      ],
    },
  },
);
