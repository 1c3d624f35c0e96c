import assert from 'node:assert/strict';
import { scanText, scanTextSync, type SecretFinding } from '../../../src/core/secrets';
import { loadLabelledCorpus, score } from './labelledCorpus';

describe('secret scanner on the labelled corpus', () => {
  const docs = loadLabelledCorpus();

  it('has enough secrets of every kind and at least as many placeholders', () => {
    const secrets = docs.reduce((n, d) => n + d.secrets.length, 0);
    const placeholders = docs.reduce((n, d) => n + d.placeholders.length, 0);
    assert.ok(secrets >= 60, `only ${secrets} labelled secrets`);
    assert.ok(placeholders >= secrets, `${placeholders} placeholders < ${secrets} secrets`);
  });

  it('finds at least 97% of the secrets with no false positives (figures printed)', async () => {
    const findings = new Map<string, SecretFinding[]>();
    for (const doc of docs) findings.set(doc.file, await scanText(doc.text, doc.file));
    const s = score(docs, findings);
    console.log(
      `      corpus: ${docs.length} docs, ${s.secrets} secrets, ${s.placeholders} placeholders/look-alikes; ` +
        `recall ${s.found}/${s.secrets} = ${s.recall.toFixed(3)}, false positives ${s.falsePositives.length}`,
    );
    for (const m of s.missed) console.log(`      missed: ${m.file}:${m.line} (${m.kind})`);
    for (const f of s.falsePositives) console.log(`      false positive: ${f.file}:${f.line} ${f.rule} ${f.preview} (${f.placeholderKind ?? 'unlabelled'})`);
    assert.ok(s.recall >= 0.97, `recall ${s.recall.toFixed(3)} < 0.97`);
    assert.equal(s.falsePositives.length, 0);
  });

  it('the synchronous scan gives the same findings as the async one', async () => {
    for (const doc of docs) {
      assert.deepEqual(scanTextSync(doc.text, doc.file), await scanText(doc.text, doc.file), doc.file);
    }
  });

  it('never puts a secret value in a preview or message', async () => {
    for (const doc of docs) {
      for (const f of await scanText(doc.text, doc.file)) {
        const line = doc.text.split('\n')[f.line - 1];
        const tokens = line.match(/[A-Za-z0-9+/_=.~-]{12,}/g) ?? [];
        for (const t of tokens.filter((t) => line.indexOf(t) >= f.column - 1 && line.indexOf(t) < (f.endColumn ?? Infinity))) {
          assert.ok(!f.preview.includes(t) && !f.message.includes(t), `${doc.file}:${f.line} leaks ${t.slice(0, 6)}…`);
        }
      }
    }
  });
});
