// The extension's publish lock rule (issue 10): the lock covers planning and writing only; no question and no message,
// modal or not, holds it. Fake steps stand in for VS Code's progress, modals and notifications; the real-host proof
// is test/e2e/publish-lock.e2e.ts.
import assert from 'node:assert/strict';
import type { ApplyOptions, PlanItem, SyncPlan, SyncReport } from '../../../src/core/sync/types';
import { PublishLock } from '../../../src/extension/publish/publishLock';
import {
  MAX_DECISION_ROUNDS,
  PLAN_LOG_ROWS,
  decisionSignature,
  planLog,
  runPublish,
  writeCount,
  type Decision,
  type Planned,
  type PublishOutcome,
  type PublishSteps,
} from '../../../src/extension/publish/publishRun';

const item = (file: string, action: PlanItem['action'], extra: Partial<PlanItem> = {}): PlanItem => ({ file, kind: 'document', action, title: file, ...extra });
const planOf = (...items: PlanItem[]): SyncPlan => ({ items, rootPageTitle: 'Root', spaceKey: 'DOCS', summary: {} });
const conflict = (remoteVersion = 5): PlanItem => item('docs/a.md', 'conflict', { code: 'remote-edited', pageId: '11', remoteVersion, localVersion: 4 });
const report = (): SyncReport => ({ results: [] }) as unknown as SyncReport;

/** A promise that never settles: a notification or a question the user leaves open. */
const open = <T>(): Promise<T> => new Promise<T>(() => undefined);

interface Recorder {
  steps: PublishSteps<string>;
  calls: string[];
  reported: PublishOutcome[];
  applied: Array<{ plan: SyncPlan; options: ApplyOptions }>;
}

/** Fake steps that record what ran and whether the lock was held at that moment. */
function fakeSteps(lock: PublishLock, o: {
  plans: Array<SyncPlan | Error>;
  decide?: (plan: SyncPlan, round: number) => Promise<Decision>;
  report?: (outcome: PublishOutcome) => unknown;
}): Recorder {
  const calls: string[] = [];
  const reported: PublishOutcome[] = [];
  const applied: Recorder['applied'] = [];
  let n = 0;
  const steps: PublishSteps<string> = {
    plan: async () => {
      calls.push(`plan(lock ${lock.held ? 'held' : 'free'})`);
      const next = o.plans[Math.min(n++, o.plans.length - 1)];
      if (next instanceof Error) throw next;
      return { engine: `engine${n}`, plan: next } satisfies Planned<string>;
    },
    decide: async (plan, round) => {
      calls.push(`decide#${round}(lock ${lock.held ? 'held' : 'free'})`);
      return o.decide ? o.decide(plan, round) : { go: true, options: {} };
    },
    apply: async (planned, options) => {
      calls.push(`apply ${planned.engine}(lock ${lock.held ? 'held' : 'free'})`);
      applied.push({ plan: planned.plan, options });
      return { report: report(), cancelled: false };
    },
    report: (outcome) => {
      calls.push(`report ${outcome.kind}(lock ${lock.held ? 'held' : 'free'})`);
      reported.push(outcome);
      return o.report ? o.report(outcome) : undefined;
    },
  };
  return { steps, calls, reported, applied };
}

describe('extension publish lock (issue 10): no message holds it', () => {
  it('a skipped conflict whose "Nothing was published" message stays open: the next publish runs, not "already running"', async () => {
    const lock = new PublishLock();
    const first = fakeSteps(lock, { plans: [planOf(conflict())], decide: async () => ({ go: true, options: {} }), report: () => open() });
    const outcome = await runPublish(lock, first.steps, false);
    assert.equal(outcome.kind, 'nothing-to-write');
    assert.deepEqual(first.calls, ['plan(lock held)', 'decide#0(lock free)', 'report nothing-to-write(lock free)']);
    assert.equal(lock.held, false);

    const second = fakeSteps(lock, { plans: [planOf(conflict())], decide: async () => ({ go: true, options: { force: ['docs/a.md'] } }) });
    const again = await runPublish(lock, second.steps, false);
    assert.equal(again.kind, 'applied', `the second publish ended with ${again.kind}`);
    assert.deepEqual(second.applied.map((a) => a.options), [{ force: ['docs/a.md'] }]);
  });

  for (const [name, error] of [
    ['a failure', Object.assign(new Error('Confluence had a server error (after 4 retries).'), { status: 500 })],
    ['a 401', Object.assign(new Error('Unauthorized'), { status: 401 })],
  ] as const) {
    it(`${name} whose message stays open does not hold the lock`, async () => {
      const lock = new PublishLock();
      const first = fakeSteps(lock, { plans: [error], report: () => open() });
      const outcome = await runPublish(lock, first.steps, false);
      assert.equal(outcome.kind, 'failed');
      assert.equal((outcome as { error: unknown }).error, error);
      assert.deepEqual(first.calls, ['plan(lock held)', 'report failed(lock free)']);
      const second = fakeSteps(lock, { plans: [planOf(item('docs/b.md', 'update'))] });
      assert.equal((await runPublish(lock, second.steps, false)).kind, 'applied');
    });
  }

  it('the result message of a publish that wrote pages stays open: the lock is free and the run has ended', async () => {
    const lock = new PublishLock();
    const r = fakeSteps(lock, { plans: [planOf(item('docs/b.md', 'create'))], report: () => open() });
    assert.equal((await runPublish(lock, r.steps, false)).kind, 'applied');
    assert.deepEqual(r.calls, ['plan(lock held)', 'apply engine1(lock held)', 'report applied(lock free)']);
    assert.equal(lock.held, false);
  });

  it('a report that throws is logged, not thrown into the run', async () => {
    const lock = new PublishLock();
    const logged: string[] = [];
    const r = fakeSteps(lock, { plans: [planOf(item('docs/b.md', 'create'))], report: () => Promise.reject(new Error('no window')) });
    r.steps.log = (l) => logged.push(l);
    assert.equal((await runPublish(lock, r.steps, false)).kind, 'applied');
    await new Promise((res) => setImmediate(res));
    assert.match(logged.join('\n'), /no window/);
  });

  it('while a question is open (conflict modal, View Diff question, secrets modal, plan review) another publish runs to the end', async () => {
    const lock = new PublishLock();
    let answer!: (d: Decision) => void;
    const waiting = fakeSteps(lock, { plans: [planOf(conflict())], decide: () => new Promise<Decision>((res) => (answer = res)) });
    const pending = runPublish(lock, waiting.steps, false);
    while (!answer) await new Promise((res) => setImmediate(res));
    assert.equal(lock.held, false, 'the lock is not held while the user decides');

    const other = fakeSteps(lock, { plans: [planOf(item('docs/b.md', 'update'))] });
    assert.equal((await runPublish(lock, other.steps, false)).kind, 'applied');

    answer({ go: true, options: { force: ['docs/a.md'] } });
    assert.equal((await pending).kind, 'applied');
    // Planned again under the lock after the answer, and applied with the new plan's engine.
    assert.deepEqual(waiting.calls, ['plan(lock held)', 'decide#0(lock free)', 'plan(lock held)', 'apply engine2(lock held)', 'report applied(lock free)']);
  });

  it('after the answers, a run waits for a publish that holds the lock instead of refusing and losing them', async () => {
    const lock = new PublishLock();
    let answer!: (d: Decision) => void;
    const waiting = fakeSteps(lock, { plans: [planOf(conflict())], decide: () => new Promise<Decision>((res) => (answer = res)) });
    const pending = runPublish(lock, waiting.steps, false);
    while (!answer) await new Promise((res) => setImmediate(res));
    const release = lock.tryAcquire();
    assert.ok(release, 'free while deciding');
    answer({ go: true, options: { force: ['docs/a.md'] } });
    await new Promise((res) => setImmediate(res));
    assert.equal(waiting.calls.filter((c) => c.startsWith('plan')).length, 1, 'does not plan while another run holds the lock');
    assert.equal(lock.tryAcquire(), undefined, 'the waiting run is next; a new publish is told one is running');
    release();
    assert.equal((await pending).kind, 'applied');
    assert.equal(lock.held, false);
  });

  it('a conflict answered for version 5 is asked again when Confluence moved on to version 6 meanwhile', async () => {
    const lock = new PublishLock();
    const r = fakeSteps(lock, {
      plans: [planOf(conflict(5)), planOf(conflict(6)), planOf(conflict(6))],
      decide: async () => ({ go: true, options: { force: ['docs/a.md'] } }),
    });
    assert.equal((await runPublish(lock, r.steps, false)).kind, 'applied');
    assert.deepEqual(r.calls.filter((c) => c.startsWith('decide')), ['decide#0(lock free)', 'decide#1(lock free)']);
    assert.equal(r.applied.length, 1);
    assert.equal(r.applied[0].plan.items[0].remoteVersion, 6, 'applied the plan the user answered last');
  });

  it('a plan that keeps changing under the answers writes nothing after a few rounds', async () => {
    const lock = new PublishLock();
    const plans = Array.from({ length: MAX_DECISION_ROUNDS + 2 }, (_, i) => planOf(conflict(5 + i)));
    const r = fakeSteps(lock, { plans, decide: async () => ({ go: true, options: { force: ['docs/a.md'] } }) });
    assert.equal((await runPublish(lock, r.steps, false)).kind, 'unstable');
    assert.equal(r.applied.length, 0);
    assert.equal(lock.held, false);
  });

  it('a changed conflict that no longer needs an answer (resolved meanwhile) is applied without asking again', async () => {
    const lock = new PublishLock();
    const r = fakeSteps(lock, {
      plans: [planOf(conflict(5), item('docs/b.md', 'update')), planOf(item('docs/a.md', 'unchanged'), item('docs/b.md', 'update'))],
      decide: async () => ({ go: true, options: {} }),
    });
    assert.equal((await runPublish(lock, r.steps, false)).kind, 'applied');
    assert.deepEqual(r.calls.filter((c) => c.startsWith('decide')), ['decide#0(lock free)']);
  });

  it('without a question the plan and the apply run in one hold of the lock (no second plan)', async () => {
    const lock = new PublishLock();
    const r = fakeSteps(lock, { plans: [planOf(item('docs/b.md', 'update'))] });
    await runPublish(lock, r.steps, false);
    assert.deepEqual(r.calls, ['plan(lock held)', 'apply engine1(lock held)', 'report applied(lock free)']);
  });

  it('Show Publish Plan (review) asks even without conflicts; cancelling writes nothing and frees the lock', async () => {
    const lock = new PublishLock();
    const r = fakeSteps(lock, { plans: [planOf(item('docs/b.md', 'update'))], decide: async () => ({ go: false }) });
    assert.deepEqual(await runPublish(lock, r.steps, true), { kind: 'cancelled', stage: 'decision' });
    assert.equal(r.applied.length, 0);
    assert.equal(lock.held, false);
  });

  it('while a publish plans or writes, a second one is told so at once and plans nothing', async () => {
    const lock = new PublishLock();
    const release = lock.tryAcquire()!;
    const r = fakeSteps(lock, { plans: [planOf(item('docs/b.md', 'update'))] });
    assert.equal((await runPublish(lock, r.steps, false)).kind, 'busy');
    assert.deepEqual(r.calls, ['report busy(lock held)']);
    release();
  });

  it('the lock reports held/free to its listener once per change, and a release twice is harmless', async () => {
    const changes: boolean[] = [];
    const lock = new PublishLock((h) => changes.push(h));
    const a = lock.tryAcquire()!;
    const next = lock.acquire();
    a();
    a();
    const b = await next;
    assert.equal(lock.held, true);
    b();
    assert.deepEqual(changes, [true, false]);
  });

  it('the decision signature ignores local content but not the version in Confluence or the secret findings', () => {
    const base = planOf(conflict(5), item('docs/s.md', 'blocked', { code: 'secrets', findings: [{ file: 'docs/s.md', line: 3, column: 1, rule: 'r', message: 'm', preview: 'p', fingerprint: 'f1' }] }));
    const contentOnly = planOf({ ...conflict(5), hash: 'other' }, base.items[1]);
    assert.equal(decisionSignature(contentOnly), decisionSignature(base));
    assert.notEqual(decisionSignature(planOf(conflict(6), base.items[1])), decisionSignature(base));
    const otherSecret = planOf(conflict(5), { ...base.items[1], findings: [{ ...base.items[1].findings![0], fingerprint: 'f2' }] });
    assert.notEqual(decisionSignature(otherSecret), decisionSignature(base));
    assert.equal(writeCount(base, {}), 0);
    assert.equal(writeCount(base, { force: ['docs/a.md'], allowSecrets: ['docs/s.md'] }), 2);
  });
});

describe('the plan in the log (issue 13: no 1 MB log message at the start of a 10,000-page publish)', () => {
  it('lists the documents that change, at most PLAN_LOG_ROWS of them, and counts the rest', () => {
    const items = (n: number, action: string) => Array.from({ length: n }, (_, i) => ({ file: `docs/${action}-${i}.md`, kind: 'document', action, title: `T${i}` }));
    const small = planLog({ items: [...items(2, 'create'), ...items(3, 'unchanged')], summary: { create: 2, unchanged: 3 } } as unknown as SyncPlan, 'the workspace');
    assert.equal(small, 'Plan for the workspace: {"create":2,"unchanged":3}\n  create    docs/create-0.md → "T0"\n  create    docs/create-1.md → "T1"');
    const big = planLog({ items: [...items(5, 'unchanged'), ...items(10_000, 'create')], summary: { create: 10_000, unchanged: 5 } } as unknown as SyncPlan, 'the workspace').split('\n');
    assert.equal(big.length, 1 + PLAN_LOG_ROWS + 1);
    assert.equal(big[PLAN_LOG_ROWS], `  create    docs/create-${PLAN_LOG_ROWS - 1}.md → "T${PLAN_LOG_ROWS - 1}"`);
    assert.equal(big.at(-1), `  … and ${10_000 - PLAN_LOG_ROWS} more (each is logged as it is written)`);
  });
});
