import { strict as assert } from 'node:assert';
import { formatFromArgv, outputFormat, planSummaryMarkdown, workflowCommand } from '../../../src/cli/githubFormat';
import type { SyncPlan } from '../../../src/core';

describe('cli/githubFormat', () => {
  it('escapes workflow command data and properties as the runner expects', () => {
    const line = workflowCommand(
      { level: 'error', file: 'docs/a,b:c.md', line: 3, column: 7, title: 'Conflict: 100%', message: 'first line\nsecond, with 50% and: colon\r' },
      '/repo',
      {},
    );
    assert.equal(line, '::error file=docs/a%2Cb%3Ac.md,line=3,col=7,title=Conflict%3A 100%25::first line%0Asecond, with 50%25 and: colon%0D');
  });

  it('file paths become relative to GITHUB_WORKSPACE; folders lose the trailing slash; no line without a file', () => {
    assert.match(workflowCommand({ level: 'warning', file: 'docs/x.md', line: 2, title: 't', message: 'm' }, '/repo/site', { GITHUB_WORKSPACE: '/repo' }), /file=site\/docs\/x\.md,line=2,/);
    assert.match(workflowCommand({ level: 'notice', file: 'docs/guides/', title: 't', message: 'm' }, '/repo', { GITHUB_WORKSPACE: '/repo' }), /file=docs\/guides,title/);
    assert.equal(workflowCommand({ level: 'error', line: 4, title: 'Confluence', message: 'm' }, '/repo', {}), '::error title=Confluence::m');
  });

  it('chooses the format: --json, --format, else github on GitHub Actions, else text', () => {
    assert.equal(outputFormat({}, {}), 'text');
    assert.equal(outputFormat({}, { GITHUB_ACTIONS: 'true' }), 'github');
    assert.equal(outputFormat({ json: true }, { GITHUB_ACTIONS: 'true' }), 'json');
    assert.equal(outputFormat({ format: 'text' }, { GITHUB_ACTIONS: 'true' }), 'text');
    assert.equal(outputFormat({ format: 'GitHub' }, {}), 'github');
    assert.throws(() => outputFormat({ format: 'xml' }, {}), /--format must be one of/);
    assert.throws(() => outputFormat({ format: 'text', json: true }, {}), /contradict/);
    assert.equal(formatFromArgv(['plan', '--format=json'], {}), 'json');
    assert.equal(formatFromArgv(['plan', '--format', 'github'], {}), 'github');
    assert.equal(formatFromArgv(['plan', '--', '--json'], { GITHUB_ACTIONS: 'true' }), 'github');
  });

  it('the plan summary escapes titles in table cells and folds unchanged pages away', () => {
    const plan: SyncPlan = {
      spaceKey: 'DOCS',
      rootPageTitle: 'Docs',
      summary: { create: 1, unchanged: 1 },
      items: [
        { file: 'docs/a|b.md', kind: 'document', action: 'create', title: 'A | B <script>', parentTitle: 'Docs' },
        { file: 'docs/c.md', kind: 'document', action: 'unchanged', title: 'C', pageId: '42' },
      ],
    };
    const md = planSummaryMarkdown(plan, (id) => `https://acme.atlassian.net/wiki/pages/${id}`);
    assert.match(md, /\| create \| <code>docs\/a&#124;b\.md<\/code> \| A \\\| B \\<script\\> \(under Docs\) \|/);
    assert.match(md, /<details><summary>1 unchanged page\(s\)<\/summary>/);
    assert.match(md, /\[C\]\(https:\/\/acme\.atlassian\.net\/wiki\/pages\/42\)/);
  });
});
