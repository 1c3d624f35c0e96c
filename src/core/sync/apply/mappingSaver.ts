import type { MappingEntry, MappingFile } from '../mapping';
import type { ItemState } from '../planner';

/** The page's title: the document's (the plan item shows a placeholder instead for a document with likely secrets). */
export const pageTitle = (state: ItemState): string => state.node?.title ?? state.item.title;

/** How often the mapping is saved during a publish: at most every `ms`, or once `changes` pages changed, and at the end. */
export interface SaveBatch {
  ms: number;
  changes: number;
}
export const DEFAULT_SAVE_BATCH: SaveBatch = { ms: 1000, changes: 500 };

/**
 * The mapping is saved atomically (off the main thread) in batches: what pages record is saved at most every second
 * (or every 500 pages) and at the end, so a 10,000-page publish writes the 2.6 MB file a few dozen times, not 10,000
 * (an editor's file watcher rescans on each save). What a kill loses of a batch, the next run recognises: an updated
 * page by our version message naming its file (ownership.ts), a created page by the `pending: create` entry that
 * is on disk before its create request is sent (`saveNow` + `savedThrough`: pages that become ready together
 * share one save).
 */
export class MappingSaver {
  private saving: Promise<void> | undefined;
  private dirty = false;
  private saveError: unknown;
  // Generations: a change made at generation g is on disk once `savedGen >= g` (see savedThrough).
  private changeGen = 0;
  private savedGen = 0;
  private waiters: Array<{ gen: number; resolve: () => void }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unsaved = 0;
  /** Saves written so far (tests). */
  saves = 0;

  constructor(
    readonly mapping: MappingFile,
    private readonly spaceKey: string,
    private readonly batch: SaveBatch = DEFAULT_SAVE_BATCH,
  ) {}

  private async saveLoop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const gen = this.changeGen;
      this.saves++;
      await this.mapping.saveAsync().catch((err) => (this.saveError ??= err));
      this.savedGen = gen;
      for (const w of this.waiters) if (w.gen <= this.savedGen) w.resolve();
      this.waiters = this.waiters.filter((w) => w.gen > this.savedGen);
    }
    this.saving = undefined;
  }

  /** Starts (or joins) a save of every change made so far. */
  private startSave(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsaved = 0;
    this.dirty = true;
    this.saving ??= this.saveLoop();
  }

  /** A change that may wait for the batch: saved within `batch.ms`, after `batch.changes` changes, or at the end. */
  saveSoon(): void {
    this.changeGen++;
    if (++this.unsaved >= this.batch.changes) return this.startSave();
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.startSave();
      }, this.batch.ms);
      this.timer.unref?.();
    }
  }

  /** A change that must reach the disk before the next request (a pending create): saved now. Returns its generation. */
  saveNow(): number {
    this.changeGen++;
    this.startSave();
    return this.changeGen;
  }

  /** Waits until the changes up to generation `gen` are on disk (shares the save other pages started). */
  async savedThrough(gen: number): Promise<void> {
    if (this.savedGen < gen) await new Promise<void>((resolve) => this.waiters.push({ gen, resolve }));
    this.throwSaveError();
  }

  /** Saves every change made so far and waits until it is on disk. */
  async savedNow(): Promise<void> {
    const gen = this.changeGen;
    if (this.savedGen < gen) this.startSave();
    await this.savedThrough(gen);
  }

  /** Saves what the batch still holds and waits for the last save to end (the end of a publish). */
  async flush(): Promise<void> {
    if (this.savedGen < this.changeGen || this.timer) this.startSave();
    while (this.saving) await this.saving;
    this.throwSaveError();
  }

  /** Drops the batch timer (a publish that ends by an error saves what it has with `flush` first). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private throwSaveError(): void {
    if (this.saveError) throw new Error(`could not write ${this.mapping.displayPath}: ${(this.saveError as Error).message}`);
  }

  /** Records a published page (and drops the old key of a renamed file). */
  record(key: string, state: ItemState, fields: Partial<MappingEntry>): MappingEntry {
    const { mapping } = this;
    const prev = mapping.get(key) ?? (state.takeOverFrom ? mapping.get(state.takeOverFrom) : undefined) ?? state.entry;
    // `pending` (written just before a create) ends once the page is recorded.
    const entry: MappingEntry = { ...(prev ?? {}), space: this.spaceKey, title: pageTitle(state), pending: undefined, ...fields } as MappingEntry;
    mapping.set(key, entry);
    if (state.takeOverFrom) mapping.delete(state.takeOverFrom);
    this.saveSoon();
    return entry;
  }

  /** Changes fields of the entry `key` (entries are frozen: a new object replaces it). */
  amend(key: string, fields: Partial<MappingEntry>): MappingEntry {
    const entry = { ...this.mapping.get(key)!, ...fields } as MappingEntry;
    this.mapping.set(key, entry);
    this.saveSoon();
    return entry;
  }
}
