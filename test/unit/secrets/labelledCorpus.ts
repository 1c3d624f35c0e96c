// Loads the labelled corpus: markers «S:kind» (secret on this line) and «P:kind» (placeholder/look-alike on
// this line) are recorded with their line and stripped before scanning.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretFinding } from '../../../src/core/secrets';

export const CORPUS_DIR = join(__dirname, '../../fixtures/secrets/corpus');

export interface Label {
  line: number;
  kind: string;
}

export interface LabelledDoc {
  file: string;
  text: string;
  secrets: Label[];
  placeholders: Label[];
}

const MARKER = / ?«([SP]):([^»]+)»/g;

export function loadLabelledCorpus(dir = CORPUS_DIR): LabelledDoc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const secrets: Label[] = [];
      const placeholders: Label[] = [];
      const lines = readFileSync(join(dir, file), 'utf8').split('\n').map((line, i) =>
        line.replace(MARKER, (_, type: string, kind: string) => {
          (type === 'S' ? secrets : placeholders).push({ line: i + 1, kind });
          return '';
        }),
      );
      return { file, text: lines.join('\n'), secrets, placeholders };
    });
}

export interface Score {
  secrets: number;
  placeholders: number;
  found: number;
  recall: number;
  missed: { file: string; line: number; kind: string }[];
  falsePositives: { file: string; line: number; rule: string; preview: string; placeholderKind?: string }[];
}

/** A labelled secret counts as found when any finding is on its line; any finding on another line is a false positive. */
export function score(docs: LabelledDoc[], findingsByFile: Map<string, SecretFinding[]>): Score {
  const missed: Score['missed'] = [];
  const falsePositives: Score['falsePositives'] = [];
  let secrets = 0;
  let placeholders = 0;
  for (const doc of docs) {
    const findings = findingsByFile.get(doc.file) ?? [];
    const secretLines = new Set(doc.secrets.map((s) => s.line));
    secrets += doc.secrets.length;
    placeholders += doc.placeholders.length;
    for (const s of doc.secrets) if (!findings.some((f) => f.line === s.line)) missed.push({ file: doc.file, ...s });
    for (const f of findings) {
      if (secretLines.has(f.line)) continue;
      const placeholder = doc.placeholders.find((p) => p.line === f.line);
      falsePositives.push({ file: doc.file, line: f.line, rule: f.rule, preview: f.preview, placeholderKind: placeholder?.kind });
    }
  }
  const found = secrets - missed.length;
  return { secrets, placeholders, found, recall: secrets ? found / secrets : 1, missed, falsePositives };
}
