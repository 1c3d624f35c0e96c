// Host-free: the work behind the Confluence preview and the Problems entries of one Markdown document, run in the
// editor worker thread (editorWorker.ts) so typing never waits on it, or in-thread where no worker can start.
// Linked files are read once: the document resolver (titles, heading anchors) and file reads are cached until
// `invalidate()` (the host calls it on file events, saves and edits of other documents).
import * as path from 'node:path';
import { hash } from 'node:crypto';
import { Parser } from 'htmlparser2';
import {
  AttachmentGuard, conversionOptions, convertMarkdown, type DiagramConfig, diagramLookup, type DiagramLookup, type DocumentDiagnostic, type FileSystem, flavorOfSiteUrl,
  loadSecretIgnoreFile, nodeFileSystem, scanText, type SecretFinding, type SecretIgnoreList, storageToHtml,
  workspaceDocumentResolver,
} from '../../core';
import { editorFileSystem, type OpenDocument } from '../util/editorFileSystem';
import { blockPatch } from '../model/previewHtml';
import { OPEN_PLACEHOLDER, RESOURCE_PLACEHOLDER } from './placeholders';
import { canonicalBlocks, fastUpdate, type PageRender, type PreviewState, previewState, type RenderText } from './previewSections';

/** The workspace a document is converted in (what a publish of it would use). */
export interface EditorSite {
  root: string;
  spaceKey?: string;
  baseUrl?: string;
  codeLineNumbers?: boolean;
  docsRoot?: string;
}

export interface EditorJob {
  /** The document's text as the editor shows it. */
  text: string;
  /** Its path relative to `site.root`, with '/'. */
  rel: string;
  site: EditorSite;
  /** Unsaved text of other open Markdown documents, by absolute path (links to them see what the editor shows). */
  unsaved: Record<string, string>;
  /**
   * Preview only: answer with the blocks that changed since the last preview of the same `key` (the host holds the
   * rest; `fresh`: it holds nothing, answer every block), so a keystroke in a 1 MB page moves a few bytes between the threads, not the page.
   */
  incremental?: { key: string; fresh?: boolean };
  /**
   * Diagrams (issue 14): the host's renderers by id and languages (they name the render cache's entries; the worker
   * only reads the cache — the host renders what is missing, in its webview, and asks again).
   */
  diagrams?: EditorDiagrams;
}

/** What the worker needs to read the render cache: no renderer runs in the worker. */
export interface EditorDiagrams {
  renderers: Array<{ id: string; languages: readonly string[] }>;
  unavailable?: Record<string, string>;
  config?: DiagramConfig;
}

/** A diagram the cache lacks because the host has not rendered it yet (not a problem of the file). */
const NOT_RENDERED_YET = /renderer did not render it$/;

export interface PreviewResult {
  title: string;
  warnings: string[];
  /** The page body as its top-level HTML blocks, so the webview can swap only the blocks that changed. */
  blocks: string[];
  /** Set when `blocks` are a patch (incremental job): they replace `deleteCount` blocks at `start` of the previous answer. */
  patch?: { start: number; deleteCount: number };
  /** The conversion failed: this message (already without secrets is the host's job) instead of a body. */
  error?: string;
  /** Diagrams the render cache lacks: the host renders them and asks again. */
  diagramsPending?: boolean;
}

export interface CheckResult {
  warnings: DocumentDiagnostic[];
  secrets: SecretFinding[];
  /** Inside the docs root: a secret blocks the publish. */
  published: boolean;
  /** What failed (logged by the host at debug level). */
  failures: string[];
}


export class EditorWork {
  #resolvers = new Map<string, ReturnType<typeof workspaceDocumentResolver>>();
  #ignore = new Map<string, SecretIgnoreList | null>();
  #files: FileSystem;
  /** What the last preview of each incremental key was made of (its blocks are what the host holds). */
  readonly #last = new Map<string, { state: PreviewState; pending: boolean }>();
  /** Conversions of whole pages and of runs of sections (the fast path) the preview made (tests, benchmark). */
  readonly conversions = { pages: 0, runs: 0 };
  /** Workspace document resolvers built (each reads every document's title): tests. */
  resolversBuilt = 0;

  constructor(private readonly base: FileSystem = nodeFileSystem) {
    this.#files = cachedFileSystem(base);
  }

  /** Forget what was read of the workspace (a file changed on disk, was saved, or another open document was edited). */
  invalidate(): void {
    // links and images may resolve differently now: the next preview converts the whole page (and patches the host)
    for (const last of this.#last.values()) last.state = { ...last.state, context: '' };
    this.#resolvers.clear();
    this.#ignore.clear();
    this.#files = cachedFileSystem(this.base);
  }

  preview(job: EditorJob): PreviewResult {
    const fs = this.#fs(job);
    const { root, spaceKey, baseUrl, codeLineNumbers } = job.site;
    const resolveDocument = this.#resolver(job, fs);
    const render = (text: string, afterHeadings = false, run = true): PageRender => {
      this.conversions[run ? 'runs' : 'pages']++;
      const result = convertMarkdown(text, {
        path: job.rel,
        spaceKey,
        ...conversionOptions({ flavor: flavorOfSiteUrl(baseUrl), codeLineNumbers }),
        resolveDocument,
        diagrams: diagramsOf(job),
        afterHeadings,
        readFile: (p) => {
          try {
            return fs.readFile(path.join(root, p));
          } catch {
            return undefined;
          }
        },
      });
      const byName = new Map(result.attachments.map((a) => [a.name, a.path]));
      const body = storageToHtml(result.storage, {
        pageUrl: (pageTitle) => {
          const file = resolveDocument.byTitle.get(pageTitle);
          return file ? `${OPEN_PLACEHOLDER}${encodeURIComponent(file)}` : undefined;
        },
        commandPageLinks: true,
        attachmentUrl: (name: string) => {
          const p = byName.get(name);
          return p ? `${RESOURCE_PLACEHOLDER}${encodeURIComponent(p)}` : undefined;
        },
      });
      return { title: result.title, blocks: canonicalBlocks(topLevelBlocks(body)), warnings: result.warnings };
    };
    const key = job.incremental?.key;
    try {
      const last = key === undefined || job.incremental?.fresh ? undefined : this.#last.get(key);
      const context = contextOf(job);
      // A keystroke in a large page: convert only the sections it is in (previewSections.ts), when that is sure to
      // give what converting the page would. Diagrams the host has rendered since need the page converted again.
      const fast = last && !last.pending && last.state.context === context ? fastOrNothing(last.state, job.text, render) : undefined;
      if (fast && key !== undefined) {
        const out = resultOf(fast.state.page);
        // a diagram still to be rendered: the host renders it and asks again with the same text (then the page)
        this.#last.set(key, { state: fast.state, pending: !!out.diagramsPending });
        return { ...out, blocks: fast.patch.blocks, patch: { start: fast.patch.start, deleteCount: fast.patch.deleteCount } };
      }
      const page = render(job.text, false, false);
      const out = resultOf(page);
      if (key === undefined) return out;
      this.#last.set(key, { state: previewState(job.text, context, page), pending: !!out.diagramsPending });
      if (!last) return out;
      const { start, deleteCount, blocks: changed } = blockPatch(last.state.page.blocks, page.blocks);
      return { ...out, blocks: changed, patch: { start, deleteCount } };
    } catch (e) {
      if (key !== undefined) this.#last.delete(key);
      return { title: path.posix.basename(job.rel), warnings: [], blocks: [], error: e instanceof Error ? e.message : String(e) };
    }
  }

  async check(job: EditorJob): Promise<CheckResult> {
    const fs = this.#fs(job);
    const { root, spaceKey = '', baseUrl, docsRoot = '.' } = job.site;
    const out: CheckResult = { warnings: [], secrets: [], published: false, failures: [] };
    try {
      // The publish's attachment policy, minus git (this runs on every edit): refused links show in Problems.
      const guard = new AttachmentGuard({ root, git: false, fs });
      out.warnings = convertMarkdown(job.text, {
        path: job.rel,
        spaceKey,
        ...conversionOptions({ flavor: flavorOfSiteUrl(baseUrl) }),
        resolveDocument: this.#resolver(job, fs),
        readFile: guard.read,
        checkAttachment: guard.refusal,
        diagrams: diagramsOf(job),
      }).warnings.filter((w) => !(w.code === 'diagram-not-rendered' && job.diagrams && NOT_RENDERED_YET.test(w.message)));
    } catch (e) {
      out.failures.push(`converting ${job.rel} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      out.secrets = await scanText(job.text, job.rel, { ignore: this.#ignoreFile(root, fs, out.failures) });
      out.published = docsRoot === '.' || job.rel.startsWith(`${docsRoot.replace(/\/+$/, '')}/`);
    } catch (e) {
      out.failures.push(`secret scan of ${job.rel} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return out;
  }

  #fs(job: EditorJob): FileSystem {
    const docs: OpenDocument[] = Object.entries(job.unsaved).map(([fsPath, text]) => ({ isDirty: true, getText: () => text, uri: { scheme: 'file', fsPath } }));
    return docs.length ? editorFileSystem(() => docs, this.#files) : this.#files;
  }

  #resolver(job: EditorJob, fs: FileSystem): ReturnType<typeof workspaceDocumentResolver> {
    // Unsaved linked documents change what a link resolves to: a resolver per set of unsaved texts (typing in one
    // document while another is unsaved keeps using the same one; a 10,000-document workspace is not read per key).
    const key = `${job.site.root}\0${job.site.spaceKey ?? ''}\0${unsavedDigest(job)}`;
    let r = this.#resolvers.get(key);
    if (!r) {
      if (this.#resolvers.size >= 4) this.#resolvers.clear();
      this.#resolvers.set(key, (r = workspaceDocumentResolver(job.site.root, job.site.spaceKey ?? '', { fs })));
      this.resolversBuilt++;
    }
    return r;
  }

  #ignoreFile(root: string, fs: FileSystem, failures: string[]): SecretIgnoreList | undefined {
    if (!this.#ignore.has(root)) {
      try {
        this.#ignore.set(root, loadSecretIgnoreFile(root, fs) ?? null);
      } catch (e) {
        failures.push(`.confluence-secrets-ignore: ${e instanceof Error ? e.message : String(e)}`);
        this.#ignore.set(root, null);
      }
    }
    return this.#ignore.get(root) ?? undefined;
  }
}

/** The fast path, or undefined (the page is converted) also when converting a run alone failed. */
function fastOrNothing(state: PreviewState, text: string, render: RenderText): ReturnType<typeof fastUpdate> {
  try {
    return fastUpdate(state, text, render);
  } catch {
    return undefined;
  }
}

/** A page render as the host's answer: warnings as lines of text, diagrams the render cache lacks flagged. */
function resultOf(page: PageRender): PreviewResult {
  const pending = page.warnings.filter((w) => w.code === 'diagram-not-rendered' && NOT_RENDERED_YET.test(w.message));
  return {
    title: page.title,
    blocks: page.blocks,
    warnings: page.warnings.filter((w) => !pending.includes(w)).map((w) => `Line ${w.line}: ${w.message}`),
    diagramsPending: pending.length > 0 || undefined,
  };
}

/** Everything besides the text that a preview depends on: another context converts the whole page. */
function contextOf(job: EditorJob): string {
  return hash('sha256', JSON.stringify([job.rel, job.site, job.diagrams ?? null, unsavedDigest(job)]), 'hex');
}

const unsavedDigests = new WeakMap<EditorJob, string>();

/** A digest of the job's unsaved linked texts ('' without any), made once per job (resolver key and preview context). */
function unsavedDigest(job: EditorJob): string {
  let d = unsavedDigests.get(job);
  if (d === undefined) {
    const unsaved = Object.entries(job.unsaved).sort(([a], [b]) => (a < b ? -1 : 1));
    unsavedDigests.set(job, (d = unsaved.length ? hash('sha256', JSON.stringify(unsaved), 'hex') : ''));
  }
  return d;
}

/**
 * The render cache lookup of a job (read straight from disk, not through the cached file system: the host's renders
 * land there between two jobs). A syntax error the renderer found is a diagnostic on the diagram's line.
 */
function diagramsOf(job: EditorJob): DiagramLookup | undefined {
  const d = job.diagrams;
  if (!d) return undefined;
  const renderers = d.renderers.map((r) => ({ id: r.id, languages: r.languages, renderMany: () => Promise.reject(new Error('the editor worker does not render')) }));
  return diagramLookup({ root: job.site.root, fs: nodeFileSystem, config: d.config ?? {}, renderers, unavailable: { ...d.unavailable } });
}

/** Reads (bytes, text, stat, exists) remembered until the cache is dropped; writes go straight to `base`. */
export function cachedFileSystem(base: FileSystem): FileSystem {
  const memo = <T>(f: (p: string) => T): ((p: string) => T) => {
    const cache = new Map<string, { value?: T; error?: unknown }>();
    return (p) => {
      let hit = cache.get(p);
      if (!hit) {
        try {
          hit = { value: f(p) };
        } catch (error) {
          hit = { error };
        }
        cache.set(p, hit);
      }
      if ('error' in hit && hit.error !== undefined) throw hit.error;
      return hit.value as T;
    };
  };
  return {
    ...base,
    readFile: memo((p) => base.readFile(p)),
    // reads go through the memo: no read that bypasses it
    readFileWithStat: undefined,
    readText: memo((p) => base.readText(p)),
    exists: memo((p) => base.exists(p)),
    stat: memo((p) => base.stat(p)),
    lstat: memo((p) => base.lstat(p)),
    realpath: memo((p) => base.realpath(p)),
    list: memo((d) => base.list(d)),
  };
}

/**
 * The top-level blocks of an HTML fragment (each element at depth 0 with its content, and the text between them), in
 * order; joined they give the fragment back. One block for anything not well-formed (nothing is lost, the webview
 * then replaces the whole body).
 */
export function topLevelBlocks(html: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let last = 0;
  let broken = false;
  const parser: Parser = new Parser({
    onopentag() {
      if (depth === 0 && parser.startIndex > last) out.push(html.slice(last, parser.startIndex));
      if (depth === 0) last = parser.startIndex;
      depth++;
    },
    onclosetag(_name, implied) {
      depth--;
      if (depth < 0) broken = true;
      if (depth === 0) {
        // An implied close (an unclosed <p>) ends where the next tag starts: keep it with what follows instead.
        const end = implied ? parser.startIndex : parser.endIndex + 1;
        if (end > last) out.push(html.slice(last, end));
        last = end;
      }
    },
  }, { decodeEntities: false, recognizeSelfClosing: true });
  parser.end(html);
  if (broken || depth !== 0) return html ? [html] : [];
  if (last < html.length) out.push(html.slice(last));
  return out.join('') === html ? out : [html];
}
