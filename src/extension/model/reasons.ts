// Host-free: engine reasons are written for both front ends; in the editor, CLI flags are noise.

/** Removes CLI advice such as "or publish with --force" / "run with --allow-secrets" from a reason. */
export function reasonForEditor(reason: string | undefined): string | undefined {
  if (!reason) return reason;
  return reason
    .replace(/[,;]?\s*(?:or\s+)?(?:publish|run|re-?run|use)\s+(?:it\s+)?with\s+--[\w-]+(?:\s+[\w./-]+)?/gi, '')
    .replace(/\s*\((?:use\s+)?--[\w-]+\)/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Whether a failed result of a cancelled publish failed only because of the cancel. */
export function failedBecauseCancelled(message: string | undefined): boolean {
  return /\b(cancel+ed|cancelled|abort(ed)?)\b|parent page .* was not published/i.test(message ?? '');
}
