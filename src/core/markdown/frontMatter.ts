import { isMap, isScalar, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { DocumentError } from '../diagnostics';
import type { FrontMatter } from './types';

export interface ParsedFrontMatter {
  frontMatter: FrontMatter;
  /** The Markdown after the front matter block (the whole source when there is none). */
  body: string;
  /** 1-based line of the source where `body` starts. */
  bodyStartLine: number;
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;
const FIRST_KEY = /^(?:\s*#.*\n)*\s*(?:[A-Za-z_][\w.-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:\s|$)/;

/**
 * Splits a leading YAML front matter block (`---` ... `---`) from the body and checks the keys we use.
 * A `---` first line without a closing fence, or a block that does not start with `key:`, is Markdown, not front matter.
 * Throws DocumentError `front-matter-invalid` (with the file line) on YAML errors or wrong value types.
 */
export function parseFrontMatter(source: string, file: string): ParsedFrontMatter {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const open = OPEN.exec(text);
  if (!open) return { frontMatter: {}, body: text, bodyStartLine: 1 };
  let pos = open[0].length;
  let line = 2;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const lineText = text.slice(pos, end).replace(/\r$/, '');
    if (CLOSE.test(lineText)) {
      const yamlText = text.slice(open[0].length, pos);
      // `---` / text / `---` is also Markdown (a rule and a setext heading): front matter starts with `key:`
      if (yamlText.trim() !== '' && !FIRST_KEY.test(yamlText)) break;
      const frontMatter = parseYaml(yamlText, file);
      return { frontMatter, body: nl < 0 ? '' : text.slice(nl + 1), bodyStartLine: line + 1 };
    }
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  return { frontMatter: {}, body: text, bodyStartLine: 1 };
}

// The planner scans every document (titles) and then converts it: the same front matter is parsed twice in a row.
// A small cache of successful parses keyed by the YAML text avoids the second parse; callers get a copy.
const cache = new Map<string, FrontMatter>();
const CACHE_SIZE = 256;

function parseYaml(yamlText: string, file: string): FrontMatter {
  const cached = cache.get(yamlText);
  if (cached) return structuredClone(cached);
  const parsed = parseYamlUncached(yamlText, file);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(yamlText, parsed);
  return structuredClone(parsed);
}

function parseYamlUncached(yamlText: string, file: string): FrontMatter {
  // The YAML starts on line 2 of the file (line 1 is the opening fence).
  const fail = (line: number | undefined, message: string): never => {
    throw new DocumentError(file, line, 'front-matter-invalid', `invalid front matter: ${message}`);
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    return fail(2, (err as Error).message);
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    // the error's start offset, counted from the first YAML line (line 2 of the file)
    const line = lineAt(yamlText, err.pos?.[0] ?? 0);
    // yaml's own "at line 2, column 1" counts from the front matter; we give the file line instead
    const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '');
    return fail(line, `${message} (fix the YAML between the --- lines)`);
  }
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) return fail(2, 'expected `key: value` pairs between the --- lines');
  const lineOf = (node: YamlNode | null | undefined): number => lineAt(yamlText, node?.range?.[0] ?? 0);
  const data = doc.toJS() as Record<string, unknown>;
  const keyNode = (key: string): YamlNode | undefined => {
    for (const pair of doc.contents && isMap(doc.contents) ? doc.contents.items : []) {
      if (isScalar(pair.key) && pair.key.value === key) return pair.key as YamlNode;
    }
    return undefined;
  };
  const out: FrontMatter = { ...data };
  for (const key of ['title', 'parent', 'space'] as const) {
    const v = data[key];
    if (v === undefined || v === null) {
      delete out[key];
      continue;
    }
    if (typeof v !== 'string' && typeof v !== 'number') fail(lineOf(keyNode(key)), `\`${key}\` must be a text value`);
    out[key] = String(v).trim();
    if (out[key] === '') fail(lineOf(keyNode(key)), `\`${key}\` must not be empty`);
  }
  if (data.page_id !== undefined && data.page_id !== null) {
    const v = data.page_id;
    if ((typeof v !== 'string' && typeof v !== 'number') || !/^\d+$/.test(String(v).trim())) {
      fail(lineOf(keyNode('page_id')), '`page_id` must be the numeric id of a Confluence page');
    }
    out.page_id = String(v).trim();
  }
  if (data.publish !== undefined && data.publish !== null) {
    if (typeof data.publish !== 'boolean') fail(lineOf(keyNode('publish')), '`publish` must be true or false');
  }
  if (data.labels !== undefined && data.labels !== null) {
    const v = data.labels;
    const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : undefined;
    if (!list || list.some((l) => typeof l !== 'string' && typeof l !== 'number')) {
      fail(lineOf(keyNode('labels')), '`labels` must be a list of words (or a comma-separated text)');
    }
    out.labels = normaliseLabels((list as unknown[]).map(String));
  }
  return out;
}

function lineAt(yamlText: string, offset: number): number {
  let line = 2;
  for (let i = 0; i < offset && i < yamlText.length; i++) if (yamlText.charCodeAt(i) === 10) line++;
  return line;
}

/** Confluence labels are lower case and cannot contain spaces. */
export function normaliseLabels(labels: string[]): string[] {
  const seen = new Set<string>();
  for (const l of labels) {
    const label = l.trim().toLowerCase().replace(/\s+/g, '-');
    if (label) seen.add(label);
  }
  return [...seen];
}
