/**
 * The realistic tree of the scale benchmark (issue 13): N documents in folders nested 3 deep
 * (`docs/part-PP/section-SS/topic-TT/`), 20 % of the documents with an image of their own, every document linking to
 * the next one in its folder and to one in another folder (another section or part).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface ScaleTree {
  docs: number;
  /** Folders of every level (each is a page: parts, sections, topics). */
  folders: number;
  images: number;
  /** Pages a first publish creates: documents + folders + the docs root's page. */
  pages: number;
  /** Workspace-relative paths of the documents, in generation order. */
  files: string[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * The folder layout for `folders` folders in all: P parts (one per 25 folders), 3 sections per part, the remaining
 * folders as topics spread over the sections (documents live in topics). 200 folders = 8 parts, 24 sections, 168 topics.
 */
export function scaleFolders(folders: number): string[] {
  const parts = Math.max(1, Math.round(folders / 25));
  const sections = Math.max(parts, Math.min(parts * 3, Math.floor((folders - parts) / 3)));
  const topics = Math.max(sections, folders - parts - sections);
  const leaves: string[] = [];
  for (let t = 0; t < topics; t++) {
    const s = t % sections;
    const p = s % parts;
    leaves.push(`docs/part-${pad(p + 1)}/section-${pad(s + 1)}/topic-${pad(t + 1, 3)}`);
  }
  return leaves;
}

/** A small PNG-looking file whose bytes differ per image (so each is its own attachment). */
function imageBytes(n: number): Buffer {
  const b = Buffer.from('89504e470d0a1a0a0000000d4948445200000000', 'hex');
  b.writeUInt32BE(n, 16);
  return b;
}

export function docBody(title: string, n: number, links: { next: string; far: string }, image?: string): string {
  return (
    `# ${title}\n\nThis page explains item ${n}. See [the next topic](${links.next}) and [a related page elsewhere](${links.far}).\n\n` +
    `## Setup\n\n\`\`\`bash\n$ tool run --item ${n} --retries ${n % 5}\n\`\`\`\n\n` +
    `| Setting | Default |\n|---|---|\n| retries | ${n % 5} |\n| timeout | ${10 + (n % 50)}s |\n\n` +
    (image ? `![Diagram of item ${n}](${image})\n\n` : '') +
    `> [!NOTE]\n> Generated for the scale benchmark.\n\n- [ ] check one\n- [x] check two\n`
  );
}

/** Writes the tree under `root` and returns what it holds. */
export function generateScaleTree(root: string, docs: number, folders: number): ScaleTree {
  const leaves = scaleFolders(folders);
  const perLeaf = leaves.map((_, i) => Math.floor(docs / leaves.length) + (i < docs % leaves.length ? 1 : 0));
  const names = leaves.map((dir, i) => Array.from({ length: perLeaf[i] }, (_, d) => `${dir}/doc-${pad(d + 1, 3)}.md`));
  const files: string[] = [];
  let images = 0;
  let n = 0;
  for (const [i, dir] of leaves.entries()) {
    mkdirSync(join(root, dir), { recursive: true });
    // The far link goes a third of the tree away: another section, usually another part.
    const farFolder = names[(i + Math.max(1, Math.floor(leaves.length / 3))) % leaves.length];
    for (const [d, file] of names[i].entries()) {
      n++;
      const next = posix.basename(names[i][(d + 1) % names[i].length]);
      const far = farFolder.length ? posix.relative(dir, farFolder[d % farFolder.length]) : next;
      let image: string | undefined;
      if (n % 5 === 0) {
        image = `doc-${pad(d + 1, 3)}.png`;
        writeFileSync(join(root, dir, image), imageBytes(n));
        images++;
      }
      writeFileSync(join(root, file), docBody(`Item ${n}: topic ${i + 1} page ${d + 1}`, n, { next, far }, image));
      files.push(file);
    }
  }
  const parts = new Set(leaves.map((l) => l.split('/')[1])).size;
  const sections = new Set(leaves.map((l) => l.split('/').slice(0, 3).join('/'))).size;
  const allFolders = parts + sections + leaves.length;
  return { docs: files.length, folders: allFolders, images, pages: files.length + allFolders + 1, files };
}
