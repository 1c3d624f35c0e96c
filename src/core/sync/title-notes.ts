/**
 * Title precedence, documented in README.md: front matter `title` > first H1 > file name. The mapping file's `title`
 * records what this tool last published; it is not an input. A mapping entry that this tool never published (no
 * `hash`: written by hand or by the seed tool) may carry a title the user chose, so when it differs from the
 * document's title the plan says so instead of renaming the page silently, and says how to keep the mapping's title.
 */
import type { DocumentDiagnostic } from '../diagnostics';
import type { LocalModel } from './local';
import type { MappingFile } from './mapping';

export function mappingTitleNotes(local: LocalModel, mapping: MappingFile, mappingFileName: string): void {
  for (const node of local.nodes.values()) {
    if (!node.file || node.error || node.isRoot) continue;
    const entry = mapping.get(node.key);
    if (!entry || entry.hash !== undefined || typeof entry.title !== 'string') continue;
    const chosen = entry.title.trim();
    if (!chosen || chosen === node.title) continue;
    const note: DocumentDiagnostic = {
      file: node.file,
      line: 1,
      severity: 'warning',
      code: 'mapping-title-differs',
      message:
        `${mappingFileName} gives this page the title "${chosen}", but the document's title is "${node.title}" ` +
        `(front matter title, else the first H1, else the file name), so it is published as "${node.title}"` +
        `${entry.page_id ? ` and page ${entry.page_id} is renamed` : ''}; to keep "${chosen}", add \`title: ${chosen}\` to the front matter`,
    };
    node.warnings = [...node.warnings, note];
  }
}
