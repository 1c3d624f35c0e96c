import type TurndownService from 'turndown';
import { STORAGE_STAND_IN_END, storageComment } from '../../markdown/rawStorage';
import { type ConvertContext, esc } from './context';

// Tables: GitHub tables when every cell is one line of inline content, the first row is the header row (all <th>) and
// no cell spans rows or columns; otherwise an HTML table whose cells are either HTML the converter maps back tag for
// tag, or Markdown between blank lines (lists, code, panels in cells).

type Cell = HTMLElement;

/** A table cell on one line; a "|" (e.g. in inline code, which turndown does not escape) would end the cell. */
function cellText(content: string): string {
  return content.trim().replace(/\n+/g, '<br>').replace(/(?<!\\)\|/g, '\\|');
}

const INLINE = new Set(['#text', 'STRONG', 'EM', 'CODE', 'U', 'SUB', 'SUP', 'DEL', 'BR', 'A', 'IMG', 'SPAN']);
/** Tags the raw HTML converter maps back to the same storage tag (src/core/markdown/rawHtml.ts). */
const HTML_SAFE = new Set(['STRONG', 'EM', 'CODE', 'U', 'SUB', 'SUP', 'DEL', 'BR', 'P', 'UL', 'OL', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE']);
const HTML_BLOCK = new Set(['P', 'UL', 'OL', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE']);

function isInlineNode(n: ChildNode): boolean {
  if (n.nodeType === 3) return true;
  if (n.nodeType !== 1) return true;
  const el = n as HTMLElement;
  if (el.nodeName === 'DIV' || el.nodeName === 'PRE') return false;
  return INLINE.has(el.nodeName) && Array.from(el.childNodes).every(isInlineNode);
}

/** The cell holds one line of inline content (directly or in one paragraph). */
function isInlineCell(cell: Cell): boolean {
  const kids = Array.from(cell.childNodes).filter((n) => !(n.nodeType === 3 && !(n.textContent ?? '').trim()));
  if (kids.length === 1 && kids[0].nodeName === 'P') return Array.from(kids[0].childNodes).every(isInlineNode);
  return kids.every(isInlineNode);
}

function alignOf(cell: Cell | undefined): string | null {
  const align = cell?.querySelector('[data-cf-align]')?.getAttribute('data-cf-align') ?? cell?.getAttribute('data-cf-align') ?? null;
  return align === 'left' ? null : align;
}

function gfmTable(td: TurndownService, matrix: Cell[][], width: number): string | undefined {
  const header = matrix[0];
  if (header.length !== width || header.some((c) => c.nodeName !== 'TH')) return undefined;
  const aligns = header.map(alignOf);
  for (const row of matrix) {
    if (row.length !== width) return undefined;
    for (const [i, cell] of row.entries()) {
      if (cell.hasAttribute('colspan') || cell.hasAttribute('rowspan') || !isInlineCell(cell)) return undefined;
      if (row !== header && cell.nodeName === 'TH') return undefined;
      if (alignOf(cell) !== aligns[i] && (row !== header || cell.textContent?.trim())) return undefined;
    }
  }
  const rendered: string[][] = [];
  for (const row of matrix) {
    const cells = Array.from({ length: width }, (_, i) => (row[i] ? td.turndown(row[i].innerHTML) : ''));
    // a kept storage comment spanning lines cannot sit in a one-line cell
    if (cells.some((c) => /<!--confluence-storage (?:(?!-->)[^])*\n/.test(c))) return undefined;
    rendered.push(cells.map(cellText));
  }
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const out = [line(rendered[0])];
  out.push(line(aligns.map((a) => (a === 'center' ? ':-:' : a === 'right' ? '--:' : '---'))));
  for (const row of rendered.slice(1)) out.push(line(row));
  return `\n\n${out.join('\n')}\n\n`;
}

/** The cell's content as HTML the raw HTML converter maps back tag for tag, or undefined when it cannot be. */
function safeHtml(nodes: ChildNode[], ctx: ConvertContext): string | undefined {
  let out = '';
  const hasBlock = nodes.some((n) => HTML_BLOCK.has(n.nodeName));
  for (const n of nodes) {
    if (n.nodeType === 3) {
      const text = (n.textContent ?? '').replace(/\s+/g, ' ');
      if (!(hasBlock && !text.trim())) out += esc(text);
      continue;
    }
    if (n.nodeType !== 1) continue;
    const el = n as HTMLElement;
    const raw = el.getAttribute('data-cf-raw');
    if (el.nodeName === 'SPAN' && raw !== null) {
      const entry = ctx.raws[Number(raw)];
      if (entry.kind !== 'element' || /\n\s*\n/.test(entry.xml)) return undefined;
      out += `${storageComment(entry.xml)}${esc((el.textContent ?? '').replace(/\s+/g, ' '))}${STORAGE_STAND_IN_END}`;
      continue;
    }
    if (!HTML_SAFE.has(el.nodeName) || (el.attributes.length > 0 && !(el.nodeName === 'OL' && el.attributes.length === 1 && el.hasAttribute('start')))) return undefined;
    const tag = el.nodeName.toLowerCase();
    if (tag === 'br') {
      out += '<br>';
      continue;
    }
    const inner = safeHtml(Array.from(el.childNodes), ctx);
    if (inner === undefined) return undefined;
    out += `<${tag}${el.hasAttribute('start') ? ` start="${esc(el.getAttribute('start')!)}"` : ''}>${inner}</${tag}>`;
  }
  return out;
}

function htmlTable(td: TurndownService, matrix: Cell[][], ctx: ConvertContext): string {
  const lines = ['<table>'];
  let lostAlign = false;
  for (const row of matrix) {
    lines.push('<tr>');
    for (const cell of row) {
      const tag = cell.nodeName.toLowerCase();
      let attrs = '';
      for (const name of ['colspan', 'rowspan']) if (cell.hasAttribute(name)) attrs += ` ${name}="${esc(cell.getAttribute(name)!)}"`;
      if (alignOf(cell)) lostAlign = true;
      const html = safeHtml(Array.from(cell.childNodes), ctx);
      if (html !== undefined && !html.includes('\n')) lines.push(`<${tag}${attrs}>${html}</${tag}>`);
      else lines.push(`<${tag}${attrs}>\n\n${td.turndown(cell.innerHTML).trim()}\n\n</${tag}>`);
    }
    lines.push('</tr>');
  }
  lines.push('</table>');
  if (lostAlign) ctx.report('table', 'cell alignment dropped (only a GitHub table, with a header row and one line per cell, keeps it)', false);
  return `\n\n${lines.join('\n')}\n\n`;
}

export function tableMarkdown(td: TurndownService, table: HTMLElement, ctx: ConvertContext): string {
  const rows = Array.from(table.querySelectorAll('tr')).filter((r) => r.closest('table') === table);
  if (rows.length === 0) return '';
  const matrix = rows.map((r) => Array.from(r.children).filter((c) => c.nodeName === 'TH' || c.nodeName === 'TD') as Cell[]);
  const width = Math.max(...matrix.map((r) => r.length));
  if (width === 0) return '';
  return gfmTable(td, matrix, width) ?? htmlTable(td, matrix, ctx);
}
