/**
 * `confluence import`: a page tree of a space -> Markdown files, attachments, `.confluence.yml` and the mapping file,
 * so that `sync` right after writes nothing. Steps: resolve the root and crawl (`crawl.ts`), lay out, download,
 * convert and screen (`plan.ts`), refuse to overwrite (`write.ts`), then under the run lock: journal, files, mapping,
 * config.
 */
import { join } from 'node:path';
import { nullLogger } from '../../logging';
import { acquireRunLock, runLockPath } from '../../sync/runLock';
import { defaultSecretScanner } from '../../sync/secretsPort';
import { CONFIG_FILE_NAME } from '../../sync/config';
import { mappingEntriesFor } from '../recordMapping';
import { crawl, resolveRoot } from './crawl';
import { planImport } from './plan';
import { ImportError, type ImportOptions, type ImportReport } from './types';
import { checkConfigFile, importSettings } from './workspaceConfig';
import { existingFiles, journalPath, readJournal, refuseExisting, saveMapping, writeFiles, type ImportJournal } from './write';

export { ImportError, type ImportOptions, type ImportProgress, type ImportReport } from './types';
export { SECRET_PLACEHOLDER } from './secrets';

export async function runImport(opts: ImportOptions): Promise<ImportReport> {
  const { api, fs, root, config, signal } = opts;
  const spaceKey = config.spaceKey;
  if (!spaceKey) throw new ImportError('No Confluence space given: pass --space KEY (or set CONFLUENCE_SPACE, or `space:` in .confluence.yml).');
  const concurrency = opts.concurrency ?? config.concurrency;
  const space = await api.getSpace(spaceKey, { signal });
  const rootPage = await resolveRoot(api, space, config, opts.rootRef, signal);
  const parent = rootPage.parentId && rootPage.parentId !== space.homepageId ? await api.getPage(rootPage.parentId, { signal }) : undefined;
  const settings = importSettings(config, space, rootPage, parent?.title);
  // checked before anything is fetched in bulk: a config that disagrees is a quick, clear error
  const configText = checkConfigFile(fs, root, settings);
  const tree = await crawl(api, space, rootPage, { concurrency, signal, onProgress: opts.onProgress });
  const plan = await planImport({
    api, crawl: tree, docsRoot: config.docsRoot, configLabels: config.labels, concurrency, signal,
    scan: opts.scanSecrets ?? defaultSecretScanner(root),
    keepSecrets: Boolean(opts.keepSecrets),
    download: !opts.dryRun,
  });
  const jPath = journalPath(root, config.mappingFile);
  const journal = readJournal(fs, jPath);
  const resumable = journal && journal.space === space.key && journal.rootId === rootPage.id ? journal : undefined;
  const existing = existingFiles(fs, root, plan.files, resumable);
  const report: ImportReport = {
    space: space.key, root: { id: rootPage.id, title: rootPage.title }, docsRoot: config.docsRoot, mappingFile: config.mappingFile,
    dryRun: Boolean(opts.dryRun), ...plan.report, files: plan.files.map((f) => f.path), mappingProblems: [],
    configWritten: configText !== undefined, resumed: Boolean(resumable), existing,
  };
  if (opts.dryRun) return report;
  if (!opts.force) refuseExisting(existing);

  fs.mkdirp(join(root, config.mappingFile, '..'));
  const lock = await acquireRunLock(runLockPath(join(root, config.mappingFile)), {
    tool: opts.tool, displayPath: `${config.mappingFile}.lock`, logger: opts.logger ?? nullLogger, signal,
  });
  try {
    const next: ImportJournal = { space: space.key, rootId: rootPage.id, started: new Date().toISOString(), files: [...new Set([...(resumable?.files ?? []), ...report.files])] };
    fs.writeFileAtomicSync(jPath, JSON.stringify(next, null, 2) + '\n');
    await writeFiles(fs, root, plan.files, opts.onProgress, signal);
    if (configText !== undefined) await fs.writeFileAtomic(join(root, CONFIG_FILE_NAME), configText);
    // the config a later sync loads: the written (or checked) .confluence.yml says the same
    const effective = { ...config, spaceKey: space.key, rootPageTitle: settings.rootPageTitle, rootParent: settings.rootParent?.id };
    // every page file was just scanned as written: the screen answers from that scan instead of scanning again
    // (paths are scanned as `scan(path, path)`: the import's names come from titles, so those are scanned for real)
    const scanner = opts.scanSecrets ?? defaultSecretScanner(root);
    const screen = async (text: string, file: string) => (text === file ? scanner(text, file) : (plan.findings.get(file) ?? []));
    const { entries, problems } = await mappingEntriesFor(
      { root, config: effective, fs, spaceKey: space.key, flavor: api.capabilities.flavor, screen },
      plan.report.pages.map((p) => ({ file: p.file, page: { ...tree.pages.get(p.pageId)!.page } })),
    );
    report.mappingProblems = problems;
    saveMapping(root, config.mappingFile, space.key, entries);
    fs.remove(jPath);
  } finally {
    lock.release();
  }
  return report;
}
