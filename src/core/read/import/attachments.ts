import { createHash } from 'node:crypto';
import type { Attachment, ConfluenceApi } from '../../confluence/types';
import { attachmentRefusal } from '../../files/attachmentPolicy';
import type { FetchedPage, ImportReport } from './types';

/** An attachment to write: where, which bytes (after the secret pass), and for which page. */
export interface PlannedAttachment {
  pageId: string;
  /** The attachment's name in Confluence. */
  name: string;
  /** Workspace-relative file it is written to (or, when shared, that another page's file already holds). */
  file: string;
  data?: Uint8Array;
  hash?: string;
  size: number;
  shared?: boolean;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/**
 * A portable local name for an attachment, as close to its Confluence name as possible (the forward converter
 * uploads a file under its own name, so an unchanged name keeps the same attachment).
 */
export function localAttachmentName(name: string): string {
  let safe = name.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_').replace(/[. ]+$/, '');
  if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
  if (Buffer.byteLength(safe) > 120) {
    const dot = safe.lastIndexOf('.');
    const ext = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : '';
    let stem = '';
    for (const ch of safe.slice(0, safe.length - ext.length)) {
      if (Buffer.byteLength(stem + ch) > 100) break;
      stem += ch;
    }
    safe = `${stem}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}${ext}`;
  }
  return safe || `attachment-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** Which attachments of a page are imported, under which names; the others are skipped with the reason. */
export function chooseAttachments(fp: FetchedPage, assets: string, skipped: ImportReport['skipped']): Array<{ att: Attachment; file: string }> {
  const used = new Set<string>();
  const out: Array<{ att: Attachment; file: string }> = [];
  for (const att of [...fp.attachments].sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0))) {
    const refusal = attachmentRefusal(`${assets}/${att.title}`);
    if (refusal) {
      skipped.push({ pageId: fp.page.id, title: fp.page.title, attachment: att.title, reason: `${refusal}; links to it keep its Confluence URL` });
      continue;
    }
    let name = localAttachmentName(att.title);
    if (used.has(name.toLowerCase())) {
      const dot = name.lastIndexOf('.');
      const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
      let n = 2;
      while (used.has(`${stem}-${n}${ext}`.toLowerCase())) n++;
      name = `${stem}-${n}${ext}`;
    }
    used.add(name.toLowerCase());
    out.push({ att, file: `${assets}/${name}` });
  }
  return out;
}

/** Absolute URL of an attachment's download link (links to attachments that are not imported keep it). */
export function attachmentUrl(api: ConfluenceApi, pageId: string, att: Attachment): string {
  const link = att.downloadLink ?? `/download/attachments/${pageId}/${encodeURIComponent(att.title)}`;
  if (/^https?:\/\//i.test(link)) return link;
  return `${api.baseUrl.replace(/\/+$/, '')}${link.startsWith('/') ? '' : '/'}${link}`;
}

/**
 * Downloaded bytes of one page's attachments, deduplicated across the import: the same name with the same bytes
 * (a logo on every page) is written once, and later pages link to that file.
 */
export class AttachmentStore {
  private readonly seen = new Map<string, string>();

  place(pageId: string, name: string, file: string, data: Uint8Array): PlannedAttachment {
    const hash = createHash('sha256').update(data).digest('hex');
    const key = `${file.slice(file.lastIndexOf('/') + 1)}\u0000${hash}`;
    const existing = this.seen.get(key);
    if (existing && existing !== file) return { pageId, name, file: existing, hash, size: data.byteLength, shared: true };
    this.seen.set(key, file);
    return { pageId, name, file, data, hash, size: data.byteLength };
  }
}
