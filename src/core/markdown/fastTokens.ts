import type MarkdownIt from 'markdown-it';

// markdown-it 15 (compiled TypeScript) initialises every field of Token and StateInline through a generic
// defineProperty helper (toPropertyKey + `in` check), which costs more than the parsing itself. These constructors
// build the same objects directly. They share the original prototypes (methods, instanceof) and are installed on one
// markdown-it instance only, never globally.
//
// Measured (`npm run bench`, bench/markdown.ts, scaled corpus: 60 documents, 3 MB; Node 20.20, markdown-it 15.0.3,
// three alternating runs each on an idle 2-core machine): with these constructors 290-342 ms wall / 310-320 ms CPU
// (medians), without them 407-520 ms wall / 425-525 ms CPU: about 30-40 % of the conversion time. Kept for that.
//
// Checked against markdown-it 15.0.3 (MARKDOWN_IT_CHECKED). test/unit/markdown/fastTokens.test.ts fails when an
// upgrade changes what is copied here (fingerprints of Token, StateInline, StateCore and StateBlock#push), when the
// objects built differ in fields or prototype, when the swap silently did not happen, or when the tokens of the
// corpus differ from markdown-it's own: then re-check this file against the new markdown-it, re-measure, and update
// the fingerprints (or delete this file and its call in engine.ts if the gain is gone).
export const MARKDOWN_IT_CHECKED = '15.0.3';

type AnyState = Record<string, unknown> & { tokens: MarkdownIt.Token[] };

export function FastToken(this: Record<string, unknown>, type: string, tag: string, nesting: number): void {
  this.map = null;
  this.level = 0;
  this.children = null;
  this.content = '';
  this.markup = '';
  this.info = '';
  this.block = false;
  this.hidden = false;
  this.type = type;
  this.tag = tag;
  this.attrs = null;
  this.nesting = nesting;
  this.meta = null;
}

type TokenCtor = new (type: string, tag: string, nesting: number) => MarkdownIt.Token;
const NewToken = FastToken as unknown as TokenCtor;

export function installFastTokens(md: MarkdownIt.MarkdownIt): void {
  const core = md.core as unknown as { State: new (src: string, md: unknown, env: unknown) => AnyState };
  const block = md.block as unknown as { State: new (...args: unknown[]) => AnyState };
  const inline = md.inline as unknown as { State: unknown };
  const OriginalToken = core.State.prototype.constructor === core.State ? (new core.State('', md, {}).Token as { prototype: object }) : undefined;
  if (!OriginalToken) return;
  FastToken.prototype = OriginalToken.prototype;

  const BaseCore = core.State;
  core.State = class extends BaseCore {
    constructor(src: string, mdi: unknown, env: unknown) {
      super(src, mdi, env);
      this.Token = FastToken;
    }
  };

  const BaseBlock = block.State;
  const FastBlock = class extends BaseBlock {
    constructor(...args: unknown[]) {
      super(...args);
      this.Token = FastToken;
    }
  };
  // same as StateBlock#push, with the fast constructor
  (FastBlock.prototype as unknown as Record<string, unknown>).push = function (this: AnyState & { level: number }, type: string, tag: string, nesting: number) {
    const token = new NewToken(type, tag, nesting);
    token.block = true;
    if (nesting < 0) this.level--;
    token.level = this.level;
    if (nesting > 0) this.level++;
    this.tokens.push(token);
    return token;
  };
  block.State = FastBlock;

  const BaseInline = inline.State as { prototype: object };
  function FastInline(this: Record<string, unknown>, src: string, mdi: unknown, env: unknown, outTokens: MarkdownIt.Token[]): void {
    this.pos = 0;
    this.level = 0;
    this.pending = '';
    this.pendingLevel = 0;
    this.cache = {};
    this.backticks = {};
    this.backticksScanned = false;
    this.skipHtmlSpecial = false;
    this.linkLevel = 0;
    this.delimiters = [];
    this._prev_delimiters = [];
    this.Token = FastToken;
    this.src = src;
    this.env = env;
    this.md = mdi;
    this.tokens = outTokens;
    this.tokens_meta = Array(outTokens.length);
    this.posMax = src.length;
  }
  const proto = Object.create(BaseInline.prototype) as Record<string, unknown>;
  proto.constructor = FastInline;
  // same as StateInline#pushPending / #push, with the fast constructor
  proto.pushPending = function (this: AnyState & { pending: string; pendingLevel: number }) {
    const token = new NewToken('text', '', 0);
    token.content = this.pending;
    token.level = this.pendingLevel;
    this.tokens.push(token);
    this.pending = '';
    return token;
  };
  proto.push = function (
    this: AnyState & { pending: string; level: number; pendingLevel: number; delimiters: unknown[]; _prev_delimiters: unknown[][]; tokens_meta: unknown[]; pushPending: () => void },
    type: string,
    tag: string,
    nesting: number,
  ) {
    if (this.pending) this.pushPending();
    const token = new NewToken(type, tag, nesting);
    let tokenMeta: unknown = undefined;
    if (nesting < 0) {
      this.level--;
      this.delimiters = this._prev_delimiters.pop()!;
    }
    token.level = this.level;
    if (nesting > 0) {
      this.level++;
      this._prev_delimiters.push(this.delimiters);
      this.delimiters = [];
      tokenMeta = { delimiters: this.delimiters };
    }
    this.pendingLevel = this.level;
    this.tokens.push(token);
    this.tokens_meta.push(tokenMeta);
    return token;
  };
  FastInline.prototype = proto;
  inline.State = FastInline;
}
