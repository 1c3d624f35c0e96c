/**
 * False-positive check of the secret scanner on third-party Markdown found on this machine (package READMEs,
 * changelogs, docs): prints the number of files and bytes scanned and every finding with its line, for review.
 * `npx tsx bench/secrets-third-party.ts [--json out.json] [root ...]` (default roots: node_modules, the VS Code
 * test install, global npm packages, /usr/share/doc, SDK and toolchain docs). Symlinks are followed once per real path.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanTextSync } from '../src/core/secrets';

const DEFAULT_ROOTS = [
  join(__dirname, '..', 'node_modules'),
  join(__dirname, '..', '.vscode-test'),
  '/work/main/node_modules',
  '/work/main/.vscode-test',
  '/usr/lib/node_modules',
  '/usr/share/doc',
  '/usr/lib/google-cloud-sdk',
  '/usr/lib/jvm',
  '/root/.npm/_npx',
  '/root/.pyenv',
  '/root/.rustup',
];

function markdownFiles(dir: string, seen: Set<string>, out: string[]): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let names: string[];
  try {
    names = readdirSync(real).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(real, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) markdownFiles(p, seen, out);
    else if (/\.(?:md|markdown)$/i.test(name) && st.size < 5_000_000) {
      const rp = realpathSync(p);
      if (!seen.has(rp)) {
        seen.add(rp);
        out.push(rp);
      }
    }
  }
}

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
const roots = (args.length ? args : DEFAULT_ROOTS).filter(existsSync);
const files: string[] = [];
const seen = new Set<string>();
for (const r of roots) markdownFiles(r, seen, files);

// Lines where a password rule has something to judge (password-named keys, URL userinfo, `-u user:pass`):
// printed so the check says how much of the input exercised the word/placeholder rules.
const CANDIDATE = /(?:pass(?:word|wd|phrase)?|pwd)["']?\s*(?:[:=]|=>)\s*\S|:\/\/[^\s:@/]+:[^\s@/]+@|\s(?:-u|--user)[\s=]+\S+:\S/i;
let candidates = 0;
let bytes = 0;
const findings: { file: string; line: number; rule: string; preview: string; text: string }[] = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  bytes += text.length;
  const lines = text.split('\n');
  candidates += lines.filter((l) => CANDIDATE.test(l)).length;
  for (const x of scanTextSync(text, f)) findings.push({ file: f, line: x.line, rule: x.rule, preview: x.preview, text: lines[x.line - 1].trim().slice(0, 160) });
}
for (const x of findings) console.log(`${x.file}:${x.line} ${x.rule} ${x.preview}\n    ${x.text}`);
console.log(`${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${candidates} password-like lines, ${findings.length} findings`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ files: files.length, bytes, findings }, null, 1));
