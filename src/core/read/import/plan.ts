import type { Attachment, ConfluenceApi } from '../../confluence/types';
import { isTextAttachment, looksLikeText } from '../../files/attachmentPolicy';
import type { SecretFinding } from '../../secrets/types';
import type { Scan } from '../../sync/screen';
import { pageToMarkdown } from '../pageMarkdown';
import { attachmentUrl, AttachmentStore, chooseAttachments, type PlannedAttachment } from './attachments';
import type { CrawlResult } from './crawl';
import { layoutPages, relativeHref, type PageLayout } from './layout';
import { ImportLinks } from './links';
import { mapLimit } from './pool';
import { redactSecrets } from './secrets';
import type { ImportReport } from './types';

/** One file the import writes: a page's Markdown or an attachment's bytes. */
export interface PlannedFile {
  path: string;
  data: string | Uint8Array;
  /** The page the file belongs to. */
  pageId: string;
  kind: 'page' | 'attachment';
}

export interface ImportPlan {
  files: PlannedFile[];
  layout: Map<string, PageLayout>;
  /** What the scanner finds in each written page file (empty unless --keep-secrets or a value survived replacement). */
  findings: Map<string, SecretFinding[]>;
  report: Pick<ImportReport, 'pages' | 'attachments' | 'unconverted' | 'secrets' | 'skipped'>;
}

export interface PlanInput {
  api: ConfluenceApi;
  crawl: CrawlResult;
  docsRoot: string;
  configLabels: string[];
  scan: Scan;
  keepSecrets: boolean;
  /** Download attachments (a dry run plans them from the listing only). */
  download: boolean;
  concurrency: number;
  signal?: AbortSignal;
}

/** Lays the tree out as files, downloads attachments (deduplicated), converts every page and screens for secrets. */
export async function planImport(input: PlanInput): Promise<ImportPlan> {
  const { api, crawl } = input;
  const report: ImportPlan['report'] = { pages: [], attachments: [], unconverted: [], secrets: [], skipped: [...crawl.skipped] };
  const layout = layoutPages(input.docsRoot, crawl.rootId, crawl.pages);
  const order = [...layout.keys()];
  const chosen = new Map(order.map((id) => [id, chooseAttachments(crawl.pages.get(id)!, layout.get(id)!.assets, report.skipped)]));
  // bytes in parallel, placed in tree order, so which page holds a shared file is the same on every run
  const downloads = input.download
    ? await mapLimit(
        order.flatMap((id) => chosen.get(id)!.map((c) => ({ id, ...c }))),
        input.concurrency,
        async (c) => ({ key: `${c.id}\u0000${c.att.id}`, data: await api.downloadAttachment(c.id, c.att, { signal: input.signal }) }),
        input.signal,
      )
    : [];
  const bytes = new Map(downloads.map((d) => [d.key, d.data]));
  const store = new AttachmentStore();
  const files: PlannedFile[] = [];
  const placed = new Map<string, Map<string, PlannedAttachment>>();
  for (const id of order) {
    const mine = new Map<string, PlannedAttachment>();
    for (const { att, file } of chosen.get(id)!) {
      const data = bytes.get(`${id}\u0000${att.id}`);
      const p = data ? store.place(id, att.title, file, await screenAttachment(input, file, data, report)) : { pageId: id, name: att.title, file, size: att.fileSize ?? 0 };
      mine.set(att.title, p);
      report.attachments.push({ pageId: id, name: att.title, file: p.file, bytes: p.size, ...(p.shared ? { shared: true } : {}) });
      if (p.data) files.push({ path: p.file, data: p.data, pageId: id, kind: 'attachment' });
    }
    placed.set(id, mine);
  }
  const written = new Map<string, SecretFinding[]>();
  const links = new ImportLinks(crawl.space.key);
  for (const id of order) links.add(id, crawl.pages.get(id)!.page.title, layout.get(id)!.file, crawl.pages.get(id)!.page.body ?? '');
  for (const id of order) {
    const fp = crawl.pages.get(id)!;
    const file = layout.get(id)!.file;
    const markdown = convertPage(input, id, file, links, placed.get(id)!, fp.attachments, report);
    const { text, findings, remaining } = await redactSecrets(markdown, file, input.scan, input.keepSecrets);
    if (remaining.length) written.set(file, remaining);
    for (const f of findings) report.secrets.push({ file, line: f.line, rule: f.rule, preview: f.preview, replaced: !input.keepSecrets });
    files.push({ path: file, data: text, pageId: id, kind: 'page' });
    report.pages.push({ pageId: id, title: fp.page.title, file, version: fp.page.version });
  }
  return { files, layout, findings: written, report };
}

function convertPage(
  input: PlanInput,
  id: string,
  file: string,
  links: ImportLinks,
  mine: Map<string, PlannedAttachment>,
  attachments: Attachment[],
  report: ImportPlan['report'],
): string {
  const fp = input.crawl.pages.get(id)!;
  return pageToMarkdown(
    { id, title: fp.page.title, body: fp.page.body ?? '', labels: fp.labels },
    {
      file,
      spaceKey: input.crawl.space.key,
      siteUrl: input.api.baseUrl,
      configLabels: input.configLabels,
      linkToPage: (t) => links.resolve(file, t),
      attachmentHref: (name) => {
        const p = mine.get(name);
        if (p) return relativeHref(file, p.file);
        const att = attachments.find((a) => a.title === name);
        if (att) return attachmentUrl(input.api, id, att);
        report.skipped.push({ pageId: id, title: fp.page.title, attachment: name, reason: 'the page shows it but has no such attachment; the link is kept as it is' });
        return undefined;
      },
      onUnconverted: (u) => report.unconverted.push({ pageId: id, title: fp.page.title, file, element: u.element, ...(u.detail ? { detail: u.detail } : {}) }),
    },
  );
}

/** Text attachments (by type, or bytes that are text) get the same secret pass as pages. */
async function screenAttachment(input: PlanInput, file: string, data: Uint8Array, report: ImportPlan['report']): Promise<Uint8Array> {
  if (!isTextAttachment(file) && !looksLikeText(data)) return data;
  const text = Buffer.from(data).toString('utf8');
  const result = await redactSecrets(text, file, input.scan, input.keepSecrets);
  for (const f of result.findings) report.secrets.push({ file, line: f.line, rule: f.rule, preview: f.preview, replaced: !input.keepSecrets });
  return result.text === text ? data : Buffer.from(result.text, 'utf8');
}
