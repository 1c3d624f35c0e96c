/** `confluence scan [PATH...] [--json]`: report likely secrets in Markdown docs (what would block publishing). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { minimatch } from 'minimatch';
import {
  attachedTextFiles, DEFAULT_SECRET_EXCLUDE_GLOBS, loadSecretIgnoreFile, scanText, SECRET_IGNORE_FILE,
  type SecretFinding, type SecretIgnoreList, walkFiles, withPathFindings,
} from '../../core';
import { CliExit, type CliIO } from '../context';
import { addFormatOptions, finishScan, type FormatOptions, outputFormat } from '../githubFormat';
import type { CommandModule } from './index';

const MARKDOWN = /\.(md|markdown)$/i;
const toPosix = (p: string): string => p.split(sep).join('/');

/**
 * Markdown files under the given paths, skipping node_modules, .git and files meant to hold secrets. Folder links
 * are not followed and broken links or loops are skipped: each is a warning, never a failure.
 */
function collectFiles(io: CliIO, args: string[], warnings: string[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (abs: string) => {
    if (!seen.has(abs)) {
      seen.add(abs);
      files.push(abs);
    }
  };
  const excluded = (abs: string) => DEFAULT_SECRET_EXCLUDE_GLOBS.some((g) => minimatch(toPosix(relative(io.cwd, abs)), g, { dot: true }));
  const display = (abs: string) => toPosix(relative(io.cwd, abs)) || '.';
  for (const arg of args) {
    const abs = resolve(io.cwd, arg);
    if (!existsSync(abs)) throw new CliExit(2, `error: ${arg}: no such file or folder`);
    if (statSync(abs).isDirectory()) {
      const walked = walkFiles(abs, { skipFolder: (n) => n === 'node_modules' || n === '.git', wantFile: (n) => MARKDOWN.test(n), display });
      warnings.push(...walked.warnings);
      for (const f of walked.files) if (!excluded(f)) add(f);
    } else add(abs); // a file named explicitly is scanned whatever its name
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
    const scan = program
      .command('scan')
      .description('Scan Markdown docs and the text files they attach for secrets (API tokens, passwords, keys) that would block publishing')
      .argument('[paths...]', 'files or folders (default: docs/ if it exists, else the current folder)')
      .option('--json', 'print findings as JSON: [{ file, line, column, rule, message, preview, fingerprint, attachedTo? }]')
      .addHelpText(
        'after',
        `\nExit status: 0 nothing found, 1 findings, 2 usage error. Warnings (folder links not followed, broken links,\n` +
          `attachments the publish would refuse) go to stderr and do not change the exit status.\n` +
          `Text files the documents attach (txt, csv, json, yaml, xml, log, svg, diagrams) are scanned too.\n` +
          `Suppress a false positive with <!-- confluence-secrets-ignore-next-line --> in the document, or add its\n` +
          `fingerprint (or path:fingerprint) to ${SECRET_IGNORE_FILE} in the current folder.\n`,
      );
    addFormatOptions(scan)
      .action(async (paths: string[], opts: FormatOptions) => {
        const format = outputFormat(opts, io.env);
        const targets = paths.length ? paths : [existsSync(join(io.cwd, 'docs')) ? 'docs' : '.'];
        const ignore = loadIgnore(io);
        const findings: SecretFinding[] = [];
        const warnings: string[] = [];
        const files = collectFiles(io, targets, warnings);
        const docs: Array<{ file: string; text: string }> = [];
        for (const abs of files) {
          const file = toPosix(relative(io.cwd, abs)) || toPosix(abs);
          let text: string;
          try {
            text = readFileSync(abs, 'utf8');
          } catch (err) {
            warnings.push(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); skipped`);
            continue;
          }
          docs.push({ file, text });
          findings.push(...(await scanText(text, file, { ignore })));
        }
        // Attachments are content too: the text files the documents would attach are scanned like documents.
        const attached = attachedTextFiles(io.cwd, docs, warnings);
        for (const [file, text] of attached.texts) findings.push(...(await scanText(text, file, { ignore })));
        // File and folder names are scanned too (the publish never sends them); such paths are shown masked.
        const named = await withPathFindings(findings, [...docs.map((d) => d.file), ...attached.by.keys()], (t, f) => scanText(t, f, { ignore }));
        findings.splice(0, findings.length, ...named.findings);
        const attachedBy = new Map([...attached.by].map(([file, by]) => [named.mask(file), by.map(named.mask)]));
        for (const w of warnings) io.stderr(`warning: ${w}\n`);
        const rows = findings.map(({ file, line, column, rule, message, preview, fingerprint }) => ({
          file,
          line,
          column,
          rule,
          message,
          preview,
          fingerprint,
          ...(attachedBy.has(file) ? { attachedTo: attachedBy.get(file) } : {}),
        }));
        if (format === 'json') {
          io.stdout(JSON.stringify(rows, null, 2) + '\n');
        } else {
          for (const f of findings) {
            const via = attachedBy.has(f.file) ? `  (attached by ${attachedBy.get(f.file)!.join(', ')})` : '';
            io.stdout(`${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.message}  ${f.preview}  (fingerprint ${f.fingerprint})${via}\n`);
          }
          const fileCount = new Set(findings.map((f) => f.file)).size;
          io.stderr(
            findings.length
              ? `${findings.length} possible secret${findings.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'} (${docs.length + attached.texts.size} scanned). ` +
                  `Remove them, or suppress false positives (see confluence scan --help).\n`
              : `No secrets found in ${docs.length + attached.texts.size} file${docs.length + attached.texts.size === 1 ? '' : 's'}${attached.texts.size ? ` (${attached.texts.size} attached)` : ''}.\n`,
          );
        }
        finishScan(io, format, opts.report, rows, docs.length + attached.texts.size);
        if (findings.length) throw new CliExit(1);
      });
  },
};
