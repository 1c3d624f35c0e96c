import type { ConfluenceApi } from '../confluence/types';
import { nextTurn } from './eventLoop';
import { TOOL_NAME } from './local';

/**
 * The manifest: which pages under a root page we published, and from which file — one record for the whole tree,
 * kept as content properties (`docs-to-confluence-manifest-0`, `-1`, …) of the workspace's root page (the docs
 * root's page, titled `rootPageTitle`), each under Confluence's 32 KB property limit. It replaces the per-page `docs-to-confluence` property (one extra write per page) as proof of
 * ownership for pages whose current version carries no version message of ours (Cloud creates: v2 create takes no
 * version message; pages edited in Confluence since), and lets `mapping rebuild` find every page.
 *
 * Written once per run whose set of pages changes (created, claimed, removed): only the shards holding those pages,
 * merged with what is there (several workspaces may publish under one root page). Moves and renames are carried by
 * the version message of the write that does them; the shard catches up the next time it is written.
 *
 * Shard 0 holds `shards` (how many there are); a page id goes to shard `hash(id) % shards`. Shards only grow (double)
 * when one would pass the size limit.
 *
 * An editor host runs this too (issue 13: never blocked > 100 ms): a shard's size is the sum of its rows' sizes
 * (each row serialised once, not each shard at every doubling: 10,000 pages took ~100 ms in one go), and the work
 * gives the event loop a turn every ROWS_PER_TURN rows.
 */
export const MANIFEST_KEY = 'docs-to-confluence-manifest';
/** Bytes of JSON per shard: under the 32,768 Confluence keeps, with room for the envelope. */
export const SHARD_BYTES = 30000;

/** What the manifest knows of one page: the file, and the version and content (hash prefix) it last recorded. */
export interface ManifestEntry {
  source: string;
  version?: number;
  /** First 16 hex digits of the content hash of that version. */
  hash?: string;
}

type Row = [string, number?, string?];

interface ShardValue {
  tool: string;
  format: 1;
  /** Only in shard 0: how many shards there are. */
  shards?: number;
  pages: Record<string, Row>;
}

export function manifestKey(shard: number): string {
  return `${MANIFEST_KEY}-${shard}`;
}

/** FNV-1a of the page id: which shard a page is in. */
export function shardOf(pageId: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < pageId.length; i++) h = Math.imul(h ^ pageId.charCodeAt(i), 0x01000193) >>> 0;
  return h % shards;
}

function toRow(e: ManifestEntry): Row {
  return e.hash !== undefined ? [e.source, e.version ?? 0, e.hash.slice(0, 16)] : e.version !== undefined ? [e.source, e.version] : [e.source];
}

function fromRow(row: unknown): ManifestEntry | undefined {
  if (!Array.isArray(row) || typeof row[0] !== 'string') return undefined;
  return {
    source: row[0],
    ...(typeof row[1] === 'number' && row[1] > 0 ? { version: row[1] } : {}),
    ...(typeof row[2] === 'string' && /^[0-9a-f]{8,64}$/.test(row[2]) ? { hash: row[2] } : {}),
  };
}

function rowsOf(value: unknown): Record<string, Row> {
  const pages = (value as ShardValue | undefined)?.pages;
  return pages && typeof pages === 'object' ? { ...pages } : {};
}

/** The manifest as read from the root page. */
export class Manifest {
  private constructor(
    readonly shards: number,
    private readonly rows: Map<string, ManifestEntry>,
  ) {}

  static empty(): Manifest {
    return new Manifest(1, new Map());
  }

  /** Reads every shard (one request each; a root page without a manifest costs one). */
  static async load(api: ConfluenceApi, rootPageId: string, signal?: AbortSignal): Promise<Manifest> {
    const first = await api.getProperty<ShardValue>(rootPageId, manifestKey(0), { signal });
    if (!first) return Manifest.empty();
    const shards = Math.max(1, Number(first.value?.shards) || 1);
    const rest = await Promise.all(Array.from({ length: shards - 1 }, (_, i) => api.getProperty<ShardValue>(rootPageId, manifestKey(i + 1), { signal })));
    const rows = new Map<string, ManifestEntry>();
    for (const shard of [first, ...rest]) {
      for (const [id, row] of Object.entries(rowsOf(shard?.value))) {
        const e = fromRow(row);
        if (e) rows.set(id, e);
      }
    }
    return new Manifest(shards, rows);
  }

  get(pageId: string): ManifestEntry | undefined {
    return this.rows.get(pageId);
  }

  get size(): number {
    return this.rows.size;
  }

  entries(): IterableIterator<[string, ManifestEntry]> {
    return this.rows.entries();
  }
}

export interface ManifestChanges {
  /** Pages of ours to record (new ones, and every other page of ours in a shard that is written anyway). */
  set: Map<string, ManifestEntry>;
  /** Pages to drop (removed, or no longer ours). */
  remove: Set<string>;
  /** Which pages made this write necessary: only their shards are written. */
  changed: Set<string>;
}

/**
 * Writes the shards that hold `changes.changed`, merged with what they hold now, when that changes which pages
 * they name or from which file. Returns the number of shards written. Costs one read and one write per shard written
 * (shard 0 always read; all shards when they must grow): each write goes on the version its read saw, without
 * reading again (a shard someone wrote meanwhile is re-read by `setProperty`).
 */
export async function writeManifest(api: ConfluenceApi, rootPageId: string, changes: ManifestChanges, signal?: AbortSignal): Promise<number> {
  if (changes.changed.size === 0) return 0;
  /** The version each shard had when read (0: not there). */
  const versions = new Map<number, number>();
  const read = async (s: number) => {
    const found = await api.getProperty<ShardValue>(rootPageId, manifestKey(s), { signal });
    versions.set(s, found?.version ?? 0);
    return found?.value;
  };
  const first = await read(0);
  let shards = first ? Math.max(1, Number(first.shards) || 1) : 1;
  const touched = new Set([...changes.changed].map((id) => shardOf(id, shards)));
  touched.add(0); // shard 0 always says how many shards there are
  const current = new Map<number, Record<string, Row>>([[0, rowsOf(first)]]);
  for (const s of touched) if (!current.has(s)) current.set(s, rowsOf(await read(s)));
  const turns = new RowTurns(signal);
  let merged = await mergeShards(current, changes, shards, turns);
  const firstShards = shards;
  const sizes = new RowSizes();
  if (await anyTooBig(merged.values(), sizes, turns)) {
    // Grow: read every shard, then spread all rows over twice as many (until each fits).
    for (let s = 0; s < shards; s++) if (!current.has(s)) current.set(s, rowsOf(await read(s)));
    const all = (await mergeShards(current, changes, 1, turns)).get(0)!;
    do shards *= 2;
    while (await splitTooBig(all, shards, sizes, turns));
    merged = new Map((await splitRows(all, shards, turns)).map((rows, i) => [i, rows]));
  }
  // Shard 0 last: it names the shard count, so a reader never expects a shard that is not written yet.
  // A shard whose pages and files are already what it says (a page recognised again) is not written.
  const order = [...merged.keys()].filter((s) => shards !== firstShards || !sameOwners(current.get(s) ?? {}, merged.get(s)!)).sort((a, b) => b - a);
  for (const s of order) {
    const value: ShardValue = { tool: TOOL_NAME, format: 1, ...(s === 0 ? { shards } : {}), pages: merged.get(s)! };
    await api.setProperty(rootPageId, manifestKey(s), value, { signal, expectedVersion: versions.get(s) });
  }
  return order.length;
}

/** Rows handled between two turns of the event loop (a few milliseconds of work). */
export const ROWS_PER_TURN = 2000;

/** Gives the event loop a turn every ROWS_PER_TURN rows. */
class RowTurns {
  #rows = 0;
  constructor(private readonly signal?: AbortSignal) {}
  /** Call once per row: true every ROWS_PER_TURN rows (then `await turn()`; no microtask for the other rows). */
  due(): boolean {
    return ++this.#rows % ROWS_PER_TURN === 0;
  }
  async turn(): Promise<void> {
    await nextTurn();
    this.signal?.throwIfAborted();
  }
}

/** Bytes of each row as it appears in a shard's JSON (`"<id>":[...]`), serialised once per row. */
class RowSizes {
  readonly #bytes = new Map<string, number>();
  of(id: string, row: Row): number {
    let n = this.#bytes.get(id);
    if (n === undefined) this.#bytes.set(id, (n = Buffer.byteLength(`${JSON.stringify(id)}:${JSON.stringify(row)}`, 'utf8')));
    return n;
  }
}

/** The JSON of a shard without rows (`{"tool":…,"shards":1024,"pages":{}}`: the largest envelope). */
const EMPTY_SHARD_BYTES = Buffer.byteLength(JSON.stringify({ tool: TOOL_NAME, format: 1, shards: 1024, pages: {} }), 'utf8');

/** A shard's size from its rows' sizes: the envelope, the rows, the commas between them (= shardSize's JSON). */
function sizeOf(rowBytes: number, rows: number): number {
  return EMPTY_SHARD_BYTES + rowBytes + Math.max(0, rows - 1);
}

async function anyTooBig(shards: Iterable<Record<string, Row>>, sizes: RowSizes, turns: RowTurns): Promise<boolean> {
  for (const rows of shards) {
    let bytes = 0;
    let n = 0;
    for (const [id, row] of Object.entries(rows)) {
      bytes += sizes.of(id, row);
      n++;
      if (turns.due()) await turns.turn();
    }
    if (sizeOf(bytes, n) > SHARD_BYTES) return true;
  }
  return false;
}

/** Whether spreading `all` over `shards` leaves a shard over the limit (sizes summed, nothing serialised again). */
async function splitTooBig(all: Record<string, Row>, shards: number, sizes: RowSizes, turns: RowTurns): Promise<boolean> {
  const bytes = new Array<number>(shards).fill(0);
  const counts = new Array<number>(shards).fill(0);
  for (const [id, row] of Object.entries(all)) {
    const s = shardOf(id, shards);
    bytes[s] += sizes.of(id, row);
    counts[s]++;
    if (turns.due()) await turns.turn();
  }
  return bytes.some((b, s) => sizeOf(b, counts[s]) > SHARD_BYTES);
}

/** The given shards' rows with `changes` applied, each row placed by `shards`. */
async function mergeShards(current: Map<number, Record<string, Row>>, changes: ManifestChanges, shards: number, turns: RowTurns): Promise<Map<number, Record<string, Row>>> {
  const out = new Map<number, Record<string, Row>>();
  for (const s of current.keys()) out.set(shards === 1 ? 0 : s, out.get(shards === 1 ? 0 : s) ?? {});
  for (const rows of current.values()) {
    for (const [id, row] of Object.entries(rows)) {
      if (turns.due()) await turns.turn();
      if (changes.remove.has(id)) continue;
      const s = shardOf(id, shards);
      if (out.has(s)) out.get(s)![id] = row;
    }
  }
  for (const [id, e] of changes.set) {
    if (turns.due()) await turns.turn();
    if (changes.remove.has(id)) continue;
    const s = shardOf(id, shards);
    if (out.has(s)) out.get(s)![id] = toRow(e);
  }
  return out;
}

/** Same pages from the same files (versions and hashes may lag: they describe the last write of the shard). */
function sameOwners(a: Record<string, Row>, b: Record<string, Row>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((id) => b[id]?.[0] === a[id][0]);
}

async function splitRows(all: Record<string, Row>, shards: number, turns: RowTurns): Promise<Array<Record<string, Row>>> {
  const out: Array<Record<string, Row>> = Array.from({ length: shards }, () => ({}));
  for (const [id, row] of Object.entries(all)) {
    out[shardOf(id, shards)][id] = row;
    if (turns.due()) await turns.turn();
  }
  return out;
}

/** A shard's JSON size, serialised whole (what sizeOf computes from the rows; tests check they agree). */
export function shardSize(rows: Record<string, Row>): number {
  return Buffer.byteLength(JSON.stringify({ tool: TOOL_NAME, format: 1, shards: 1024, pages: rows }), 'utf8');
}

/** A shard's JSON size from its rows' sizes (for tests: equals shardSize). */
export function summedShardSize(rows: Record<string, Row>): number {
  const sizes = new RowSizes();
  const entries = Object.entries(rows);
  return sizeOf(entries.reduce((sum, [id, row]) => sum + sizes.of(id, row), 0), entries.length);
}
