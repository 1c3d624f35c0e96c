/** The scale benchmark's tree (issue 13): folders 3 deep, 20 % of documents with an image, links that resolve. */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateScaleTree, scaleFolders } from '../../../bench/scaleTree';

describe('bench scale tree', () => {
  it('10,000 documents go into 200 folders in all (parts, sections, topics: 3 deep)', () => {
    const leaves = scaleFolders(200);
    const parts = new Set(leaves.map((l) => l.split('/')[1]));
    const sections = new Set(leaves.map((l) => l.split('/').slice(0, 3).join('/')));
    assert.equal(parts.size + sections.size + leaves.length, 200);
    assert.ok(leaves.every((l) => l.split('/').length === 4), 'docs/part/section/topic');
  });

  it('20 % of documents have their own image; every link and image resolves; links cross folders', () => {
    const root = mkdtempSync(join(tmpdir(), 'd2c-scale-tree-'));
    try {
      const tree = generateScaleTree(root, 500, 25);
      assert.equal(tree.docs, 500);
      assert.equal(tree.folders, 25);
      assert.equal(tree.pages, 500 + 25 + 1);
      assert.equal(tree.images, 100);
      let crossFolder = 0;
      for (const file of tree.files) {
        const text = readFileSync(join(root, file), 'utf8');
        for (const m of text.matchAll(/\]\(([^)]+)\)/g)) {
          assert.ok(existsSync(join(root, dirname(file), m[1])), `${file}: ${m[1]} exists`);
          if (m[1].startsWith('../')) crossFolder++;
        }
      }
      assert.ok(crossFolder >= 500, `every document links into another folder (${crossFolder})`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
