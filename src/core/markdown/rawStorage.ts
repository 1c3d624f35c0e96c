import type MarkdownIt from 'markdown-it';
import { scanStorageXml } from '../storage/wellFormed';
import { warn, type RenderEnv } from './env';
import { addAttachment, resolveRelative } from './links';

/**
 * Storage format kept verbatim in Markdown: what an import could not express in Markdown comes back exactly.
 *
 * - a fenced block with the info string `confluence-storage`: its content is written to the page as it is;
 * - `<!--confluence-storage XML-->`: XML written as it is where the comment stands (the open and close tags of an
 *   element whose content is Markdown, such as a page layout, or a whole element with no visible text);
 * - `<!--confluence-storage XML-->text<!--/confluence-storage-->`: the XML replaces the text, which only shows the
 *   element to readers of the Markdown (a user mention, a status lozenge, a Jira issue).
 *
 * The storage side (`storage/toMarkdown`) writes these forms; this module reads them.
 */
export const STORAGE_FENCE_INFO = 'confluence-storage';
export const STORAGE_COMMENT_START = '<!--confluence-storage ';
export const STORAGE_STAND_IN_END = '<!--/confluence-storage-->';

const STORAGE_COMMENT = /^<!--confluence-storage ([\s\S]*)-->$/;
/** A line that starts with a storage comment followed by more text: inline content, not an HTML block. */
const INLINE_STORAGE_LINE = /^<!--confluence-storage (?:(?!-->)[\s\S])*-->[^\n]*\S/;

/** The XML of a storage comment, or undefined when the comment is something else. */
export function storageCommentXml(comment: string): string | undefined {
  return STORAGE_COMMENT.exec(comment)?.[1];
}

export function isStandInEnd(html: string): boolean {
  return html.trim() === STORAGE_STAND_IN_END;
}

/** In raw HTML after a storage comment ending at `from`: where its stand-in ends (`from` when there is none). */
export function standInEndInHtml(fragment: string, from: number): number {
  const end = fragment.indexOf(STORAGE_STAND_IN_END, from);
  const next = fragment.indexOf(STORAGE_COMMENT_START, from);
  return end >= 0 && (next < 0 || end < next) ? end + STORAGE_STAND_IN_END.length : from;
}

/** `<!--confluence-storage XML-->` (the XML must not contain "-->"). */
export function storageComment(xml: string): string {
  return `${STORAGE_COMMENT_START}${xml}-->`;
}

const ATTACHMENT_REF = /<ri:attachment\s+ri:filename="([^"]*)"\s*\/>/g;

/**
 * Writes kept storage XML: attachments of this page it names (`<ri:attachment ri:filename="x"/>`) are attached from
 * the document's folder, unless a file of that name is already attached (an image stand-in names its real path).
 */
export function rawStorage(env: RenderEnv, xml: string): string {
  env.rawStorage = true;
  if (!xml.includes('<ri:attachment')) return xml;
  for (const m of xml.matchAll(ATTACHMENT_REF)) {
    const name = decodeXmlAttribute(m[1]);
    if (env.attachmentNames.has(name) || [...env.attachments.values()].some((a) => a.name === name)) continue;
    const path = resolveRelative(env.dir, encodeURI(name));
    const data = path ? env.options.readFile?.(path) : undefined;
    if (path && data) {
      const attached = addAttachment(env, path, data);
      if (attached !== name) warn(env, 'attachment-renamed', `attachment "${name}" named in a confluence-storage block is uploaded as "${attached}" (another file has its name); the block still names "${name}"`);
    } else {
      warn(env, 'attachment-missing', `attachment "${name}" named in a confluence-storage block was not found next to the document${path ? ` (looked for ${path})` : ''}`);
    }
  }
  return xml;
}

function decodeXmlAttribute(value: string): string {
  return value.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (ref, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[name] ?? ref;
  });
}

/** A `confluence-storage` fenced block: the XML as it is, or a code block (with a warning) when it is not well-formed. */
export function storageFence(env: RenderEnv, code: string): string | undefined {
  const xml = code.endsWith('\n') ? code.slice(0, -1) : code;
  const scan = scanStorageXml(xml);
  if (scan.problem || scan.bareAmpersand) {
    const where = scan.problem ? `line ${scan.problem.line}: ${scan.problem.message}` : `line ${scan.bareAmpersand!.line}: "&" that starts no reference`;
    warn(env, 'storage-block-invalid', `the confluence-storage block is not well-formed XML (${where}); it is published as a code block until it is fixed`);
    return undefined;
  }
  return rawStorage(env, xml) + '\n';
}

/** After rendering: a page whose kept storage comments no longer pair up (an edit removed one) is not well-formed. */
export function checkRawStorage(env: RenderEnv, storage: string): void {
  if (!env.rawStorage) return;
  const scan = scanStorageXml(storage);
  if (!scan.problem) return;
  const open = scan.problem.openElements.length ? ` (open: ${scan.problem.openElements.join(' > ')})` : '';
  warn(env, 'storage-comment-invalid', `the confluence-storage comments of this document do not make well-formed storage: ${scan.problem.message}${open}; Confluence will refuse the page until the comments pair up again`, 1);
}

/**
 * A storage comment followed by text on its line is inline content (a paragraph starting with a mention), not an
 * HTML block, and a storage comment never interrupts a paragraph: wraps markdown-it's html_block rule.
 */
export function storageCommentBlocks(md: MarkdownIt.MarkdownIt): void {
  type BlockRule = (state: MarkdownIt.StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;
  const rules = (md.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule }[] }).__rules__;
  const original = rules.find((r) => r.name === 'html_block')?.fn;
  if (!original) return;
  const wrapped: BlockRule = (state, startLine, endLine, silent) => {
    const pos = state.bMarks[startLine] + state.tShift[startLine];
    if (state.src.startsWith(STORAGE_COMMENT_START, pos)) {
      if (silent) return false;
      if (INLINE_STORAGE_LINE.test(state.src.slice(pos, state.eMarks[startLine]))) return false;
    }
    return original(state, startLine, endLine, silent);
  };
  md.block.ruler.at('html_block', wrapped, { alt: ['paragraph', 'reference', 'blockquote'] });
}
