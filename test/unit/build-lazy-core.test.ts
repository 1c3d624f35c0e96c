/**
 * The extension's bundles (scripts/build.mjs buildExtension): loading extension.js and activating it loads no engine
 * code (dist/core.js comes on first use), and the editor worker (editorWorker.js) converts and scans in its thread.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditorWorkClient } from '../../src/extension/editorWork/editorWorker';

const REPO = join(__dirname, '../..');
const cat = (...parts: string[]) => parts.join('');
const GH = cat('ghp', '_', 'Zq8Lm2Rt5Vx9Kc3Bn7Hd1Jf4Pw6Sy0Ga2TeX');

describe('the extension bundles (lazy engine, editor worker)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'd2c-lazy-'));
    const { buildExtension } = (await import(join(REPO, 'scripts/build.mjs'))) as { buildExtension: (out: string, production: boolean) => Promise<unknown> };
    await buildExtension(join(dir, 'dist'), false);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('activation loads extension.js only, not the engine', () => {
    const out = execFileSync(process.execPath, [join(REPO, 'scripts/measure-activation.mjs'), '--child', join(dir, 'dist/extension.js')], { encoding: 'utf8' });
    const r = JSON.parse(out) as { bundles: string[]; activate: number };
    assert.deepEqual(r.bundles, ['extension.js']);
  });

  it('the worker thread renders the preview and checks a document', async () => {
    const ws = join(dir, 'ws');
    mkdirSync(join(ws, 'docs'), { recursive: true });
    writeFileSync(join(ws, 'docs/b.md'), '# Bee page\n');
    const client = new EditorWorkClient({ script: join(dir, 'dist/editorWorker.js') });
    try {
      const site = { root: ws, spaceKey: 'DOCS', docsRoot: 'docs' };
      const preview = await client.run('preview', 'a', { text: '# A\n\nSee [b](b.md).\n\nMore.\n', rel: 'docs/a.md', site, unsaved: {} });
      assert.equal(preview?.error, undefined);
      assert.ok(preview!.blocks.length >= 2, JSON.stringify(preview));
      assert.match(preview!.blocks.join(''), /Bee page/);
      const check = await client.run('check', 'a', { text: `# A\n\n[x](gone.md)\n\n${GH}\n`, rel: 'docs/a.md', site, unsaved: {} });
      assert.equal(check?.secrets.length, 1);
      assert.ok(check!.warnings.some((w) => w.line === 3));
      // the document's text goes once; the thread's copy follows the edits forwarded to it
      let text = '# A\n\nFirst.\n';
      let version = 1;
      let reads = 0;
      const doc = { key: 'file:///a.md', version: () => version, length: () => text.length, text: () => (reads++, text) };
      assert.match((await client.run('preview', doc.key, { text: doc, rel: 'docs/a.md', site, unsaved: {} }))!.blocks.join(''), /First\./);
      text = '# A\n\nFirst. Typed.\n';
      client.edit(doc.key, ++version, [{ offset: 12, deleteCount: 0, text: ' Typed.' }]);
      assert.match((await client.run('preview', doc.key, { text: doc, rel: 'docs/a.md', site, unsaved: {} }))!.blocks.join(''), /First\. Typed\./);
      assert.equal(reads, 1);
    } finally {
      client.dispose();
    }
  });
});
