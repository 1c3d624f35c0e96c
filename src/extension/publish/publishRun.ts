// Host-free (no `vscode`): the order of a publish in the editor, and the rule that no question or message holds the
// publish lock. The editor side (progress, modals, messages) comes in through PublishSteps; unit-tested in
// test/unit/extension/publishRun.test.ts with fake steps.
import { needsAnswers, writingItems, type ApplyOptions, type SyncPlan, type SyncReport, type SyncResult } from '../../core';
import type { LineLevel } from '../util/lineBatch';
import type { PublishLock, Release } from './publishLock';

/** A plan and the engine that made it (apply needs the same engine: the plan carries its internal state). */
export interface Planned<E> {
  engine: E;
  plan: SyncPlan;
}

/** The user's answers for one plan: go on with these apply options, or stop (nothing written). */
export type Decision =
  /** `pulled`: files the answers themselves changed (the conflict choice Merge pulled them); the plan made again
   * after the answers may differ for them without asking again (a clean merge is now an ordinary update). */
  | { go: true; options: ApplyOptions; pulled?: string[] }
  | { go: false };

export interface Applied {
  report: SyncReport;
  /** The user cancelled while pages were being written (what was done is kept). */
  cancelled: boolean;
}

/** What a publish ended with; shown by `PublishSteps.report` after the lock is released, never awaited. */
export type PublishOutcome =
  | { kind: 'busy' }
  | { kind: 'cancelled'; stage: 'plan' | 'decision' }
  /** `decided`: the user was asked and chose what left nothing to write (Skip, Publish the Others). */
  | { kind: 'nothing-to-write'; plan: SyncPlan; decided: boolean }
  | ({ kind: 'applied' } & Applied)
  /** The plan changed under the user's decisions again and again (someone keeps editing): nothing written. */
  | { kind: 'unstable' }
  | { kind: 'failed'; error: unknown };

export interface PublishSteps<E> {
  /** Plans (under the lock). undefined: cancelled by the user. */
  plan(): Promise<Planned<E> | undefined>;
  /** Asks the questions this plan needs (plan review, secrets, conflicts). Called WITHOUT the lock. */
  decide(plan: SyncPlan, round: number): Promise<Decision>;
  /** Writes (under the lock). */
  apply(planned: Planned<E>, options: ApplyOptions): Promise<Applied>;
  /** Shows the outcome. Called after the lock is released and never awaited: a message left open blocks nothing. */
  report(outcome: PublishOutcome): unknown;
  log?(line: string): void;
}

/** A result's line in the log and its level (a publish gathers the lines: util/lineBatch.ts). */
export function resultLine(r: SyncResult): { level: LineLevel; line: string } {
  const line = `${r.action.padEnd(8)} ${r.file} → "${r.title}"${r.pageId ? ` page ${r.pageId}` : ''}${r.version ? ` v${r.version}` : ''}${r.message ? `: ${r.message}` : ''}`;
  const level: LineLevel = r.action === 'error' ? 'error' : r.action === 'conflict' || r.action === 'blocked' ? 'warn' : 'info';
  return { level, line };
}

/** Plan rows the log lists in full; a larger plan's rest is counted (each page is logged again as it is written). */
export const PLAN_LOG_ROWS = 200;

/**
 * The plan as one log entry: the summary, then a row per document that changes — at most `max` of them (a plan of
 * 10,000 creates was a 1 MB message built, sent and appended in one go on the extension host).
 */
export function planLog(plan: SyncPlan, target: string, max = PLAN_LOG_ROWS): string {
  const lines = [`Plan for ${target}: ${JSON.stringify(plan.summary)}`];
  let more = 0;
  for (const item of plan.items) {
    if (item.action === 'unchanged') continue;
    if (lines.length > max) {
      more++;
      continue;
    }
    lines.push(`  ${item.action.padEnd(9)} ${item.file} → "${item.title}"${item.reason ? ` (${item.reason})` : ''}`);
  }
  if (more) lines.push(`  … and ${more} more (each is logged as it is written)`);
  return lines.join('\n');
}

/** How often the plan may change under the user's answers before the run gives up (nothing written). */
export const MAX_DECISION_ROUNDS = 3;

/** Items that will write something to Confluence if the user goes on (core's publish policy decides). */
// A function, not `= writingItems`: reading a core export at load time would load the engine at activation.
export const writes: typeof writingItems = (...args) => writingItems(...args);

/** Pages the apply will write with these options (0: nothing to do, no need to take the lock again). */
export function writeCount(plan: SyncPlan, options: ApplyOptions): number {
  const listed = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
  return writes(plan).filter((i) => i.action !== 'blocked').length + listed(options.force) + listed(options.recreate) + listed(options.allowSecrets);
}

/** Whether the user must be asked before anything is written: the plan review, or what core's publish policy asks. */
export function needsDecision(plan: SyncPlan, review: boolean): boolean {
  return review || needsAnswers(plan);
}

/**
 * What the user's answers were about: every item that is not unchanged, with its action, the page and the version
 * in Confluence (a conflict answered for version 5 is not an answer for version 6), and the secret findings by
 * fingerprint (a "Publish Anyway" for one secret is not one for another). The local content is left out on
 * purpose: what gets published is the editor's text at apply time, also when the user edited it while reading the
 * diff.
 */
export function decisionSignature(plan: SyncPlan, except: readonly string[] = []): string {
  return JSON.stringify(
    plan.items
      .filter((i) => (i.action !== 'unchanged' || i.moves) && !except.includes(i.file))
      .map((i) => [i.file, i.action, i.code ?? '', i.pageId ?? '', i.remoteVersion ?? '', i.moves ? 1 : 0, (i.findings ?? []).map((f) => f.fingerprint || `${f.rule}:${f.line}`).sort().join(',')])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
}

/**
 * One publish: plan under the lock; when the user must decide, release the lock, ask, take the lock again and plan
 * again (someone may have published, edited a page or a file meanwhile); apply only when the new plan is the one
 * the user answered for, else ask again. The outcome is reported after the lock is released and not awaited.
 */
export async function runPublish<E>(lock: PublishLock, steps: PublishSteps<E>, review: boolean): Promise<PublishOutcome> {
  let release: Release | undefined = lock.tryAcquire();
  if (!release) return reportOutcome(steps, { kind: 'busy' });
  let outcome: PublishOutcome;
  try {
    outcome = await planDecideApply(lock, steps, review, {
      get: () => release,
      set: (r) => {
        release = r;
      },
    });
  } catch (error) {
    outcome = { kind: 'failed', error };
  } finally {
    release?.();
  }
  return reportOutcome(steps, outcome);
}

function reportOutcome<E>(steps: PublishSteps<E>, outcome: PublishOutcome): PublishOutcome {
  try {
    // Not awaited, on purpose: a message left open must hold nothing.
    void Promise.resolve(steps.report(outcome)).catch((e) => steps.log?.(`Could not show the publish result: ${String(e)}`));
  } catch (e) {
    steps.log?.(`Could not show the publish result: ${String(e)}`);
  }
  return outcome;
}

async function planDecideApply<E>(
  lock: PublishLock,
  steps: PublishSteps<E>,
  review: boolean,
  held: { get(): Release | undefined; set(r: Release | undefined): void },
): Promise<PublishOutcome> {
  let planned = await steps.plan();
  let options: ApplyOptions = {};
  for (let round = 0; ; round++) {
    if (!planned) return { kind: 'cancelled', stage: 'plan' };
    if (!needsDecision(planned.plan, review)) break;
    const asked = planned.plan;
    held.get()?.();
    held.set(undefined);
    const decision = await steps.decide(asked, round);
    if (!decision.go) return { kind: 'cancelled', stage: 'decision' };
    const pulled = decision.pulled ?? [];
    if (writeCount(asked, decision.options) === 0 && pulled.length === 0) return { kind: 'nothing-to-write', plan: asked, decided: true };
    held.set(await lock.acquire());
    planned = await steps.plan();
    if (planned && decisionSignature(planned.plan, pulled) === decisionSignature(asked, pulled)) {
      options = decision.options;
      break;
    }
    if (round + 1 >= MAX_DECISION_ROUNDS) return { kind: 'unstable' };
    steps.log?.('The plan changed while you were deciding (a page or a file was changed meanwhile); asking again.');
  }
  if (writeCount(planned.plan, options) === 0) return { kind: 'nothing-to-write', plan: planned.plan, decided: false };
  return { kind: 'applied', ...(await steps.apply(planned, options)) };
}
