import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway workspace folder for tests. */
export class TempWorkspace {
  readonly root = mkdtempSync(join(tmpdir(), 'd2c-sync-'));

  write(rel: string, text: string | Uint8Array): this {
    const abs = join(this.root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    return this;
  }

  read(rel: string): string {
    return readFileSync(join(this.root, rel), 'utf8');
  }

  remove(rel: string): void {
    rmSync(join(this.root, rel), { force: true, recursive: true });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A small docs tree: root index, two sections (one with index), cross links, an image. */
export function sampleDocs(ws: TempWorkspace): TempWorkspace {
  return ws
    .write('docs/index.md', '# Welcome\n\nStart with the [guide](guide/install.md).\n')
    .write('docs/guide/install.md', '# Install\n\nRun `npm install`. See [usage](usage.md).\n')
    .write('docs/guide/usage.md', '# Usage\n\n![diagram](../img/flow.png)\n\nBack to [install](install.md#install).\n')
    .write('docs/reference/index.md', '# Reference\n\nAll the details.\n')
    .write('docs/reference/api.md', '---\ntitle: API Reference\nlabels: [api]\n---\n\n# API\n\n| a | b |\n|---|---|\n| 1 | 2 |\n')
    .write('docs/img/flow.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]))
    .write('docs/notes.secrets.md', '# Secrets\n\npassword: hunter2\n');
}
