/**
 * Found by an adversarial probe of the merged issue-10 work (a reviewer reproducing the cases with the built CLI):
 * - a key saved under an image name (`x.pem.png`, PEM text inside) was uploaded unscanned: binary types were never
 *   scanned, whatever their bytes were;
 * - `confluence status` (CI logs, like plan) printed titles and file names holding a likely secret verbatim;
 * - `rootPageTitle` and `labels` in .confluence.yml were never scanned: they reached the server (root page title,
 *   labels of every page) and every plan line;
 * - an attachment whose file name is a secret (linked percent-encoded, so the body scan cannot see it, or plainly
 *   with --allow-secrets) was uploaded under that name and named in the page body;
 * - `confluence scan` did not report secrets in file names (which the publish blocks) and printed such paths
 *   verbatim next to the findings in their content.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startLocalServer, type LocalServer } from '../../src/server/index';
import { runCliCaptured } from './cli-client-harness';

// Built at run time so this file itself holds no token- or key-shaped string.
const TOKEN = ['ghp', 'Zq7Xk2Lm9Pw4Rt6Yv8Bn3Cs5Df1Gh0Jk2Lm4Np6'].join('_');
const SECRET_TAIL = TOKEN.slice(8);
const KEY_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs';
const PEM = [`-----BEGIN RSA ${'PRIVATE'} KEY-----`, KEY_BODY.slice(0, 64), KEY_BODY.slice(64), `-----END RSA ${'PRIVATE'} KEY-----`, ''].join('\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa6d4b90000000049454e44ae426082', 'hex');

describe('probe: leaks found after issue 10 was merged', function () {
  this.timeout(60000);
  let server: LocalServer;
  let root: string;
  let env: NodeJS.ProcessEnv;

  const cli = (args: string[]) => runCliCaptured(args, root, env);
  const write = (rel: string, content: string | Buffer) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  };
  const sent = () => JSON.stringify(server.requestLog.map((e) => [e.path, e.query, typeof e.body === 'string' ? e.body : e.body && Buffer.isBuffer(e.body) ? e.body.toString('latin1') : e.body]));

  before(async () => {
    server = await startLocalServer();
  });
  after(async () => server.close());
  beforeEach(() => {
    server.reset();
    root = mkdtempSync(join(tmpdir(), 'd2c-probe-'));
    env = { CONFLUENCE_URL: server.cloudBaseUrl, CONFLUENCE_EMAIL: 'demo@example.com', CONFLUENCE_API_TOKEN: 'local-dev-token', CONFLUENCE_SPACE: 'DOCS' };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a private key saved under an image name (x.pem.png) is scanned by its content: the document is blocked, nothing uploaded', async () => {
    write('docs/index.md', '# Home\n\n![chart](x.pem.png)\n\n![real](real.png)\n');
    write('docs/x.pem.png', PEM);
    write('docs/real.png', PNG);
    const scan = await cli(['scan']);
    assert.equal(scan.code, 1, `scan must report the key in x.pem.png:\n${scan.out}\n${scan.err}`);
    assert.match(scan.out, /docs\/x\.pem\.png:1:1 .*privatekey/);
    const sync = await cli(['sync']);
    assert.equal(sync.code, 1, sync.out + sync.err);
    assert.match(sync.out, /Blocked\s+docs\/index\.md/);
    assert.match(sync.out, /docs\/x\.pem\.png line 1/);
    assert.equal(server.stats().attachments, 0, 'nothing may be uploaded');
    assert.ok(!sent().includes(KEY_BODY.slice(0, 40)), 'the key was sent');
    // a real image (NUL bytes, not UTF-8) is not mistaken for text: the document publishes once the key is gone
    write('docs/index.md', '# Home\n\n![real](real.png)\n');
    const again = await cli(['sync']);
    assert.equal(again.code, 0, again.out + again.err);
    assert.equal(server.stats().attachments, 1);
  });

  it('status and status --json withhold titles and mask file names that hold a likely secret', async () => {
    write('docs/index.md', '# Handbook\n');
    write('docs/guide/t1.md', `---\ntitle: "Rotate ${TOKEN}"\n---\n\nText.\n`);
    write('docs/guide/t2.md', `# H1 ${TOKEN}\n\nText.\n`);
    write(`docs/guide/${TOKEN}.md`, '# Harmless\n');
    write(`docs/${TOKEN}/x.md`, '# In a folder named like a secret\n');
    for (const args of [['status'], ['status', '--all'], ['status', '--json']]) {
      const r = await cli(args);
      assert.equal(r.code, 0, r.err);
      assert.ok(!r.out.includes(SECRET_TAIL) && !r.err.includes(SECRET_TAIL), `${args.join(' ')} leaks the secret:\n${r.out}\n${r.err}`);
      assert.ok(r.out.includes('docs/guide/t1.md') && r.out.includes('docs/guide/t2.md'), 'the paths are still listed');
      assert.ok(r.out.includes('"Guide"') || r.out.includes('"title": "Guide"'), 'clean titles are still shown');
    }
  });

  it('a likely secret in .confluence.yml rootPageTitle or labels stops the plan (exit 2, setting and rule named, value never shown); nothing sent', async () => {
    write('.confluence.yml', `spaceKey: DOCS\ndocsRoot: docs\nrootPageTitle: "Handbook ${TOKEN}"\nlabels: [ops]\n`);
    write('docs/a.md', '# Plain\n\nText.\n');
    for (const args of [['plan'], ['sync', '--allow-secrets'], ['sync', '--json']]) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
      assert.match(r.err + r.out, /\.confluence\.yml: a likely secret in rootPageTitle \([^,]+, fingerprint [0-9a-f]+\)/);
      assert.ok(!r.out.includes(SECRET_TAIL) && !r.err.includes(SECRET_TAIL), `${args.join(' ')} leaks the secret`);
    }
    write('.confluence.yml', `spaceKey: DOCS\ndocsRoot: docs\nrootPageTitle: Handbook\nlabels: [ops, "${TOKEN}"]\n`);
    const r = await cli(['sync']);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /a likely secret in labels/);
    assert.ok(!sent().toLowerCase().includes(SECRET_TAIL.toLowerCase()), 'the secret was sent');
    assert.equal(server.stats().pages, 1, 'only the space home page exists');
  });

  it('an attachment whose file name holds a likely secret is never uploaded, not even with --allow-secrets; reports mask it', async () => {
    write(`docs/${TOKEN}.png`, PNG);
    write('docs/encoded.md', `# Encoded\n\n![x](%${TOKEN.charCodeAt(0).toString(16)}${TOKEN.slice(1)}.png)\n`);
    write('docs/plain.md', `# Plain\n\n![x](${TOKEN}.png)\n`);
    for (const args of [['sync', '--allow-secrets'], ['sync', '--json', '--allow-secrets']]) {
      const r = await cli(args);
      assert.equal(r.code, 1, r.out + r.err);
      assert.ok(!r.out.includes(SECRET_TAIL) && !r.err.includes(SECRET_TAIL), `${args.join(' ')} leaks the secret:\n${r.out}\n${r.err}`);
    }
    const r = await cli(['sync', '--allow-secrets']);
    assert.match(r.out, /Blocked\s+docs\/encoded\.md[\s\S]*an attached file's name holds a likely secret \(docs\/\*+\.png line 1/);
    assert.match(r.out, /Blocked\s+docs\/plain\.md/);
    assert.equal(server.stats().attachments, 0);
    assert.ok(!sent().includes(SECRET_TAIL), 'the file name was sent');
  });

  it('scan reports a secret in a file or folder name, and shows such paths masked (text and --json)', async () => {
    write(`docs/guide/${TOKEN}.md`, `# Named\n\nand in the body ${TOKEN}\n`);
    write(`docs/${TOKEN}/x.md`, '# Clean body\n');
    write('docs/ok.md', '# Fine\n');
    const r = await cli(['scan']);
    assert.equal(r.code, 1, r.out + r.err);
    assert.ok(!r.out.includes(SECRET_TAIL) && !r.err.includes(SECRET_TAIL), `scan leaks the secret:\n${r.out}\n${r.err}`);
    assert.match(r.out, /^docs\/\*+\/x\.md:1:1 .*in the file name/m);
    assert.match(r.out, /^docs\/guide\/\*+\.md:1:1 .*in the file name/m);
    assert.match(r.out, /^docs\/guide\/\*+\.md:3:/m, 'the body finding is listed under the masked path');
    const j = await cli(['scan', '--json']);
    assert.equal(j.code, 1);
    assert.ok(!j.out.includes(SECRET_TAIL), j.out);
    assert.equal((JSON.parse(j.out) as unknown[]).length, 3);
  });
});
