import MarkdownIt from 'markdown-it';
import deflist from 'markdown-it-deflist';
import { full as emoji } from 'markdown-it-emoji';
import footnote from 'markdown-it-footnote';
import mark from 'markdown-it-mark';
import sub from 'markdown-it-sub';
import sup from 'markdown-it-sup';
import { installFastTokens } from './fastTokens';
import { admonitionsPlugin } from './plugins/admonitions';
import { entitiesPlugin } from './plugins/entities';
import { mathPlugin } from './plugins/math';
import { outlinePlugin } from './plugins/outline';
import { panelsPlugin } from './plugins/panels';
import { storageCommentBlocks } from './rawStorage';
import { tasksPlugin } from './plugins/tasks';
import { tocPlugin } from './plugins/toc';
import { wikiLinksPlugin } from './plugins/wikiLinks';
import { storageRendererPlugin } from './render';

let shared: MarkdownIt.MarkdownIt | undefined;

const WWW_TAIL = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#][^\s<]*)?/;
const MAY_LINK = /:\/\/|www\.|mailto:/i;
const TRAILING_PUNCTUATION = /[.,:;!?'")*_~]+$/;

/**
 * The one markdown-it instance, configured once: CommonMark + GFM (tables, strikethrough, autolinks via linkify,
 * task lists, footnotes), the dialects (MkDocs admonitions, emoji shortcodes, definition lists, sub/superscript,
 * highlight, wiki links), raw HTML allowed (converted, never passed through), our admonition/TOC plugins and the
 * storage-format renderer. Per-document state lives in `env`, so sharing it is safe.
 */
export function storageMarkdownIt(): MarkdownIt.MarkdownIt {
  shared ??= createStorageMarkdownIt();
  return shared;
}

/** A new instance as configured above; `fastTokens: false` leaves markdown-it's own constructors (for tests). */
export function createStorageMarkdownIt({ fastTokens = true } = {}): MarkdownIt.MarkdownIt {
  const md = new MarkdownIt('default', { html: true, linkify: true, xhtmlOut: true, breaks: false, typographer: false });
  md.linkify.set({ fuzzyEmail: false, fuzzyLink: false });
  // GFM's extended autolinks: "www." links, but not bare "README.md" or "main.py" (those are TLDs too)
  md.linkify.add('www.', {
    validate: (text, pos) => {
      const m = WWW_TAIL.exec(text.slice(pos));
      return m ? m[0].replace(TRAILING_PUNCTUATION, '').length : 0;
    },
    normalize: (match) => {
      match.url = `http://${match.url}`;
    },
  });
  // linkify-it runs a large Unicode regex over every text token; only text that can hold a link needs it
  const linkifyTest = md.linkify.test.bind(md.linkify);
  md.linkify.test = (text: string) => MAY_LINK.test(text) && linkifyTest(text);
  if (fastTokens) installFastTokens(md);
  // the dialects docs-as-code teams write: well-kept plugins where they exist (emoji without ":)"-style shortcuts,
  // which plain text is full of), ours for MkDocs admonitions and wiki links
  md.use(deflist).use(sub).use(sup).use(mark).use(emoji, { shortcuts: {} }).use(admonitionsPlugin).use(wikiLinksPlugin).use(mathPlugin);
  md.use(footnote).use(entitiesPlugin).use(panelsPlugin).use(tasksPlugin).use(tocPlugin).use(outlinePlugin).use(storageRendererPlugin).use(storageCommentBlocks);
  return md;
}
