import * as path from 'node:path';
import * as vscode from 'vscode';
import { decidePublish, type ConflictChoice, type MergeConflictResult, type PlanItem, type SecretsChoice, type SecretsQuestion, type SyncPlan } from '../../core';
import { Settings } from '../ids';
import type { OutputChannelLogger } from '../logging';
import { reasonForEditor } from '../model/reasons';
import { describeFinding } from '../model/secretNames';
import { showPlanPicker } from '../publish/planPicker';
import type { Decision } from '../publish/publishRun';
import { RemoteContentProvider } from '../publish/remoteContent';
import { documents, likelySecrets } from './plural';

const t = vscode.l10n.t;

/**
 * The questions of a publish, asked WITHOUT the publish lock (runPublish releases it first): plan review (when
 * asked for), secrets, then one choice per conflict. Nothing is overwritten or sent without an answer.
 */
export class PublishPrompts {
  /** Files the conflict choice Merge pulled during this round of questions. */
  #pulled: string[] = [];

  constructor(
    private readonly root: string,
    private readonly logger: OutputChannelLogger,
    /** The conflict choice Merge (core's `mergeConflict` through the Puller); absent: no Merge button. */
    private readonly merge?: (file: string) => Promise<MergeConflictResult | undefined>,
  ) {}

  async decide(plan: SyncPlan, review: boolean, round: number): Promise<Decision> {
    this.#pulled = [];
    if (round > 0) {
      // Modal, so the user knows why the same questions come back.
      const again = t('Ask Again');
      const pick = await vscode.window.showWarningMessage(
        t('The plan changed while you were deciding: a page in Confluence or a file was changed meanwhile.'),
        { modal: true, detail: t('Nothing was written. Your answers are asked again for the current plan.') },
        again,
      );
      if (pick !== again) return { go: false };
    }
    if (review && !(await showPlanPicker(plan, vscode.Uri.file(this.root)))) {
      this.logger.info('Publish cancelled at the plan; nothing was written.');
      return { go: false };
    }
    // What blocks and what needs a question is core's publish policy (shared with the CLI); this class only asks.
    const decision = await decidePublish(plan, {
      onSecrets: async (q) => {
        const choice = await this.#askSecrets(q);
        if (choice === 'skip') this.logger.info(`Skipping documents with secret findings: ${q.items.map((i) => i.file).join(', ')}`);
        return choice;
      },
      onConflict: (item) => this.#askConflict(item),
    });
    if (!decision.go) {
      this.logger.info(decision.stage === 'secrets'
        ? 'Publish cancelled because of secret findings; nothing was written.'
        : 'Publish cancelled at a conflict; nothing was written.');
      return { go: false };
    }
    return { go: true, options: decision.options, pulled: [...this.#pulled] };
  }

  async #askSecrets({ items, findings, othersWouldPublish: others }: SecretsQuestion): Promise<SecretsChoice> {
    const lines = findings.slice(0, 8).map((f) => describeFinding(f));
    if (findings.length > 8) lines.push(t('…and {0} more', findings.length - 8));
    const allow = vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.allowPublishAnyway, true);
    const open = t('Show First Finding');
    const anyway = t('Publish Anyway');
    const skip = t('Publish the Others');
    const buttons = [open, ...(allow ? [anyway] : []), ...(others ? [skip] : [])];
    const pick = await vscode.window.showWarningMessage(
      t('{0} found in {1}. Blocked documents are not sent to Confluence.', likelySecrets(findings.length || items.length), documents(items.length)),
      { modal: true, detail: lines.join('\n') || items.map((i) => (i.reason ? `${i.file}: ${reasonForEditor(i.reason)}` : i.file)).join('\n') },
      ...buttons,
    );
    if (pick === skip) return 'skip';
    if (pick === anyway) {
      this.logger.warn(`Publishing despite secret findings in: ${items.map((i) => i.file).join(', ')}`);
      return 'publish-anyway';
    }
    if (pick === open) {
      const first = findings[0];
      const file = first?.file ?? items[0].file;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(this.root, file)));
      const pos = new vscode.Position(Math.max(0, (first?.line ?? 1) - 1), Math.max(0, (first?.column ?? 1) - 1));
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
    }
    return 'cancel';
  }

  async #askConflict(item: PlanItem): Promise<ConflictChoice> {
    const viewDiff = t('View Diff');
    const overwrite = item.code === 'remote-deleted' ? t('Recreate') : t('Overwrite');
    const skip = t('Skip');
    const merge = t('Merge');
    const canMerge = Boolean(this.merge && item.code === 'remote-edited' && item.pageId);
    const message = item.code === 'remote-deleted'
      ? t('The page "{0}" for {1} was deleted in Confluence.', item.title, item.file)
      : item.code === 'remote-moved'
        ? t('The page "{0}" was moved in Confluence since your last publish of {1}.', item.title, item.file)
        : t('The page "{0}" was edited in Confluence since your last publish of {1}.', item.title, item.file);
    const detail = [
      item.code === 'remote-edited' ? undefined : reasonForEditor(item.reason),
      item.localVersion || item.remoteVersion ? t('Last published version: {0}; version in Confluence now: {1}.', item.localVersion ?? '—', item.remoteVersion ?? '—') : undefined,
      t('Nothing is overwritten unless you choose {0}.', overwrite),
      canMerge ? t('Merge brings the Confluence edit into your file (three-way merge) and publishes it when nothing overlaps.') : undefined,
    ].filter(Boolean).join('\n');
    const buttons = item.pageId && item.code !== 'remote-deleted' ? [...(canMerge ? [merge] : []), viewDiff, overwrite, skip] : [overwrite, skip];
    const pick = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
    this.logger.info(`Conflict on ${item.file}: user chose ${pick ?? 'cancel'}`);
    if (pick === merge && this.merge) return this.#merge(item);
    if (pick === overwrite) return 'overwrite';
    if (pick === skip) return 'skip';
    if (pick !== viewDiff || !item.pageId) return 'skip';
    const left = RemoteContentProvider.uri(item.pageId, item.file, item.remoteVersion, item.title);
    const right = vscode.Uri.file(path.join(this.root, item.file));
    await vscode.commands.executeCommand('vscode.diff', left, right, t('{0}: Confluence (v{1}) ↔ Local', path.basename(item.file), item.remoteVersion ?? '?'), { preview: false });
    // Not modal, so the diff can be read and scrolled; dismissing it skips the page. The publish lock is not held
    // while this waits: other publishes run meanwhile, and this one plans again before it writes.
    const second = await vscode.window.showWarningMessage(t('Overwrite "{0}" in Confluence with your local version?', item.title), overwrite, skip);
    this.logger.info(`Conflict on ${item.file} after diff: user chose ${second ?? 'skip (dismissed)'}`);
    return second === overwrite ? 'overwrite' : 'skip';
  }

  /**
   * Merge: pull that page into the file now. Clean: the plan made after the answers sees an ordinary update and
   * publishes it. Not clean: the merge editor opens; the markers block the file until they are resolved.
   */
  async #merge(item: PlanItem): Promise<ConflictChoice> {
    const result = await this.merge!(item.file);
    if (result) this.#pulled.push(item.file);
    if (result && !result.clean) {
      void vscode.window.showWarningMessage(t('{0}: the edits overlap. Resolve the conflict in the merge editor, save, and publish again.', item.file));
    }
    return 'skip';
  }
}
