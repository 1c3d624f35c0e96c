/** The data file round trip, and `confluence serve-local` as a separate process (URL on stdout, admin faults, SIGTERM). */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLocalServer } from '../../src/server';
import { call, createPage, docsSpace, upload } from './server-helpers';

const ROOT = path.resolve(__dirname, '..', '..');

describe('local server: persistence and serve-local', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'local-confluence-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes state to the data file and loads it back (pages, versions, labels, properties, attachments, ids)', async () => {
    const file = path.join(dir, 'state.json');
    const first = await startLocalServer({ dataFile: file, persistDebounceMs: 20 });
    const space = await docsSpace(first);
    const page = (await createPage(first, space.id, 'Kept', { value: '<p>one</p>' })).json;
    await call(first, 'PUT', `/wiki/api/v2/pages/${page.id}`, { id: page.id, status: 'current', title: 'Kept', body: { representation: 'storage', value: '<p>two</p>' }, version: { number: 2 } });
    await call(first, 'POST', `/wiki/rest/api/content/${page.id}/label`, [{ name: 'kept' }]);
    await call(first, 'POST', `/wiki/api/v2/pages/${page.id}/properties`, { key: 'docs-to-confluence', value: { hash: 'h' } });
    const bytes = Buffer.from([1, 2, 3, 250, 251, 252]);
    await call(first, 'PUT', `/wiki/rest/api/content/${page.id}/child/attachment`, upload('data.bin', bytes, 'application/octet-stream'), { 'X-Atlassian-Token': 'no-check' });
    await first.close();
    assert.ok(existsSync(file));
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(doc.format, 'docs-to-confluence-local-server');

    const second = await startLocalServer({ dataFile: file });
    try {
      const back = await call(second, 'GET', `/wiki/api/v2/pages/${page.id}?body-format=storage&include-labels=true&include-properties=true`);
      assert.equal(back.status, 200);
      assert.equal(back.json.version.number, 2);
      assert.equal(back.json.body.storage.value, '<p>two</p>');
      assert.deepEqual(back.json.labels.results.map((l: { name: string }) => l.name), ['kept']);
      assert.deepEqual(back.json.properties.results[0].value, { hash: 'h' });
      const atts = await call(second, 'GET', `/wiki/api/v2/pages/${page.id}/attachments`);
      const dl = await fetch(`${second.url}/wiki${atts.json.results[0].downloadLink}`);
      assert.deepEqual(Buffer.from(await dl.arrayBuffer()), bytes);
      // One DOCS space (not re-created), and new ids continue after the loaded ones.
      assert.equal((await call(second, 'GET', '/wiki/api/v2/spaces?keys=DOCS')).json.results.length, 1);
      const next = (await createPage(second, space.id, 'New')).json;
      assert.ok(Number(next.id) > Number(page.id));
      assert.equal((await createPage(second, space.id, 'Kept')).status, 400);
    } finally {
      await second.close();
    }
  });

  it('refuses a data file that is not its own format, with the file name in the message', async () => {
    const file = path.join(dir, 'other.json');
    writeFileSync(file, '{"hello": 1}');
    await assert.rejects(startLocalServer({ dataFile: file }), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a local server data file`));
    writeFileSync(file, '{not json');
    await assert.rejects(startLocalServer({ dataFile: file }), /Cannot read local server data file/);
  });

  describe('confluence serve-local (separate process)', () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
    });

    function serve(args: string[]): Promise<{ url: string; output: () => string }> {
      child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve-local', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve-local did not print its URL:\n${out}`)), 30000);
        child!.stdout!.on('data', () => {
          const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && out.includes('Press Ctrl-C')) {
            clearTimeout(timer);
            resolve({ url: m[1], output: () => out });
          }
        });
        child!.on('exit', (code) => reject(new Error(`serve-local exited with ${code}:\n${out}`)));
      });
    }

    it('prints URL and credentials, takes faults over the admin API, and saves state on SIGTERM', async () => {
      const file = path.join(dir, 'cli.json');
      const { url, output } = await serve(['--port', '0', '--data', file, '--seed', '11', '--space', 'ENG:Engineering', '--user', 'alice@example.com:alice-token']);
      assert.match(output(), /CONFLUENCE_EMAIL=demo@example\.com CONFLUENCE_API_TOKEN=local-dev-token/);
      assert.match(output(), /User\s+alice@example\.com\s+API token alice-token/);
      assert.match(output(), /CONFLUENCE_PAT=local-dev-pat/);
      const srv = { url } as Parameters<typeof call>[0];
      const eng = await call(srv, 'GET', '/wiki/api/v2/spaces?keys=ENG');
      assert.equal(eng.json.results[0].name, 'Engineering');
      const page = await createPage(srv, eng.json.results[0].id, 'From CLI');
      assert.equal(page.status, 200);
      const alice = 'Basic ' + Buffer.from('alice@example.com:alice-token').toString('base64');
      assert.equal((await call(srv, 'GET', '/wiki/rest/api/user/current', undefined, {}, alice)).json.email, 'alice@example.com');
      // serve-local is what other Confluence clients get pointed at: the v1 endpoints removed from Cloud are served by default.
      assert.match(output(), /v1 content\/space\/property endpoints removed from Cloud are served/);
      const v1 = await call(srv, 'GET', '/wiki/rest/api/content?spaceKey=ENG&title=From%20CLI&expand=version');
      assert.equal(v1.status, 200);
      assert.equal(v1.json.results[0].id, page.json.id);
      assert.equal((await call(srv, 'GET', '/wiki/rest/api/space/ENG')).json.key, 'ENG');
      await fetch(`${url}/__admin/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ errorRate: 1 }) });
      assert.ok((await call(srv, 'GET', '/wiki/api/v2/spaces')).status >= 500);
      const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
      child!.kill('SIGTERM');
      assert.equal(await exited, 0);
      const saved = JSON.parse(readFileSync(file, 'utf8'));
      assert.ok(saved.data.pages.some((p: { title: string }) => p.title === 'From CLI'));
    });

    it('--removed-cloud-v1 410 answers the removed Cloud v1 endpoints with 410 Gone; --help documents the option', async () => {
      const { url, output } = await serve(['--port', '0', '--removed-cloud-v1', '410']);
      assert.match(output(), /removed from Cloud answer 410/);
      const srv = { url } as Parameters<typeof call>[0];
      const r = await call(srv, 'GET', '/wiki/rest/api/content?spaceKey=DOCS');
      assert.equal(r.status, 410);
      assert.equal(r.json.statusCode, 410);
      // Still-present v1 endpoints and Data Center are unaffected.
      assert.equal((await call(srv, 'GET', '/wiki/rest/api/user/current')).status, 200);
      assert.equal((await call(srv, 'GET', '/confluence/rest/api/content?spaceKey=DOCS', undefined, {}, 'Bearer local-dev-pat')).status, 200);
      child!.kill('SIGTERM');

      const help = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve-local', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      help.stdout!.on('data', (d) => (text += d));
      assert.equal(await new Promise<number | null>((resolve) => help.on('exit', resolve)), 0);
      assert.match(text, /--removed-cloud-v1 <serve\|410\|404>/);
      assert.match(text, /default: "serve"/);

      const bad = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve-local', '--removed-cloud-v1', 'maybe'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      bad.stderr!.on('data', (d) => (err += d));
      assert.equal(await new Promise<number | null>((resolve) => bad.on('exit', resolve)), 2);
      assert.match(err, /--removed-cloud-v1 expects serve, 410 or 404, got 'maybe'/);
    });

    it('rejects bad option values with exit status 2 and a specific message', async () => {
      child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve-local', '--error-rate', '3'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((resolve) => child!.on('exit', resolve));
      assert.equal(code, 2);
      assert.match(err, /--error-rate must be a number between 0 and 1, got '3'/);
    });
  });
});
