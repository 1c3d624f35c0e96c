import type { ConfluenceApi, PageSummary } from '../confluence/types';
import { PROPERTY_KEY, TOOL_NAME, type LocalModel } from './local';
import type { MappingFile } from './mapping';
import { Manifest } from './manifest';
import { parseVersionMessage } from './versionMessage';

/** Where a page's provenance was found. */
export type ProvenanceSource = 'version-message' | 'manifest' | 'property';

export interface Provenance {
  /** Mapping key (workspace-relative path) the page was published from. */
  source: string;
  /** The version that record describes, when known. */
  version?: number;
  /** Content hash of that version: full (property) or `sha256:<prefix>` (version message, manifest). */
  hash?: string;
  via: ProvenanceSource;
}

/**
 * Who published a page, from which file, with no extra write per page: our version message on its current version
 * (free: the listing carries it), else the manifest on the root page (read once, on first need), else the
 * `docs-to-confluence` property older versions put on every page (one read per page, only for pages the first two
 * do not know).
 */
export class ProvenanceLookup {
  private manifest: Promise<Manifest> | undefined;

  constructor(
    private readonly api: ConfluenceApi,
    private readonly rootPageId: string | undefined,
    private readonly signal?: AbortSignal,
  ) {}

  /** The manifest (an empty one when there is no root page or it cannot be read). */
  loadManifest(): Promise<Manifest> {
    if (!this.rootPageId) return Promise.resolve(Manifest.empty());
    return (this.manifest ??= Manifest.load(this.api, this.rootPageId, this.signal).catch(() => Manifest.empty()));
  }

  /** The manifest when it was read already (no request), else undefined. */
  async loadedManifest(): Promise<Manifest | undefined> {
    return this.manifest ? await this.manifest : undefined;
  }

  /** The page's provenance, or undefined when nothing says we published it. Rejects only when the property read fails. */
  async of(page: PageSummary): Promise<Provenance | undefined> {
    const ours = parseVersionMessage(page.versionMessage);
    if (ours) return { source: ours.source, version: page.version, hash: `sha256:${ours.hashPrefix}`, via: 'version-message' };
    const listed = (await this.loadManifest()).get(page.id);
    if (listed) return { source: listed.source, version: listed.version, hash: listed.hash ? `sha256:${listed.hash}` : undefined, via: 'manifest' };
    const prop = await this.api.getProperty<{ source?: string; hash?: string; tool?: string }>(page.id, PROPERTY_KEY, { signal: this.signal });
    if (!prop?.value?.source || (prop.value.tool !== undefined && prop.value.tool !== TOOL_NAME)) return undefined;
    return { source: prop.value.source, version: page.version, hash: prop.value.hash, via: 'property' };
  }
}

/**
 * The page the manifest lives on: the workspace's root page (the docs root's page, `rootPageTitle`), as the mapping
 * records it, else as found by title.
 */
export function manifestPageId(local: LocalModel, mapping: MappingFile, byTitle?: (title: string) => PageSummary | undefined, rootTitle?: string): string | undefined {
  const root = [...local.nodes.values()].find((n) => n.isRoot);
  const recorded = root ? mapping.get(root.key) : undefined;
  if (recorded?.page_id && !recorded.pending) return recorded.page_id;
  return byTitle && rootTitle ? byTitle(rootTitle)?.id : undefined;
}

/** True when a recorded hash (full, or `sha256:<prefix>` from a version message or the manifest) is `hash`. */
export function sameRecordedHash(recorded: string | undefined, hash: string | undefined): boolean {
  if (recorded === undefined || hash === undefined) return recorded === hash;
  if (recorded === hash) return true;
  const m = /^sha256:([0-9a-f]{8,64})$/.exec(recorded);
  return Boolean(m && hash.startsWith(m[1]));
}
