import { attachmentSecretScanner, secretInAttachmentName } from '../attachmentScan';
import { inBatches } from '../eventLoop';
import type { ItemState, PlanContext } from './state';

/** Secret scan of everything that would be written (the document and its text attachments): such items are blocked. */
export async function blockSecrets(ctx: PlanContext): Promise<void> {
  const { scanSecrets } = ctx.deps;
  const scanAttachments = attachmentSecretScanner(ctx.local.attachments, scanSecrets);
  await inBatches(ctx.states.values(), async (state) => {
    const { item, node } = state;
    const writes = item.action === 'create' || item.action === 'update' || item.action === 'conflict' || (item.action === 'move' && item.changed) || item.code === 'title-taken' || item.code === 'remote-deleted';
    if (!writes || !node?.source || !node.file) return;
    const findings = [...(node.findings ?? (await scanSecrets(node.source, node.file))), ...(await scanAttachments(node.attachments))];
    if (findings.length === 0) return;
    if (item.code !== 'title-taken' && item.code !== 'remote-deleted' && item.action !== 'conflict') {
      state.intended = item.action as ItemState['intended'];
    }
    item.action = 'blocked';
    item.code = 'secrets';
    item.findings = findings;
    const where = findings
      .slice(0, 3)
      .map((f) => `${f.file === node.file ? '' : `${f.file} `}line ${f.line} (${f.rule})`)
      .join(', ');
    item.reason = `${findings.length} likely secret${findings.length > 1 ? 's' : ''} found: ${where}${findings.length > 3 ? ', …' : ''}; remove ${findings.length > 1 ? 'them' : 'it'}, add the fingerprint to .confluence-secrets-ignore if it is not a secret, or publish with --allow-secrets`;
    if (secretInAttachmentName(findings)) {
      item.code = 'secret-in-path'; // like a document's own path: --allow-secrets does not publish it
      item.reason = `an attached file's name holds a likely secret (${where}); it is never published, not even with --allow-secrets: rename the file (or add the fingerprint to .confluence-secrets-ignore if it is not a secret)`;
    }
  });
}
