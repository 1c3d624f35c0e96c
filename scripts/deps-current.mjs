#!/usr/bin/env node
// Does node_modules match package-lock.json? (scripts/demo.sh and scripts/test.sh skip `npm ci` when it does.)
//   node scripts/deps-current.mjs          exit 0: up to date; 1: install needed (the reason on stdout)
//   node scripts/deps-current.mjs --stamp  after an install: record the lock file's hash in node_modules/.lock-hash
//   ... [project root]                      another project (tests); default: this repository
// Up to date means: node_modules/.lock-hash holds the SHA-256 of package-lock.json (written after our own install),
// or, without that stamp, npm's own record of what it installed (node_modules/.package-lock.json) has every
// non-optional package of the lock file at the locked version.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const given = process.argv.slice(2).find((a) => !a.startsWith('--'));
const ROOT = resolve(given ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const lockPath = join(ROOT, 'package-lock.json');
const modules = join(ROOT, 'node_modules');
const stampPath = join(modules, '.lock-hash');
const lockText = readFileSync(lockPath);
const hash = createHash('sha256').update(lockText).digest('hex');

if (process.argv.includes('--stamp')) {
  writeFileSync(stampPath, hash + '\n');
  process.exit(0);
}

function verdict() {
  if (!existsSync(modules)) return 'node_modules does not exist';
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === hash) return undefined;
  const hiddenPath = join(modules, '.package-lock.json');
  if (!existsSync(hiddenPath)) return 'node_modules has no record of what was installed';
  const locked = JSON.parse(lockText.toString('utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(hiddenPath, 'utf8')).packages ?? {};
  for (const [path, entry] of Object.entries(locked)) {
    if (!path || entry.optional || entry.link) continue;
    const have = installed[path];
    if (!have) return `${path} is not installed`;
    if (have.version !== entry.version) return `${path} is ${have.version}, the lock file wants ${entry.version}`;
  }
  return undefined;
}

const why = verdict();
if (why) {
  console.log(why);
  process.exit(1);
}
