import type { PlanCode } from './types';

/**
 * A document that still holds merge conflict markers (left by `confluence pull`, or by git) is never published:
 * its page would show them. The planner marks such a document `blocked` (code `conflict-markers`) with the line of
 * the first block and what to do.
 *
 * A block is a `<<<<<<<` line, then a `=======` line, then a `>>>>>>>` line (git's format, 7 characters each).
 * Blocks inside a fenced code block are an example in the docs (a page about git), unless they carry pull's own
 * labels (`<<<<<<< local` … `>>>>>>> confluence vN`): a conflict inside a code block the page and the file both edited.
 */

const START = /^<{7}(?: (.*))?$/;
const SPLIT = /^={7}$/;
const END = /^>{7}(?: (.*))?$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

export interface MarkerBlock {
  /** 1-based line of the `<<<<<<<` line. */
  line: number;
  /** Pull's own labels. */
  fromPull: boolean;
}

/** The conflict marker blocks of a Markdown text that would reach the page. */
export function conflictMarkerBlocks(text: string): MarkerBlock[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: MarkerBlock[] = [];
  let fence: string | undefined;
  let open: { line: number; label?: string; inFence: boolean; split: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const s = START.exec(line);
    if (s) {
      open = { line: i + 1, label: s[1], inFence: fence !== undefined, split: false };
      continue;
    }
    if (open && SPLIT.test(line)) {
      open.split = true;
      continue;
    }
    const e = END.exec(line);
    if (open && open.split && e) {
      const fromPull = open.label === 'local' && /^confluence\b/.test(e[1] ?? '');
      if (fromPull || !open.inFence) out.push({ line: open.line, fromPull });
      open = undefined;
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = undefined;
    }
  }
  return out;
}

/** The message of a document with conflict markers, or undefined when it has none. */
export function conflictMarkerProblem(text: string, file: string): string | undefined {
  const blocks = conflictMarkerBlocks(text);
  if (blocks.length === 0) return undefined;
  const where = blocks.map((b) => b.line).slice(0, 5).join(', ') + (blocks.length > 5 ? ', …' : '');
  const origin = blocks.some((b) => b.fromPull) ? ' (left by `confluence pull`: local lines above =======, Confluence\'s below)' : '';
  return (
    `${file}: ${blocks.length} unresolved merge conflict${blocks.length > 1 ? 's' : ''} at line${blocks.length > 1 ? 's' : ''} ${where}${origin}; ` +
    'edit the file to keep what you want and remove the <<<<<<< ||||||| ======= >>>>>>> lines, then publish again. Nothing was published for it.'
  );
}

/** Marks every document of the model that holds conflict markers: the planner blocks it (nothing is published for it). */
export function markConflictedDocuments(nodes: Iterable<{ file?: string; source?: string; error?: { code: PlanCode; message: string } }>): void {
  for (const node of nodes) {
    if (!node.file || node.source === undefined || node.error) continue;
    const problem = conflictMarkerProblem(node.source, node.file);
    if (problem) node.error = { code: 'conflict-markers', message: problem };
  }
}
