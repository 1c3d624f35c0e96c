/**
 * The CLI's conflict choice: a page edited both in Confluence and locally, on a terminal, asks
 * Merge (pull that page into the file with the three-way merge, then publish it if the merge was clean),
 * Overwrite (publish the file over the edit) or Skip (leave both; the default, and what a run without a terminal does).
 * The decision itself (`mergeConflict`) is core's; this module only asks.
 */
import { createInterface } from 'node:readline/promises';
import type { MergeConflictResult, SyncPlan } from '../core';
import type { CliIO } from './context';

export interface ConflictChoices {
  /** Files to publish over the Confluence edit. */
  overwrite: string[];
  /** Files merged cleanly: published by this run. */
  merged: string[];
  /** Files pulled (cleanly or with markers): their mapping entries moved on, so the plan must be made again. */
  pulled: string[];
}

export type Ask = (question: string) => Promise<string>;

/** How to ask on this terminal; undefined when nobody can answer (no terminal): conflicts are then skipped. */
export function terminalAsk(io: CliIO): Ask | undefined {
  if (io.ask) return io.ask;
  if (!io.isTTY || !process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

/** Asks about every page edited on both sides; Merge runs `merge(file)` at once and says how it went. */
export async function chooseForConflicts(io: CliIO, plan: SyncPlan, ask: Ask, merge: (file: string) => Promise<MergeConflictResult>): Promise<ConflictChoices> {
  const choices: ConflictChoices = { overwrite: [], merged: [], pulled: [] };
  for (const item of plan.items) {
    if (item.action !== 'conflict' || item.code !== 'remote-edited') continue;
    io.stderr(`Conflict  ${item.file}  "${item.title}"\n          ${item.reason ?? ''}\n`);
    const answer = (await ask('  [m]erge the Confluence edit into the file, [o]verwrite it, or [s]kip? [m/o/S] ')).trim().toLowerCase();
    if (answer === 'o' || answer === 'overwrite') {
      choices.overwrite.push(item.file);
    } else if (answer === 'm' || answer === 'merge') {
      const result = await merge(item.file);
      choices.pulled.push(item.file);
      if (result.clean) {
        choices.merged.push(item.file);
        io.stderr(`  merged: ${item.file} now holds both edits; publishing it\n`);
      } else {
        const lines = result.item?.conflicts?.map((c) => c.line).join(', ');
        io.stderr(`  not clean: ${result.item?.message ?? `conflict markers in ${item.file}${lines ? ` at lines ${lines}` : ''}`}; not published\n`);
      }
    }
  }
  return choices;
}
