import assert from 'node:assert/strict';
import { convertMarkdown } from '../../../src/core/markdown';
import { storageToMarkdown } from '../../../src/core/storage';

// Constructs that are easy to get wrong on the way back: nested task lists, code in lists and panels, pipes in code
// in tables, adjacent lists, escapes, ordered lists with ")", nested quotes, panels in expands.
const cases = [
  '- [ ] parent\n  - [x] child\n  - [ ] child 2\n- [x] other',
  '- item\n\n  ```sh\n  echo hi\n  ```\n\n- next',
  '| code | pipe |\n|---|---|\n| `a \\| b` | x |',
  '> [!TIP]\n> Use this:\n>\n> ```ts\n> const a = 1;\n> ```',
  '## The `config.yml` file\n\nText *emph*, **strong**, and _under_score_ words like snake_case.',
  '1. one\n2. two\n\n   nested para\n3. three',
  'A line with trailing backslash\\\nnext line and a hard  \nbreak.',
  '* star list\n\n- dash list',
  'Text with <kbd>Ctrl</kbd> and <u>under</u> and H<sub>2</sub>O.',
  '1) paren\n2) list',
  'Escapes: \\* \\_ \\` \\# \\[x\\] 1\\. and # not heading',
  '- a\n- b\n\n\n1. c\n2. d',
  'Term with a [link **bold**](https://x.test) and ![img](https://x.test/i.png "T")',
  '***\n\nafter rule',
  '> quote\n> > nested quote',
  '<details>\n<summary>T</summary>\n\n:::warning W\nwarn\n:::\n\n</details>',
];

describe('Markdown -> storage -> Markdown -> storage for tricky constructs', () => {
  for (const source of cases) {
    it(JSON.stringify(source).slice(0, 70), () => {
      const first = convertMarkdown(source, { path: 'a.md' });
      const markdown = storageToMarkdown(first.storage);
      assert.equal(convertMarkdown(markdown, { path: 'a.md' }).storage, first.storage, markdown);
    });
  }
});
