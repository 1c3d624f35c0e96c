// Bundles the extension (CommonJS, `vscode` external) and the CLI (with a shebang) with esbuild.
//
//   node scripts/build.mjs                 # development: readable, linked source maps (dist/*.js.map)
//   node scripts/build.mjs --production    # what ships: minified; the source maps are written beside the bundles
//                                          # (dist/*.js.map, for error reports) but not linked and never packaged
//
// `npm run package` (vsce) runs the production build through `vscode:prepublish`; the npm package of the CLI is
// made from it by scripts/pack-cli.mjs. The production build fails when a bundle exceeds its size budget.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * Bytes a production bundle may have (issue 16: the extension under 1.3 MB; the CLI keeps its npm package under 2 MB).
 * The extension ships as three files (issue 13, activation): `extension.js` (the VS Code side, loaded at activation),
 * `core.js` (the whole engine: converter, secret rules, Confluence client, storage converter; required on first use
 * through a lazy front door) and `editorWorker.js` (the preview and Problems worker thread, which requires core.js too;
 * its own copy of htmlparser2, to split the page into blocks, is most of its size).
 */
export const BUDGETS = {
  'dist/extension.js': 300_000, 'dist/core.js': 1_300_000, 'dist/editorWorker.js': 150_000, 'dist/cli.js': 1_600_000,
};

export function bundleOptions(production) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Development: linked maps for the debugger. Production: `external` writes the .map without linking it.
    sourcemap: production ? 'external' : true,
    minify: production,
    logLevel: 'warning',
    legalComments: 'none',
    // Non-ASCII text (emoji tables, typographic marks) as UTF-8, not \u escapes (36 KB smaller).
    charset: 'utf8',
    metafile: true,
    alias: { 'form-data': fileURLToPath(new URL('./shims/form-data.cjs', import.meta.url)) },
    plugins: [slimMimeDb],
  };
}

/**
 * mime-types reads only `extensions`, `charset` and `source` (which type wins an extension claimed twice) of mime-db's
 * table; compressibility and the types no file extension maps to are most of its size. Same lookups, smaller table
 * (test/unit/build-mime-db.test.ts checks every extension maps as with the full table).
 */
export function slimDbEntries(db) {
  // `source` decides only between types that claim the same extension: keep it there, drop it elsewhere.
  const claims = new Map();
  for (const e of Object.values(db)) for (const x of e.extensions ?? []) claims.set(x, (claims.get(x) ?? 0) + 1);
  const slim = {};
  for (const [type, e] of Object.entries(db)) {
    // mime-types answers UTF-8 for any text/* type without a charset of its own: no need to store that one.
    const charset = e.charset && !(type.startsWith('text/') && e.charset.toUpperCase() === 'UTF-8') ? e.charset : undefined;
    if (!e.extensions && !charset) continue;
    const contested = (e.extensions ?? []).some((x) => claims.get(x) > 1);
    slim[type] = {
      ...(e.extensions ? { extensions: e.extensions } : {}),
      ...(charset ? { charset } : {}),
      ...(contested && e.source ? { source: e.source } : {}),
    };
  }
  return slim;
}

const slimMimeDb = {
  name: 'slim-mime-db',
  setup(b) {
    b.onLoad({ filter: /[\\/]mime-db[\\/]db\.json$/ }, (args) => {
      const db = JSON.parse(readFileSync(args.path, 'utf8'));
      return { contents: JSON.stringify(slimDbEntries(db)), loader: 'json' };
    });
  },
};

/** Runtime names src/core/index.ts exports (type-only exports are stripped by esbuild). */
export async function coreExportNames() {
  const r = await build({ entryPoints: ['src/core/index.ts'], bundle: false, write: false, format: 'esm', metafile: true, logLevel: 'error' });
  return Object.values(r.metafile.outputs)[0].exports;
}

/**
 * The engine's front door, lazily: in the extension's bundles an import of `src/core/index.ts` becomes an object of
 * getters that require `./core.js` (beside the bundle) on first use. Activation loads no engine code; the first
 * tree scan, preview or publish does (issue 13: activation < 50 ms). esbuild reads named imports through its
 * __toESM getters, so nothing is touched before it is used.
 */
export function lazyCore(names) {
  const coreIndex = fileURLToPath(new URL('../src/core/index.ts', import.meta.url));
  return {
    name: 'lazy-core',
    setup(b) {
      b.onResolve({ filter: /(^|\/)core(\/index)?$/ }, async (args) => {
        if (args.namespace !== 'file' || args.pluginData === 'lazy-core') return undefined;
        const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'lazy-core' });
        return r.path === coreIndex ? { path: 'lazy-core', namespace: 'lazy-core' } : undefined;
      });
      b.onResolve({ filter: /^\.\/core\.js$/, namespace: 'lazy-core' }, () => ({ path: './core.js', external: true }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-core' }, () => ({
        loader: 'js',
        resolveDir: '.',
        contents: `let core;\nconst load = () => core ?? (core = require('./core.js'));\n` +
          `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });\n`,
      }));
    },
  };
}

/** The largest inputs of a bundle (package or source folder), for the over-budget message. */
function biggestInputs(metafile, outfile) {
  const out = Object.entries(metafile.outputs).find(([f]) => f.endsWith(outfile))?.[1];
  const by = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(out?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = m ? m[1] : file.split('/').slice(0, 3).join('/');
    by.set(key, (by.get(key) ?? 0) + bytesInOutput);
  }
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, n]) => `${k} ${(n / 1024).toFixed(0)} KB`).join(', ');
}

/**
 * mermaid's browser build for the extension's diagram webview (src/extension/diagrams): dist/mermaid/mermaid.min.js
 * with its version (part of the render cache keys), packaged in the .vsix (.vscodeignore). The CLI loads mermaid
 * from node_modules at run time instead.
 */
function copyMermaid() {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('mermaid/package.json');
  mkdirSync('dist/mermaid', { recursive: true });
  copyFileSync(join(dirname(manifest), 'dist', 'mermaid.min.js'), 'dist/mermaid/mermaid.min.js');
  writeFileSync('dist/mermaid/version.json', JSON.stringify({ version: JSON.parse(readFileSync(manifest, 'utf8')).version }) + '\n');
}

/** The extension's three bundles into `outdir`: extension.js, core.js, editorWorker.js (test/unit/build-lazy-core.test.ts). */
export async function buildExtension(outdir, production) {
  const common = bundleOptions(production);
  const lazy = { ...common, plugins: [...common.plugins, lazyCore(await coreExportNames())] };
  return Promise.all([
    build({ ...lazy, entryPoints: ['src/extension/extension.ts'], outfile: `${outdir}/extension.js`, external: ['vscode'] }),
    build({ ...common, entryPoints: ['src/core/index.ts'], outfile: `${outdir}/core.js` }),
    build({ ...lazy, entryPoints: ['src/extension/editorWork/worker.ts'], outfile: `${outdir}/editorWorker.js` }),
  ]);
}

async function main() {
  const production = process.argv.includes('--production');
  const common = bundleOptions(production);
  const [[ext, core, worker], cli] = await Promise.all([
    buildExtension('dist', production),
    build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { __VERSION__: JSON.stringify(pkg.version) } }),
  ]);
  chmodSync('dist/cli.js', 0o755);
  copyMermaid();
  const sizes = { 'dist/extension.js': ext.metafile, 'dist/core.js': core.metafile, 'dist/editorWorker.js': worker.metafile, 'dist/cli.js': cli.metafile };
  const lines = [];
  let over = false;
  for (const [file, metafile] of Object.entries(sizes)) {
    const bytes = Object.entries(metafile.outputs).find(([f]) => f.endsWith(file))[1].bytes;
    lines.push(`${file} ${(bytes / 1024).toFixed(0)} KB`);
    if (production && bytes > BUDGETS[file]) {
      over = true;
      console.error(`build: ${file} is ${bytes} bytes, over its budget of ${BUDGETS[file]} (scripts/build.mjs BUDGETS). Largest parts: ${biggestInputs(metafile, file)}`);
    }
  }
  console.log(`built ${lines.join(', ')}${production ? ' (production, minified; maps beside them, not linked)' : ''}`);
  if (over) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
