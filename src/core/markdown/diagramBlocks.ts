import { createHash } from 'node:crypto';
import type { DiagramBlock } from '../diagrams/types';
import { warn, type RenderEnv } from './env';
import { codeMacro, MACRO_CLOSE, macroOpen } from './storage';
import { escapeXml } from './xml';

const ALT_MAX = 2000;

/** Registers a rendered image (a file of the render cache) as an attachment of the page. */
function attachRendered(env: RenderEnv, path: string, name: string, data: Uint8Array): void {
  if (env.attachments.has(path)) return;
  env.attachmentNames.add(name);
  env.attachments.set(path, { path, name, hash: createHash('sha256').update(data).digest('hex'), size: data.byteLength });
}

/**
 * The alt text: a formula on one line; a diagram's source with its line breaks (written as `&#10;`, which XML keeps
 * in an attribute) so an import or pull reads the fenced block back whole (src/core/storage/toMarkdown/diagrams.ts).
 */
const altText = (source: string, lines: boolean): string => {
  const s = lines ? source.replace(/\r\n?/g, '\n').replace(/\n+$/, '') : source.replace(/\s+/g, ' ').trim();
  const cut = s.length > ALT_MAX ? `${s.slice(0, ALT_MAX - 1)}…` : s;
  return escapeXml(cut).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
};

/**
 * A diagram block (```mermaid, ```plantuml) or formula as storage: the rendered image (an attachment from the render
 * cache) with its source for readers (alt text and/or an expand with the source, `diagrams.source`), or, when it
 * could not be rendered, undefined (the caller writes the code block) after a warning saying why. `inline`: a `$…$`.
 */
export function diagramStorage(env: RenderEnv, block: DiagramBlock, inline = false): string | undefined {
  const what = block.language === 'math' ? 'formula' : `${block.language} diagram`;
  const lookup = env.options.diagrams;
  const found = lookup ? lookup.find(block) : { kind: 'missing' as const, reason: 'no diagram renderer in this conversion' };
  if (found.kind === 'missing') {
    warn(env, 'diagram-not-rendered', `${what} published as ${inline ? 'code' : 'a code block'}: ${found.reason}`);
    return undefined;
  }
  if (found.kind === 'error') {
    const line = found.line !== undefined && !inline ? env.line + found.line : env.line;
    warn(env, 'diagram-invalid', `${what} does not render (${found.message}); published as ${inline ? 'code' : 'a code block'}`, line);
    return undefined;
  }
  attachRendered(env, found.path, found.name, found.data);
  const mode = lookup!.config.source ?? 'alt';
  const alt = mode === 'alt' || mode === 'both' || block.language === 'math' ? ` ac:alt="${altText(block.source, block.language !== 'math')}"` : '';
  const image = `<ac:image${alt}><ri:attachment ri:filename="${escapeXml(found.name)}" /></ac:image>`;
  if (inline) return image;
  let out = `<p>${image}</p>\n`;
  if ((mode === 'expand' || mode === 'both') && block.language !== 'math') {
    out += macroOpen('expand', `${block.language === 'mermaid' ? 'Mermaid' : 'PlantUML'} source`);
    out += codeMacro('none', undefined, false, block.source.replace(/\n$/, '')) + MACRO_CLOSE;
  }
  return out;
}
