// Host-free helpers for the conflict diff.

/**
 * Confluence keeps the page title outside the body, while the local document usually starts with `# Title`.
 * Put the heading back when the local document has it, so the diff shows only real differences.
 */
export function withTitleHeading(remote: string, title: string | undefined, local: string | undefined): string {
  if (!title || !local || /^#\s/.test(remote.trimStart())) return remote;
  const body = local.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '').trimStart();
  const first = body.split(/\r?\n/, 1)[0]?.trim();
  return first === `# ${title}` ? `# ${title}\n\n${remote}` : remote;
}
