import * as vscode from 'vscode';
import type { PlanAction, PlanItem, SyncPlan } from '../../core';
import { reasonForEditor } from '../model/reasons';
import { likelySecrets, pagesToWrite, plural } from '../ui/plural';
import { writes } from './publishRun';

const t = vscode.l10n.t;

export const ACTION_ICONS: Record<PlanAction, string> = {
  create: 'diff-added',
  update: 'diff-modified',
  unchanged: 'check',
  move: 'arrow-right',
  conflict: 'git-merge',
  blocked: 'shield',
  orphan: 'question',
  error: 'error',
};
const ORDER: PlanAction[] = ['conflict', 'blocked', 'error', 'create', 'update', 'move', 'orphan', 'unchanged'];

export { writes };

export function planSummaryText(plan: SyncPlan): string {
  const counts = new Map<PlanAction, number>();
  for (const i of plan.items) counts.set(i.action, (counts.get(i.action) ?? 0) + 1);
  return ORDER.filter((a) => counts.get(a)).map((a) => `${counts.get(a)} ${a}`).join(' · ') || t('nothing to do');
}

interface PlanPick extends vscode.QuickPickItem {
  choice?: 'go' | 'cancel';
  item?: PlanItem;
}

/**
 * Shows the plan (one row per file with its action and reason) before anything is written. Resolves true when the
 * user chooses to publish, false on cancel. Choosing a file row opens that file and keeps the plan open.
 */
export function showPlanPicker(plan: SyncPlan, root: vscode.Uri, opts: { title?: string } = {}): Promise<boolean> {
  const changes = writes(plan).length;
  const decisions = plan.items.filter((i) => i.action === 'conflict' || i.action === 'blocked').length;
  const picks: PlanPick[] = [];
  if (changes + decisions > 0) {
    picks.push({
      label: `$(cloud-upload) ${t('Publish')}`,
      description: decisions
        ? `${pagesToWrite(changes)}, ${plural(decisions, '{0} needs your decision', '{0} need your decision')}`
        : pagesToWrite(changes),
      choice: 'go',
      alwaysShow: true,
    });
  }
  picks.push({ label: `$(close) ${t('Cancel')}`, description: t('nothing is written'), choice: 'cancel', alwaysShow: true });
  for (const action of ORDER) {
    const items = plan.items.filter((i) => i.action === action);
    if (!items.length) continue;
    picks.push({ label: `${action} (${items.length})`, kind: vscode.QuickPickItemKind.Separator });
    for (const item of items) {
      picks.push({
        label: `$(${ACTION_ICONS[action]}) ${item.file}`,
        description: `${action}${item.moves && action !== 'move' ? ' + move' : ''} → "${item.title}"${item.pageId ? ` (${item.pageId})` : ''}`,
        detail: reasonForEditor(item.reason) ?? (item.findings?.length ? likelySecrets(item.findings.length) : undefined),
        item,
      });
    }
  }
  return new Promise<boolean>((resolve) => {
    const qp = vscode.window.createQuickPick<PlanPick>();
    qp.title = opts.title ?? t('Confluence Publish Plan: {0}', planSummaryText(plan));
    qp.placeholder = t('Space {0}, under "{1}". Choose Publish to go on, or Cancel.', plan.spaceKey, plan.rootPageTitle);
    qp.items = picks;
    qp.matchOnDescription = true;
    qp.ignoreFocusOut = true;
    let done = false;
    const finish = (value: boolean): void => {
      if (done) return;
      done = true;
      resolve(value);
      qp.dispose();
    };
    qp.onDidAccept(() => {
      const sel = qp.selectedItems[0];
      if (sel?.choice) finish(sel.choice === 'go');
      else if (sel?.item && sel.item.kind === 'document') {
        void vscode.window.showTextDocument(vscode.Uri.joinPath(root, sel.item.file), { preview: true, preserveFocus: true });
      }
    });
    qp.onDidHide(() => finish(false));
    qp.show();
  });
}
