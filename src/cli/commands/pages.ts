/** Seed-compatible single-page commands: `confluence create`, `update` and `read`. */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  AttachmentGuard, AttachmentRefusedError, attachmentMediaType, type ConfluenceApi, convertMarkdown, diagramLookup, type DocumentDiagnostic,
  type LinkTarget, nodeFileSystem, type Page, prepareDiagrams, storageToMarkdown, workspaceLinkResolver,
} from '../../core';
import { cliDiagramRenderers } from '../diagrams';
import { CliExit, type CliIO } from '../context';
import { addCommonOptions, connect, guardAsync, openWorkspace, requireSpace, type CommonOptions, type Workspace } from '../session';
import { refuseSecretFile, screenPage, type PageContent } from '../page-screen';
import { describeChanges, isJiraKey, needsNewVersion, pageChanges, withJiraTicket } from '../page-update';
import type { CommandModule } from './index';

interface PageOptions extends CommonOptions {
  title?: string;
  bodyFile?: string;
  parent?: string;
  labels?: string;
  jiraTicket?: string;
  format?: string;
  allowSecrets?: boolean;
}

interface Body {
  storage: string;
  images: Array<{ path: string; name: string; hash: string }>;
  labels: string[];
  /** What is screened for secrets before anything is sent (see ../page-screen.ts). */
  screen: PageContent;
  warnings: DocumentDiagnostic[];
}

/** Reads a body file: Markdown (.md) is converted, anything else is taken as storage format. */
async function readBody(io: CliIO, ws: Workspace, file: string, spaceKey: string, jira?: string): Promise<Body> {
  const abs = resolve(io.cwd, file);
  if (!existsSync(abs)) throw new CliExit(2, `error: --body-file ${file}: no such file`);
  const rel = relative(io.cwd, abs).replace(/\\/g, '/');
  // `*.secrets.md` (secretExclude) is never published, by any command.
  refuseSecretFile(ws.config, rel, file);
  const text = readFileSync(abs, 'utf8');
  let body: Body;
  if (/\.(md|markdown)$/i.test(abs)) {
    // Links to other documents resolve to their pages as a sync would publish them.
    const resolveDocument = linkResolver(ws, spaceKey);
    // The same attachment policy as the publish: no hidden, key or git-ignored files, no links out of the folder.
    const guard = new AttachmentGuard({ root: io.cwd });
    // Diagrams drawn as sync draws them (render cache under the current folder's .confluence/diagrams/, which the
    // guard lets through), uploaded with the images.
    const setup = { root: io.cwd, fs: nodeFileSystem, config: ws.config.diagrams ?? {}, ...cliDiagramRenderers(ws.config.diagrams, io.env, io.cwd) };
    await prepareDiagrams(setup, [text]);
    const diagrams = diagramLookup(setup);
    const result = guardSync(() =>
      convertMarkdown(text, {
        path: rel,
        spaceKey,
        resolveDocument,
        readFile: guard.read,
        checkAttachment: guard.refusal,
        diagrams,
      }),
    );
    body = {
      storage: result.storage,
      images: result.attachments,
      labels: result.labels,
      warnings: result.warnings,
      screen: { file: rel, source: text, title: result.title, frontMatter: result.frontMatter, attachments: result.attachments, guard },
    };
  } else {
    body = { storage: text, images: [], labels: [], warnings: [], screen: { file: rel, source: text } };
  }
  if (jira) body.storage = withJiraTicket(body.storage, jira);
  return body;
}

/** Nothing secret leaves: the body, its title, front matter and text attachments and the command line are screened. */
async function screenBody(io: CliIO, ws: Workspace, opts: PageOptions, body: Body | undefined): Promise<void> {
  await screenPage(io, ws.root, { ...body?.screen, cliTitle: opts.title, cliLabels: (opts.labels ?? '').split(',').filter((l) => l.trim()) }, Boolean(opts.allowSecrets));
  // Converter warnings quote the document: shown only once it may be published.
  for (const w of body?.warnings ?? []) io.stderr(`warning: ${w.file}:${w.line}: ${w.message} [${w.code}]\n`);
}

/** The workspace's link resolution (see core/sync/links.ts); a workspace without a docs tree resolves nothing. */
function linkResolver(ws: Workspace, spaceKey: string): ((target: string) => LinkTarget | undefined) | undefined {
  try {
    return workspaceLinkResolver(ws.root, ws.config, spaceKey);
  } catch {
    return undefined;
  }
}

function checkJira(key: string | undefined): void {
  if (key !== undefined && !isJiraKey(key)) throw new CliExit(2, `error: --jira-ticket must be a Jira issue key like PROJ-123, got '${key}'`);
}

function guardSync<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new CliExit(2, `error: ${(err as Error).message}`);
  }
}

/** A page by numeric id, or by title in the space. */
async function findPage(api: ConfluenceApi, ref: string, spaceKey: string | undefined, body: boolean): Promise<Page> {
  if (/^\d+$/.test(ref)) {
    const p = await api.getPage(ref, { body });
    if (!p) throw new CliExit(1, `error: page ${ref} does not exist, or your account cannot see it`);
    return p;
  }
  if (!spaceKey) throw new CliExit(2, `error: finding a page by title needs --space KEY (or CONFLUENCE_SPACE)`);
  const space = await api.getSpace(spaceKey);
  const p = await api.findPageByTitle(space.id, ref.trim(), { body });
  if (!p) throw new CliExit(1, `error: no page titled "${ref}" in space ${spaceKey}`);
  return p;
}

function parseLabels(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase().replace(/\s+/g, '-'))
    .filter(Boolean);
}

function printPage(io: CliIO, verb: string, page: Page, api: ConfluenceApi, json: boolean): void {
  const url = page.webUrl || api.pageUrl(page.id);
  if (json) io.stdout(JSON.stringify({ action: verb.toLowerCase(), pageId: page.id, title: page.title, url, version: page.version }, null, 2) + '\n');
  else io.stdout(`${verb} page ${page.id} "${page.title}" (version ${page.version})\n${url}\n`);
}

/** Uploads the images that are new or changed; returns how many were uploaded. */
async function uploadImages(io: CliIO, api: ConfluenceApi, pageId: string, images: Body['images']): Promise<number> {
  let uploaded = 0;
  const guard = new AttachmentGuard({ root: io.cwd });
  for (const img of images) {
    let data: Buffer;
    try {
      data = guard.readForUpload(img.path, img.hash);
    } catch (err) {
      if (err instanceof AttachmentRefusedError) throw new CliExit(1, `error: page ${pageId}: ${err.message}`);
      throw err;
    }
    const existing = (await api.listAttachments(pageId)).find((a) => a.title === img.name);
    if (existing?.comment?.includes(img.hash)) continue;
    await api.uploadAttachment({ pageId, fileName: img.name, data, mediaType: attachmentMediaType(img.name), comment: `sha256:${img.hash}`, existingId: existing?.id });
    uploaded++;
  }
  return uploaded;
}

async function runCreate(io: CliIO, opts: PageOptions): Promise<void> {
  if (!opts.title?.trim()) throw new CliExit(2, "error: required option '--title <T>' not specified");
  if (!opts.bodyFile) throw new CliExit(2, "error: required option '--body-file <F>' not specified");
  checkJira(opts.jiraTicket);
  const ws = openWorkspace(io, opts);
  const spaceKey = requireSpace(ws);
  const body = await readBody(io, ws, opts.bodyFile, spaceKey, opts.jiraTicket);
  await screenBody(io, ws, opts, body);
  const labels = [...new Set([...ws.config.labels, ...body.labels, ...parseLabels(opts.labels)])];
  const api = await connect(io, ws, opts);
  await guardAsync(async () => {
    const space = await api.getSpace(spaceKey);
    const parentId = opts.parent ? (await findPage(api, opts.parent, spaceKey, false)).id : undefined;
    const title = opts.title!.trim();
    const existing = await api.findPageByTitle(space.id, title);
    if (existing) throw new CliExit(1, `error: a page titled "${title}" already exists in space ${spaceKey} (page ${existing.id}); use \`confluence update ${existing.id}\` to change it`);
    if (opts.dryRun) {
      io.stdout(`Would create "${title}" in space ${spaceKey}${opts.parent ? ` under "${opts.parent}"` : ''}${labels.length ? ` with labels ${labels.join(', ')}` : ''} (dry run)\n`);
      return;
    }
    const page = await api.createPage({ spaceId: space.id, title, parentId, body: body.storage });
    if (labels.length) await api.addLabels(page.id, labels);
    await uploadImages(io, api, page.id, body.images);
    printPage(io, 'Created', page, api, Boolean(opts.json));
  });
}

async function runUpdate(io: CliIO, ref: string, opts: PageOptions): Promise<void> {
  checkJira(opts.jiraTicket);
  const ws = openWorkspace(io, opts);
  const spaceKey = ws.config.spaceKey;
  const body = opts.bodyFile ? await readBody(io, ws, opts.bodyFile, spaceKey ?? '', opts.jiraTicket) : undefined;
  await screenBody(io, ws, opts, body);
  const api = await connect(io, ws, opts);
  await guardAsync(async () => {
    const page = await findPage(api, ref, spaceKey, true);
    const parentId = opts.parent ? (await findPage(api, opts.parent, spaceKey, false)).id : undefined;
    const title = opts.title?.trim() || page.title;
    // Without --body-file the body stays; --jira-ticket then puts its macro on top of the current body.
    const storage = body?.storage ?? (opts.jiraTicket ? withJiraTicket(page.body ?? '', opts.jiraTicket) : (page.body ?? ''));
    const labels = parseLabels(opts.labels);
    const changes = pageChanges(page, { title, body: storage, parentId, labels }, labels.length ? await api.getLabels(page.id) : []);
    const what = describeChanges(changes);
    if (opts.dryRun) {
      io.stdout(
        needsNewVersion(changes) || changes.labels.length
          ? `Would update page ${page.id} "${page.title}": ${what}${needsNewVersion(changes) ? ` (version ${page.version + 1})` : ''} (dry run)\n`
          : `Page ${page.id} "${page.title}" is unchanged: nothing to update (dry run)\n`,
      );
      return;
    }
    const updated = needsNewVersion(changes) ? await api.updatePage({ id: page.id, title, body: storage, version: page.version + 1, parentId }) : page;
    if (changes.labels.length) await api.addLabels(page.id, changes.labels);
    const images = body ? await uploadImages(io, api, page.id, body.images) : 0;
    if (!needsNewVersion(changes) && !changes.labels.length && images === 0) {
      if (opts.json) io.stdout(JSON.stringify({ action: 'unchanged', pageId: page.id, title: page.title, url: page.webUrl || api.pageUrl(page.id), version: page.version }, null, 2) + '\n');
      else io.stdout(`Unchanged page ${page.id} "${page.title}" (version ${page.version}): the body, title, parent and labels are already as given; nothing was written\n`);
      return;
    }
    printPage(io, 'Updated', updated, api, Boolean(opts.json));
  });
}

async function runRead(io: CliIO, ref: string, opts: PageOptions): Promise<void> {
  const format = opts.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'storage') throw new CliExit(2, `error: --format must be markdown or storage, got '${format}'`);
  const ws = openWorkspace(io, opts);
  const api = await connect(io, ws, opts);
  await guardAsync(async () => {
    const page = await findPage(api, ref, ws.config.spaceKey, true);
    const storage = page.body ?? '';
    const text = format === 'storage' ? storage : storageToMarkdown(storage);
    if (opts.json) io.stdout(JSON.stringify({ pageId: page.id, title: page.title, version: page.version, url: page.webUrl || api.pageUrl(page.id), format, body: text }, null, 2) + '\n');
    else io.stdout(text.endsWith('\n') ? text : text + '\n');
  });
}

export const pageCommands: CommandModule = {
  register(program: Command, io: CliIO) {
    addCommonOptions(
      program
        .command('create')
        .description('Create one page from a Markdown (.md) or storage-format file')
        .option('--title <T>', 'page title')
        .option('--body-file <F>', 'Markdown (.md) or storage format (.html/.xml) file')
        .option('--parent <TITLE|ID>', 'parent page (default: the space homepage)')
        .option('--labels <a,b>', 'comma-separated labels')
        .option('--jira-ticket <KEY-1>', 'Jira issue shown at the top of the page')
        .option('--allow-secrets', 'publish even when the secret scanner finds something in the body, its attachments, title or labels'),
      ['space', 'json', 'dry-run', 'verbose'],
    ).action(async (opts: PageOptions) => runCreate(io, opts));

    addCommonOptions(
      program
        .command('update')
        .description('Update one page (by id, or by title in --space): body, title and/or parent')
        .argument('<page>', 'page id or title')
        .option('--body-file <F>', 'new body: Markdown (.md) or storage format file (default: keep the body)')
        .option('--parent <TITLE|ID>', 'move under this page')
        .option('--title <NEW>', 'new title')
        .option('--labels <a,b>', 'comma-separated labels to add')
        .option('--jira-ticket <KEY-1>', 'Jira issue shown at the top of the page (added to the current body when there is no --body-file)')
        .option('--allow-secrets', 'publish even when the secret scanner finds something in the body, its attachments, title or labels'),
      ['space', 'json', 'dry-run', 'verbose'],
    ).action(async (ref: string, opts: PageOptions) => runUpdate(io, ref, opts));

    addCommonOptions(
      program
        .command('read')
        .description('Print one page (by id, or by title in --space) as Markdown or storage format')
        .argument('<page>', 'page id or title')
        .option('--format <markdown|storage>', 'output format', 'markdown'),
      ['space', 'json', 'verbose'],
    ).action(async (ref: string, opts: PageOptions) => runRead(io, ref, opts));
  },
};
