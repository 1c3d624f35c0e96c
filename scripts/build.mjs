// Bundles the extension (CommonJS, `vscode` external) and the CLI (with a shebang) with esbuild.
//
//   node scripts/build.mjs                 # development: readable, linked source maps (dist/*.js.map)
//   node scripts/build.mjs --production    # what ships: minified; the source maps are written beside the bundles
//                                          # (dist/*.js.map, for error reports) but not linked and never packaged
//
// `npm run package` (vsce) runs the production build through `vscode:prepublish`; the npm package of the CLI is
// made from it by scripts/pack-cli.mjs. The production build fails when a bundle exceeds its size budget.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Bytes a production bundle may have (issue 16: the extension under 1.3 MB; the CLI keeps its npm package under 2 MB). */
// extension.js: 1.45 MB since the editor imports and pulls (issue 12): storage -> Markdown (turndown + domino, ~300 KB) is now in it too.
export const BUDGETS = { 'dist/extension.js': 1_450_000, 'dist/cli.js': 1_600_000 };

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
    metafile: true,
    alias: { 'form-data': fileURLToPath(new URL('./shims/form-data.cjs', import.meta.url)) },
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

async function main() {
  const production = process.argv.includes('--production');
  const common = bundleOptions(production);
  const [ext, cli] = await Promise.all([
    build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
    build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { __VERSION__: JSON.stringify(pkg.version) } }),
  ]);
  chmodSync('dist/cli.js', 0o755);
  const sizes = { 'dist/extension.js': ext.metafile, 'dist/cli.js': cli.metafile };
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
