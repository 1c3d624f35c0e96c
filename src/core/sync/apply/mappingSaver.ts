import type { MappingEntry, MappingFile } from '../mapping';
import type { ItemState } from '../planner';

/** The page's title: the document's (the plan item shows a placeholder instead for a document with likely secrets). */
export const pageTitle = (state: ItemState): string => state.node?.title ?? state.item.title;

/**
 * The mapping is saved (atomically, off the main thread) as soon as a page finishes; pages finishing while a save
 * is running share the next one. What a kill loses in that gap, the next run recognises by the pages' source
 * property (or, before the property is set, as a version-1 page under our own parent).
 */
export class MappingSaver {
  private saving: Promise<void> | undefined;
  private dirty = false;
  private saveError: unknown;
  // Generations: a change made at generation g is on disk once `savedGen >= g` (see savedNow).
  private changeGen = 0;
  private savedGen = 0;
  private waiters: Array<{ gen: number; resolve: () => void }> = [];

  constructor(
    readonly mapping: MappingFile,
    private readonly spaceKey: string,
  ) {}

  private async saveLoop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const gen = this.changeGen;
      await this.mapping.saveAsync().catch((err) => (this.saveError ??= err));
      this.savedGen = gen;
      for (const w of this.waiters) if (w.gen <= this.savedGen) w.resolve();
      this.waiters = this.waiters.filter((w) => w.gen > this.savedGen);
    }
    this.saving = undefined;
  }

  /** Starts (or joins) a save of every change made so far. */
  saveSoon(): void {
    this.dirty = true;
    this.changeGen++;
    this.saving ??= this.saveLoop();
  }

  /** Waits until every change made so far is on disk (shares the save other pages started). */
  async savedNow(): Promise<void> {
    const gen = this.changeGen;
    if (this.savedGen < gen) await new Promise<void>((resolve) => this.waiters.push({ gen, resolve }));
    this.throwSaveError();
  }

  /** Waits for the last save to end. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
    this.throwSaveError();
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
