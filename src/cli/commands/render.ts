/** `confluence render`: convert Markdown (or storage) files without publishing; how users debug a page and CI validates docs. */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import {
  AttachmentGuard, conversionOptions, convertMarkdown, diagramLookup, type DiagramLookup, type DocumentDiagnostic, DocumentError,
  type LinkTarget, linkTargetOf, nodeFileSystem, prepareDiagrams, previewCss, storageToHtml, storageToMarkdown, walkFiles,
  workspaceDocumentResolver,
} from '../../core';
import { cliDiagramRenderers } from '../diagrams';
import { CliExit, type CliIO } from '../context';
import { loadPublishRules, type PublishRules } from '../publish-rules';
import type { CommandModule } from './index';

type Format = 'storage' | 'html' | 'markdown';
const EXTENSION: Record<Format, string> = { storage: '.xml', html: '.html', markdown: '.md' };
const MARKDOWN = /\.(md|markdown)$/i;
const STORAGE = /\.xml$/i;

interface RenderOptions {
  out?: string;
  format: string;
  space?: string;
  lineNumbers?: boolean;
  codeLanguages?: string;
  headingAnchors?: boolean;
  flavor?: string;
  strict?: boolean;
}

interface Input {
  /** Absolute path. */
  abs: string;
  /** Workspace-relative POSIX path (workspace = current folder). */
  path: string;
  /** Output path relative to --out. */
  outName: string;
}

const toPosix = (p: string): string => p.split(sep).join('/');

/** The files to render; files the publish rules leave out are skipped with a note (named explicitly: refused). */
function collect(io: CliIO, args: string[], rules: PublishRules): Input[] {
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const add = (abs: string, base: string): void => {
    if (seen.has(abs)) return;
    const verdict = MARKDOWN.test(abs) ? rules.check(toPosix(relative(io.cwd, abs))) : { ok: true as const };
    if (!verdict.ok) {
      io.stderr(`note: ${toPosix(relative(io.cwd, abs))} skipped: ${verdict.reason}\n`);
      return;
    }
    seen.add(abs);
    inputs.push({ abs, path: toPosix(relative(io.cwd, abs)), outName: toPosix(relative(base, abs)) });
  };
  // Folder links are not followed (no loops, nothing from outside the tree); skipped links are warnings.
  const walk = (dir: string, base: string): void => {
    const found = walkFiles(dir, {
      skipFolder: (name) => name.startsWith('.') || name === 'node_modules',
      wantFile: (name) => !name.startsWith('.') && MARKDOWN.test(name),
      display: (abs) => toPosix(relative(io.cwd, abs)) || '.',
    });
    for (const w of found.warnings) io.stderr(`warning: ${w}\n`);
    for (const file of found.files) add(file, base);
  };
  for (const arg of args) {
    const abs = resolve(io.cwd, arg);
    if (!existsSync(abs)) throw new CliExit(2, `error: ${arg}: no such file or folder`);
    if (statSync(abs).isDirectory()) walk(abs, abs);
    else if (MARKDOWN.test(abs)) {
      const verdict = rules.check(toPosix(relative(io.cwd, abs)));
      if (!verdict.ok) throw new CliExit(2, `error: ${arg}: not rendered: ${verdict.reason}`);
      add(abs, dirname(abs));
    } else if (STORAGE.test(abs)) add(abs, dirname(abs));
    else throw new CliExit(2, `error: ${arg}: not a Markdown (.md) or storage (.xml) file`);
  }
  return inputs;
}

function htmlPage(title: string, fragment: string): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title><style>${previewCss}</style></head>\n<body><div class="cf-page"><h1>${esc(title)}</h1>\n${fragment}</div></body></html>\n`;
}

/** For --format markdown: page links and attachments point back at the files they came from. */
function markdownLinks(from: string, byTitle: Map<string, string>, attachments: Map<string, string>) {
  const rel = (to: string): string => {
    const r = posix.relative(posix.dirname(from), to);
    return r.startsWith('.') ? r : `./${r}`;
  };
  return {
    pageHref: (title: string, _space: string | undefined, anchor: string | undefined): string | undefined => {
      const path = byTitle.get(title);
      return path ? rel(path) + (anchor ? `#${anchor}` : '') : undefined;
    },
    attachmentHref: (name: string): string | undefined => {
      const path = attachments.get(name);
      return path ? rel(path) : undefined;
    },
  };
}

/**
 * Diagrams are drawn as sync draws them (the same renderers and render cache under `.confluence/diagrams/` of the
 * current folder): the storage shows the image macros a publish writes. Nothing starts when all are cached.
 */
async function renderDiagrams(io: CliIO, rules: PublishRules, sources: Iterable<string>): Promise<DiagramLookup> {
  const setup = { root: resolve(io.cwd), fs: nodeFileSystem, config: rules.diagrams ?? {}, ...cliDiagramRenderers(rules.diagrams, io.env, resolve(io.cwd)) };
  await prepareDiagrams(setup, sources);
  return diagramLookup(setup);
}

export const renderCommand: CommandModule = {
  register(program: Command, io: CliIO) {
    program
      .command('render')
      .description('Convert Markdown files or folders to Confluence storage format (or preview HTML / Markdown) without publishing')
      .argument('<paths...>', 'Markdown files or folders (folders are searched for .md files); .xml storage files for --format markdown/html. Links to other Markdown files of the current folder resolve to their titles')
      .option('--out <DIR>', 'write one file per input into DIR (default: stdout, for a single file)')
      .option('--format <FORMAT>', 'storage (.xml), html (preview page) or markdown', 'storage')
      .option('--space <KEY>', 'space key of the rendered pages (default: CONFLUENCE_SPACE)')
      .option('--line-numbers', 'show line numbers in code macros')
      .option('--flavor <FLAVOR>', 'render for cloud or datacenter, as sync publishes to that kind of site (default: cloud)')
      .option('--code-languages <SET>', 'code macro languages: cloud or datacenter (default: from --flavor)')
      .option('--heading-anchors', 'put an anchor macro in every heading (default: on for --flavor datacenter)')
      .option('--strict', 'exit 1 when there are warnings (for CI)')
      .action(async (paths: string[], opts: RenderOptions) => {
        const format = opts.format as Format;
        if (!(format in EXTENSION)) throw new CliExit(2, `error: --format must be storage, html or markdown, got '${opts.format}'`);
        if (opts.flavor !== undefined && opts.flavor !== 'cloud' && opts.flavor !== 'datacenter') {
          throw new CliExit(2, `error: --flavor must be cloud or datacenter, got '${opts.flavor}'`);
        }
        if (opts.codeLanguages !== undefined && opts.codeLanguages !== 'cloud' && opts.codeLanguages !== 'datacenter') {
          throw new CliExit(2, `error: --code-languages must be cloud or datacenter, got '${opts.codeLanguages}'`);
        }
        const rules = loadPublishRules(io.cwd);
        // The same options sync builds from the site it connects to; the explicit flags still override them.
        const site = conversionOptions({ flavor: opts.flavor as 'cloud' | 'datacenter' | undefined, codeLineNumbers: opts.lineNumbers });
        if (opts.codeLanguages) site.codeLanguages = opts.codeLanguages as 'cloud' | 'datacenter';
        if (opts.headingAnchors) site.headingAnchorMacros = true;
        const inputs = collect(io, paths, rules);
        if (inputs.length === 0) throw new CliExit(2, `error: no Markdown files found in ${paths.join(', ')}`);
        if (!opts.out && inputs.length > 1) {
          throw new CliExit(2, `error: ${inputs.length} files to render: pass --out DIR (stdout takes a single file)`);
        }
        const spaceKey = opts.space ?? io.env.CONFLUENCE_SPACE ?? '';
        const failures: string[] = [];
        const warnings: DocumentDiagnostic[] = [];
        const sources = new Map<string, string>();

        const root = resolve(io.cwd);
        // Titles and heading anchors of the whole set first, so links between the rendered documents resolve.
        const targets = new Map<string, LinkTarget | undefined>();
        for (const input of inputs) {
          try {
            const source = readFileSync(input.abs, 'utf8');
            sources.set(input.path, source);
            if (MARKDOWN.test(input.path)) targets.set(input.path, linkTargetOf(source, input.path, spaceKey));
          } catch (err) {
            sources.delete(input.path);
            failures.push(err instanceof DocumentError ? err.message : `${input.path}: ${(err as Error).message}`);
          }
        }
        // Images and linked files are read as the publish reads them: symbolic links resolved, nothing outside the
        // workspace, no hidden, key or git-ignored files (a refused link renders as text with a warning, as sync would).
        const guard = new AttachmentGuard({ root });

        // A link to a Markdown file that is not rendered with the others still resolves when the file exists in the
        // workspace (its title read from disk), so rendering one page shows its links as they will be published.
        const diagrams = await renderDiagrams(io, rules, [...sources].filter(([p]) => MARKDOWN.test(p)).map(([, text]) => text));
        const workspaceResolve = workspaceDocumentResolver(root, spaceKey, { seed: targets });
        // A file sync would not publish has no page to link to.
        const resolveDocument = (p: string): LinkTarget | undefined => (targets.has(p) || rules.check(p).ok ? workspaceResolve(p) : undefined);

        for (const input of inputs) {
          const source = sources.get(input.path);
          if (source === undefined) continue;
          let output: string;
          try {
            let storage: string;
            let title: string;
            let attachments: [string, string][] = [];
            if (MARKDOWN.test(input.path)) {
              const result = convertMarkdown(source, {
                path: input.path,
                spaceKey,
                resolveDocument,
                readFile: guard.read,
                checkAttachment: guard.refusal,
                diagrams,
                ...site,
              });
              warnings.push(...result.warnings);
              storage = result.storage;
              title = result.title;
              attachments = result.attachments.map((a) => [a.name, a.path]);
            } else {
              storage = source;
              title = input.path;
            }
            output =
              format === 'storage' ? storage
              : format === 'html' ? htmlPage(title, storageToHtml(storage, { attachmentUrl: () => undefined }))
              : storageToMarkdown(storage, markdownLinks(input.path, workspaceResolve.byTitle, new Map(attachments)));
          } catch (err) {
            failures.push(err instanceof DocumentError ? err.message : `${input.path}: ${(err as Error).message}`);
            continue;
          }
          if (opts.out) {
            const target = join(resolve(io.cwd, opts.out), input.outName.replace(/\.(md|markdown|xml)$/i, EXTENSION[format]));
            mkdirSync(dirname(target), { recursive: true });
            writeFileSync(target, output);
          } else {
            io.stdout(output);
          }
        }
        for (const w of warnings) io.stderr(`${w.file}:${w.line}: ${w.message} [${w.code}]\n`);
        for (const f of failures) io.stderr(`error: ${f}\n`);
        if (opts.out) {
          io.stderr(`rendered ${inputs.length - failures.length} of ${inputs.length} files to ${opts.out} (${warnings.length} warnings)\n`);
        }
        if (failures.length > 0 || (opts.strict && warnings.length > 0)) throw new CliExit(1);
      });
  },
};
