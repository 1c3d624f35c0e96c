/**
 * Localisation (issue 15 point 7): every user-visible string goes through vscode.l10n (code) or package.nls.json
 * (the manifest). Scans src/extension for user-visible calls whose text is a bare string or template literal;
 * checks every `%key%` of package.json against package.nls.json, and l10n/bundle.l10n.json against the code.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..', '..');
const EXT = path.join(ROOT, 'src', 'extension');

/**
 * Files not converted yet (a file listed here that no longer has a bare string fails the test, so the list only
 * shrinks). Empty since issue 15 wave 4: keep it so.
 */
const PENDING = new Set<string>([]);

/**
 * The host-free model (src/extension/model, no vscode import) returns words the tree, tooltips, the status bar and
 * notifications show: they go through model/translate.ts (`t`, `plural`, `msg`), which activate() points at
 * vscode.l10n.t. A call-site scan cannot see them, so in these files every sentence (a literal with a word and a
 * space) that is returned, pushed, joined into a message or held in a `word`/`message` property is flagged.
 */
const MODEL = 'src/extension/model/';
/** Model text that is not UI wording: markup and code the webview or the engine reads. */
const MODEL_NOT_UI = new Set(['src/extension/model/previewHtml.ts', 'src/extension/model/remoteMarkdown.ts', 'src/extension/model/translate.ts']);
const sentence = (node: ts.Expression): boolean => {
  if (ts.isParenthesizedExpression(node)) return sentence(node.expression);
  if (ts.isConditionalExpression(node)) return sentence(node.whenTrue) || sentence(node.whenFalse);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return sentence(node.left) || sentence(node.right);
  const text = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text
    : ts.isTemplateExpression(node) ? node.head.text + node.templateSpans.map((s) => s.literal.text).join(' ') : undefined;
  return text !== undefined && /[A-Za-z]{2}/.test(text) && /\s/.test(text.trim());
};

/** "file:line: what" for every untranslated sentence of a host-free model file. */
export function bareModelStrings(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const flag = (node: ts.Node, what: string): void => {
    out.push(`${path.relative(ROOT, file).split(path.sep).join('/')}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${what}: ${node.getText(sf).slice(0, 80)}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isArrowFunction(node) && !ts.isBlock(node.body) && sentence(node.body)) flag(node.body, 'returned');
    if (ts.isReturnStatement(node) && node.expression && sentence(node.expression)) flag(node.expression, 'returned');
    if (ts.isCallExpression(node) && ['push', 'unshift', 'join', 'concat'].includes(calleeName(node.expression) ?? '')) {
      for (const a of node.arguments) if (sentence(a)) flag(a, calleeName(node.expression)!);
    }
    if (ts.isArrayLiteralExpression(node)) for (const e of node.elements) if (sentence(e)) flag(e, 'list item');
    if (ts.isPropertyAssignment(node) && /^(word|message|text|tooltip|summary|label|description)$/.test(node.name.getText(sf)) && sentence(node.initializer)) flag(node.initializer, node.name.getText(sf));
    if (ts.isVariableDeclaration(node) && node.initializer && sentence(node.initializer)) flag(node.initializer, 'const');
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const MESSAGE_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
const PROMPT_CALLS = new Set(['showInputBox', 'showQuickPick', 'withProgress', 'report', 'setStatusBarMessage']);
/** Properties whose string a person reads: prompts, quick-pick items, tree items, status-bar items, progress. */
const TEXT_PROPS = new Set(['title', 'prompt', 'placeHolder', 'placeholder', 'message', 'detail', 'openLabel', 'label', 'description', 'tooltip', 'text']);
/** Variables that hold a message before it is shown. */
const VARIABLES = /^(message|text|title|detail|prompt|tooltip|summary|what|label)$/;
/** Placeholders that are sample input (an address, a key, a folder: no space), not a sentence. */
const SAMPLE_PROPS = new Set(['placeHolder', 'placeholder']);

/** Words in literal text (an icon such as `$(home)` is not a word). */
const words = (s: string): boolean => /[A-Za-z]/.test(s.replace(/\$\([\w~-]+\)/g, ''));

/** A literal a person reads (has a word), not wrapped in l10n.t: a string, a template or a `+` of them. */
function bareText(node: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(node)) return bareText(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return words(node.text);
  if (ts.isTemplateExpression(node)) return words(node.head.text + node.templateSpans.map((s) => s.literal.text).join(''));
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return bareText(node.left) || bareText(node.right);
  if (ts.isConditionalExpression(node)) return bareText(node.whenTrue) || bareText(node.whenFalse);
  return false;
}

function calleeName(e: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isIdentifier(e)) return e.text;
  return undefined;
}

/** "file:line: what" for every bare user-visible text in one file. */
export function bareStrings(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const flag = (node: ts.Node, what: string): void => {
    out.push(`${path.relative(ROOT, file).split(path.sep).join('/')}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${what}: ${node.getText(sf).slice(0, 80)}`);
  };
  const sample = (prop: string, value: ts.Expression): boolean =>
    SAMPLE_PROPS.has(prop) && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) && !/\s/.test(value.text);
  const props = (obj: ts.Expression, call: string): void => {
    if (!ts.isObjectLiteralExpression(obj)) return;
    for (const p of obj.properties) {
      const name = p.name?.getText(sf) ?? '';
      if (ts.isPropertyAssignment(p) && TEXT_PROPS.has(name) && bareText(p.initializer) && !sample(name, p.initializer)) flag(p.initializer, `${call} ${name}`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (name && MESSAGE_CALLS.has(name)) {
        node.arguments.forEach((a, i) => {
          if (bareText(a)) flag(a, `${name} ${i === 0 ? 'message' : 'button'}`);
          else props(a, name);
        });
      } else if (name && PROMPT_CALLS.has(name)) {
        for (const a of node.arguments) {
          if (name === 'setStatusBarMessage' && bareText(a)) flag(a, name);
          props(a, name);
        }
      }
    }
    // const message = `…`; (a message built first, shown below)
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && VARIABLES.test(node.name.text) && node.initializer && bareText(node.initializer)) flag(node.initializer, `const ${node.name.text}`);
    // Quick-pick items and other item literals: { label: '…', description: '…', detail: '…' }.
    if (ts.isObjectLiteralExpression(node) && node.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText(sf) === 'label')) {
      const parent = node.parent;
      const inCall = ts.isCallExpression(parent) && [...MESSAGE_CALLS, ...PROMPT_CALLS].includes(calleeName(parent.expression) ?? '');
      if (!inCall) props(node, 'item');
    }
    if (ts.isNewExpression(node) && calleeName(node.expression) === 'Diagnostic' && node.arguments?.[1] && bareText(node.arguments[1])) flag(node.arguments[1], 'Diagnostic message');
    // quickPick.title = '…', quickPick.placeholder = '…'
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)
      && TEXT_PROPS.has(node.left.name.text) && bareText(node.right) && !sample(node.left.name.text, node.right)) flag(node.right, `${node.left.name.text} =`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('localisation (issue 15 point 7)', () => {
  it('user-visible messages, prompts and progress titles of src/extension go through vscode.l10n.t (pending files listed)', () => {
    const found = new Map<string, string[]>();
    for (const file of files(EXT)) {
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      const hits = bareStrings(file, readFileSync(file, 'utf8'));
      if (hits.length) found.set(rel, hits);
    }
    const offending = [...found].filter(([rel]) => !PENDING.has(rel)).flatMap(([, hits]) => hits);
    assert.deepEqual(offending, [], `wrap these in vscode.l10n.t(…) (then run node scripts/l10n-bundle.mjs):\n${offending.join('\n')}`);
    const done = [...PENDING].filter((rel) => !found.has(rel));
    assert.deepEqual(done, [], 'these files have no bare string left: remove them from PENDING');
  });

  it('the host-free model (src/extension/model) passes its sentences through t() / plural() / msg()', () => {
    const modelFiles = files(path.join(ROOT, MODEL)).map((f) => [f, path.relative(ROOT, f).split(path.sep).join('/')] as const);
    assert.ok(modelFiles.length >= 10, `${modelFiles.length} model files`);
    const offending = modelFiles.filter(([, rel]) => !MODEL_NOT_UI.has(rel)).flatMap(([file]) => bareModelStrings(file, readFileSync(file, 'utf8')));
    assert.deepEqual(offending, [], `wrap these in t(…) from model/translate.ts (then run node scripts/l10n-bundle.mjs):\n${offending.join('\n')}`);
  });

  it('the model scan catches each form (a test of the test)', () => {
    const src = [
      "export const w = () => 'never published yet';",
      "function f() { return `${n} to publish`; }",
      "parts.push(`${n} of ${m} to publish`);",
      "const LOOK = { a: { word: 'in sync', icon: 'pass' } };",
      "function g() { return t('{0} to publish', n); }",
      "const id = 'diff-added';",
      "const x = ['loading…', 'checking now'];",
      "parts.push(t('all {0} in sync', n));",
    ].join('\n');
    const hits = bareModelStrings(path.join(ROOT, MODEL, 'x.ts'), src).map((h) => h.replace(/^[^:]+:(\d+):.*$/, '$1'));
    assert.deepEqual(hits, ['1', '2', '3', '4', '7']);
  });

  it('the scan catches each form (a test of the test)', () => {
    const src = [
      "vscode.window.showInformationMessage('Published.');",
      'vscode.window.showWarningMessage(`Nothing for ${x}`, \'Retry\');',
      "vscode.window.withProgress({ location: 1, title: 'Publishing' }, f);",
      "vscode.window.showInputBox({ prompt: 'Site' + x });",
      "qp.placeholder = 'Type a key';",
      "new vscode.Diagnostic(r, 'Bad link', 0);",
      "vscode.window.showInformationMessage(t('Published.'));",
      "progress.report({ message: `${a}/${b}` });",
      'const message = `Failed: ${e}`;',
      "const items = [{ label: '$(home) Whole space', value: 1 }, { label: `$(file) ${t('Page')}`, value: 2 }];",
      "vscode.window.showInputBox({ placeHolder: 'https://acme.atlassian.net/wiki' });",
    ].join('\n');
    const hits = bareStrings(path.join(EXT, 'x.ts'), src).map((h) => h.replace(/^[^:]+:(\d+):.*$/, '$1'));
    assert.deepEqual(hits, ['1', '2', '2', '3', '4', '5', '6', '9', '10']);
  });

  it('every %key% of package.json is in package.nls.json, and every key there is used', () => {
    const manifest = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const nls = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const used = new Set([...manifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
    assert.ok(used.size > 40, `${used.size} keys`);
    assert.deepEqual([...used].filter((k) => !(k in nls)), [], 'keys missing from package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'keys of package.nls.json nothing uses');
    const pkg = JSON.parse(manifest) as { l10n?: string; contributes: { commands: Array<{ title: string; category?: string }> } };
    assert.equal(pkg.l10n, './l10n');
    for (const c of pkg.contributes.commands) assert.match(`${c.title} ${c.category ?? ''}`, /^%[^%]+% (%[^%]+%)?$/, `command title ${c.title}`);
  });

  it('l10n/bundle.l10n.json holds every message of the code (run node scripts/l10n-bundle.mjs)', async () => {
    const { extensionMessages } = (await import(path.join(ROOT, 'scripts', 'l10n-bundle.mjs'))) as { extensionMessages(root: string): string[] };
    const bundle = JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const messages = extensionMessages(ROOT);
    assert.deepEqual(messages.filter((m) => !(m in bundle)), [], 'messages missing from l10n/bundle.l10n.json: run node scripts/l10n-bundle.mjs');
    assert.deepEqual(Object.keys(bundle).filter((m) => !messages.includes(m)), [], 'stale messages in l10n/bundle.l10n.json: run node scripts/l10n-bundle.mjs');
  });
});
