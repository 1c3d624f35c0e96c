import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { nodeFileSystem } from '../../../src/core/files/nodeFileSystem';
import type { FileSystem } from '../../../src/core/files/fileSystem';
import { pageToMarkdown, type PageMarkdownContext } from '../../../src/core/read/pageMarkdown';
import { mappingEntriesFor, type RecordInput } from '../../../src/core/read/recordMapping';
import { loadWorkspaceConfig } from '../../../src/core/sync/config';
import { SyncEngine } from '../../../src/core/sync/engine';
import { MappingFile } from '../../../src/core/sync/mapping';
import type { WorkspaceConfig } from '../../../src/core/sync/types';
import { FakeConfluence } from '../sync/fakeConfluence';
import { TempWorkspace } from '../sync/workspace';

const noSecrets = async () => [];

describe('read/recordMapping', () => {
  let ws: TempWorkspace;
  let api: FakeConfluence;
  let config: WorkspaceConfig;
  beforeEach(() => {
    ws = new TempWorkspace();
    api = new FakeConfluence();
  });
  afterEach(() => ws.dispose());

  /** Pages made by hand in Confluence, and the files the read side writes for them. */
  function handMadeSpace(): RecordInput[] {
    const root = api.humanCreate('Team Docs', '1', '<p>Welcome to the <strong>team</strong>.</p>');
    const gs = api.humanCreate('Getting Started', root.id, '<h2>Before you begin</h2><p>Read <ac:link><ri:page ri:content-title="Install" /></ac:link>.</p>');
    const install = api.humanCreate('Install', gs.id, '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[npm install]]></ac:plain-text-body></ac:structured-macro>');
    const apiGuide = api.humanCreate('API guide: v2', root.id, '<p><ac:image><ri:attachment ri:filename="flow.png" /></ac:image></p><ul><li>one</li></ul>');
    apiGuide.labels.add('api');
    apiGuide.labels.add('reference');
    const files: Array<[string, typeof root, string]> = [
      ['docs/index.md', root, ''],
      ['docs/getting-started/index.md', gs, 'docs/getting-started/'],
      ['docs/getting-started/install.md', install, ''],
      ['docs/api-guide-v2.md', apiGuide, ''],
    ];
    const byTitle = new Map(files.map(([f, p]) => [p.title, f]));
    for (const [file, page] of files) {
      const ctx: PageMarkdownContext = {
        file,
        spaceKey: 'DOCS',
        siteUrl: api.baseUrl,
        linkToPage: (t) => {
          const target = byTitle.get(t.title);
          return target ? relativeHref(file, target) : undefined;
        },
        attachmentHref: (name) => `api-guide-v2.assets/${name}`,
      };
      ws.write(file, pageToMarkdown({ id: page.id, title: page.title, body: page.body ?? '', labels: [...page.labels] }, ctx));
    }
    ws.write('docs/api-guide-v2.assets/flow.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9]));
    config = loadWorkspaceConfig(ws.root, { spaceKey: 'DOCS', rootPageTitle: 'Team Docs' });
    return files.map(([file, page]) => ({ file, page }));
  }

  function relativeHref(from: string, to: string): string {
    const a = from.split('/').slice(0, -1);
    const b = to.split('/');
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
  }

  async function record(inputs: RecordInput[], fs: FileSystem = nodeFileSystem) {
    const result = await mappingEntriesFor({ root: ws.root, config, fs, spaceKey: 'DOCS', flavor: 'cloud', screen: noSecrets }, inputs);
    const mapping = MappingFile.empty(join(ws.root, config.mappingFile));
    for (const [k, e] of result.entries) mapping.set(k, e);
    mapping.save();
    return result;
  }

  it('records entries a following sync plans unchanged, and applying that plan writes nothing', async () => {
    const inputs = handMadeSpace();
    const { entries, problems } = await record(inputs);
    assert.deepEqual(problems, []);
    assert.equal(entries.size, 4);
    const guide = entries.get('docs/api-guide-v2.md')!;
    assert.equal(guide.title, 'API guide: v2');
    assert.deepEqual(guide.labels, ['api', 'reference']);
    assert.deepEqual(Object.keys(guide.attachments ?? {}), ['flow.png']);
    assert.equal(guide.parent_id, api.byTitle('Team Docs')!.id);
    assert.match(guide.hash!, /^[0-9a-f]{64}$/);

    const engine = new SyncEngine({ root: ws.root, config, api, scanSecrets: noSecrets });
    const plan = await engine.plan();
    assert.deepEqual(plan.items.map((i) => [i.file, i.action]).sort(), [
      ['docs/api-guide-v2.md', 'unchanged'],
      ['docs/getting-started/index.md', 'unchanged'],
      ['docs/getting-started/install.md', 'unchanged'],
      ['docs/index.md', 'unchanged'],
    ]);
    const before = api.writes().length;
    await engine.apply(plan);
    assert.deepEqual(api.writes().slice(before), []);
  });

  it('without the entries the same sync would take the pages over as hand-made (the test can fail)', async () => {
    handMadeSpace();
    const plan = await new SyncEngine({ root: ws.root, config, api, scanSecrets: noSecrets }).plan();
    assert.ok(plan.items.some((i) => i.action !== 'unchanged'));
  });

  it('reads the documents through the given file system (text not on disk yet)', async () => {
    const inputs = handMadeSpace();
    const file = join(ws.root, 'docs/getting-started/install.md');
    const newText = '# Install\n\nChanged before it reached the disk.\n';
    const overlay: FileSystem = { ...nodeFileSystem, readText: (p) => (p === file ? newText : nodeFileSystem.readText(p)) };
    const onDisk = (await mappingEntriesFor({ root: ws.root, config, fs: nodeFileSystem, spaceKey: 'DOCS', flavor: 'cloud' }, inputs)).entries;
    await record(inputs, overlay);
    const viaOverlay = MappingFile.load(join(ws.root, config.mappingFile));
    assert.notEqual(viaOverlay.get('docs/getting-started/install.md')!.hash, onDisk.get('docs/getting-started/install.md')!.hash);
    ws.write('docs/getting-started/install.md', newText);
    const plan = await new SyncEngine({ root: ws.root, config, api, scanSecrets: noSecrets }).plan();
    assert.equal(plan.items.find((i) => i.file === 'docs/getting-started/install.md')!.action, 'unchanged');
  });

  it('Data Center conversion gives other hashes (code languages, heading anchors)', async () => {
    const inputs = handMadeSpace();
    const cloud = (await mappingEntriesFor({ root: ws.root, config, fs: nodeFileSystem, spaceKey: 'DOCS', flavor: 'cloud' }, inputs)).entries;
    const dc = (await mappingEntriesFor({ root: ws.root, config, fs: nodeFileSystem, spaceKey: 'DOCS', flavor: 'datacenter' }, inputs)).entries;
    assert.notEqual(cloud.get('docs/getting-started/index.md')!.hash, dc.get('docs/getting-started/index.md')!.hash);
  });

  it('a file whose title reads differently from its page gets no entry and a problem naming it', async () => {
    const inputs = handMadeSpace();
    ws.write('docs/getting-started/install.md', '# Installation\n\nRenamed locally.\n');
    const { entries, problems } = await mappingEntriesFor({ root: ws.root, config, fs: nodeFileSystem, spaceKey: 'DOCS', flavor: 'cloud' }, inputs);
    assert.ok(!entries.has('docs/getting-started/install.md'));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /install\.md: the page is titled "Install" but the file reads as "Installation"/);
    const missing = await mappingEntriesFor({ root: ws.root, config, fs: nodeFileSystem, spaceKey: 'DOCS', flavor: 'cloud' }, [{ file: 'docs/nope.md', page: inputs[0].page }]);
    assert.match(missing.problems[0].message, /docs\/nope\.md does not exist/);
  });

  it('the space homepage as the root page: sync keeps it where it is (no move under itself), 0 writes', async () => {
    const home = api.pages.get('1')!;
    home.body = '<p>Home of the space</p>';
    const child = api.humanCreate('Runbook', '1', '<p>steps</p>');
    const ctx = (file: string): PageMarkdownContext => ({ file, spaceKey: 'DOCS', siteUrl: api.baseUrl, linkToPage: () => undefined, attachmentHref: () => undefined });
    ws.write('docs/index.md', pageToMarkdown({ id: '1', title: home.title, body: home.body }, ctx('docs/index.md')));
    ws.write('docs/runbook.md', pageToMarkdown({ id: child.id, title: child.title, body: child.body! }, ctx('docs/runbook.md')));
    config = loadWorkspaceConfig(ws.root, { spaceKey: 'DOCS', rootPageTitle: home.title });
    const { problems } = await record([
      { file: 'docs/index.md', page: home },
      { file: 'docs/runbook.md', page: child },
    ]);
    assert.deepEqual(problems, []);
    const engine = new SyncEngine({ root: ws.root, config, api, scanSecrets: noSecrets });
    const plan = await engine.plan();
    assert.deepEqual(plan.items.map((i) => [i.file, i.action]), [['docs/index.md', 'unchanged'], ['docs/runbook.md', 'unchanged']]);
    const before = api.writes().length;
    await engine.apply(plan);
    assert.deepEqual(api.writes().slice(before), []);
    // an edit of the homepage's file updates it in place (no parent sent: it has none)
    ws.write('docs/index.md', '# Docs Home\n\nNew welcome.\n');
    const plan2 = await engine.plan();
    assert.equal(plan2.items[0].action, 'update');
    const report = await engine.apply(plan2);
    assert.equal(report.results[0].action, 'updated');
    assert.equal(api.pages.get('1')!.parentId, undefined);
  });
});
