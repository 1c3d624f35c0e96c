import type MarkdownIt from 'markdown-it';

// markdown-it 15 (compiled TypeScript) initialises every field of Token and StateInline through a generic
// defineProperty helper (toPropertyKey + `in` check), which costs more than the parsing itself: a third of the
// conversion time on large documents. These constructors build the same objects directly. They share the original
// prototypes (methods, instanceof) and are installed on one markdown-it instance only, never globally; a unit test
// checks that the objects have exactly the fields of the originals, so an upgrade that adds one is noticed.

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
