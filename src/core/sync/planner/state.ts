import type { ConversionCache } from '../conversionCache';
import type { DiagramSetup } from '../../diagrams/prepare';
import type { ConfluenceApi, Page, Space } from '../../confluence/types';
import type { FileSystem } from '../../files/fileSystem';
import type { SecretFinding } from '../../secrets/types';
import type { LocalModel, LocalNode } from '../local';
import type { MappingEntry, MappingFile } from '../mapping';
import type { MarkdownPort } from '../markdownPort';
import type { ProvenanceLookup } from '../provenance';
import type { Selection } from '../select';
import type { PlanItem, PlanOptions, WorkspaceConfig } from '../types';

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

  /** The plan's provenance look-up: apply skips writing manifest rows the plan already found there. */
  provenance?: ProvenanceLookup;

  /** Set when apply starts: a plan is applied once (apply lets each page's body go once it is written). */
  applied = false;
}

export interface PlannerDeps {
  root: string;
  config: WorkspaceConfig;
  api: ConfluenceApi;
  markdown: MarkdownPort;
  /** Where the workspace is read. */
  fs: FileSystem;
  scanSecrets: (text: string, file: string) => Promise<SecretFinding[]>;
  loadMapping: () => MappingFile;
  engineId: symbol;
  /** Diagram renderers and the render cache (none: diagrams are published as code with a warning). */
  diagrams?: DiagramSetup;
  /** Conversions of unchanged documents (the engine's conversion cache). */
  cache?: ConversionCache;
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/**
 * What the planning steps share once the documents are converted and the space listed: the inputs, the listing
 * indexed by id and by title, and the item states being decided (in the local model's order: parents first).
 */
export interface PlanContext {
  deps: PlannerDeps;
  config: WorkspaceConfig;
  api: ConfluenceApi;
  signal: PlanOptions['signal'];
  spaceKey: string;
  mapping: MappingFile;
  local: LocalModel;
  /** The files a `sync PATH...` run publishes (with their ancestors); undefined for a full run. */
  selection?: Selection;
  space: Space;
  byId: Map<string, Page>;
  /** The listing by titleKey. */
  byTitle: Map<string, Page>;
  rootParentId: string | undefined;
  states: Map<string, ItemState>;
  /** Old mapping keys whose page a renamed file (or a folder's index page) takes over. */
  takenOver: Set<string>;
  /** Who published a page found by title (version message, manifest, old property): read only when needed. */
  provenance: ProvenanceLookup;
}

/** How Confluence tells titles apart: trimmed, case-insensitive. */
export function titleKey(title: string): string {
  return title.trim().toLowerCase();
}

export function fail(state: ItemState, code: NonNullable<PlanItem['code']>, reason: string): void {
  state.item.action = 'error';
  state.item.code = code;
  state.item.reason = reason;
}
