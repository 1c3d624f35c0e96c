import type { Page } from '../confluence/types';
import { PROPERTY_KEY, TOOL_NAME } from './local';
import type { MappingEntry } from './mapping';
import { parseVersionMessage, sameContent, type OurVersion } from './versionMessage';

/**
 * Which pages are ours, and what we last published to them. A page is only ever written when its identity proves
 * that we published it from this file: the mapping (page id, a seed entry, or the entry a run writes just before it
 * creates a page), our version message naming this file, or our content property naming this file. A page that
 * merely looks like ours (right title, right parent, version 1) may be someone's hand-made page: it needs --adopt.
 */

/** The hash a baseline records for a version we wrote: the full hash when it is the file's content now. */
function hashOf(version: OurVersion, fileHash: string | undefined): string {
  return sameContent(version, fileHash) ? fileHash! : `sha256:${version.hashPrefix}`;
}

/**
 * A page found by title whose key has a mapping entry without a page id. A seed entry (space + title) declares the
 * page ours, as the seed format always did. An entry a run wrote just before creating the page (`pending: create`,
 * the run was killed before it could record the id) claims only a page under the parent it was created under, with
 * version 1 as what we published: if someone edited that page since, the edit is seen as a remote edit.
 */
export function claimBySeedEntry(entry: MappingEntry, existing: Page): MappingEntry | undefined {
  if (entry.pending !== 'create') return entry;
  if (entry.parent_id !== undefined && existing.parentId !== entry.parent_id) return undefined;
  return { ...entry, page_id: existing.id, version: 1, pending: undefined };
}

/** A page found by title whose current version we wrote from this file (our version message says so). */
export function claimByVersionMessage(existing: Page, key: string, space: string, fileHash: string | undefined): MappingEntry | undefined {
  const ours = parseVersionMessage(existing.versionMessage);
  if (!ours || ours.source !== key) return undefined;
  return { space, title: existing.title, page_id: existing.id, version: existing.version, hash: hashOf(ours, fileHash) };
}

/**
 * A mapped page whose version is above the one we recorded, but whose current version is one we wrote (a run
 * killed after the update, before the mapping was saved): the baseline becomes that version, so it is not taken
 * for a remote edit. `sources`: the keys this page may have been published from (the key, or its old key).
 */
export function reconcileWithOurVersion(entry: MappingEntry | undefined, remote: Page, sources: string[], fileHash: string | undefined): MappingEntry | undefined {
  if (!entry || entry.version === undefined || remote.version <= entry.version) return undefined;
  const ours = parseVersionMessage(remote.versionMessage);
  if (!ours || !sources.includes(ours.source)) return undefined;
  return { ...entry, version: remote.version, hash: hashOf(ours, fileHash) };
}

/**
 * The page now hangs under another parent than the one we last put it under, and the plan would move it: someone
 * moved it in Confluence. Not when that parent is gone (deleting a page moves its children up: the plan puts them
 * back under the recreated parent). Entries written before `parent_id` was recorded: a version above ours counts.
 */
export function movedInConfluence(entry: MappingEntry | undefined, remote: Page, planMoves: boolean, pageExists: (id: string) => boolean): boolean {
  if (!planMoves || !entry) return false;
  if (entry.parent_id !== undefined) return remote.parentId !== entry.parent_id && pageExists(entry.parent_id);
  return entry.version !== undefined && remote.version > entry.version;
}

export interface ConflictFacts {
  file: string;
  remote: Page;
  baseline: MappingEntry | undefined;
  moved: boolean;
  edited: boolean;
  changed: boolean;
  /** Title of the parent the page hangs under now, and of the one the docs tree puts it under. */
  parentNow: string;
  parentOurs: string;
}

/** The reason of a conflict: everything that changed in Confluence, what the plan would undo, and the way out. */
export function conflictReason(f: ConflictFacts): string {
  const found: string[] = [];
  if (f.moved) found.push(`moved in Confluence since our last publish (now under "${f.parentNow}", the docs put it under "${f.parentOurs}")`);
  if (f.edited) {
    const versions = `now version ${f.remote.version}, we published version ${f.baseline?.version}`;
    found.push(f.moved ? `edited there (${versions})` : `edited in Confluence since our last publish (${versions})`);
  }
  const undo = [f.moved ? 'move it back' : undefined, f.edited && f.changed ? 'overwrite the edit' : undefined].filter(Boolean).join(' and ');
  const fix = [f.edited && f.changed ? `merge the change into ${f.file}` : undefined, f.moved ? `move ${f.file} to match` : undefined].filter(Boolean).join(' and ');
  return `${found.join(' and ')}; the plan would ${undo}: ${fix}, or publish with --force`;
}

/**
 * The entry a run writes (and saves) just before it creates a page: if the run is killed before it can record the
 * new page id, the next run finds the page by title and knows it is ours (claimBySeedEntry).
 */
export function pendingCreateEntry(before: MappingEntry | undefined, space: string, title: string, hash: string, parentId: string | undefined): MappingEntry {
  return { ...(before ?? {}), space, title, page_id: undefined, version: undefined, read_only: undefined, hash, parent_id: parentId, pending: 'create' } as MappingEntry;
}

/**
 * Why an orphan's page must be left alone, or undefined when archive/delete may act: only a page whose property
 * says we published it from this very file, and that no live document of this run publishes to.
 */
export function orphanRefusal(file: string, pageId: string, prop: { tool?: string; source?: string } | undefined, livePages: Set<string>): string | undefined {
  if (livePages.has(pageId)) return `left alone: page ${pageId} is the page of a document that is still published`;
  if (!prop || prop.tool !== TOOL_NAME) return `left alone: page ${pageId} was not created by ${TOOL_NAME} (no ${PROPERTY_KEY} property)`;
  if (prop.source !== file) {
    return `left alone: page ${pageId} was published from ${prop.source ?? 'another file'}, not from ${file}; remove the entry "${file}" from the mapping file if it is stale`;
  }
  return undefined;
}
