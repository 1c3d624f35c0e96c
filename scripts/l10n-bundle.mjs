#!/usr/bin/env node
// Writes l10n/bundle.l10n.json: every message of the extension passed to vscode.l10n.t (as `t('…')`,
// `vscode.l10n.t('…')`, the two forms of `plural(n, '…', '…')`, or `msg('…')`) in src/extension, English to English. It is the file translators copy to
// bundle.l10n.<locale>.json; VS Code shows the English source text when no bundle of the user's locale exists.
// Run after adding or changing messages: node scripts/l10n-bundle.mjs   (test/unit/extension/l10n.test.ts checks it).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(import.meta.url)('typescript');

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The message of a `t(...)` / `l10n.t(...)` call, or undefined. */
export function l10nMessage(node) {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression;
  const isT = (ts.isIdentifier(callee) && callee.text === 't') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && /\bl10n$/.test(callee.expression.getText()));
  if (!isT) return undefined;
  const arg = node.arguments[0];
  if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) return arg.text;
  if (arg && ts.isObjectLiteralExpression(arg)) {
    const m = arg.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'message');
    if (m && (ts.isStringLiteral(m.initializer) || ts.isNoSubstitutionTemplateLiteral(m.initializer))) return m.initializer.text;
  }
  return undefined;
}

export function extensionMessages(base = root) {
  const messages = new Set();
  for (const file of files(join(base, 'src', 'extension'))) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      const m = l10nMessage(node);
      if (m !== undefined) messages.add(m);
      // plural(n, '{0} page', '{0} pages') (ui/plural.ts) passes both forms to l10n.t.
      // msg('…') (model/translate.ts) marks a message of a table, passed through t() when shown.
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'msg') {
        const a = node.arguments[0];
        if (a && (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a))) messages.add(a.text);
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'plural') {
        for (const a of node.arguments.slice(1)) if (ts.isStringLiteral(a)) messages.add(a.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return [...messages].sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bundle = Object.fromEntries(extensionMessages().map((m) => [m, m]));
  writeFileSync(join(root, 'l10n', 'bundle.l10n.json'), JSON.stringify(bundle, null, 2) + '\n');
  console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} messages`);
}
