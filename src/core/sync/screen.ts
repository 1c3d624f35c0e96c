/**
 * Secret screening of everything a document contributes to Confluence besides its body: its title (front matter,
 * H1 or file name), labels and every other front matter value, and its path (which becomes the mapping key, the
 * property and the report line). Runs on every document before any page is built, so that a document with a
 * finding ("withheld") contributes nothing to other pages: not its title to its folder page's list, not its title to
 * links from other documents, and plans and reports show only its path and the rule ids.
 */
import { inBatches } from './eventLoop';
import type { SecretFinding } from '../secrets/types';
import { removeNode, type LocalModel, type LocalNode } from './local';
import type { PlanItem } from './types';

/** Shown instead of the title of a withheld document, everywhere a title would be shown. */
export const WITHHELD_TITLE = '(title withheld: likely secret)';

export type Scan = (text: string, file: string) => Promise<SecretFinding[]>;

export interface ScreenInput {
  file: string;
  source: string;
  /** The page title as the document gives it (before cleaning). */
  title: string;
  frontMatter?: Record<string, unknown>;
}

/**
 * Findings of the body, and of title/front matter values as parsed (YAML escapes, entities in an H1 can hide a
 * secret from the body scan); the latter are reported at the line of their front matter key (1 for an H1 title).
 */
export async function screenDocument(doc: ScreenInput, scan: Scan): Promise<SecretFinding[]> {
  const body = await scan(doc.source, doc.file);
  const fields = fieldLines(doc);
  if (fields.length === 0) return body;
  const seen = new Set(body.map((f) => f.fingerprint));
  const found = await scan(fields.map((f) => fieldText(f.key, f.value)).join('\n'), doc.file);
  const extra = found
    .filter((f) => !seen.has(f.fingerprint))
    .map((f) => ({ ...f, line: fields[f.line - 1]?.line ?? 1, column: 1, endColumn: undefined, message: `${f.message} (in the ${fields[f.line - 1]?.key ?? 'title'})` }));
  return [...body, ...extra].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * A title or front matter value as it is scanned: `key: value`, whitespace folded to single spaces. `confluence status`
 * scans titles the same way, so a title a plan found clean is not scanned again (clean-scan memo).
 */
export function fieldText(key: string, value: string): string {
  return `${key}: ${value.replace(/\s+/g, ' ')}`;
}

function fieldLines(doc: ScreenInput): Array<{ key: string; value: string; line: number }> {
  const out: Array<{ key: string; value: string; line: number }> = [];
  const lineOf = (key: string) => {
    const m = new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'm').exec(doc.source);
    return m ? doc.source.slice(0, m.index).split('\n').length : 1;
  };
  const add = (key: string, value: unknown, line: number) => {
    if (typeof value === 'string' || typeof value === 'number') {
      const v = String(value).replace(/\s+/g, ' ');
      if (v.trim()) out.push({ key, value: v, line });
    } else if (Array.isArray(value)) {
      for (const v of value) add(key, v, line);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${key}.${k}`, v, line);
    }
  };
  add('title', doc.title, doc.frontMatter && 'title' in doc.frontMatter ? lineOf('title') : 1);
  for (const [k, v] of Object.entries(doc.frontMatter ?? {})) if (k !== 'title') add(k, v, lineOf(k));
  return out;
}

/** Findings in a path: its name would be shown and recorded (mapping key, page property), so it is a secret too. */
export async function screenPath(path: string, scan: Scan): Promise<SecretFinding[]> {
  return scan(path, path);
}

/** The path with every finding's characters masked, for the only line that may name such a document. */
export function redactPath(path: string, findings: SecretFinding[]): string {
  let out = path;
  for (const f of [...findings].sort((a, b) => b.column - a.column)) {
    const start = f.column - 1;
    const end = f.endColumn ? f.endColumn - 1 : path.length;
    out = out.slice(0, start) + '*'.repeat(Math.max(4, Math.min(16, end - start))) + out.slice(end);
  }
  return out;
}

/**
 * Removes what withheld documents would show in a plan: their titles (also as parent titles and inside other
 * items' reasons) and their converter warnings (they quote the document).
 */
export function scrubPlanItems(items: PlanItem[], withheld: Map<string, string>): void {
  if (withheld.size === 0) return;
  const titles = [...new Set(withheld.values())].filter((t) => t.trim().length >= 3).sort((a, b) => b.length - a.length);
  const scrub = (s: string | undefined) => {
    if (!s) return s;
    for (const t of titles) s = s.split(t).join(WITHHELD_TITLE);
    return s;
  };
  for (const item of items) {
    const own = withheld.has(item.file);
    const child = item.parentFile !== undefined && withheld.has(item.parentFile);
    if (own) {
      item.title = WITHHELD_TITLE;
      item.diagnostics = undefined;
    }
    if (child) item.parentTitle = WITHHELD_TITLE;
    if (own || child) item.reason = scrub(item.reason);
  }
}

/**
 * Screens every node of a local model (titles known, nothing converted): document findings go on the node (it is
 * then withheld from every other page); a node whose path holds a secret leaves the model entirely and is listed in
 * `pathWithheld` under its masked path.
 */
export async function screenNodes(model: LocalModel, scan: Scan): Promise<void> {
  const one = async (node: LocalNode) => {
    const inPath = node.isRoot ? [] : await screenPath(node.key, scan);
    if (inPath.length) {
      model.pathWithheld.push({ key: node.key, display: redactPath(node.key, inPath), findings: inPath });
      return;
    }
    if (!node.file || node.source === undefined) return;
    const findings = await screenDocument({ file: node.file, source: node.source, title: node.rawTitle ?? node.title, frontMatter: node.frontMatter }, scan);
    if (findings.length) node.findings = findings;
  };
  // in batches, with a turn for the event loop between them when the work took long (10,000 documents)
  await inBatches(model.nodes.values(), one);
  for (const w of model.pathWithheld) {
    const node = model.nodes.get(w.key);
    if (node) removeNode(model.nodes, model.order, node);
  }
  model.pathWithheld.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Plan items for documents whose path holds a secret: blocked, named only by the masked path and the rule ids. */
export function withheldPlanItems(model: LocalModel): PlanItem[] {
  return model.pathWithheld.map((w) => ({
    file: w.display,
    kind: w.key.endsWith('/') ? 'folder' : 'document',
    action: 'blocked',
    code: 'secret-in-path',
    title: WITHHELD_TITLE,
    findings: w.findings.map((f) => ({ ...f, file: w.display })),
    reason: `its path contains a likely secret (${[...new Set(w.findings.map((f) => f.rule))].join(', ')}); it is never published, not even with --allow-secrets: rename the file or folder (or add the fingerprint to .confluence-secrets-ignore if it is not a secret)`,
  }));
}
