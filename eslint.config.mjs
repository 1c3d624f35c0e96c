// ESLint: the architecture rules (who may import what), plus typescript-eslint's recommended rules.
// `npm run lint` runs it over src/; `npm test` runs lint right after the typecheck.
// test/unit/architecture.test.ts checks that these rules stay configured and still catch what they should.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const FRONT_DOOR = 'Import the engine only through its front door, src/core/index.ts (e.g. `../core` or `../../core`), not a module inside src/core. If a front end needs something core does not export yet, add it to src/core/index.ts.';
const NO_VSCODE = 'Only src/extension may import `vscode`: src/core, src/cli and src/server also run outside the editor. Pass what core needs in as a parameter or port.';
const NO_FRONT_END = 'src/core must not import a front end (src/cli, src/extension, src/server): they depend on core, never the other way round.';
const NO_FS = 'src/core reads and writes files only through the FileSystem port (src/core/files/fileSystem.ts): take an `fs: FileSystem` in your options and call it. Only src/core/files/nodeFileSystem.ts imports node:fs.';
/** The Node adapter of the file-system port: the one file of src/core that may import node:fs. */
const NODE_FS_ADAPTER = 'src/core/files/nodeFileSystem.ts';

/** A relative import that reaches inside src/core (anything after `core/`); `../core` itself is the front door. */
const CORE_DEEP = '^(\\.\\./)+core/';
/** From a file in src/core, a relative import of a front-end folder. */
const FRONT_END = '^(\\.\\./)+(cli|extension|server)(/|$)';

const vscodePath = { name: 'vscode', message: NO_VSCODE };
const coreDeepPattern = { regex: CORE_DEEP, caseSensitive: true, message: FRONT_DOOR };
const frontEndPattern = { regex: FRONT_END, caseSensitive: true, message: NO_FRONT_END };
const fsPaths = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({ name, message: NO_FS }));

/** `require('x')` and `import('x')` escape no-restricted-imports; catch those forms with selectors. */
function dynamicImports(selectorValue, message) {
  return [
    { selector: `ImportExpression[source.value=${selectorValue}]`, message },
    { selector: `CallExpression[callee.name='require'][arguments.0.value=${selectorValue}]`, message },
  ];
}
const dynVscode = dynamicImports("'vscode'", NO_VSCODE);
/** A regex source as an esquery regex literal (its `/` must be escaped). */
const selectorRegex = (source) => `/${source.replaceAll('/', '\\/')}/`;
const dynCoreDeep = dynamicImports(selectorRegex(CORE_DEEP), FRONT_DOOR);
const dynFrontEnd = dynamicImports(selectorRegex(FRONT_END), NO_FRONT_END);
const dynFs = dynamicImports(selectorRegex('^(node:)?fs(/promises)?$'), NO_FS);

export default defineConfig(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // A leading underscore marks a parameter kept for its position or an override's signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: [NODE_FS_ADAPTER],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscodePath, ...fsPaths], patterns: [frontEndPattern] }],
      'no-restricted-syntax': ['error', ...dynVscode, ...dynFrontEnd, ...dynFs],
    },
  },
  {
    files: [NODE_FS_ADAPTER],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscodePath], patterns: [frontEndPattern] }],
      'no-restricted-syntax': ['error', ...dynVscode, ...dynFrontEnd],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscodePath], patterns: [coreDeepPattern] }],
      'no-restricted-syntax': ['error', ...dynVscode, ...dynCoreDeep],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [coreDeepPattern] }],
      'no-restricted-syntax': ['error', ...dynCoreDeep],
    },
  },
);
