import { attachmentMediaType } from '../../files/attachmentPolicy';
import type { ItemState } from '../planner';
import type { ApplyContext } from './context';

type AttachmentRefs = NonNullable<ItemState['node']>['attachments'];

/**
 * Uploads the attachments whose content is not on the page yet (known by the hash in the mapping entry, or in the
 * attachment's comment when `listFirst`). Returns every attachment's hash and how many were uploaded.
 */
export async function syncAttachments(
  ctx: ApplyContext,
  pageId: string,
  refs: AttachmentRefs,
  known: Record<string, string> | undefined,
  listFirst: boolean,
  /** The page was created by this run: it has no attachments yet. */
  created = false,
): Promise<{ hashes: Record<string, string>; count: number }> {
  const { api, signal } = ctx;
  const hashes: Record<string, string> = { ...(known ?? {}) };
  let remote = created ? [] : listFirst ? await api.listAttachments(pageId, { signal }) : undefined;
  let count = 0;
  for (const ref of refs) {
    // Before any upload, what the page has (once per page): an upload of an earlier run may have landed although
    // its answer was lost; its comment carries the content hash, so it is not sent again.
    if (hashes[ref.name] !== ref.hash && remote === undefined) remote = await api.listAttachments(pageId, { signal });
    const existing = remote?.find((a) => a.title === ref.name);
    if (hashes[ref.name] === ref.hash || existing?.comment?.includes(ref.hash)) {
      hashes[ref.name] = ref.hash;
      continue;
    }
    const data = ctx.internal.local.attachments.readForUpload(ref.path, ref.hash);
    await api.uploadAttachment(
      { pageId, fileName: ref.name, data, mediaType: attachmentMediaType(ref.name), comment: `sha256:${ref.hash}`, existingId: existing?.id },
      { signal },
    );
    hashes[ref.name] = ref.hash;
    count++;
  }
  return { hashes, count };
}
