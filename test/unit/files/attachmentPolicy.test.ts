import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AttachmentGuard, AttachmentRefusedError } from '../../../src/core/files/attachmentGuard';
import { attachmentRefusal, isTextAttachment } from '../../../src/core/files/attachmentPolicy';
import { convertMarkdown } from '../../../src/core/markdown';

describe('attachment policy: names', () => {
  it('accepts the types documentation uses', () => {
    for (const p of [
      'docs/img/a.png', 'docs/a.JPG', 'a.jpeg', 'b.gif', 'c.svg', 'd.webp', 'e.bmp', 'favicon.ico', 'scan.tiff',
      'spec.pdf', 'plan.docx', 'budget.xlsx', 'deck.pptx', 'notes.odt', 'letter.rtf',
      'bundle.zip', 'src.tar', 'src.tar.gz', 'src.tgz', 'x.7z',
      'flow.drawio', 'net.vsdx', 'seq.puml', 'graph.mmd', 'sketch.excalidraw',
      'readme.txt', 'data.csv', 'data.tsv', 'openapi.json', 'config.yaml', 'values.yml', 'pom.xml', 'build.log',
      'assets/id_card.png', 'docs/secrets-diagram.png', 'docs/secret.png',
    ]) {
      assert.equal(attachmentRefusal(p), undefined, p);
    }
  });

  it('refuses hidden files and folders, environment files, keys and certificates, secret files and unknown types', () => {
    const cases: Array<[string, RegExp]> = [
      ['.env', /environment files/],
      ['.env.production', /environment files/],
      ['docs/.env.local', /environment files/],
      ['.npmrc', /hidden files/],
      ['docs/.secret/a.png', /hidden files/],
      ['.git/config', /hidden files/],
      ['.ssh/id_rsa', /hidden files/],
      ['prod.env', /key, certificate and environment/],
      ['keys/deploy_key.pem', /key, certificate/],
      ['tls/server.key', /key, certificate/],
      ['tls/server.crt', /key, certificate/],
      ['tls/server.der', /key, certificate/],
      ['client.p12', /key, certificate/],
      ['client.pfx', /key, certificate/],
      ['passwords.kdbx', /key, certificate/],
      ['java/trust.jks', /key, certificate/],
      ['java/app.keystore', /key, certificate/],
      ['putty.ppk', /key, certificate/],
      ['keys/id_rsa', /key, certificate/],
      ['keys/id_ed25519.pub', /key, certificate/],
      ['keys/id_ecdsa.txt', /key, certificate/],
      ['config/secrets.yaml', /secrets or credentials/],
      ['gcp/credentials.json', /secrets or credentials/],
      ['app.secrets.json', /secrets or credentials/],
      ['script.sh', /\.sh files are not an attachable type/],
      ['page.html', /\.html files are not an attachable type/],
      ['Makefile', /without an extension/],
    ];
    for (const [p, reason] of cases) assert.match(attachmentRefusal(p) ?? 'accepted', reason, p);
  });

  it('knows which attachable types are text (scanned for secrets)', () => {
    for (const p of ['a.txt', 'a.csv', 'a.json', 'a.yaml', 'a.yml', 'a.xml', 'a.log', 'a.svg', 'a.drawio', 'a.puml', 'a.mmd', 'a.excalidraw']) assert.ok(isTextAttachment(p), p);
    for (const p of ['a.png', 'a.pdf', 'a.zip', 'a.docx']) assert.ok(!isTextAttachment(p), p);
  });

  it('the converter applies the name rules by default: a refused link stays text, a refused image is not attached', () => {
    const r = convertMarkdown('# T\n\n[env](../.env) [key](keys/deploy_key.pem) ![k](id_rsa.pub) <img src="/.env">\n', {
      path: 'docs/a.md',
      readFile: () => new Uint8Array([1]),
    });
    assert.deepEqual(r.attachments, []);
    assert.equal(r.warnings.filter((w) => w.code === 'attachment-refused').length, 4);
    assert.doesNotMatch(r.storage, /ri:attachment/);
  });
});

describe('attachment policy: the file system (AttachmentGuard)', () => {
  let root: string;
  let outside: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'd2c-guard-'));
    outside = mkdtempSync(join(tmpdir(), 'd2c-guard-out-'));
    writeFileSync(join(outside, 'passwd'), 'root:x:0:0\n');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('refuses a file link and a folder link leading outside the workspace, naming the link', () => {
    mkdirSync(join(root, 'docs'));
    symlinkSync(join(outside, 'passwd'), join(root, 'docs/logo.png'));
    writeFileSync(join(outside, 'hostname.png'), 'x');
    symlinkSync(outside, join(root, 'docs/etc'));
    const guard = new AttachmentGuard({ root, docsRoot: 'docs', git: false });
    assert.equal(guard.refusal('docs/logo.png'), `symbolic link to a file outside the workspace (docs/logo.png -> ${join(outside, 'passwd')})`);
    assert.equal(guard.refusal('docs/etc/hostname.png'), `symbolic link to a file outside the workspace (docs/etc -> ${outside})`);
    assert.equal(guard.read('docs/logo.png'), undefined);
  });

  it('allows links that stay inside the workspace, unless the target itself is refused by name', () => {
    write('assets/logo.png', 'png');
    write('.env', 'TOKEN=x');
    mkdirSync(join(root, 'docs'));
    symlinkSync('../assets/logo.png', join(root, 'docs/logo.png'));
    symlinkSync('../.env', join(root, 'docs/notes.txt'));
    const guard = new AttachmentGuard({ root, docsRoot: 'docs', git: false });
    assert.equal(guard.refusal('docs/logo.png'), undefined);
    assert.deepEqual(Buffer.from(guard.read('docs/logo.png')!).toString(), 'png');
    assert.match(guard.refusal('docs/notes.txt') ?? '', /environment files .*docs\/notes\.txt is a link to \.env/);
  });

  it('reports broken links and loops without throwing; a missing file is "not found", not refused', () => {
    mkdirSync(join(root, 'docs'));
    symlinkSync('nowhere.png', join(root, 'docs/dangling.png'));
    symlinkSync('loop.png', join(root, 'docs/loop.png'));
    const guard = new AttachmentGuard({ root, git: false });
    assert.match(guard.refusal('docs/dangling.png') ?? '', /^broken symbolic link \(docs\/dangling\.png -> nowhere\.png\)/);
    assert.match(guard.refusal('docs/loop.png') ?? '', /^broken symbolic link/);
    assert.equal(guard.refusal('docs/missing.png'), undefined);
    assert.equal(guard.read('docs/missing.png'), undefined);
  });

  it('refuses git-ignored files (one git process per guard) and works without a repository', function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip();
    write('docs/a.png', 'a');
    write('build/out.png', 'b');
    write('docs/cache/x.png', 'c');
    assert.equal(new AttachmentGuard({ root }).refusal('build/out.png'), undefined, 'not a repository: no git rule');
    spawnSync('git', ['init', '-q'], { cwd: root });
    write('.gitignore', 'build/\ncache/\n');
    const guard = new AttachmentGuard({ root });
    assert.match(guard.refusal('build/out.png') ?? '', /git ignores it/);
    assert.match(guard.refusal('docs/cache/x.png') ?? '', /git ignores it/);
    assert.equal(guard.refusal('docs/a.png'), undefined);
  });

  it('readForUpload checks the policy again and the content against the planned hash', () => {
    write('docs/a.csv', 'a,b\n');
    const guard = new AttachmentGuard({ root, git: false });
    const planned = convertMarkdown('[d](a.csv)\n', { path: 'docs/x.md', readFile: guard.read, checkAttachment: guard.refusal }).attachments[0];
    assert.equal(guard.readForUpload('docs/a.csv', planned.hash).toString(), 'a,b\n');
    write('docs/a.csv', 'a,b,c\n');
    assert.throws(() => guard.readForUpload('docs/a.csv', planned.hash), (e: unknown) => e instanceof AttachmentRefusedError && /changed after the plan/.test(e.message));
    rmSync(join(root, 'docs/a.csv'));
    symlinkSync(join(outside, 'passwd'), join(root, 'docs/a.csv'));
    assert.throws(() => guard.readForUpload('docs/a.csv', planned.hash), /docs\/a\.csv is not attached: symbolic link to a file outside the workspace/);
  });
});
