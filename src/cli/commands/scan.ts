/** `confluence scan [PATH...] [--json]`: report likely secrets in Markdown docs (what would block publishing). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { minimatch } from 'minimatch';
import {
  DEFAULT_SECRET_EXCLUDE_GLOBS,
  loadSecretIgnoreFile,
  scanText,
  SECRET_IGNORE_FILE,
  type SecretFinding,
  type SecretIgnoreList,
} from '../../core/secrets';
import { CliExit, type CliIO } from '../context';
import type { CommandModule } from './index';

const MARKDOWN = /\.(md|markdown)$/i;
const toPosix = (p: string): string => p.split(sep).join('/');

/** Markdown files under the given paths, skipping node_modules, .git and files meant to hold secrets. */
function collectFiles(io: CliIO, args: string[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (abs: string) => {
    if (!seen.has(abs)) {
      seen.add(abs);
      files.push(abs);
    }
  };
  const excluded = (abs: string) => DEFAULT_SECRET_EXCLUDE_GLOBS.some((g) => minimatch(toPosix(relative(io.cwd, abs)), g, { dot: true }));
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name === '.git') continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (MARKDOWN.test(name) && !excluded(p)) add(p);
    }
  };
  for (const arg of args) {
    const abs = resolve(io.cwd, arg);
    if (!existsSync(abs)) throw new CliExit(2, `error: ${arg}: no such file or folder`);
    if (statSync(abs).isDirectory()) walk(abs);
    else add(abs); // a file named explicitly is scanned whatever its name
  }
  return files;
}

function loadIgnore(io: CliIO): SecretIgnoreList {
  try {
    return loadSecretIgnoreFile(io.cwd);
  } catch (err) {
    throw new CliExit(2, `error: ${(err as Error).message}`);
  }
}

export const scanCommand: CommandModule = {
  register(program: Command, io: CliIO) {
    program
      .command('scan')
      .description('Scan Markdown docs for secrets (API tokens, passwords, keys) that would block publishing')
      .argument('[paths...]', 'files or folders (default: docs/ if it exists, else the current folder)')
      .option('--json', 'print findings as JSON: [{ file, line, column, rule, message, preview, fingerprint }]')
      .addHelpText(
        'after',
        `\nExit status: 0 nothing found, 1 findings, 2 usage error.\n` +
          `Suppress a false positive with <!-- confluence-secrets-ignore-next-line --> in the document, or add its\n` +
          `fingerprint (or path:fingerprint) to ${SECRET_IGNORE_FILE} in the current folder.\n`,
      )
      .action(async (paths: string[], opts: { json?: boolean }) => {
        const targets = paths.length ? paths : [existsSync(join(io.cwd, 'docs')) ? 'docs' : '.'];
        const ignore = loadIgnore(io);
        const findings: SecretFinding[] = [];
        const files = collectFiles(io, targets);
        for (const abs of files) {
          const file = toPosix(relative(io.cwd, abs)) || toPosix(abs);
          findings.push(...(await scanText(readFileSync(abs, 'utf8'), file, { ignore })));
        }
        if (opts.json) {
          const rows = findings.map(({ file, line, column, rule, message, preview, fingerprint }) => ({ file, line, column, rule, message, preview, fingerprint }));
          io.stdout(JSON.stringify(rows, null, 2) + '\n');
        } else {
          for (const f of findings) io.stdout(`${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.message}  ${f.preview}  (fingerprint ${f.fingerprint})\n`);
          const fileCount = new Set(findings.map((f) => f.file)).size;
          io.stderr(
            findings.length
              ? `${findings.length} possible secret${findings.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'} (${files.length} scanned). ` +
                  `Remove them, or suppress false positives (see confluence scan --help).\n`
              : `No secrets found in ${files.length} file${files.length === 1 ? '' : 's'}.\n`,
          );
        }
        if (findings.length) throw new CliExit(1);
      });
  },
};
