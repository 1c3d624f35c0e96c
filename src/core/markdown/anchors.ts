/**
 * Heading anchors.
 *
 * Confluence (Cloud, current editor) gives every heading the id of its text with each run of whitespace replaced by
 * "-", case and punctuation kept ("Getting started" -> "Getting-started"); a storage link to it is
 * `<ac:link ac:anchor="Getting-started">`. We emit exactly that, so links work without extra anchor macros on the
 * page. Markdown authors write GitHub-style slugs ("#getting-started"), so we map those to the Confluence anchor
 * through the document's headings (see `githubSlug`).
 */
export function headingAnchor(text: string): string {
  return text.trim().replace(/\s+/g, '-');
}

/** The anchor GitHub (and VS Code's Markdown preview) generates for a heading: lower case, punctuation dropped. */
export function githubSlug(text: string): string {
  const lower = text.trim().toLowerCase();
  // ASCII fast path; the Unicode classes are only needed beyond it
  const kept = /^[\x20-\x7e]*$/.test(lower) ? lower.replace(/[^a-z0-9_ -]/g, '') : lower.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '');
  return kept.replace(/ /g, '-');
}

/**
 * Builds the lookup from what a link may say after "#" to the Confluence anchor: the GitHub slug (with -1, -2
 * suffixes for repeated headings, as GitHub does) and the Confluence anchor itself.
 */
export function anchorLookup(headingTexts: string[]): Record<string, string> {
  const map: Record<string, string> = Object.create(null);
  const slugCounts = new Map<string, number>();
  for (const text of headingTexts) {
    const anchor = headingAnchor(text);
    const base = githubSlug(text);
    const n = slugCounts.get(base) ?? 0;
    slugCounts.set(base, n + 1);
    const slug = n === 0 ? base : `${base}-${n}`;
    if (!(slug in map)) map[slug] = anchor;
    if (!(anchor in map)) map[anchor] = anchor;
  }
  return map;
}
