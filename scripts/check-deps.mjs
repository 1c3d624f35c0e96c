#!/usr/bin/env node
// Every package the code imports is declared in package.json, and every runtime dependency is used:
// - src/ (what ships) may import only `dependencies`;
// - test/, bench/, scripts/ and root config files may import `dependencies` or `devDependencies`;
// - every entry of `dependencies` is imported somewhere in src/ (an unused one is dead weight to audit and update).
// Node built-ins (`node:fs`, `fs`) and `vscode` (provided by the editor) are not packages. Imports are read with the
// TypeScript compiler's pre-processor (static, type-only, dynamic `import()` and `require()`), so comments don't count.
// Run: node scripts/check-deps.mjs [project root]  (part of `npm test`; the root argument is for its test).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const ts = createRequire(import.meta.url)('typescript');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const deps = new Set(Object.keys(pkg.dependencies ?? {}));
const devDeps = new Set(Object.keys(pkg.devDependencies ?? {}));
const NOT_PACKAGES = new Set(['vscode', ...builtinModules]);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', '.vscode-test', 'test-results']);

/** Source files under `dir` (recursive), skipping build output and fixture trees. */
function sourceFiles(dir) {
  const out = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...sourceFiles(p));
    } else if (SOURCE.test(name)) out.push(p);
  }
  return out;
}

/** `@scope/name/sub/path` -> `@scope/name`, `name/sub` -> `name`; undefined for relative paths, built-ins, vscode. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return NOT_PACKAGES.has(name) ? undefined : name;
}

/** Package name -> files (relative) that import it. */
function importsOf(files) {
  const found = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      const name = packageOf(fileName);
      if (!name) continue;
      if (!found.has(name)) found.set(name, new Set());
      found.get(name).add(relative(root, file));
    }
  }
  return found;
}

const rootConfigs = readdirSync(root).filter((n) => /\.(mjs|cjs|js)$/.test(n)).map((n) => join(root, n));
const runtime = importsOf(sourceFiles(join(root, 'src')));
const devOnly = importsOf([...['test', 'bench', 'scripts'].flatMap((d) => sourceFiles(join(root, d))), ...rootConfigs]);

const problems = [];
const where = (files) => [...files].slice(0, 3).join(', ') + (files.size > 3 ? ` and ${files.size - 3} more` : '');
for (const [name, files] of runtime) {
  if (deps.has(name)) continue;
  problems.push(devDeps.has(name)
    ? `"${name}" is imported by shipped code (${where(files)}) but is only a devDependency: move it to "dependencies".`
    : `"${name}" is imported (${where(files)}) but not declared: add it to "dependencies" in package.json (npm install --save-exact ${name}@<the version in package-lock.json>).`);
}
for (const [name, files] of devOnly) {
  if (deps.has(name) || devDeps.has(name) || runtime.has(name)) continue; // runtime ones are reported above
  problems.push(`"${name}" is imported (${where(files)}) but not declared: add it to "devDependencies" in package.json (npm install -D ${name}).`);
}
for (const name of deps) {
  if (!runtime.has(name)) {
    problems.push(`"${name}" is in "dependencies" but nothing in src/ imports it: remove it (npm uninstall ${name}), or move it to "devDependencies" if only tests or scripts use it.`);
  }
}

if (problems.length) {
  console.error(`check-deps: package.json does not match the imports (${problems.length} problem${problems.length > 1 ? 's' : ''}):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`check-deps: ok (${runtime.size} runtime packages, ${devOnly.size} used by tests/scripts; all declared, none unused)`);
