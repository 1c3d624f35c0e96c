/**
 * The production build slims mime-db's table (scripts/build.mjs): every file extension must still map to the same
 * media type, and charsets must be unchanged, as with the full table.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import * as mime from 'mime-types';

const REPO = join(__dirname, '../..');

describe('the slim mime-db of the production build', () => {
  it('maps every extension and charset exactly as the full table does', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'd2c-mime-'));
    try {
      const { bundleOptions } = (await import(join(REPO, 'scripts/build.mjs'))) as { bundleOptions: (p: boolean) => Record<string, unknown> };
      const entry = join(dir, 'entry.js');
      writeFileSync(entry, `module.exports = require(${JSON.stringify(require.resolve('mime-types'))});`);
      const out = join(dir, 'out.js');
      const opts = bundleOptions(true);
      await build({ ...opts, entryPoints: [entry], outfile: out, sourcemap: false, metafile: false, absWorkingDir: REPO });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const slim = require(out) as typeof mime;
      const db = require('mime-db') as Record<string, { extensions?: string[]; charset?: string }>; // eslint-disable-line @typescript-eslint/no-require-imports
      const extensions = new Set(Object.values(db).flatMap((e) => e.extensions ?? []));
      assert.ok(extensions.size > 1000);
      for (const ext of extensions) assert.equal(slim.lookup(ext), mime.lookup(ext), ext);
      for (const type of Object.keys(db)) {
        assert.equal(slim.charset(type), mime.charset(type), type);
        assert.equal(slim.extension(type), mime.extension(type), type);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
