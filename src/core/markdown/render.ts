import type MarkdownIt from 'markdown-it';
import { diagramLanguage } from '../diagrams/keys';
import { diagramStorage } from './diagramBlocks';
import { dialectRules } from './dialects';
import { warn, type RenderEnv } from './env';
import { confluenceLanguage } from './languages';
import { resolveImage, resolveLink } from './links';
import type { PanelMeta } from './plugins/panels';
import { closeTo, convertHtml, flushExpand } from './rawHtml';
import { isStandInEnd, rawStorage, storageCommentXml, storageFence, STORAGE_FENCE_INFO } from './rawStorage';
import {
  anchorMacro, codeMacro, imageStorage, linkClose, linkOpen, MACRO_CLOSE, macroOpen, plainLink, TOC_MACRO,
} from './storage';
import { escapeXml, numericReferences } from './xml';

type Token = MarkdownIt.Token;
type Rule = MarkdownIt.RendererRule;
type Options = Required<MarkdownIt.MarkdownItOptions>;

/** `title="x"` / `title=x` in a fence info string (after the language). */
const INFO_TITLE = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/;
const INFO_LINENUMBERS = /(?:^|\s)(?:linenumbers|linenos|showLineNumbers)(?:=(true|false))?(?:\s|$)/i;
const WIDTH_SUFFIX = /^\{\s*width\s*=\s*"?(\d+)(?:px)?"?\s*\}/;

function fenceMacro(info: string, code: string, env: RenderEnv): string {
  const trimmed = info.trim();
  const lang = trimmed.split(/\s+/, 1)[0] ?? '';
  const rest = trimmed.slice(lang.length);
  const t = INFO_TITLE.exec(rest);
  const title = t ? (t[1] ?? t[2] ?? t[3]) : undefined;
  const ln = INFO_LINENUMBERS.exec(rest);
  const lineNumbers = ln ? ln[1] !== 'false' : (env.options.codeLineNumbers ?? false);
  const language = confluenceLanguage(lang.replace(/^\{?\.?|\}$/g, ''), env.codeLanguages);
  return codeMacro(language, title, lineNumbers, code.endsWith('\n') ? code.slice(0, -1) : code);
}

function cellAlign(token: Token): string | undefined {
  const style = String(token.attrGet('style') ?? '');
  // left is the default: only centre and right are written
  return /text-align:\s*(center|right)/.exec(style)?.[1];
}

/** Plain text of inline tokens (used for plain link bodies and image alt text). */
export function inlineText(tokens: Token[] | null): string {
  let s = '';
  for (const t of tokens ?? []) {
    if (t.type === 'text' || t.type === 'code_inline' || t.type === 'entity') s += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') s += ' ';
    else if (t.type === 'image') s += inlineText(t.children);
  }
  return s;
}

function renderLink(tokens: Token[], idx: number, options: Options, env: RenderEnv, self: MarkdownIt.Renderer): [string, number] {
  let close = idx + 1;
  let plain = true;
  for (; close < tokens.length && tokens[close].type !== 'link_close'; close++) {
    const type = tokens[close].type;
    if (type !== 'text' && type !== 'softbreak' && type !== 'entity') plain = false;
  }
  const link = resolveLink(env, String(tokens[idx].attrGet('href') ?? ''));
  const inner = tokens.slice(idx + 1, close);
  if (plain) {
    for (const t of inner) if (t.type === 'softbreak') env.line++;
    return [plainLink(link, inlineText(inner).replace(/[ \t]+/g, ' ')), close];
  }
  return [linkOpen(link) + renderInlineTokens(inner, options, env, self) + linkClose(link), close];
}

/** Index of the `<!--/confluence-storage-->` closing the stand-in that starts after `from`, or -1 when there is none. */
function standInEnd(tokens: Token[], from: number): number {
  for (let j = from + 1; j < tokens.length; j++) {
    if (tokens[j].type !== 'html_inline') continue;
    if (isStandInEnd(tokens[j].content)) return j;
    if (storageCommentXml(tokens[j].content) !== undefined) return -1;
  }
  return -1;
}

/** Skipped stand-in text still counts lines, and an image in it (of an image kept verbatim) is attached. */
function skipStandIn(tokens: Token[], env: RenderEnv): void {
  for (const t of tokens) {
    if (t.type === 'softbreak' || t.type === 'hardbreak') env.line++;
    if (t.type === 'image') resolveImage(env, String(t.attrGet('src') ?? ''));
  }
}

function renderInlineTokens(tokens: Token[], options: Options, env: RenderEnv, self: MarkdownIt.Renderer): string {
  const rules = self.rules;
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'softbreak' || t.type === 'hardbreak') env.line++;
    if (t.type === 'html_inline') {
      const xml = storageCommentXml(t.content);
      if (xml !== undefined) {
        out += rawStorage(env, xml);
        const end = standInEnd(tokens, i);
        if (end >= 0) {
          skipStandIn(tokens.slice(i + 1, end), env);
          i = end;
        }
        continue;
      }
    }
    if (t.type === 'link_open') {
      const [html, end] = renderLink(tokens, i, options, env, self);
      out += html;
      i = end;
      continue;
    }
    if (t.type === 'image') {
      const next = tokens[i + 1];
      const m = next?.type === 'text' ? WIDTH_SUFFIX.exec(next.content) : null;
      if (m) next.content = next.content.slice(m[0].length);
      const image = resolveImage(env, String(t.attrGet('src') ?? ''));
      out += imageStorage(image, inlineText(t.children) || undefined, (t.attrGet('title') as string | null) ?? undefined, m?.[1]);
      continue;
    }
    const rule = rules[t.type];
    out += rule ? rule(tokens, i, options, env, self) : self.renderToken(tokens, i, options);
  }
  return out;
}

const rules: Record<string, Rule> = {
  // runs of spaces collapse when displayed; writing one keeps Markdown -> storage -> Markdown stable
  text: (tokens, idx) => {
    const content = tokens[idx].content;
    return escapeXml(content.includes('  ') || content.includes('\t') ? content.replace(/[ \t]+/g, ' ') : content);
  },
  code_inline: (tokens, idx) => `<code>${escapeXml(tokens[idx].content)}</code>`,
  // a character reference written in the Markdown (see plugins/entities.ts)
  entity: (tokens, idx) => numericReferences(tokens[idx].content),
  // Confluence treats a newline inside a paragraph as a space; writing the space keeps round trips stable
  softbreak: () => ' ',
  hardbreak: () => '<br />',
  s_open: () => '<del>',
  s_close: () => '</del>',
  html_inline: (tokens, idx, _o, e) => {
    const env = e as RenderEnv;
    return convertHtml(tokens[idx].content, env, { inline: true, stack: env.inlineStack, base: env.inlineBase });
  },
  html_block: (tokens, idx, _o, e) => {
    const env = e as RenderEnv;
    const base = env.htmlMarks.length > 0 ? env.htmlMarks[env.htmlMarks.length - 1] : 0;
    return convertHtml(tokens[idx].content, env, { inline: false, stack: env.htmlStack, base });
  },
  fence: (tokens, idx, _o, e) => {
    const t = tokens[idx];
    const diagram = diagramLanguage(t.info);
    const image = diagram ? diagramStorage(e as RenderEnv, { language: diagram, source: t.content }) : undefined;
    if (image) return image;
    const raw = t.info.trim() === STORAGE_FENCE_INFO ? storageFence(e as RenderEnv, t.content) : undefined;
    return raw ?? fenceMacro(t.info, t.content, e as RenderEnv);
  },
  code_block: (tokens, idx, _o, e) => fenceMacro('', tokens[idx].content, e as RenderEnv),
  toc: () => TOC_MACRO,
  heading_open: (tokens, idx, _o, e) => {
    const t = tokens[idx];
    if (t.hidden) return '';
    const anchor = (e as RenderEnv).options.headingAnchorMacros && t.meta?.anchor;
    return `<${t.tag}>${anchor ? anchorMacro(String(anchor)) : ''}`;
  },
  heading_close: (tokens, idx) => (tokens[idx].hidden ? '' : `</${tokens[idx].tag}>\n`),
  blockquote_open: (tokens, idx, options, _env, self) => {
    const meta = tokens[idx].meta as unknown as PanelMeta | undefined;
    return meta?.panel ? macroOpen(meta.panel, meta.title) : self.renderToken(tokens, idx, options);
  },
  blockquote_close: (tokens, idx, options, _env, self) =>
    (tokens[idx].meta as unknown as PanelMeta | undefined)?.panel ? MACRO_CLOSE : self.renderToken(tokens, idx, options),
  panel_open: (tokens, idx) => {
    const meta = tokens[idx].meta as unknown as PanelMeta;
    return macroOpen(meta.panel, meta.title);
  },
  panel_close: () => MACRO_CLOSE,
  bullet_list_open: (tokens, idx, options, _env, self) =>
    tokens[idx].meta?.taskList ? '<ac:task-list>\n' : self.renderToken(tokens, idx, options),
  bullet_list_close: (tokens, idx, options, _env, self) =>
    tokens[idx].meta?.taskList ? '</ac:task-list>\n' : self.renderToken(tokens, idx, options),
  list_item_open: (tokens, idx, options, _env, self) => {
    const status = tokens[idx].meta?.task as string | undefined;
    return status ? `<ac:task>\n<ac:task-status>${status}</ac:task-status>\n<ac:task-body>` : self.renderToken(tokens, idx, options);
  },
  list_item_close: (tokens, idx, options, _env, self) =>
    tokens[idx].meta?.task ? '</ac:task-body>\n</ac:task>\n' : self.renderToken(tokens, idx, options),
  // Tables: Confluence keeps all rows in <tbody>; the header row is <th> cells. Alignment sits on the cell's
  // paragraph, the way the Confluence editor stores it.
  table_open: () => '<table><tbody>\n',
  table_close: () => '</tbody></table>\n',
  thead_open: () => '',
  thead_close: () => '',
  tbody_open: () => '',
  tbody_close: () => '',
  th_open: (tokens, idx) => {
    const align = cellAlign(tokens[idx]);
    return align ? `<th><p style="text-align: ${align};">` : '<th>';
  },
  th_close: (tokens, idx) => (cellAlign(tokens[idx - 2]) ? '</p></th>' : '</th>'),
  td_open: (tokens, idx) => {
    const align = cellAlign(tokens[idx]);
    return align ? `<td><p style="text-align: ${align};">` : '<td>';
  },
  td_close: (tokens, idx) => (cellAlign(tokens[idx - 2]) ? '</p></td>' : '</td>'),
  // Footnotes: numbered references linking to anchors in a list at the end of the page.
  footnote_ref: (tokens, idx) => {
    const n = Number(tokens[idx].meta?.id) + 1;
    return `<sup><ac:link ac:anchor="fn-${n}"><ac:plain-text-link-body><![CDATA[${n}]]></ac:plain-text-link-body></ac:link></sup>`;
  },
  footnote_block_open: () => '<ol class="footnotes">\n',
  footnote_block_close: () => '</ol>\n',
  footnote_open: (tokens, idx) => `<li>${anchorMacro(`fn-${Number(tokens[idx].meta?.id) + 1}`)}`,
  footnote_close: () => '</li>\n',
  footnote_anchor: () => '',
};

/** Installs the storage-format renderer on a markdown-it instance. */
export function storageRendererPlugin(md: MarkdownIt.MarkdownIt): void {
  Object.assign(md.renderer.rules, rules, dialectRules);
  const renderer = md.renderer;

  renderer.renderInline = function (tokens, options, e) {
    const env = e as RenderEnv;
    const base = env.inlineStack.length;
    const outerBase = env.inlineBase;
    env.inlineBase = base;
    const out = renderInlineTokens(tokens, options, env, this);
    env.inlineBase = outerBase;
    return out + closeTo(env.inlineStack, base);
  };

  renderer.render = function (tokens, options, e) {
    const env = e as RenderEnv;
    let out = '';
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.map) env.line = t.map[0] + 1;
      if (env.pendingExpand && t.type !== 'html_block') out += flushExpand(env);
      if (t.block && t.nesting === -1) out += closeTo(env.htmlStack, env.htmlMarks.pop() ?? 0);
      if (t.type === 'inline') out += this.renderInline(t.children ?? [], options, env);
      else {
        const rule = this.rules[t.type];
        out += rule ? rule(tokens, i, options, env, this) : this.renderToken(tokens, i, options);
      }
      if (t.block && t.nesting === 1) env.htmlMarks.push(env.htmlStack.length);
    }
    if (env.pendingExpand) out += flushExpand(env);
    if (env.skipUntil) {
      warn(env, 'html-unsupported', `<${env.skipUntil}> is never closed; its content was removed`);
      env.skipUntil = undefined;
    }
    return out + closeTo(env.htmlStack, 0);
  };
}
