#!/usr/bin/env node
// Size limits for src/: files over 600 lines and functions over 120 lines are hard to read, review and test, so
// this lists them. Functions are found with the TypeScript compiler API: function declarations, methods,
// constructors, accessors, and function expressions / arrow functions assigned to a name (a variable, a property, a
// class field). A function's length runs from its first token (after leading comments) to its closing brace, nested
// functions included.
// Run: node scripts/check-size.mjs [--strict] [dir...]   (dirs default to src/; prints the list; exits 1 only with
// --strict when something is over a limit). `npm run check:size` runs it with --strict as part of `npm test`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 120;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(import.meta.url)('typescript');
const args = process.argv.slice(2);
const strict = args.includes('--strict');
const dirs = args.filter((a) => a !== '--strict');
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out']);

/** Source files under `path` (recursive), or `path` itself when it is a file. */
function sourceFiles(path) {
  if (statSync(path).isFile()) return SOURCE.test(path) ? [path] : [];
  const out = [];
  for (const name of readdirSync(path).sort()) {
    if (SKIP_DIRS.has(name)) continue;
    out.push(...sourceFiles(join(path, name)));
  }
  return out;
}

/** The name a function is known by, or undefined for an anonymous callback (not counted on its own). */
function functionName(node, sf) {
  const text = (n) => (n ? n.getText(sf) : undefined);
  if (ts.isFunctionDeclaration(node)) return text(node.name) ?? 'default';
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    return text(node.name);
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) {
    let parent = node.parent;
    // `const f = (async) (...) => {}` possibly wrapped in parentheses or `as`/`satisfies`.
    while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression?.(parent))) {
      parent = parent.parent;
    }
    if (!parent) return undefined;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
      return text(parent.name);
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return text(parent.left);
    if (ts.isFunctionExpression(node) && node.name) return text(node.name);
  }
  return undefined;
}

/** The enclosing class name, for `Class.method` labels. */
function owner(node) {
  for (let p = node.parent; p; p = p.parent) {
    if ((ts.isClassDeclaration(p) || ts.isClassExpression(p)) && p.name) return p.name.text;
  }
  return undefined;
}

const findings = [];
for (const dir of dirs.length ? dirs : [join(root, 'src')]) {
  for (const file of sourceFiles(resolve(dir))) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file).startsWith('..') ? file : relative(root, file);
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const lines = sf.getLineStarts().length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_FILE_LINES) findings.push({ lines, label: `${rel}: file has ${lines} lines (limit ${MAX_FILE_LINES})` });
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const name = functionName(node, sf);
        if (name) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
          const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          const length = end - start + 1;
          if (length > MAX_FUNCTION_LINES) {
            const cls = owner(node);
            const full = cls && !ts.isFunctionDeclaration(node) ? `${cls}.${name}` : name;
            findings.push({ lines: length, label: `${rel}:${start + 1}: function ${full} has ${length} lines (limit ${MAX_FUNCTION_LINES})` });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
}

for (const f of findings) console.log(f.label);
console.log(findings.length ? `${findings.length} over the size limits.` : 'No file or function over the size limits.');
process.exit(strict && findings.length ? 1 : 0);
