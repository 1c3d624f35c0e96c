// The publish engine on the file-system port: discover -> plan -> apply run entirely on a MemoryFileSystem and an
// in-memory Confluence. Every write the engine makes (mapping file, run lock) lands in memory; node:fs is watched so
// that any disk access under the workspace, or any disk write at all, fails the test.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import type { SecretFinding } from '../../../src/core/secrets/types';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { SyncEngine } from '../../../src/core/sync/engine';
import { MappingFile } from '../../../src/core/sync/mapping';
import { PlanOutdatedError, RunLockedError } from '../../../src/core/sync/runLock';
import type { SyncPlan, WorkspaceConfig } from '../../../src/core/sync/types';
import { FakeConfluence } from './fakeConfluence';

// Paths that do not exist on this machine: a read that missed the port would find nothing there.
const ROOT = '/d2c-memory-ws';
const OUTSIDE = '/d2c-memory-outside';
const MAPPING = `${ROOT}/docs/.confluence-mapping.json`;
const LOCK = `${MAPPING}.lock`;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

function sampleWorkspace(): MemoryFileSystem {
  return new MemoryFileSystem({
    [`${ROOT}/.confluence.yml`]: 'space: DOCS\nlabels: [docs]\n',
    [`${ROOT}/docs/index.md`]: '# Welcome\n\nStart with the [guide](guide/install.md).\n',
    [`${ROOT}/docs/guide/install.md`]: '# Install\n\nRun `npm install`. See [usage](usage.md#usage).\n',
    [`${ROOT}/docs/guide/usage.md`]: '# Usage\n\n![diagram](../img/flow.png)\n',
    [`${ROOT}/docs/img/flow.png`]: PNG,
    [`${ROOT}/docs/notes.secrets.md`]: '# Secrets\n\npassword: hunter2\n',
  });
}

/** Flags lines containing FAKE-SECRET, so tests control findings exactly. */
async function fakeScanner(text: string, file: string): Promise<SecretFinding[]> {
  return text
    .split('\n')
    .flatMap((l, i) => (l.includes('FAKE-SECRET') ? [{ file, line: i + 1, column: 1, rule: 'fake', message: 'fake secret', preview: 'FAKE****', fingerprint: `fp${i}` }] : []));
}

// node:fs as a CommonJS module object: the Node adapter calls through it, so patching it here sees every call.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const realFs: Record<string, unknown> & { promises: Record<string, unknown> } = require('node:fs');
const WRITES = ['writeFileSync', 'renameSync', 'linkSync', 'mkdirSync', 'utimesSync', 'rmSync', 'unlinkSync', 'copyFileSync', 'appendFileSync', 'symlinkSync'];
const PROMISE_WRITES = ['writeFile', 'rename', 'mkdir', 'unlink', 'rm', 'copyFile', 'appendFile'];
const READS = ['readFileSync', 'readdirSync', 'statSync', 'lstatSync', 'existsSync', 'readlinkSync', 'realpathSync', 'opendirSync'];

/** Records node:fs writes anywhere, and reads of the memory workspace's paths, while `run` runs. */
async function watchDisk<T>(run: () => Promise<T>): Promise<{ result: T; touched: string[] }> {
  const touched: string[] = [];
  const restore: Array<() => void> = [];
  const wrap = (obj: Record<string, unknown>, name: string, label: string, onlyOurs: boolean) => {
    const original = obj[name] as ((...a: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') return;
    const wrapped = Object.assign(function (this: unknown, ...args: unknown[]) {
      const p = String(args[0]);
      if (!onlyOurs || p.startsWith(ROOT) || p.startsWith(OUTSIDE)) touched.push(`${label}(${p})`);
      return original.apply(this, args);
    }, original);
    obj[name] = wrapped;
    restore.push(() => (obj[name] = original));
  };
  for (const n of WRITES) wrap(realFs, n, n, false);
  for (const n of PROMISE_WRITES) wrap(realFs.promises, n, `promises.${n}`, false);
  for (const n of READS) wrap(realFs, n, n, true);
  try {
    return { result: await run(), touched };
  } finally {
    for (const r of restore.reverse()) r();
  }
}

describe('SyncEngine on the in-memory file system (the FileSystem port)', () => {
  let fs: MemoryFileSystem;
  let api: FakeConfluence;
  let config: WorkspaceConfig;
  const engine = (runLock = {}) => new SyncEngine({ root: ROOT, config, api, fs, scanSecrets: fakeScanner, runLock: { waitMs: 0, ...runLock } });
  const publish = async () => {
    const e = engine();
    const plan = await e.plan();
    return { plan, report: await e.apply(plan) };
  };
  const byFile = (plan: SyncPlan) => new Map(plan.items.map((i) => [i.file, i]));

  beforeEach(() => {
    fs = sampleWorkspace();
    api = new FakeConfluence();
    config = loadWorkspaceConfig(ROOT, {}, fs);
  });

  it('reads the config from the port', () => {
    assert.equal(config.spaceKey, 'DOCS');
    assert.equal(config.docsRoot, 'docs', 'the docs folder found in memory');
    assert.deepEqual(config.labels, ['docs']);
  });

  it('discover -> plan -> apply creates the pages and writes the mapping file into memory, nothing to disk', async () => {
    const before = fs.files();
    const { result, touched } = await watchDisk(publish);
    const { plan, report } = result;
    assert.deepEqual(touched, [], 'no disk access for the workspace, no disk write at all');
    assert.deepEqual(
      plan.items.map((i) => [i.file, i.action, i.title]),
      [
        ['docs/index.md', 'create', '📚 Documentation'],
        ['docs/guide/', 'create', 'Guide'],
        ['docs/guide/install.md', 'create', 'Install'],
        ['docs/guide/usage.md', 'create', 'Usage'],
      ],
    );
    assert.equal(report.summary.created, 4);
    const install = api.byTitle('Install')!;
    assert.equal(install.parentId, api.byTitle('Guide')!.id);
    assert.match(install.body!, /ri:content-title="Usage"/);
    assert.deepEqual([...install.labels], ['docs']);
    assert.deepEqual(api.byTitle('Usage')!.attachments.map((a) => [a.title, a.fileSize]), [['flow.png', PNG.length]], 'the image read from memory');
    assert.equal(api.byTitle('Secrets'), undefined);

    // The mapping file is the only new file: written atomically (no temp file left), the run lock released.
    // The mapping file and pull's merge bases (.confluence/, git-ignored) are the only new files, all in memory.
    const created = fs.files().filter((f) => !before.includes(f));
    assert.deepEqual(created.filter((f) => !f.startsWith(`${ROOT}/.confluence/`)), [MAPPING]);
    assert.ok(created.some((f) => f.startsWith(`${ROOT}/.confluence/base/`)), 'merge bases written through the port');
    const mapping = JSON.parse(fs.readText(MAPPING));
    assert.deepEqual(Object.keys(mapping), ['docs/guide/', 'docs/guide/install.md', 'docs/guide/usage.md', 'docs/index.md']);
    assert.equal(mapping['docs/guide/install.md'].page_id, install.id);
    assert.equal(mapping['docs/guide/install.md'].hash, byFile(plan).get('docs/guide/install.md')!.hash);
    assert.ok(mapping['docs/guide/usage.md'].attachments['flow.png']);
    assert.equal(fs.exists(LOCK), false, 'run lock released');
  });

  it('a second run plans nothing to do and writes nothing, in Confluence or in memory', async () => {
    await publish();
    const text = fs.readText(MAPPING);
    const mtime = fs.stat(MAPPING)!.mtimeMs;
    api.calls.length = 0;
    const { result, touched } = await watchDisk(publish);
    assert.deepEqual(touched, []);
    assert.deepEqual(result.plan.summary, { unchanged: 4 });
    assert.deepEqual(api.writes(), []);
    assert.equal(fs.readText(MAPPING), text);
    assert.equal(fs.stat(MAPPING)!.mtimeMs, mtime, 'the mapping file was not rewritten');
  });

  it('an edited document is updated from what the port returns', async () => {
    await publish();
    fs.writeFile(`${ROOT}/docs/guide/install.md`, '# Install\n\nRun `npm ci` instead.\n');
    const { plan } = await publish();
    assert.deepEqual(plan.summary, { update: 1, unchanged: 3 });
    assert.match(api.byTitle('Install')!.body!, /npm ci/);
  });

  it('a run lock held by another live run refuses the publish: nothing written, the lock left alone', async () => {
    const holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), tool: 'confluence CLI', token: 'theirs' };
    fs.writeFile(LOCK, JSON.stringify(holder));
    const e = engine();
    const plan = await e.plan();
    await assert.rejects(e.apply(plan), (err: unknown) => err instanceof RunLockedError && /confluence CLI \(pid \d+ on /.test(err.message) && /Nothing was written/.test(err.message));
    assert.deepEqual(api.writes(), []);
    assert.equal(fs.exists(MAPPING), false, 'no mapping file written');
    assert.equal(JSON.parse(fs.readText(LOCK)).token, 'theirs', 'their lock is untouched');
  });

  it('a stale run lock (no heartbeat for longer than staleMs) is taken over with a warning, through the port', async () => {
    const holder = { pid: 4242, host: 'another-machine', started: '2026-01-01T00:00:00.000Z', tool: 'confluence CLI', token: 'theirs' };
    fs.writeFile(LOCK, JSON.stringify(holder));
    fs.touch(LOCK, new Date(Date.now() - 60 * 60_000));
    const warnings: string[] = [];
    const logger = { trace() {}, debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    const e = new SyncEngine({ root: ROOT, config, api, fs, logger, scanSecrets: fakeScanner, runLock: { waitMs: 0 } });
    const report = await e.apply(await e.plan());
    assert.equal(report.summary.created, 4);
    assert.ok(warnings.some((w) => /took over the publish lock .*no heartbeat from pid 4242 on another-machine/.test(w)), warnings.join('\n'));
    assert.equal(fs.exists(LOCK), false, 'our lock released, theirs gone');
    assert.deepEqual(fs.files().filter((f) => f.endsWith('.stale')), [], 'the aside copy removed');
  });

  it('the mapping file changed since the plan (its modification time) makes apply refuse the plan', async () => {
    await publish();
    const e = engine();
    fs.writeFile(`${ROOT}/docs/guide/usage.md`, '# Usage\n\nChanged.\n');
    const plan = await e.plan();
    fs.writeFile(MAPPING, fs.readText(MAPPING)); // another run saved it meanwhile
    api.calls.length = 0;
    await assert.rejects(e.apply(plan), PlanOutdatedError);
    assert.deepEqual(api.writes(), []);
  });

  it('a document symlinked to a file outside the docs root is refused, and so is an image linked out of the workspace', async () => {
    fs.writeFile(`${OUTSIDE}/private.md`, '# Private\n\nNot for Confluence.\n');
    fs.writeFile(`${OUTSIDE}/photo.png`, PNG);
    fs.symlink(`${OUTSIDE}/private.md`, `${ROOT}/docs/leak.md`);
    fs.symlink(`${OUTSIDE}/photo.png`, `${ROOT}/docs/img/photo.png`);
    fs.writeFile(`${ROOT}/docs/gallery.md`, '# Gallery\n\n![photo](img/photo.png)\n');
    const { plan, report } = await publish();
    const items = byFile(plan);
    assert.equal(items.has('docs/leak.md'), false, 'the link is not a document');
    assert.equal(api.byTitle('Private'), undefined);
    const outside = plan.warnings?.find((w) => w.code === 'symlink-outside');
    assert.ok(outside, JSON.stringify(plan.warnings));
    assert.match(outside.message, /docs\/leak\.md -> \/d2c-memory-outside\/private\.md: symbolic link to a file outside the docs root; not published/);
    assert.equal(report.summary.created, 5);
    const gallery = api.byTitle('Gallery')!;
    assert.deepEqual(gallery.attachments, [], 'nothing from outside the workspace is uploaded');
    const refused = items.get('docs/gallery.md')!.diagnostics?.find((d) => d.code === 'attachment-refused');
    assert.ok(refused, JSON.stringify(items.get('docs/gallery.md')));
    assert.match(refused.message, /symbolic link to a file outside the workspace \(docs\/img\/photo\.png -> \/d2c-memory-outside\/photo\.png\)/);
  });

  it('a folder symlink is never followed, and a dangling or looping link is skipped with a warning', async () => {
    fs.writeFile(`${OUTSIDE}/more/secret.md`, '# Elsewhere\n');
    fs.symlink(OUTSIDE, `${ROOT}/docs/elsewhere`);
    fs.symlink(`${ROOT}/docs/guide`, `${ROOT}/docs/guide-again`);
    fs.symlink(`${ROOT}/docs/missing.md`, `${ROOT}/docs/dangling.md`);
    fs.symlink(`${ROOT}/docs/loop-b.md`, `${ROOT}/docs/loop-a.md`);
    fs.symlink(`${ROOT}/docs/loop-a.md`, `${ROOT}/docs/loop-b.md`);
    const { plan } = await publish();
    assert.deepEqual(plan.items.map((i) => i.file).sort(), ['docs/guide/', 'docs/guide/install.md', 'docs/guide/usage.md', 'docs/index.md']);
    const codes = (plan.warnings ?? []).map((w) => `${w.code} ${w.file}`).sort();
    assert.deepEqual(codes, [
      'symlink-broken docs/dangling.md',
      'symlink-broken docs/loop-a.md',
      'symlink-broken docs/loop-b.md',
      'symlink-folder docs/guide-again',
      'symlink-outside docs/elsewhere',
    ]);
  });

  it('what the port answers for a document is what is published (the way the editor hands in unsaved text)', async () => {
    // An adapter that answers one document from a "buffer" and everything else from the files, as the extension's does.
    const buffers = new Map([[`${ROOT}/docs/guide/install.md`, '# Install\n\nUnsaved: run `pnpm install`.\n']]);
    const editorLike = Object.assign(Object.create(fs) as MemoryFileSystem, {
      readFile: (p: string) => (buffers.has(p) ? Buffer.from(buffers.get(p)!, 'utf8') : fs.readFile(p)),
      readText: (p: string) => buffers.get(p) ?? fs.readText(p),
    });
    const e = new SyncEngine({ root: ROOT, config, api, fs: editorLike, scanSecrets: fakeScanner });
    await e.apply(await e.plan());
    assert.match(api.byTitle('Install')!.body!, /pnpm install/);
    assert.match(fs.readText(`${ROOT}/docs/guide/install.md`), /npm install/, 'the file itself is unchanged');
  });

  it('the default secret scanner reads .confluence-secrets-ignore through the port', async () => {
    fs.writeFile(`${ROOT}/docs/guide/usage.md`, '# Usage\n\napi_key = "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc"\n');
    const plain = new SyncEngine({ root: ROOT, config, api, fs });
    const blocked = byFile(await plain.plan()).get('docs/guide/usage.md')!;
    assert.equal(blocked.action, 'blocked', JSON.stringify(blocked));
    const fingerprint = blocked.findings![0].fingerprint;
    fs.writeFile(`${ROOT}/.confluence-secrets-ignore`, `docs/guide/usage.md:${fingerprint}\n`);
    const ignoring = new SyncEngine({ root: ROOT, config, api, fs });
    assert.equal(byFile(await ignoring.plan()).get('docs/guide/usage.md')!.action, 'create');
  });

  it('temp files of a killed run are removed when the mapping file is loaded; a live run keeps its own', async () => {
    await publish();
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const dead = [`${MAPPING}.${deadPid}.tmp`, `${ROOT}/docs/..confluence-mapping.json.${deadPid}.0a1b2c3d.tmp` /* the port's atomic write: "." + name */];
    const live = `${ROOT}/docs/..confluence-mapping.json.${process.ppid}.0a1b2c3d.tmp`;
    for (const f of [...dead, live]) fs.writeFile(f, '{"half": ');
    const m = MappingFile.load(MAPPING, 'docs/.confluence-mapping.json', fs);
    assert.equal(m.size, 4);
    assert.deepEqual(fs.files().filter((f) => f.endsWith('.tmp')), [live]);
  });
});

