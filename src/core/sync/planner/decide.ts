import { conflictReason, movedInConfluence, reconcileWithOurVersion } from '../ownership';
import { sameRecordedHash } from '../provenance';
import type { ItemState, PlanContext } from './state';

/** Decides every matched item's action now that every page is known (parents first, so expected parent ids are known). */
export function decideActions(ctx: PlanContext): void {
  for (const state of ctx.states.values()) {
    const { item, node } = state;
    if (!node || item.action === 'error' || item.action === 'blocked') continue;
    if (node.skipped) {
      item.action = 'unchanged';
      item.reason = node.skipped.message;
      item.diagnostics = node.warnings;
      continue;
    }
    if (node.error) {
      item.action = node.error.code === 'front-matter-invalid' || node.error.code === 'conflict-markers' ? 'blocked' : 'error';
      item.code = node.error.code;
      item.reason = node.error.message;
      item.diagnostics = node.error.diagnostics;
      if (state.remote) item.pageId = state.remote.id;
      continue;
    }
    if (node.warnings.length) item.diagnostics = node.warnings;
    if (!state.remote) {
      state.intended = 'create';
      item.action = 'create';
      continue;
    }
    decideExisting(ctx, state);
  }
}

/** An item with a page: unchanged, update, move, or a conflict with a remote edit or move. */
function decideExisting(ctx: PlanContext, state: ItemState): void {
  const { byId, rootParentId } = ctx;
  const { item } = state;
  const node = state.node!;
  const remote = state.remote!;
  item.pageId = remote.id;
  item.remoteVersion = remote.version;
  const parentState = node.parentKey ? ctx.states.get(node.parentKey) : undefined;
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
  const changed = !sameRecordedHash(baseline?.hash, node.hash) || remote.title.trim() !== node.title;
  item.changed = changed;
  const remoteEdited = baseline?.version !== undefined && remote.version > baseline.version;
  const remoteMoved = movedInConfluence(baseline, remote, item.moves, (id) => byId.has(id));
  if (state.ancestorOnly && !item.moves) {
    state.intended = 'unchanged';
    item.action = 'unchanged';
    item.reason = 'parent of the selected files';
    return;
  }
  if ((changed && remoteEdited) || remoteMoved) {
    state.intended = item.moves ? 'move' : 'update';
    item.action = 'conflict';
    item.code = remoteMoved ? 'remote-moved' : 'remote-edited';
    const parentNow = remote.parentId ? (byId.get(remote.parentId)?.title ?? `page ${remote.parentId}`) : 'the top of the space';
    const parentOurs = item.parentTitle ?? (rootParentId ? (byId.get(rootParentId)?.title ?? 'the space homepage') : 'the top of the space');
    const file = node.file ?? 'the folder';
    item.reason = conflictReason({ file, remote, baseline, moved: remoteMoved, edited: remoteEdited, changed, parentNow, parentOurs });
    return;
  }
  if (item.moves) {
    state.intended = 'move';
    item.action = 'move';
    item.reason = state.takeOverFrom ? `renamed from ${state.takeOverFrom}` : `parent changed to "${item.parentTitle ?? 'the space homepage'}"`;
    return;
  }
  if (changed) {
    state.intended = 'update';
    item.action = 'update';
    if (state.takeOverFrom) item.reason = `renamed from ${state.takeOverFrom}`;
    else if (!baseline?.hash) item.reason = 'first publish from this workspace';
    return;
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
    item.reason = `version ${remote.version} was published by an earlier run that stopped before it saved ${ctx.config.mappingFile}; the mapping file is brought up to date`;
  }
}
