#!/usr/bin/env node
// Checks the packaged extension (part of `npm run package`): the .vsix holds the production bundle and nothing that
// should stay home (no source maps, sources, tests), and stays within its size budget.
//   node scripts/check-vsix.mjs [dist/docs-to-confluence.vsix]
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

// bytes: 600 KB (issue 16) + mermaid's browser build for the diagram webview (issue 14: 3.5 MB, ~1 MB compressed)
const VSIX_BUDGET = 1_700_000;
const file = process.argv[2] ?? 'dist/docs-to-confluence.vsix';
const zip = readFileSync(file);

/** Entries of a zip file from its central directory: name, method, sizes, local header offset. */
function zipEntries(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    out.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLen),
      method: buf.readUInt16LE(at + 10),
      compressed: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      offset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function contentOf(buf, entry) {
  const start = entry.offset + 30 + buf.readUInt16LE(entry.offset + 26) + buf.readUInt16LE(entry.offset + 28);
  const data = buf.subarray(start, start + entry.compressed);
  return entry.method === 8 ? inflateRawSync(data) : data;
}

const entries = zipEntries(zip);
const names = entries.map((e) => e.name);
const problems = [];
if (zip.length > VSIX_BUDGET) problems.push(`the .vsix is ${zip.length} bytes, over its budget of ${VSIX_BUDGET}`);
const bundle = entries.find((e) => e.name === 'extension/dist/extension.js');
if (!bundle) problems.push('extension/dist/extension.js is missing');
else {
  const text = contentOf(zip, bundle).toString('utf8');
  if (/sourceMappingURL=/.test(text.slice(-500))) problems.push('extension.js links a source map: package the production build (node scripts/build.mjs --production)');
  if (text.length / text.split('\n').length < 500) problems.push('extension.js is not minified: package the production build (node scripts/build.mjs --production)');
}
if (!names.includes('extension/dist/mermaid/mermaid.min.js') || !names.includes('extension/dist/mermaid/version.json')) {
  problems.push('extension/dist/mermaid/ (mermaid.min.js, version.json: the diagram webview) is missing: build with scripts/build.mjs');
}
// Localisation (issue 15 point 7): the manifest's %keys% need package.nls.json in the package, and l10n/ its bundle.
const manifest = entries.find((e) => e.name === 'extension/package.json');
const nlsEntry = entries.find((e) => e.name === 'extension/package.nls.json');
if (!nlsEntry) problems.push('extension/package.nls.json is missing: the manifest\'s %keys% would show as is (see .vscodeignore)');
else if (manifest) {
  const nls = JSON.parse(contentOf(zip, nlsEntry).toString('utf8'));
  const missing = [...contentOf(zip, manifest).toString('utf8').matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]).filter((k) => !(k in nls));
  if (missing.length) problems.push(`package.json uses keys package.nls.json lacks: ${missing.join(', ')}`);
}
if (!names.includes('extension/l10n/bundle.l10n.json')) problems.push('extension/l10n/bundle.l10n.json is missing (package.json says "l10n": "./l10n"; see .vscodeignore)');
// The engine and the editor worker are loaded from beside extension.js at run time (scripts/build.mjs lazyCore).
for (const f of ['extension/dist/core.js', 'extension/dist/editorWorker.js', 'extension/media/preview.js']) {
  if (!names.includes(f)) problems.push(`${f} is missing (see .vscodeignore)`);
}
const unwanted = names.filter((n) => /\.map$|^extension\/(src|test|scripts|samples|node_modules|bench)\/|^extension\/dist\/cli\.js$/.test(n));
if (unwanted.length) problems.push(`files that should not ship: ${unwanted.join(', ')} (see .vscodeignore)`);

if (problems.length) {
  console.error(`check-vsix: ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`check-vsix: ok, ${file} ${kb(zip.length)} (${entries.length} files; extension.js ${kb(bundle.size)}, core.js ${kb(entries.find((e) => e.name === 'extension/dist/core.js').size)}, minified, no source map)`);
