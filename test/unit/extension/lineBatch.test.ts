// A publish's per-page log lines reach the output channel as a few entries, not one message per page (issue 13).
import assert from 'node:assert/strict';
import type { SyncResult } from '../../../src/core/sync/types';
import { resultLine } from '../../../src/extension/publish/publishRun';
import { LineBatch, type LineLevel } from '../../../src/extension/util/lineBatch';

describe('extension: log lines of a publish (LineBatch)', () => {
  const collect = (): { calls: [LineLevel, string][]; sink: (l: LineLevel, t: string) => void } => {
    const calls: [LineLevel, string][] = [];
    return { calls, sink: (l, t) => void calls.push([l, t]) };
  };

  it('2,000 page results between two flushes are one entry, every line in order', () => {
    const { calls, sink } = collect();
    const batch = new LineBatch(sink, 5000);
    for (let i = 0; i < 2000; i++) batch.add('info', `created docs/p${i}.md`);
    assert.equal(calls.length, 0, 'nothing is sent before a flush');
    batch.flush();
    assert.equal(calls.length, 1);
    const lines = calls[0][1].split('\n');
    assert.equal(lines.length, 2000);
    assert.equal(lines[0], 'created docs/p0.md');
    assert.equal(lines[1999], 'created docs/p1999.md');
    batch.flush();
    assert.equal(calls.length, 1, 'an empty flush sends nothing');
  });

  it('keeps each line at its level and the order across levels', () => {
    const { calls, sink } = collect();
    const batch = new LineBatch(sink);
    batch.add('info', 'a');
    batch.add('info', 'b');
    batch.add('error', 'c');
    batch.add('info', 'd');
    batch.flush();
    assert.deepEqual(calls, [['info', 'a\nb'], ['error', 'c'], ['info', 'd']]);
  });

  it('sends a long run in entries of at most maxLines lines', () => {
    const { calls, sink } = collect();
    const batch = new LineBatch(sink, 100);
    for (let i = 0; i < 250; i++) batch.add('info', String(i));
    batch.flush();
    assert.deepEqual(calls.map(([, t]) => t.split('\n').length), [100, 100, 50]);
  });

  it('a result line names the action, the file and the page; errors and conflicts keep their level', () => {
    const r = (action: SyncResult['action'], message?: string): SyncResult => ({ file: 'docs/a.md', action, title: 'A', pageId: '42', version: 3, message }) as SyncResult;
    assert.deepEqual(resultLine(r('created')), { level: 'info', line: 'created  docs/a.md → "A" page 42 v3' });
    assert.equal(resultLine(r('error', 'boom')).level, 'error');
    assert.match(resultLine(r('error', 'boom')).line, /: boom$/);
    assert.equal(resultLine(r('conflict')).level, 'warn');
    assert.equal(resultLine(r('blocked')).level, 'warn');
  });
});
