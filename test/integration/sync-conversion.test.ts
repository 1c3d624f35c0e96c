/**
 * Issue 10, "correctness found on the way": sync publishes what `confluence render` shows. Links to a heading of
 * another page get the same anchor (and the same `anchor-unresolved` warning) in both, and a Data Center site gets
 * the Data Center code languages and heading anchor macros, like `render --flavor datacenter`.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { runCliCaptured } from './cli-client-harness';

const SAMPLES = join(__dirname, '../../samples/docs');

describe('sync publishes what render shows', function () {
  this.timeout(60000);
  let server: LocalServer;
  let root: string;

  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliCaptured(args, root, { CONFLUENCE_SPACE: 'DOCS', ...env });
  const cloud = () => ({ CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token' });
  const dataCenter = () => ({ CONFLUENCE_URL: server.dataCenterBaseUrl, CONFLUENCE_PAT: 'local-dev-pat' });
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  /** The storage body last sent for the page with this title (v2 create/update or v1 content). */
  const published = (title: string): string => {
    const bodies = server.requestLog
      .filter((e) => e.method === 'POST' || e.method === 'PUT')
      .map((e) => e.body as { title?: string; body?: { value?: string; storage?: { value?: string } } } | undefined)
      .filter((b) => b?.title === title);
    const last = bodies[bodies.length - 1];
    const value = last?.body?.value ?? last?.body?.storage?.value;
    assert.ok(value !== undefined, `no page "${title}" was sent`);
    return value!;
  };

  before(async () => {
    server = await startLocalServer();
  });
  after(async () => server.close());
  beforeEach(() => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-conv-'));
    cpSync(SAMPLES, join(root, 'docs'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a link to a heading of another page gets the anchor render gives it; a missing heading warns in the plan', async () => {
    write('docs/guides/links.md', '# Links\n\nSee [incidents](../reference/api.md#incidents) and [nothing](../reference/api.md#no-such-heading).\n');
    const plan = await cli(['plan', '--json'], cloud());
    const item = (JSON.parse(plan.out).results as Array<{ file: string; diagnostics?: Array<{ code: string; message: string }> }>).find((r) => r.file === 'docs/guides/links.md')!;
    assert.ok(item.diagnostics?.some((d) => d.code === 'anchor-unresolved' && d.message.includes('no-such-heading')), JSON.stringify(item.diagnostics));
    assert.ok(!item.diagnostics?.some((d) => d.message.includes('#incidents')), 'a heading that exists was reported');

    const sync = await cli(['sync'], cloud());
    assert.equal(sync.code, 0, sync.out + sync.err);
    for (const [file, title] of [['docs/guides/alerting.md', 'Alerting'], ['docs/guides/links.md', 'Links']]) {
      const rendered = await cli(['render', file]);
      assert.equal(rendered.code, 0, rendered.err);
      assert.equal(published(title).trim(), rendered.out.trim(), `${file}: sync and render differ`);
    }
    assert.match(published('Alerting'), /ac:anchor="Incidents"/);
  });

  it('a Data Center site gets the Data Center code languages and heading anchors, as render --flavor datacenter', async () => {
    write('docs/guides/code.md', '# Code\n\n## Example\n\n```typescript\nconst a: number = 1;\n```\n\nBack to [the example](#example).\n');
    const sync = await cli(['sync'], dataCenter());
    assert.equal(sync.code, 0, sync.out + sync.err);
    const body = published('Code');
    assert.match(body, /<ac:parameter ac:name="language">javascript<\/ac:parameter>/, body);
    assert.match(body, /ac:name="anchor"/, 'heading anchor macros');
    const rendered = await cli(['render', '--flavor', 'datacenter', 'docs/guides/code.md']);
    assert.equal(rendered.code, 0, rendered.err);
    assert.equal(body.trim(), rendered.out.trim());
    assert.equal(published('Alerting').trim(), (await cli(['render', '--flavor', 'datacenter', 'docs/guides/alerting.md'])).out.trim());
    // and Cloud keeps its own languages
    server.reset();
    rmSync(join(root, 'docs/.confluence-mapping.json'));
    const again = await cli(['sync'], cloud());
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(published('Code'), /<ac:parameter ac:name="language">typescript<\/ac:parameter>/);
  });
});
