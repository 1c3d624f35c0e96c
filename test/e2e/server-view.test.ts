/**
 * The local server's web view in headless Chromium: a published page shows its tree, breadcrumbs, panels, code, tasks,
 * table, page link, image attachment, labels and attachments. Screenshots go to test-results/server-view/ — look at them.
 * Run: npx mocha --no-config -r tsx/cjs --extension ts --timeout 120000 test/e2e/server-view.test.ts
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { startLocalServer, type LocalServer } from '../../src/server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.resolve(__dirname, '..', '..', 'test-results', 'server-view');
const AUTH = 'Basic ' + Buffer.from('demo@example.com:local-dev-token').toString('base64');

/** A small RGB gradient PNG (so the screenshot shows whether attachment images load). */
function gradientPng(width: number, height: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = Math.round((x / width) * 255);
      row[2 + x * 3] = Math.round((y / height) * 200);
      row[3 + x * 3] = 220;
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PAGE_BODY = `
<ac:structured-macro ac:name="toc" ac:schema-version="1" />
<h2>Install</h2>
<p>Run the installer, then read <ac:link><ri:page ri:content-title="Configuration" /><ac:plain-text-link-body><![CDATA[the configuration guide]]></ac:plain-text-link-body></ac:link>.</p>
<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:parameter ac:name="title">Heads up</ac:parameter><ac:rich-text-body><p>This page was published from <strong>git</strong>.</p></ac:rich-text-body></ac:structured-macro>
<ac:structured-macro ac:name="warning" ac:schema-version="1"><ac:rich-text-body><p>Do not run this in production.</p></ac:rich-text-body></ac:structured-macro>
<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">bash</ac:parameter><ac:parameter ac:name="title">install.sh</ac:parameter><ac:plain-text-body><![CDATA[npm install --save docs-to-confluence
confluence publish --space DOCS && echo "done"]]></ac:plain-text-body></ac:structured-macro>
<h2>Checklist</h2>
<ac:task-list>
<ac:task><ac:task-status>complete</ac:task-status><ac:task-body>Write the docs</ac:task-body></ac:task>
<ac:task><ac:task-status>incomplete</ac:task-status><ac:task-body>Publish them</ac:task-body></ac:task>
</ac:task-list>
<h2>Architecture</h2>
<table><tbody><tr><th>Part</th><th>Status</th></tr>
<tr><td>Engine</td><td><ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">done</ac:parameter></ac:structured-macro></td></tr>
<tr><td>Missing link</td><td><ac:link><ri:page ri:content-title="Nowhere" /></ac:link></td></tr></tbody></table>
<p><ac:image ac:alt="Diagram" ac:width="240"><ri:attachment ri:filename="diagram.png" /></ac:image></p>
`;

describe('local server web view (headless Chromium)', function () {
  this.timeout(120000);
  let srv: LocalServer;
  let browser: Browser | undefined;
  let pageUrl = '';
  let configId = '';

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`    skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
      this.skip();
    }
    srv = await startLocalServer();
    const api = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
      const isForm = body instanceof FormData;
      const r = await fetch(srv.url + p, {
        method,
        headers: { Authorization: AUTH, ...(isForm || body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: isForm ? body : body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await r.json();
      assert.ok(r.ok, `${method} ${p}: ${r.status} ${JSON.stringify(json)}`);
      return json;
    };
    const space = (await api('GET', '/wiki/api/v2/spaces?keys=DOCS')).results[0];
    const guide = await api('POST', '/wiki/api/v2/pages', { spaceId: space.id, status: 'current', title: 'User guide', body: { representation: 'storage', value: '<p>Start here.</p>' } });
    const page = await api('POST', '/wiki/api/v2/pages', { spaceId: space.id, parentId: guide.id, status: 'current', title: 'Installation', body: { representation: 'storage', value: PAGE_BODY } });
    configId = (await api('POST', '/wiki/api/v2/pages', { spaceId: space.id, parentId: guide.id, status: 'current', title: 'Configuration', body: { representation: 'storage', value: '<p>Settings.</p>' } })).id;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(gradientPng(240, 120))], { type: 'image/png' }), 'diagram.png');
    form.append('minorEdit', 'true');
    await api('PUT', `/wiki/rest/api/content/${page.id}/child/attachment`, form, { 'X-Atlassian-Token': 'no-check' });
    await api('POST', `/wiki/rest/api/content/${page.id}/label`, [{ name: 'docs' }, { name: 'install' }]);
    pageUrl = `${srv.url}/wiki${page._links.webui}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    mkdirSync(OUT, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('renders a page like Confluence: tree, breadcrumbs, panels, code, tasks, table, links, image, labels, attachments', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(pageUrl, { waitUntil: 'load' });
    assert.equal(await page.textContent('h1#title-text'), 'Installation');
    assert.deepEqual(await page.$$eval('.breadcrumbs a', (as) => as.map((a) => a.textContent)), ['Documentation', 'Documentation Home', 'User guide']);
    const tree = await page.$$eval('.page-tree a', (as) => as.map((a) => a.textContent));
    for (const t of ['Documentation Home', 'User guide', 'Installation', 'Configuration']) assert.ok(tree.includes(t), `tree lacks ${t}: ${tree}`);
    assert.equal(await page.textContent('.page-tree li.current > a'), 'Installation');
    // Panels have their colour, the code keeps its text, tasks are checkboxes.
    const infoBg = await page.$eval('.wiki-content [class*="info"]', (el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(infoBg, 'rgba(0, 0, 0, 0)');
    assert.match((await page.textContent('.wiki-content pre')) ?? '', /confluence publish --space DOCS && echo "done"/);
    const boxes = await page.$$eval('.wiki-content input[type=checkbox], .wiki-content [role=checkbox]', (els) =>
      els.map((e) => (e instanceof HTMLInputElement ? e.checked : e.getAttribute('aria-checked') === 'true')),
    );
    assert.deepEqual(boxes, [true, false]);
    // The page link resolves to the other page's view; the image attachment loads.
    const href = await page.getAttribute('.wiki-content a:has-text("the configuration guide")', 'href');
    assert.ok(href?.includes(`/pages/${configId}/`), String(href));
    // A link to a page that does not exist leads nowhere.
    const missing = await page.$$eval('.wiki-content td', (tds) => tds.filter((td) => td.textContent?.includes('Nowhere')).map((td) => td.querySelector('a')?.href ?? null));
    assert.deepEqual(missing, [null]);
    const imgWidth = await page.$eval('.wiki-content img', (img) => (img as HTMLImageElement).naturalWidth);
    assert.equal(imgWidth, 240);
    assert.deepEqual(await page.$$eval('.labels .label', (els) => els.map((e) => e.textContent)), ['docs', 'install']);
    assert.match((await page.textContent('.attachments')) ?? '', /diagram\.png/);
    await page.screenshot({ path: path.join(OUT, 'page.png'), fullPage: true });
    // Following the link opens the other page.
    await page.click('.wiki-content a:has-text("the configuration guide")');
    await page.waitForURL(new RegExp(`/pages/${configId}/`));
    assert.equal(await page.textContent('h1#title-text'), 'Configuration');
    await page.close();
  });

  it('renders the space overview and the list of spaces', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${srv.url}/`);
    assert.match((await page.textContent('.spaces')) ?? '', /Documentation/);
    await page.click('.spaces a');
    await page.waitForURL(/\/wiki\/spaces\/DOCS\/overview$/);
    assert.equal(await page.textContent('h1#title-text'), 'Documentation Home');
    await page.screenshot({ path: path.join(OUT, 'overview.png') });
    await page.close();
  });
});
