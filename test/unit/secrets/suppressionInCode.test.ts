import assert from 'node:assert/strict';
import { scanText, scanTextSync } from '../../../src/core/secrets';

// Fake credentials are assembled at runtime: structurally valid, never literal in the source.
const cat = (...parts: string[]) => parts.join('');
const GH = cat('ghp', '_', 'Zq8Lm2Rt5Vx9Kc3Bn7Hd1Jf4Pw6Sy0Ga2TeX');
const AKIA = cat('AK', 'IA', 'QZ7R2M4T8K1W9XPL');
const START = '<!-- confluence-secrets-ignore-start -->';
const END = '<!-- confluence-secrets-ignore-end -->';

async function lines(doc: string, file = 'doc.md'): Promise<number[]> {
  const found = (await scanText(doc, file)).map((f) => f.line);
  assert.deepEqual(scanTextSync(doc, file).map((f) => f.line), found);
  return found;
}

// A page that documents the markers, then (further down) holds a real token: the token must still be found.
const explained = (shown: string[]) => ['# Suppressing false positives', '', 'Write this:', '', ...shown, '', 'Later on:', '', `token: ${GH}`, `${AKIA}`].join('\n');
/** The lines of the token and the key after `shown`. */
const after = (shown: string[]) => [shown.length + 8, shown.length + 9];
async function assertStillScanned(shown: string[]): Promise<void> {
  assert.deepEqual(await lines(explained(shown)), after(shown));
}

describe('suppression markers shown in code do not switch scanning off', () => {
  it('a start marker inside a ``` fence', async () => {
    await assertStillScanned(['```markdown', START, 'token: (a sample)', '```']);
  });

  it('a start marker inside a ~~~ fence', async () => {
    await assertStillScanned(['~~~html', START, '~~~']);
  });

  it('a start marker in an indented code block', async () => {
    await assertStillScanned(['    ' + START, '    ...']);
  });

  it('a start marker in an inline code span (single and double backticks)', async () => {
    await assertStillScanned([`Put \`${START}\` above the lines.`]);
    await assertStillScanned([`Or \`\` ${START} \`\` in a table, or unclosed: ${'`'.repeat(3)}x`]);
  });

  it('ignore-line and ignore-next-line shown in inline code, and a marker named in plain prose', async () => {
    const doc = [
      'Use `<!-- confluence-secrets-ignore-next-line -->` before a sample token:',
      `token: ${GH}`,
      `The marker confluence-secrets-ignore-line in prose is not a comment: ${AKIA}`,
      `\`<!-- confluence-secrets-ignore-line -->\` ${AKIA}`,
    ].join('\n');
    assert.deepEqual(await lines(doc), [2, 3, 4]);
  });

  it('an HTML comment form inside a code block is not one; a # start there ends with the block', async () => {
    const doc = [
      '```yaml',
      '# confluence-secrets-ignore-start',
      `token: ${GH}`,
      '```',
      `token: ${GH}`,
      '```html',
      '<!-- confluence-secrets-ignore-next-line -->',
      `<meta name="token" content="${GH}">`,
      '```',
    ].join('\n');
    assert.deepEqual(await lines(doc), [5, 8]);
  });
});

describe('real suppression comments still work', () => {
  it('an HTML block comment start/end pair, next-line and inline ignore-line', async () => {
    const doc = [
      START,
      `token: ${GH}`,
      '',
      '```bash',
      `export AWS_ACCESS_KEY_ID=${AKIA}`,
      '```',
      END,
      `token: ${GH}`,
      '<!-- confluence-secrets-ignore-next-line -->',
      '',
      `${AKIA}`,
      `Paragraph text, then the key ${AKIA} <!-- confluence-secrets-ignore-line --> and more.`,
      `A second paragraph line <!-- confluence-secrets-ignore-line -->`,
      `${AKIA} on the next line of the same paragraph is not covered.`,
      `| key | \`${AKIA}\` <!-- confluence-secrets-ignore-line --> |`,
    ].join('\n');
    assert.deepEqual(await lines(doc), [8, 14]);
  });

  it('# and // forms inside code blocks, in lists and block quotes', async () => {
    const doc = [
      '- step',
      '',
      '  ```bash',
      '  # confluence-secrets-ignore-next-line',
      `  export STRIPE_KEY=${GH}`,
      `  export GH=${GH} // confluence-secrets-ignore-line`,
      `  export OTHER=${GH}`,
      '  ```',
      '> <!-- confluence-secrets-ignore-next-line -->',
      `> ${AKIA}`,
    ].join('\n');
    assert.deepEqual(await lines(doc), [7]);
  });

  it('YAML front matter comments, and an unterminated start runs to the end', async () => {
    const doc = ['---', 'title: Keys', '# confluence-secrets-ignore-next-line', `token: ${GH}`, '---', `${AKIA}`, START, `${AKIA}`, '', `${GH}`].join('\n');
    assert.deepEqual(await lines(doc), [6]);
  });

  it('files that are not Markdown (text attachments): every comment form counts', async () => {
    const doc = ['# confluence-secrets-ignore-next-line', `TOKEN=${GH}`, `KEY=${AKIA}`, '<!-- confluence-secrets-ignore-start -->', `KEY=${AKIA}`].join('\n');
    assert.deepEqual(await lines(doc, 'config/sample.env'), [3]);
    assert.deepEqual(await lines(doc, 'notes.txt'), [3]);
  });
});
