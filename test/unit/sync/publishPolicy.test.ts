// The publish policy both front ends use (issue 11): what blocks, what needs a question, the non-interactive default,
// and how the answers become apply options. The CLI's flags and question are proven end to end in
// test/integration/cli.test.ts and safety tests; the editor's modals in test/e2e/experience.e2e.ts.
import assert from 'node:assert/strict';
import type { SecretFinding } from '../../../src/core/secrets/types';
import {
  applyOptionsFor,
  conflictItems,
  decidePublish,
  needsAnswers,
  publishQuestions,
  secretItems,
  type ConflictChoice,
  type OrphansQuestion,
  type PublishDecisions,
  type SecretsQuestion,
} from '../../../src/core/sync/publishPolicy';
import type { PlanItem, SyncPlan } from '../../../src/core/sync/types';

const item = (file: string, action: PlanItem['action'], extra: Partial<PlanItem> = {}): PlanItem => ({ file, kind: 'document', action, title: file, ...extra });
const planOf = (...items: PlanItem[]): SyncPlan => ({ items, rootPageTitle: 'Root', spaceKey: 'DOCS', summary: {} });
const finding = (file: string): SecretFinding => ({ file, line: 3, column: 1, rule: 'aws-key', preview: 'AKIA…', fingerprint: `fp-${file}` }) as SecretFinding;

const secret = item('docs/s.md', 'blocked', { code: 'secrets', findings: [finding('docs/s.md')] });
const edited = item('docs/a.md', 'conflict', { code: 'remote-edited', pageId: '11', remoteVersion: 5 });
const moved = item('docs/m.md', 'conflict', { code: 'remote-moved', pageId: '12', remoteVersion: 2 });
const titleTaken = item('docs/t.md', 'conflict', { code: 'title-taken' });
const update = item('docs/u.md', 'update', { pageId: '13' });
const orphan = item('docs/gone.md', 'orphan', { pageId: '20', remoteVersion: 1 });
const keptOrphan = item('docs/kept.md', 'orphan', { pageId: '21', remoteVersion: 1, code: 'orphan-kept', reason: 'not ours' });

/** Decisions that record what was asked and answer from a script. */
function scripted(answers: { secrets?: 'publish-anyway' | 'skip' | 'cancel'; conflicts?: Record<string, ConflictChoice>; orphans?: boolean }) {
  const asked: string[] = [];
  const seen: { secrets?: SecretsQuestion; orphans?: OrphansQuestion } = {};
  const decisions: PublishDecisions = {
    onSecrets: async (q) => {
      asked.push(`secrets:${q.items.map((i) => i.file).join(',')}`);
      seen.secrets = q;
      return answers.secrets ?? 'skip';
    },
    onConflict: async (i) => {
      asked.push(`conflict:${i.file}`);
      return answers.conflicts?.[i.file] ?? 'skip';
    },
    onOrphans: async (q) => {
      asked.push(`orphans:${q.policy}`);
      seen.orphans = q;
      return answers.orphans ?? false;
    },
  };
  return { decisions, asked, seen };
}

describe('publish policy (core, shared by the CLI and the extension)', () => {
  it('blocks documents with secret findings and asks about conflicts, but never about a title clash', () => {
    const plan = planOf(secret, edited, moved, titleTaken, update);
    assert.deepEqual(secretItems(plan).map((i) => i.file), ['docs/s.md']);
    assert.deepEqual(conflictItems(plan).map((i) => i.file), ['docs/a.md', 'docs/m.md']);
    assert.equal(needsAnswers(plan), true);
    assert.equal(needsAnswers(planOf(update, titleTaken)), false, 'a title clash is reported, not asked');
    // A blocked item without code but with findings is a secret block too.
    assert.deepEqual(secretItems(planOf(item('x.md', 'blocked', { findings: [finding('x.md')] }))).map((i) => i.file), ['x.md']);
  });

  it('standing answers (CLI flags) remove the questions they answer', () => {
    const plan = planOf(secret, edited, update);
    assert.deepEqual(publishQuestions(plan, { allowSecrets: true, force: true }), { secrets: [], conflicts: [], orphans: undefined });
    assert.equal(needsAnswers(plan, { allowSecrets: true, force: true }), false);
    assert.deepEqual(publishQuestions(plan, { force: true }).secrets.map((i) => i.file), ['docs/s.md']);
  });

  it('asks secrets first, then each conflict in plan order, and turns the answers into per-file apply options', async () => {
    const plan = planOf(edited, secret, moved, update);
    const { decisions, asked, seen } = scripted({ secrets: 'publish-anyway', conflicts: { 'docs/a.md': 'overwrite', 'docs/m.md': 'skip' } });
    const decision = await decidePublish(plan, decisions);
    assert.deepEqual(asked, ['secrets:docs/s.md', 'conflict:docs/a.md', 'conflict:docs/m.md']);
    assert.equal(seen.secrets?.othersWouldPublish, true);
    assert.equal(seen.secrets?.findings.length, 1);
    assert.deepEqual(decision, { go: true, options: { allowSecrets: ['docs/s.md'], force: ['docs/a.md'] }, skipped: { secrets: [], conflicts: ['docs/m.md'] } });
  });

  it('"publish the others" is only a real choice when something else would be written', async () => {
    const { decisions, seen } = scripted({});
    await decidePublish(planOf(secret, item('docs/same.md', 'unchanged'), orphan), decisions);
    assert.equal(seen.secrets?.othersWouldPublish, false);
  });

  it('a cancel stops at that question and nothing is to be written', async () => {
    const plan = planOf(secret, edited);
    const atSecrets = scripted({ secrets: 'cancel' });
    assert.deepEqual(await decidePublish(plan, atSecrets.decisions), { go: false, stage: 'secrets' });
    assert.deepEqual(atSecrets.asked, ['secrets:docs/s.md'], 'no conflict is asked after a cancel');
    const atConflict = scripted({ secrets: 'skip', conflicts: { 'docs/a.md': 'cancel' } });
    assert.deepEqual(await decidePublish(plan, atConflict.decisions), { go: false, stage: 'conflict' });
  });

  it('the non-interactive default (no handler): secrets and conflicts are skipped, the others go on', async () => {
    const decision = await decidePublish(planOf(secret, edited, update), {});
    assert.deepEqual(decision, { go: true, options: {}, skipped: { secrets: ['docs/s.md'], conflicts: ['docs/a.md'] } });
  });

  it('standing answers become "all" (also for what apply meets only while writing), adopt and the orphan policy pass through', async () => {
    const decision = await decidePublish(planOf(secret, edited), {}, { allowSecrets: true, force: true, recreate: true, adopt: true, orphans: 'report' });
    assert.deepEqual(decision, { go: true, options: { allowSecrets: true, force: true, recreate: true, adopt: true, orphans: 'report' }, skipped: { secrets: [], conflicts: [] } });
    assert.deepEqual(applyOptionsFor({ force: false, adopt: false }, { allowSecrets: [], force: [], recreate: [] }), {}, 'false flags add nothing');
  });

  it('a deleted page answered "overwrite" is recreated, not forced', async () => {
    const deleted = item('docs/d.md', 'conflict', { code: 'remote-deleted', pageId: '30' });
    const { decisions } = scripted({ conflicts: { 'docs/d.md': 'overwrite' } });
    const decision = await decidePublish(planOf(deleted), decisions);
    assert.deepEqual(decision.go && decision.options, { recreate: ['docs/d.md'] });
    assert.deepEqual(publishQuestions(planOf(deleted), { recreate: true }).conflicts, [], '--recreate answers it');
    assert.deepEqual(publishQuestions(planOf(deleted), { force: true }).conflicts.map((i) => i.file), ['docs/d.md'], '--force does not');
  });

  describe('orphans', () => {
    const plan = planOf(update, orphan, keptOrphan);

    it('report (the default) asks nothing and removes nothing', async () => {
      const { decisions, asked } = scripted({});
      assert.deepEqual(await decidePublish(plan, decisions), { go: true, options: {}, skipped: { secrets: [], conflicts: [] } });
      assert.deepEqual(asked, []);
    });

    it('archive/delete ask once, listing exactly the pages apply removes and those it leaves alone', async () => {
      const { decisions, asked, seen } = scripted({ orphans: true });
      const decision = await decidePublish(plan, decisions, { orphans: 'delete' });
      assert.deepEqual(asked, ['orphans:delete']);
      assert.deepEqual(seen.orphans?.remove.map((i) => i.file), ['docs/gone.md']);
      assert.deepEqual(seen.orphans?.keep.map((i) => i.file), ['docs/kept.md']);
      assert.deepEqual(decision.go && decision.options, { orphans: 'delete' });
    });

    it('not confirmed, or no one to ask: the run stops before anything is written', async () => {
      const refused = await decidePublish(plan, scripted({ orphans: false }).decisions, { orphans: 'archive' });
      assert.equal(refused.go, false);
      assert.equal(!refused.go && refused.stage, 'orphans');
      assert.deepEqual(!refused.go && refused.orphans?.remove.map((i) => i.file), ['docs/gone.md']);
      const unattended = await decidePublish(plan, {}, { orphans: 'delete' });
      assert.equal(unattended.go, false);
    });

    it('confirmed up front (--yes), or nothing removable: no question', async () => {
      const { decisions, asked } = scripted({});
      assert.equal((await decidePublish(plan, decisions, { orphans: 'delete', confirmOrphans: true })).go, true);
      assert.equal((await decidePublish(planOf(update, keptOrphan), decisions, { orphans: 'delete' })).go, true);
      assert.deepEqual(asked, []);
      assert.equal(needsAnswers(plan, { orphans: 'archive' }), true);
    });
  });
});
