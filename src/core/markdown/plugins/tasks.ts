import type MarkdownIt from 'markdown-it';

type StateCore = MarkdownIt.StateCore;
type Token = MarkdownIt.Token;

const TASK_MARKER = /^\[([ xX])\](?:[ \t]+|$)/;

/**
 * GFM task lists. A bullet list becomes a Confluence task list when every item starts with `[ ]` or `[x]`
 * (Confluence cannot mix tasks and bullets in one list); otherwise the markers stay as text.
 */
function taskLists(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'bullet_list_open') continue;
    const level = tokens[i].level;
    const items: { open: number; inline: Token | undefined; para: number }[] = [];
    let close = -1;
    for (let j = i + 1; j < tokens.length; j++) {
      const t = tokens[j];
      if (t.level === level && t.type === 'bullet_list_close') {
        close = j;
        break;
      }
      if (t.level === level + 1 && t.type === 'list_item_open') {
        const para = tokens[j + 1]?.type === 'paragraph_open' ? j + 1 : -1;
        items.push({ open: j, inline: para >= 0 ? tokens[para + 1] : undefined, para });
      }
    }
    if (close < 0 || items.length === 0) continue;
    const allTasks = items.every((it) => {
      const first = it.inline?.children?.[0];
      return first?.type === 'text' && TASK_MARKER.test(first.content);
    });
    if (!allTasks) continue;
    tokens[i].meta = { ...(tokens[i].meta ?? {}), taskList: true };
    tokens[close].meta = { ...(tokens[close].meta ?? {}), taskList: true };
    for (const it of items) {
      const first = it.inline!.children![0];
      const m = TASK_MARKER.exec(first.content)!;
      first.content = first.content.slice(m[0].length);
      it.inline!.content = it.inline!.content.replace(TASK_MARKER, '');
      tokens[it.open].meta = { ...(tokens[it.open].meta ?? {}), task: m[1] === ' ' ? 'incomplete' : 'complete' };
      // the task body is inline content: its first paragraph renders without <p>
      tokens[it.para].hidden = true;
      tokens[it.para + 2].hidden = true;
    }
    for (let j = i + 1; j < close; j++) {
      if (tokens[j].type === 'list_item_close' && tokens[j].level === level + 1) tokens[j].meta = { task: true };
    }
  }
}

export function tasksPlugin(md: MarkdownIt.MarkdownIt): void {
  md.core.ruler.after('text_join', 'task_lists', taskLists);
}
