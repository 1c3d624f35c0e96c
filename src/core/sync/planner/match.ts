import type { Page } from '../../confluence/types';
import type { LocalNode } from '../local';
import { claimBySeedEntry, claimByVersionMessage } from '../ownership';
import type { PlanItem } from '../types';
import { fail, titleKey, type ItemState, type PlanContext } from './state';

/** A page found by title that nobody mapped, whose property must be read to know whose it is. */
interface OwnershipCheck {
  depth: number;
  run: () => Promise<void>;
}

/** State of what `matchPages` has seen so far. */
interface MatchScan {
  /** The first document that took each title (by titleKey). */
  titleOwner: Map<string, string>;
  /** Mapping key of each mapped page id of this space. */
  pageIdToKey: Map<string, string>;
  ownershipChecks: OwnershipCheck[];
}

/**
 * Finds the page of every document in scope (identity: mapping → listing by title → our content property) and
 * fills `ctx.states` in the local model's order (parents first). Items that cannot be published get an error.
 */
export async function matchPages(ctx: PlanContext): Promise<void> {
  const scan: MatchScan = { titleOwner: new Map(), pageIdToKey: new Map(), ownershipChecks: [] };
  for (const [key, e] of ctx.mapping.all()) if (e.page_id && e.space === ctx.spaceKey) scan.pageIdToKey.set(e.page_id, key);
  for (const key of ctx.local.order) {
    if (ctx.selection && !ctx.selection.withAncestors.has(key)) continue;
    matchOne(ctx, scan, key);
  }
  // Pages found by title that nobody mapped: checked parents first, since a child's check needs its parent's page.
  const { ownershipChecks } = scan;
  const depths = [...new Set(ownershipChecks.map((c) => c.depth))].sort((a, b) => a - b);
  for (const d of depths) await Promise.all(ownershipChecks.filter((c) => c.depth === d).map((c) => c.run()));
}

function newState(ctx: PlanContext, key: string, node: LocalNode): ItemState {
  const parentState = node.parentKey ? ctx.states.get(node.parentKey) : undefined;
  const item: PlanItem = {
    file: key,
    kind: node.kind,
    action: 'create',
    title: node.title,
    parentTitle: parentState?.item.title,
    parentFile: node.parentKey,
    hash: node.hash,
  };
  const ancestorOnly = Boolean(ctx.selection && !ctx.selection.selected.has(key));
  const state: ItemState = { item, node, waitFor: [], intended: 'create', ancestorOnly };
  ctx.states.set(key, state);
  return state;
}

function matchOne(ctx: PlanContext, scan: MatchScan, key: string): void {
  const { mapping, spaceKey, config } = ctx;
  const node = ctx.local.nodes.get(key)!;
  const state = newState(ctx, key, node);
  const { item } = state;
  const entry = mapping.get(key);
  state.entry = entry;
  if (entry?.version !== undefined) item.localVersion = entry.version;

  const owner = scan.titleOwner.get(titleKey(node.title));
  if (owner) {
    fail(state, 'title-duplicate', `${node.file ?? node.key}: the title "${node.title}" is already used by ${owner}; Confluence titles are unique per space, so give one of them another title (front matter \`title:\`)`);
    return;
  }
  scan.titleOwner.set(titleKey(node.title), key);
  if (entry && entry.space !== spaceKey) {
    fail(state, 'space-mismatch', `${key} is mapped to space ${entry.space} but this publish goes to ${spaceKey}; run with --space ${entry.space}, or remove its entry from ${config.mappingFile}`);
    return;
  }
  if (!entry && takeOverFolderPage(ctx, state, node)) return;

  const pageId = entry?.page_id ?? node.pageIdHint;
  if (pageId) {
    const remote = ctx.byId.get(pageId);
    if (!remote) {
      item.pageId = pageId;
      fail(state, 'remote-deleted', `page ${pageId} ("${entry?.title ?? node.title}") no longer exists in space ${spaceKey} (deleted, archived or moved in Confluence); run with --recreate to publish it as a new page, or remove its entry from ${config.mappingFile}`);
      return;
    }
    state.remote = remote;
    return;
  }
  const existing = ctx.byTitle.get(titleKey(node.title));
  if (existing) matchByTitle(ctx, scan, state, node, existing);
}

/** A folder that gained (or lost) its index.md keeps its page: the generated page and the index page are one. */
function takeOverFolderPage(ctx: PlanContext, state: ItemState, node: LocalNode): boolean {
  const { mapping, takenOver } = ctx;
  const alt = folderAlternateKeys(node, mapping.keys()).find((k) => mapping.has(k) && !ctx.local.nodes.has(k) && !takenOver.has(k) && mapping.get(k)!.space === ctx.spaceKey);
  const altEntry = alt ? mapping.get(alt) : undefined;
  const altRemote = altEntry?.page_id ? ctx.byId.get(altEntry.page_id) : undefined;
  if (!alt || !altEntry || !altRemote) return false;
  takenOver.add(alt);
  state.takeOverFrom = alt;
  state.remote = altRemote;
  state.entry = { ...altEntry };
  if (altEntry.version !== undefined) state.item.localVersion = altEntry.version;
  return true;
}

/** An unmapped document whose title is on a page of the space: a renamed file's page, a title hand-off, or proof needed. */
function matchByTitle(ctx: PlanContext, scan: MatchScan, state: ItemState, node: LocalNode, existing: Page): void {
  const { mapping, takenOver, spaceKey } = ctx;
  const { item } = state;
  const key = item.file;
  const entry = state.entry;
  const otherKey = scan.pageIdToKey.get(existing.id);
  if (otherKey && otherKey !== key) {
    if (!ctx.local.nodes.has(otherKey) && !takenOver.has(otherKey)) {
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
    return;
  }
  // Only proof of identity makes a page found by title ours (ownership.ts): the mapping, our version message, the
  // manifest on the root page, or the property older versions wrote on every page (provenance.ts).
  const claim = (entry && claimBySeedEntry(entry, existing)) || claimByVersionMessage(existing, key, spaceKey, node.hash);
  if (claim) {
    state.remote = existing;
    state.entry = claim;
    return;
  }
  scan.ownershipChecks.push({
    depth: node.depth,
    run: async () => {
      const found = await ctx.provenance.of(existing).catch(() => undefined);
      if (found?.source === key) {
        state.remote = existing;
        state.entry = { space: spaceKey, title: existing.title, page_id: existing.id, version: found.version ?? existing.version, hash: found.hash };
      } else {
        item.pageId = existing.id;
        state.remote = existing;
        fail(state, 'title-taken', `a page titled "${node.title}" already exists in space ${spaceKey} (page ${existing.id}) and was not published from ${key}; give the document another title (front matter \`title:\`), or run with --adopt to take that page over`);
      }
    },
  });
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
