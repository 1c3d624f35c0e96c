import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { scanText } from '../../../src/core/secrets';
import type { SecretFinding } from '../../../src/core/secrets/types';
import { CLEAN_SCANS_FILE, CleanScanMemo } from '../../../src/core/sync/scanMemo';
import { defaultSecretScanner } from '../../../src/core/sync/secretsPort';

const ROOT = '/ws';
// assembled, so that this file does not itself hold a key
const KEY = ['AK', 'IA', 'QZ7R2M4T8K1W9XPL'].join('');
const SECRET = `aws_access_key_id = ${KEY}\n`;

/** Runs texts through `memo` with the real scanner, and says which ones were really scanned. */
async function run(memo: CleanScanMemo, texts: Array<[string, string]>, ignoreKey = ''): Promise<{ scanned: string[]; found: number[] }> {
  const scanned: string[] = [];
  const found: number[] = [];
  for (const [file, text] of texts) {
    const out = await memo.scan(ignoreKey, text, file, async (): Promise<SecretFinding[]> => {
      scanned.push(file);
      return scanText(text, file);
    });
    found.push(out.length);
  }
  await memo.flush();
  return { scanned, found };
}

describe('clean secret scans remembered across runs', () => {
  it('a later run (new instance) scans only texts that changed, moved or had findings; nothing secret is written', async () => {
    const fs = new MemoryFileSystem({});
    const first = await run(new CleanScanMemo(fs, ROOT, '1.0.0'), [['docs/a.md', '# A\nplain text\n'], ['docs/b.md', `# B\n${SECRET}`]]);
    assert.deepEqual(first.scanned, ['docs/a.md', 'docs/b.md']);
    assert.equal(first.found[1] > 0, true);
    const written = fs.readText(`${ROOT}/${CLEAN_SCANS_FILE}`);
    assert.ok(!written.includes('plain') && !written.includes('QZ7R') && !written.includes('docs/'), written);
    assert.equal((JSON.parse(written) as { clean: string[] }).clean.length, 1, 'only the clean text');

    const second = await run(new CleanScanMemo(fs, ROOT, '1.0.0'), [
      ['docs/a.md', '# A\nplain text\n'],
      ['docs/b.md', `# B\n${SECRET}`],
      ['docs/other.md', '# A\nplain text\n'],
      ['docs/a.md', '# A\nplain text!\n'],
    ]);
    assert.deepEqual(second.scanned, ['docs/b.md', 'docs/other.md', 'docs/a.md'], 'the unchanged clean text is not scanned again');
    assert.equal(second.found[1] > 0, true, 'a finding is found every time');
  });

  it('another scanner version or ignore list scans again; a corrupt file is no error; nothing new, nothing written', async () => {
    const fs = new MemoryFileSystem({});
    await run(new CleanScanMemo(fs, ROOT, '1.0.0'), [['docs/a.md', 'clean\n']]);
    const before = fs.readText(`${ROOT}/${CLEAN_SCANS_FILE}`);
    assert.deepEqual((await run(new CleanScanMemo(fs, ROOT, '1.0.0'), [['docs/a.md', 'clean\n']])).scanned, []);
    assert.equal(fs.readText(`${ROOT}/${CLEAN_SCANS_FILE}`), before, 'nothing new: not rewritten');
    assert.deepEqual((await run(new CleanScanMemo(fs, ROOT, '1.0.0'), [['docs/a.md', 'clean\n']], '["x"]')).scanned, ['docs/a.md']);
    assert.deepEqual((await run(new CleanScanMemo(fs, ROOT, '1.0.1'), [['docs/a.md', 'clean\n']])).scanned, ['docs/a.md']);
    fs.writeFile(`${ROOT}/${CLEAN_SCANS_FILE}`, '{"format": 1, "clean": [');
    assert.deepEqual((await run(new CleanScanMemo(fs, ROOT, '1.0.0'), [['docs/a.md', 'clean\n']])).scanned, ['docs/a.md']);
  });

  it('a finding ignored in .confluence-secrets-ignore is clean only while the ignore list says so', async () => {
    const findings = await scanText(SECRET, 'docs/s.md');
    assert.ok(findings.length > 0);
    const fs = new MemoryFileSystem({ [`${ROOT}/.confluence-secrets-ignore`]: findings.map((f) => f.fingerprint).join('\n') + '\n' });
    const memo = new CleanScanMemo(fs, ROOT, '1.0.0');
    assert.deepEqual(await defaultSecretScanner(ROOT, fs, memo)(SECRET, 'docs/s.md'), []);
    await memo.flush();
    fs.remove(`${ROOT}/.confluence-secrets-ignore`);
    const again = await defaultSecretScanner(ROOT, fs, new CleanScanMemo(fs, ROOT, '1.0.0'))(SECRET, 'docs/s.md');
    assert.ok(again.length > 0, 'without the ignore list the finding is back');
  });
});
