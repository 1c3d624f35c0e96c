import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CPU_PROFILE_ENV, profiled } from '../../../src/extension/util/cpuProfile';

describe('extension: opt-in CPU profile of a publish (issue 13)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpuprofile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a .cpuprofile of the work and logs its CPU time when CONFLUENCE_CPU_PROFILE is set', async () => {
    const file = join(dir, 'publish.cpuprofile');
    const lines: string[] = [];
    const result = await profiled(async () => {
      let x = 0;
      for (let i = 0; i < 2e6; i++) x += i % 7;
      return x;
    }, (l) => lines.push(l), { [CPU_PROFILE_ENV]: file });
    assert.ok(result > 0);
    const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: unknown[]; samples: number[]; startTime: number; endTime: number };
    assert.ok(profile.nodes.length > 0 && profile.samples.length > 0, 'a profile with samples');
    assert.ok(profile.endTime > profile.startTime);
    assert.match(lines.join('\n'), /CPU profile of the publish written to .*publish\.cpuprofile \(extension host CPU \d+ ms\)/);
  });

  it('the work still ends (and its error still reaches the caller) with a profile written', async () => {
    const file = join(dir, 'failed.cpuprofile');
    await assert.rejects(profiled(() => Promise.reject(new Error('boom')), () => undefined, { [CPU_PROFILE_ENV]: file }), /boom/);
    assert.ok(existsSync(file));
  });

  it('does nothing when the variable is not set', async () => {
    const lines: string[] = [];
    assert.equal(await profiled(() => Promise.resolve(7), (l) => lines.push(l), {}), 7);
    assert.deepEqual(lines, []);
  });
});
