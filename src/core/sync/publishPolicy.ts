/**
 * The publish policy: which decisions a run needs between its plan and its apply, and how the answers become apply
 * options. Host-free and shared by both front ends, so the rule lives once:
 *
 * - **What blocks**: documents with likely secrets (`blocked`, code `secrets` or findings). Nothing of them is sent
 *   unless the answer is "publish anyway" (the CLI's `--allow-secrets`, the editor's "Publish Anyway").
 * - **What needs a question**: conflicts with Confluence (edited, moved; `remote-deleted` would ask "recreate") that
 *   a standing answer (`--force`, `--recreate`) does not cover; a title clash (`title-taken`, `title-duplicate`) is no
 *   choice, it is reported. Removing orphans (`archive`/`delete`) needs a confirmation unless it is given up front
 *   (`--yes`); `report` asks nothing. Taking over someone's page (`adopt`) is only ever a standing answer.
 * - **The non-interactive default** (a front end without that question): secrets and conflicts are skipped (reported
 *   as blocked/conflict, the others are published); an unconfirmed orphan removal stops the run before anything is
 *   written.
 *
 * The front ends implement `PublishDecisions` (the CLI: a terminal confirmation for orphans only; the extension:
 * modals for secrets and conflicts) and call `decidePublish`. Unit-tested in test/unit/sync/publishPolicy.test.ts.
 */
import type { SecretFinding } from '../secrets/types';
import { keptOrphans, removableOrphans } from './orphans';
import type { ApplyOptions, OrphanPolicy, PlanItem, SyncPlan } from './types';

/** Answers given before the run (CLI flags): they hold for every item, also one apply meets only while writing. */
export interface StandingAnswers {
  /** Publish documents with secret findings (`--allow-secrets`). */
  allowSecrets?: boolean;
  /** Overwrite pages edited or moved in Confluence (`--force`). */
  force?: boolean;
  /** Recreate mapped pages deleted in Confluence (`--recreate`). */
  recreate?: boolean;
  /** Take over pages found by title that this tool did not create (`--adopt`). */
  adopt?: boolean;
  /** What happens to pages whose files are gone (default `report`). */
  orphans?: OrphanPolicy;
  /** Archiving/deleting orphans is confirmed already (`--yes`). */
  confirmOrphans?: boolean;
}

export type SecretsChoice = 'publish-anyway' | 'skip' | 'cancel';
export type ConflictChoice = 'overwrite' | 'skip' | 'cancel';

export interface SecretsQuestion {
  /** The blocked documents. */
  items: PlanItem[];
  findings: SecretFinding[];
  /** Other documents would be written if these are skipped (so "publish the others" is a real choice). */
  othersWouldPublish: boolean;
}

export interface OrphansQuestion {
  policy: 'archive' | 'delete';
  /** Exactly the pages apply will archive or delete. */
  remove: PlanItem[];
  /** Orphans apply leaves alone (not provably ours), each with its reason. */
  keep: PlanItem[];
}

/** The questions a front end can answer; one left out gets the non-interactive default (see the module comment). */
export interface PublishDecisions {
  onSecrets?(question: SecretsQuestion): Promise<SecretsChoice>;
  /** One conflict at a time, in plan order. */
  onConflict?(item: PlanItem): Promise<ConflictChoice>;
  /** true: go on and remove them. */
  onOrphans?(question: OrphansQuestion): Promise<boolean>;
}

export type PublishStage = 'secrets' | 'conflict' | 'orphans';

export type PublishDecision =
  | { go: true; options: ApplyOptions; skipped: { secrets: string[]; conflicts: string[] } }
  /** Stopped at a question: nothing is to be written. `orphans` is set when the stop was the orphan confirmation. */
  | { go: false; stage: PublishStage; orphans?: OrphansQuestion };

/** The answers to the questions of one plan (files by question). */
export interface PublishAnswers {
  allowSecrets: string[];
  force: string[];
  recreate: string[];
}

/** Documents blocked because of likely secrets. */
export function secretItems(plan: SyncPlan): PlanItem[] {
  return plan.items.filter((i) => i.action === 'blocked' && (i.code === 'secrets' || Boolean(i.findings?.length)));
}

/** Conflicts decided one by one (a title clash is not a choice: it is reported). */
export function conflictItems(plan: SyncPlan): PlanItem[] {
  return plan.items.filter((i) => i.action === 'conflict' && i.code !== 'title-taken' && i.code !== 'title-duplicate');
}

/** Items that write something to Confluence if the run goes on (before any answer). */
export function writingItems(plan: SyncPlan): PlanItem[] {
  return plan.items.filter((i) => i.action === 'create' || i.action === 'update' || i.action === 'move' || (i.action === 'unchanged' && i.moves));
}

/** The orphan removal that needs a confirmation, or undefined (policy `report`, nothing to remove, or confirmed). */
export function orphanQuestion(plan: SyncPlan, standing: StandingAnswers = {}): OrphansQuestion | undefined {
  const policy = standing.orphans ?? 'report';
  if (policy === 'report' || standing.confirmOrphans) return undefined;
  const remove = removableOrphans(plan);
  return remove.length ? { policy, remove, keep: keptOrphans(plan) } : undefined;
}

/** What must be asked before this plan is applied under these standing answers. */
export function publishQuestions(plan: SyncPlan, standing: StandingAnswers = {}): {
  secrets: PlanItem[];
  conflicts: PlanItem[];
  orphans?: OrphansQuestion;
} {
  const conflicts = conflictItems(plan).filter((i) => !(i.code === 'remote-deleted' ? standing.recreate : standing.force));
  return { secrets: standing.allowSecrets ? [] : secretItems(plan), conflicts, orphans: orphanQuestion(plan, standing) };
}

/** Whether anything must be asked before this plan is applied. */
export function needsAnswers(plan: SyncPlan, standing: StandingAnswers = {}): boolean {
  const q = publishQuestions(plan, standing);
  return q.secrets.length > 0 || q.conflicts.length > 0 || q.orphans !== undefined;
}

/** The apply options for the standing answers plus the answers given to this plan's questions. */
export function applyOptionsFor(standing: StandingAnswers, answers: PublishAnswers): ApplyOptions {
  const options: ApplyOptions = {};
  const pick = (all: boolean | undefined, files: string[]): boolean | string[] | undefined => (all ? true : files.length ? files : undefined);
  const allowSecrets = pick(standing.allowSecrets, answers.allowSecrets);
  const force = pick(standing.force, answers.force);
  const recreate = pick(standing.recreate, answers.recreate);
  if (allowSecrets) options.allowSecrets = allowSecrets;
  if (force) options.force = force;
  if (recreate) options.recreate = recreate;
  if (standing.adopt) options.adopt = true;
  if (standing.orphans) options.orphans = standing.orphans;
  return options;
}

/**
 * Asks the questions this plan needs (secrets, then each conflict, then the orphan removal) and turns the answers
 * into apply options. A `cancel` (or an orphan removal not confirmed) stops: nothing is to be written.
 */
export async function decidePublish(plan: SyncPlan, decisions: PublishDecisions, standing: StandingAnswers = {}): Promise<PublishDecision> {
  const questions = publishQuestions(plan, standing);
  const answers: PublishAnswers = { allowSecrets: [], force: [], recreate: [] };
  const skipped = { secrets: [] as string[], conflicts: [] as string[] };
  if (questions.secrets.length) {
    const items = questions.secrets;
    const othersWouldPublish = plan.items.some((i) => i.kind === 'document' && !items.includes(i) && i.action !== 'unchanged' && i.action !== 'orphan');
    const choice = decisions.onSecrets ? await decisions.onSecrets({ items, findings: items.flatMap((i) => i.findings ?? []), othersWouldPublish }) : 'skip';
    if (choice === 'cancel') return { go: false, stage: 'secrets' };
    if (choice === 'publish-anyway') answers.allowSecrets.push(...items.map((i) => i.file));
    else skipped.secrets.push(...items.map((i) => i.file));
  }
  for (const item of questions.conflicts) {
    const choice = decisions.onConflict ? await decisions.onConflict(item) : 'skip';
    if (choice === 'cancel') return { go: false, stage: 'conflict' };
    if (choice === 'overwrite') (item.code === 'remote-deleted' ? answers.recreate : answers.force).push(item.file);
    else skipped.conflicts.push(item.file);
  }
  if (questions.orphans) {
    const confirmed = decisions.onOrphans ? await decisions.onOrphans(questions.orphans) : false;
    if (!confirmed) return { go: false, stage: 'orphans', orphans: questions.orphans };
  }
  return { go: true, options: applyOptionsFor(standing, answers), skipped };
}
