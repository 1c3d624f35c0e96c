// The small workspace the conversion cache and the document index are tested on: a link with an anchor to another
// document and an image, so that a renamed title, a changed anchor or changed image bytes each reach a linking page.
import { MemoryFileSystem } from '../../../src/core/files/memoryFileSystem';
import { defaultMarkdownPort, type MarkdownPort } from '../../../src/core/sync/markdownPort';

export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** `docs/index.md` links to `docs/guide/install.md#step-one`; `docs/guide/usage.md` shows `docs/img/flow.png`. */
export function linkedWorkspace(root: string): MemoryFileSystem {
  return new MemoryFileSystem({
    [`${root}/.confluence.yml`]: 'space: DOCS\n',
    [`${root}/docs/index.md`]: '# Welcome\n\nSee the [guide](guide/install.md#step-one).\n',
    [`${root}/docs/guide/install.md`]: '# Install\n\n## Step one\n\nRun it.\n',
    [`${root}/docs/guide/usage.md`]: '# Usage\n\n![flow](../img/flow.png)\n',
    [`${root}/docs/img/flow.png`]: PNG,
  });
}

/** The default converter, counting conversions per document. */
export function countingPort(): MarkdownPort & { converted: string[] } {
  const converted: string[] = [];
  return {
    ...defaultMarkdownPort,
    converted,
    convert: (source, options) => {
      converted.push(options.path);
      return defaultMarkdownPort.convert(source, options);
    },
  };
}
