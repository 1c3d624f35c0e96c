/**
 * `confluence scan` on trees with symbolic links (issue 10, case 1) and over the files documents attach (case 2):
 * folder links are not followed, loops and dangling links are warnings (exit 0 when nothing is found), and text
 * attachments are scanned like documents, findings naming the attachment.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCliCaptured } from './cli-client-harness';

const cat = (...parts: string[]) => parts.join('');
const TOKEN = cat('ATATT3', 'xFfGF0', 'q9Lm2Zk8VbYw3Pq7sH1cXe5Dg9JoLk2MnBvCx4Za8Qw6Er7Ty1Ui3Op5As7Df9Gh2Jk4Lz6Xc8Vb0Nm1Qa3Ws5Ed7Rf9Tg', '=1A2B3C4D');

describe('confluence scan: symbolic links and attachments', function () {
  this.timeout(60000);
  let root: string;
  let outside: string;

  const write = (rel: string, content: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  };
  const scan = (args: string[] = []) => runCliCaptured(['scan', ...args], root, {});

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'd2c-scan-'));
    outside = mkdtempSync(join(tmpdir(), 'd2c-scan-outside-'));
    // A secret outside the tree: following the folder link would find it (exit 1).
    writeFileSync(join(outside, 'leak.md'), `# Leak\n\ntoken: ${TOKEN}\n`);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('a tree with a symlink loop, a dangling link and a folder link out of the tree: warnings, exit 0', async () => {
    write('docs/index.md', '# Home\n\nNothing secret here.\n');
    symlinkSync('loop', join(root, 'docs/loop')); // points at itself: ELOOP
    symlinkSync('a', join(root, 'docs/b'));
    symlinkSync('b', join(root, 'docs/a')); // a <-> b
    symlinkSync(join(root, 'docs/missing.md'), join(root, 'docs/dangling.md'));
    symlinkSync(outside, join(root, 'docs/etc'));
    write('docs/sub/page.md', '# Sub\n');
    symlinkSync('..', join(root, 'docs/sub/up')); // a folder link back up the tree: no endless walk
    const r = await scan();
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /warning: docs\/loop: broken symbolic link/);
    assert.match(r.err, /warning: docs\/dangling\.md: broken symbolic link/);
    assert.match(r.err, new RegExp(`warning: docs/etc: symbolic link to a folder outside docs \\(etc -> ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\); not followed`));
    assert.match(r.err, /warning: docs\/sub\/up: symbolic link to a folder; not followed/);
    assert.match(r.err, /No secrets found in 2 files\./);
    assert.doesNotMatch(r.out + r.err, /leak\.md/);
  });

  it('scans the text files documents attach; the JSON names the attachment and who attaches it', async () => {
    write('docs/index.md', '# Home\n\nSee [notes](notes.txt) and [data](../data/table.csv) and [env](../.env).\n');
    write('docs/notes.txt', `Setup\n\nexport CONFLUENCE_API_TOKEN=${TOKEN}\n`);
    write('data/table.csv', 'a,b\n1,2\n');
    write('.env', `CONFLUENCE_API_TOKEN=${TOKEN}\n`);
    const r = await scan(['--json']);
    assert.equal(r.code, 1, r.err);
    const rows = JSON.parse(r.out) as Array<{ file: string; line: number; rule: string; attachedTo?: string[] }>;
    assert.deepEqual(
      rows.map((f) => [f.file, f.line, f.rule, f.attachedTo]),
      [['docs/notes.txt', 3, 'atlassian-api-token', ['docs/index.md']]],
    );
    // The refused .env is named, not scanned (it is never published).
    assert.match(r.err, /warning: docs\/index\.md:3: link to "\.\.\/\.env": \.env is not attached: environment files/);

    const text = await scan();
    assert.equal(text.code, 1);
    assert.match(text.out, /^docs\/notes\.txt:3:\d+ {2}atlassian-api-token .*\(attached by docs\/index\.md\)$/m);
    assert.match(text.err, /1 possible secret in 1 file \(3 scanned\)/);
  });
});
