import MarkdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { outlinePlugin } from './plugins/outline';
import { panelsPlugin } from './plugins/panels';
import { tasksPlugin } from './plugins/tasks';
import { tocPlugin } from './plugins/toc';
import { storageRendererPlugin } from './render';

let shared: MarkdownIt.MarkdownIt | undefined;

/**
 * The one markdown-it instance, configured once: CommonMark + GFM (tables, strikethrough, autolinks via linkify,
 * task lists, footnotes), raw HTML allowed (converted, never passed through), our admonition/TOC plugins and the
 * storage-format renderer. Per-document state lives in `env`, so sharing it is safe.
 */
export function storageMarkdownIt(): MarkdownIt.MarkdownIt {
  if (shared) return shared;
  const md = new MarkdownIt('default', { html: true, linkify: true, xhtmlOut: true, breaks: false, typographer: false });
  md.linkify.set({ fuzzyEmail: false });
  md.use(footnote).use(panelsPlugin).use(tasksPlugin).use(tocPlugin).use(outlinePlugin).use(storageRendererPlugin);
  shared = md;
  return md;
}
