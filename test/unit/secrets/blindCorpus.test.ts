// A second labelled corpus, written by someone who had not read the rules (10 runbooks, setup guides and
// postmortems; fake values; labels in labels.json rather than inline). It keeps the rules honest: the first corpus
// grew alongside them. "Neutral" lines (PEM bodies, Twilio SIDs next to their token) count neither way.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanText } from '../../../src/core/secrets';

const ROOT = join(__dirname, '../../fixtures/secrets/blind');
type Labels = Record<string, { secrets: { line: number; kind: string }[]; placeholders: { line: number; kind: string }[]; neutral: number[] }>;

describe('secret scanner on the blind corpus (written without reading the rules)', () => {
  it('finds at least 97% of the secrets and flags no placeholder or ordinary line (figures printed)', async () => {
    const labels = JSON.parse(readFileSync(join(ROOT, 'labels.json'), 'utf8')) as Labels;
    let secrets = 0;
    let found = 0;
    let placeholders = 0;
    const missed: string[] = [];
    const falsePositives: string[] = [];
    for (const [file, label] of Object.entries(labels)) {
      const findings = await scanText(readFileSync(join(ROOT, 'corpus', file), 'utf8'), file);
      const lines = new Set(findings.map((f) => f.line));
      for (const s of label.secrets) {
        secrets++;
        if (lines.has(s.line)) found++;
        else missed.push(`${file}:${s.line} (${s.kind})`);
      }
      placeholders += label.placeholders.length;
      const allowed = new Set([...label.secrets.map((s) => s.line), ...label.neutral]);
      for (const f of findings) if (!allowed.has(f.line)) falsePositives.push(`${file}:${f.line} ${f.rule} ${f.preview}`);
    }
    console.log(`      blind corpus: ${Object.keys(labels).length} docs, ${secrets} secrets, ${placeholders} placeholders; recall ${found}/${secrets} = ${(found / secrets).toFixed(3)}, false positives ${falsePositives.length}`);
    for (const m of missed) console.log(`      missed: ${m}`);
    for (const f of falsePositives) console.log(`      false positive: ${f}`);
    assert.ok(secrets >= 100 && placeholders >= secrets);
    assert.ok(found / secrets >= 0.97, `recall ${(found / secrets).toFixed(3)} < 0.97`);
    assert.deepEqual(falsePositives, []);
  });
});
