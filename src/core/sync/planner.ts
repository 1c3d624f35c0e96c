import type { ConfluenceApi, Page, Space } from '../confluence/types';
import type { SecretFinding } from '../secrets/types';
import { mappingTitleNotes } from './title-notes';
import { buildLocalModelAsync, PROPERTY_KEY, TOOL_NAME, type LocalModel, type LocalNode } from './local';
import type { MappingEntry, MappingFile } from './mapping';
import type { MarkdownPort } from './markdownPort';
import type { PlanItem, PlanOptions, SyncPlan, WorkspaceConfig } from './types';
import { selectKeys } from './select';
import { discoverDocs } from './discover';
import { claimBySeedEntry, claimByVersionMessage, conflictReason, movedInConfluence, reconcileWithOurVersion } from './ownership';
import { attachmentSecretScanner, secretInAttachmentName } from './attachmentScan';
import { markKeptOrphans } from './orphans';
import { conversionOptions } from '../markdown/conversionOptions';
import { scrubPlanItems, withheldPlanItems } from './screen';
import { assertConfigHoldsNoSecret } from './configScreen';

/** What apply needs for one item beyond the public PlanItem. */
export interface ItemState {
  item: PlanItem;
  node?: LocalNode;
  /** The existing page this item writes to. */
  remote?: Page;
  /** Mapping entry as loaded (or synthesised for pages we recognise as ours). */
  entry?: MappingEntry;
  /** Mapping key this page was recorded under before a rename (removed on success). */
  takeOverFrom?: string;
  /** Items that must finish first (a title they free up). */
  waitFor: string[];
  /**
   * Another page of this run wants this page's current title while this page waits (directly or through its
   * parents) for that one: a cycle, such as two documents swapping titles. Apply first moves this page to a
   * temporary title, which breaks the cycle.
   */
  vacateTitle?: boolean;
  /** The action before a blocker (secrets, title-taken, remote-deleted) was applied. */
  intended: 'create' | 'update' | 'move' | 'unchanged';
  /** Part of the publish only because a selected file lives below it. */
  ancestorOnly: boolean;
  /**
   * The mapping entry is behind the page (its current version is one we wrote, or it was moved to where the docs
   * put it): apply records `entry` and the page's parent even when it writes nothing.
   */
  reconciled?: boolean;
}

/** Opaque part of a SyncPlan. */
export class PlanInternal {
  constructor(
    readonly engineId: symbol,
    readonly local: LocalModel,
    readonly space: Space,
    readonly rootParentId: string | undefined,
    readonly states: Map<string, ItemState>,
    readonly mapping: MappingFile,
    readonly listing: Map<string, Page>,
  ) {}
}

export interface PlannerDeps {
  root: string;
  config: WorkspaceConfig;
  api: ConfluenceApi;
  markdown: MarkdownPort;
  readFile?: (absPath: string) => string | undefined;
  scanSecrets: (text: string, file: string) => Promise<SecretFinding[]>;
  loadMapping: () => MappingFile;
  engineId: symbol;
}

interface OurProperty {
  source?: string;
  hash?: string;
  tool?: string;
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** Compares local files, the mapping file and one listing of the space, and decides what each page needs. */
export async function buildPlan(deps: PlannerDeps, opts: PlanOptions = {}): Promise<SyncPlan> {
  const { config, api } = deps;
  const signal = opts.signal;
  const spaceKey = config.spaceKey;
  if (!spaceKey) {
    throw new PlanError('No Confluence space given: set `space: KEY` in .confluence.yml, or pass --space KEY (or CONFLUENCE_SPACE).');
  }
  const mapping = deps.loadMapping();
  const tree = discoverDocs(deps.root, config);
  const selection = opts.paths?.length ? selectKeys(tree, deps.root, opts.paths) : undefined;
  if (selection && selection.selected.size === 0) {
    throw new PlanError(`None of ${opts.paths!.join(', ')} is a published document under ${config.docsRoot}/ (check the path and the include/exclude globs in .confluence.yml).`);
  }
  // The space and its listing load while the documents convert.
  const remote = (async () => {
    const space = await api.getSpace(spaceKey, { signal });
    return { space, pages: await api.listPages(space.id, { signal }) };
  })();
  remote.catch(() => undefined);
  await assertConfigHoldsNoSecret(config, deps.scanSecrets);
  const local = await buildLocalModelAsync(
    {
      root: deps.root, config, markdown: deps.markdown, spaceKey, readFile: deps.readFile, convertOnly: selection?.withAncestors,
      // one set of conversion options from the config and the site (Data Center: its code languages, anchor macros)
      conversion: conversionOptions({ flavor: api.capabilities.flavor, codeLineNumbers: config.codeLineNumbers }),
      screen: deps.scanSecrets,
    },
    tree,
    signal,
  );
  mappingTitleNotes(local, mapping, config.mappingFile);
  const { space, pages: listingPages } = await remote;
  const byId = new Map(listingPages.map((p) => [p.id, p]));
  // Confluence compares titles trimmed and (by default) ignoring case.
  const byTitle = new Map<string, Page>();
  for (const p of listingPages) byTitle.set(titleKey(p.title), p);

  const rootParentId = resolveRootParent(config, space, byId, byTitle);
  const pageIdToKey = new Map<string, string>();
  for (const [key, e] of mapping.all()) if (e.page_id && e.space === spaceKey) pageIdToKey.set(e.page_id, key);

  const states = new Map<string, ItemState>();
  const titleOwner = new Map<string, string>();
  // Pages found by title that nobody mapped: checked parents first, since a child's check needs its parent's page.
  const ownershipChecks: Array<{ depth: number; run: () => Promise<void> }> = [];
  const takenOver = new Set<string>();

  for (const key of local.order) {
    const node = local.nodes.get(key)!;
    const inScope = !selection || selection.withAncestors.has(key);
    if (!inScope) continue;
    const ancestorOnly = Boolean(selection && !selection.selected.has(key));
    const parentState = node.parentKey ? states.get(node.parentKey) : undefined;
    const item: PlanItem = {
      file: key,
      kind: node.kind,
      action: 'create',
      title: node.title,
      parentTitle: parentState?.item.title,
      parentFile: node.parentKey,
      hash: node.hash,
    };
    const state: ItemState = { item, node, waitFor: [], intended: 'create', ancestorOnly };
    states.set(key, state);
    const entry = mapping.get(key);
    state.entry = entry;
    if (entry?.version !== undefined) item.localVersion = entry.version;

    const owner = titleOwner.get(titleKey(node.title));
    if (owner) {
      fail(state, 'title-duplicate', `${label(node)}: the title "${node.title}" is already used by ${owner}; Confluence titles are unique per space, so give one of them another title (front matter \`title:\`)`);
      continue;
    }
    titleOwner.set(titleKey(node.title), key);
    if (entry && entry.space !== spaceKey) {
      fail(state, 'space-mismatch', `${key} is mapped to space ${entry.space} but this publish goes to ${spaceKey}; run with --space ${entry.space}, or remove its entry from ${config.mappingFile}`);
      continue;
    }

    // A folder that gained (or lost) its index.md keeps its page: the generated page and the index page are one.
    if (!entry) {
      const alt = folderAlternateKeys(node, mapping.keys()).find((k) => mapping.has(k) && !local.nodes.has(k) && !takenOver.has(k) && mapping.get(k)!.space === spaceKey);
      const altEntry = alt ? mapping.get(alt) : undefined;
      const altRemote = altEntry?.page_id ? byId.get(altEntry.page_id) : undefined;
      if (alt && altEntry && altRemote) {
        takenOver.add(alt);
        state.takeOverFrom = alt;
        state.remote = altRemote;
        state.entry = { ...altEntry };
        if (altEntry.version !== undefined) item.localVersion = altEntry.version;
        continue;
      }
    }

    const pageId = entry?.page_id ?? node.pageIdHint;
    if (pageId) {
      const remote = byId.get(pageId);
      if (!remote) {
        item.pageId = pageId;
        fail(state, 'remote-deleted', `page ${pageId} ("${entry?.title ?? node.title}") no longer exists in space ${spaceKey} (deleted, archived or moved in Confluence); run with --recreate to publish it as a new page, or remove its entry from ${config.mappingFile}`);
        continue;
      }
      state.remote = remote;
      continue;
    }
    const existing = byTitle.get(titleKey(node.title));
    if (!existing) continue;
    const otherKey = pageIdToKey.get(existing.id);
    if (otherKey && otherKey !== key) {
      if (!local.nodes.has(otherKey) && !takenOver.has(otherKey)) {
        // The file was renamed or moved: its page follows it.
        takenOver.add(otherKey);
        state.takeOverFrom = otherKey;
        state.remote = existing;
        state.entry = { ...mapping.get(otherKey)!, title: mapping.get(otherKey)!.title };
        if (state.entry.version !== undefined) item.localVersion = state.entry.version;
      } else {
        // Another document holds this title now and is being renamed: create after it.
        state.waitFor.push(otherKey);
      }
      continue;
    }
    // Only proof of identity makes a page found by title ours (ownership.ts): the mapping, our version message, our property.
    const claim = (entry && claimBySeedEntry(entry, existing)) || claimByVersionMessage(existing, key, spaceKey, node.hash);
    if (claim) {
      state.remote = existing;
      state.entry = claim;
      continue;
    }
    ownershipChecks.push({
      depth: node.depth,
      run: async () => {
        const prop = await api.getProperty<OurProperty>(existing.id, PROPERTY_KEY, { signal }).catch(() => undefined);
        if (prop?.value?.source === key) {
          state.remote = existing;
          state.entry = { space: spaceKey, title: existing.title, page_id: existing.id, version: existing.version, hash: prop.value.hash };
        } else {
          item.pageId = existing.id;
          state.remote = existing;
          fail(state, 'title-taken', `a page titled "${node.title}" already exists in space ${spaceKey} (page ${existing.id}) and was not published from ${key}; give the document another title (front matter \`title:\`), or run with --adopt to take that page over`);
        }
      },
    });
  }
  const depths = [...new Set(ownershipChecks.map((c) => c.depth))].sort((a, b) => a - b);
  for (const d of depths) await Promise.all(ownershipChecks.filter((c) => c.depth === d).map((c) => c.run()));

  // Decide actions now that every page is known (parents first, so expected parent ids are known).
  for (const state of states.values()) {
    const { item, node } = state;
    if (!node || item.action === 'error' || item.action === 'blocked') continue;
    if (node.skipped) {
      item.action = 'unchanged';
      item.reason = node.skipped.message;
      item.diagnostics = node.warnings;
      continue;
    }
    if (node.error) {
      item.action = node.error.code === 'front-matter-invalid' ? 'blocked' : 'error';
      item.code = node.error.code;
      item.reason = node.error.message;
      item.diagnostics = node.error.diagnostics;
      if (state.remote) item.pageId = state.remote.id;
      continue;
    }
    if (node.warnings.length) item.diagnostics = node.warnings;
    const remote = state.remote;
    if (!remote) {
      state.intended = 'create';
      item.action = 'create';
      continue;
    }
    item.pageId = remote.id;
    item.remoteVersion = remote.version;
    const parentState = node.parentKey ? states.get(node.parentKey) : undefined;
    const expectedParent = node.parentKey ? parentState?.remote?.id : rootParentId;
    const moves = expectedParent !== undefined && remote.parentId !== expectedParent && !(parentState && parentState.item.action === 'create');
    const parentWillBeCreated = parentState !== undefined && !parentState.remote;
    item.moves = moves || parentWillBeCreated;
    // A version we wrote (a run killed before it saved the mapping) is ours, not a remote edit.
    const ourVersion = reconcileWithOurVersion(state.entry, remote, [item.file, ...(state.takeOverFrom ? [state.takeOverFrom] : [])], node.hash);
    if (ourVersion) state.entry = ourVersion;
    const baseline = state.entry;
    // Moved by hand to where the docs put it: record the new parent, so a later move of ours is not taken for one.
    state.reconciled = Boolean(ourVersion) || (!item.moves && baseline?.parent_id !== undefined && baseline.parent_id !== remote.parentId);
    const changed = baseline?.hash !== node.hash || remote.title.trim() !== node.title;
    item.changed = changed;
    const remoteEdited = baseline?.version !== undefined && remote.version > baseline.version;
    const remoteMoved = movedInConfluence(baseline, remote, item.moves, (id) => byId.has(id));
    if (state.ancestorOnly && !item.moves) {
      state.intended = 'unchanged';
      item.action = 'unchanged';
      item.reason = 'parent of the selected files';
      continue;
    }
    if ((changed && remoteEdited) || remoteMoved) {
      state.intended = item.moves ? 'move' : 'update';
      item.action = 'conflict';
      item.code = remoteMoved ? 'remote-moved' : 'remote-edited';
      const parentNow = remote.parentId ? (byId.get(remote.parentId)?.title ?? `page ${remote.parentId}`) : 'the top of the space';
      const parentOurs = item.parentTitle ?? (rootParentId ? (byId.get(rootParentId)?.title ?? 'the space homepage') : 'the top of the space');
      const file = node.file ?? 'the folder';
      item.reason = conflictReason({ file, remote, baseline, moved: remoteMoved, edited: remoteEdited, changed, parentNow, parentOurs });
      continue;
    }
    if (item.moves) {
      state.intended = 'move';
      item.action = 'move';
      item.reason = state.takeOverFrom ? `renamed from ${state.takeOverFrom}` : `parent changed to "${item.parentTitle ?? 'the space homepage'}"`;
      continue;
    }
    if (changed) {
      state.intended = 'update';
      item.action = 'update';
      if (state.takeOverFrom) item.reason = `renamed from ${state.takeOverFrom}`;
      else if (!baseline?.hash) item.reason = 'first publish from this workspace';
      continue;
    }
    state.intended = 'unchanged';
    item.action = 'unchanged';
    if (state.takeOverFrom) {
      // Same content under a new path: still record the new key.
      state.intended = 'update';
      item.action = 'update';
      item.reason = `renamed from ${state.takeOverFrom}`;
    } else if (remoteEdited) {
      item.reason = `edited in Confluence (version ${remote.version}, we published ${baseline!.version}); the file has not changed, so nothing is written`;
    } else if (ourVersion) {
      item.reason = `version ${remote.version} was published by an earlier run that stopped before it saved ${config.mappingFile}; the mapping file is brought up to date`;
    }
  }

  // Secret scan of everything that would be written: the document and its text attachments.
  const scanAttachments = attachmentSecretScanner(local.attachments, deps.scanSecrets);
  await Promise.all(
    [...states.values()].map(async (state) => {
      const { item, node } = state;
      const writes = item.action === 'create' || item.action === 'update' || item.action === 'conflict' || (item.action === 'move' && item.changed) || item.code === 'title-taken' || item.code === 'remote-deleted';
      if (!writes || !node?.source || !node.file) return;
      const findings = [...(node.findings ?? (await deps.scanSecrets(node.source, node.file))), ...(await scanAttachments(node.attachments))];
      if (findings.length === 0) return;
      if (item.code !== 'title-taken' && item.code !== 'remote-deleted' && item.action !== 'conflict') {
        state.intended = item.action as ItemState['intended'];
      }
      item.action = 'blocked';
      item.code = 'secrets';
      item.findings = findings;
      const where = findings
        .slice(0, 3)
        .map((f) => `${f.file === node.file ? '' : `${f.file} `}line ${f.line} (${f.rule})`)
        .join(', ');
      item.reason = `${findings.length} likely secret${findings.length > 1 ? 's' : ''} found: ${where}${findings.length > 3 ? ', …' : ''}; remove ${findings.length > 1 ? 'them' : 'it'}, add the fingerprint to .confluence-secrets-ignore if it is not a secret, or publish with --allow-secrets`;
      if (secretInAttachmentName(findings)) {
        item.code = 'secret-in-path'; // like a document's own path: --allow-secrets does not publish it
        item.reason = `an attached file's name holds a likely secret (${where}); it is never published, not even with --allow-secrets: rename the file (or add the fingerprint to .confluence-secrets-ignore if it is not a secret)`;
      }
    }),
  );

  planTitleHandoffs(states, byTitle);

  // Orphans: pages we mapped whose files are gone (only on full runs: a partial run cannot know).
  const orphanItems: PlanItem[] = [];
  if (!selection) {
    for (const [key, entry] of mapping.all()) {
      if (local.nodes.has(key) || takenOver.has(key) || entry.space !== spaceKey || local.pathWithheld.some((w) => w.key === key)) continue;
      const remote = entry.page_id ? byId.get(entry.page_id) : undefined;
      const item: PlanItem = {
        file: key,
        kind: key.endsWith('/') ? 'folder' : 'document',
        action: 'orphan',
        title: entry.title,
        pageId: entry.page_id,
        localVersion: entry.version,
        remoteVersion: remote?.version,
        reason: !entry.page_id
          ? 'no page was ever published for it; the entry is dropped with --orphans archive|delete'
          : remote
            ? `${key} is gone, its page remains; publish with --orphans archive or --orphans delete to remove it`
            : `${key} is gone and its page no longer exists in Confluence`,
      };
      orphanItems.push(item);
      states.set(key, { item, entry, remote, waitFor: [], intended: 'unchanged', ancestorOnly: false });
    }
  }
  if (orphanItems.length) await markKeptOrphans(api, states.values(), signal);

  for (const item of withheldPlanItems(local)) states.set(item.file, { item, waitFor: [], intended: 'unchanged', ancestorOnly: false });
  const items = [...[...states.values()].map((s) => s.item).filter((i) => i.action !== 'orphan'), ...orphanItems];
  scrubPlanItems(items, new Map([...local.nodes.values()].filter((n) => n.findings?.length).map((n) => [n.key, n.rawTitle ?? n.title])));
  const summary: Record<string, number> = {};
  for (const i of items) summary[i.action] = (summary[i.action] ?? 0) + 1;
  const internal = new PlanInternal(deps.engineId, local, space, rootParentId, states, mapping, byId);
  const plan: SyncPlan = { items, rootPageTitle: config.rootPageTitle, spaceKey, summary };
  if (tree.warnings.length) plan.warnings = tree.warnings;
  // Not enumerable: front ends may serialise or clone the plan (webviews, --json) without dragging this along.
  Object.defineProperty(plan, 'internal', { value: internal, enumerable: false });
  return plan;
}

/** Other mapping keys that stand for the same folder page: `dir/` for an index file, index files for `dir/`. */
function folderAlternateKeys(node: LocalNode, keys: string[]): string[] {
  if (node.kind === 'folder') {
    const dir = node.key === './' ? '' : node.key;
    return keys.filter((k) => /(^|\/)(index|readme)\.md$/i.test(k) && k.slice(0, k.lastIndexOf('/') + 1) === dir);
  }
  if (node.file && /(^|\/)(index|readme)\.md$/i.test(node.file) && node.children.length > 0) {
    const slash = node.file.lastIndexOf('/');
    return [slash < 0 ? './' : node.file.slice(0, slash + 1)];
  }
  return [];
}

/** How Confluence tells titles apart: trimmed, case-insensitive. */
/**
 * Titles are unique per space, so a page can only take a title another page of this run gives up once that page
 * has been retitled: it waits for it. Where waiting would close a cycle (a swap, or a parent taking its child's
 * title), the holder vacates its title first instead.
 */
function planTitleHandoffs(states: Map<string, ItemState>, byTitle: Map<string, Page>): void {
  const keyByPageId = new Map<string, string>();
  for (const [k, s] of states) if (s.remote) keyByPageId.set(s.remote.id, k);
  const retitles = (s: ItemState) =>
    !!s.remote && !!s.node && titleKey(s.remote.title) !== titleKey(s.node.title) && (s.item.action === 'update' || s.item.action === 'move');
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const k = stack.pop()!;
      if (k === to) return true;
      if (seen.has(k)) continue;
      seen.add(k);
      const s = states.get(k);
      if (!s) continue;
      if (s.item.parentFile) stack.push(s.item.parentFile);
      stack.push(...s.waitFor);
    }
    return false;
  };
  for (const [key, state] of states) {
    if (!retitles(state)) continue;
    const holder = byTitle.get(titleKey(state.node!.title));
    if (!holder || holder.id === state.remote!.id) continue;
    const holderKey = keyByPageId.get(holder.id);
    const holderState = holderKey ? states.get(holderKey) : undefined;
    // A holder that keeps its title (or is not ours) makes the write fail with Confluence's own message.
    if (!holderKey || !holderState || !retitles(holderState)) continue;
    if (reaches(holderKey, key)) holderState.vacateTitle = true;
    else state.waitFor.push(holderKey);
  }
}

export function titleKey(title: string): string {
  return title.trim().toLowerCase();
}

function fail(state: ItemState, code: NonNullable<PlanItem['code']>, reason: string): void {
  state.item.action = 'error';
  state.item.code = code;
  state.item.reason = reason;
}

function label(node: LocalNode): string {
  return node.file ?? node.key;
}

function resolveRootParent(config: WorkspaceConfig, space: Space, byId: Map<string, Page>, byTitle: Map<string, Page>): string | undefined {
  if (!config.rootParent) return space.homepageId;
  const p = /^\d+$/.test(config.rootParent) ? byId.get(config.rootParent) : byTitle.get(titleKey(config.rootParent));
  if (!p) {
    throw new PlanError(`.confluence.yml: rootParent "${config.rootParent}" is not a page in space ${space.key}; give the title or id of an existing page, or remove the setting to use the space homepage`);
  }
  return p.id;
}

export { TOOL_NAME };
