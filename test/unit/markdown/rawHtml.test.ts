import assert from 'node:assert/strict';
import { tokenizeHtml } from '../../../src/core/markdown/htmlTokens';
import { convertMarkdown } from '../../../src/core/markdown';
import { isWellFormedStorage } from '../../../src/core/storage';

// Raw HTML is tokenized by htmlparser2 (browser rules), then mapped to storage. These are the cases a regex tokenizer
// got wrong: quoted ">", attributes without spaces between them, comments and CDATA that never close, end tags with
// attributes, tag names that are Object.prototype keys.

function tokens(html: string): unknown[] {
  const out: unknown[] = [];
  tokenizeHtml(html, {
    text: (t) => out.push(t),
    open: (name, attrs, selfClosing) => out.push(selfClosing ? ['open/', name, { ...attrs }] : ['open', name, { ...attrs }]),
    close: (name) => out.push(['close', name]),
    unclosed: (what) => out.push(['unclosed', what]),
  });
  return out;
}

function convert(markdown: string): { storage: string; warnings: string[] } {
  const r = convertMarkdown(markdown, { path: 'docs/page.md', readFile: () => new Uint8Array([1]), resolveDocument: (p) => ({ title: p, spaceKey: 'DOCS' }) });
  assert.deepEqual(isWellFormedStorage(r.storage), { ok: true }, r.storage);
  return { storage: r.storage, warnings: r.warnings.map((w) => w.message) };
}

describe('raw HTML tokenizer (htmlparser2)', () => {
  it('splits tags, attributes and text as a browser does', () => {
    assert.deepEqual(tokens('<P Title="a>b" x=1 y>t &amp; u</p>'), [['open', 'p', { title: 'a>b', x: '1', y: '' }], 't &amp; u', ['close', 'p']]);
    assert.deepEqual(tokens(`<a href='x.md'title=t>`), [['open', 'a', { href: 'x.md', title: 't' }]]);
    assert.deepEqual(tokens('<img src="a.png" src="b.png" alt="&lt;x&gt;"/>'), [['open/', 'img', { src: 'a.png', alt: '<x>' }]]);
    assert.deepEqual(tokens('</div class="x">'), [['close', 'div']]);
    assert.deepEqual(tokens('<div @click="go" :a=b>'), [['open', 'div', { '@click': 'go', ':a': 'b' }]]);
  });

  it('joins text around a stray "<" and drops comments, CDATA, declarations and processing instructions', () => {
    assert.deepEqual(tokens('a < b<3'), ['a < b<3']);
    assert.deepEqual(tokens('a<!-- x --> b<!---->c<!-->d'), ['a', ' b', 'c', 'd']);
    assert.deepEqual(tokens('<!DOCTYPE html><![CDATA[x<y]]>z<?xml version="1.0"?>'), ['z']);
  });

  it('passes an unterminated tag, or a tag whose name is no element name, on as text', () => {
    assert.deepEqual(tokens('x <div id="foo"\n*hi*'), ['x <div id="foo"\n*hi*']);
    assert.deepEqual(tokens('x </div'), ['x </div']);
    assert.deepEqual(tokens('see <https://example.com/a> and </a+b>.'), ['see <https://example.com/a> and </a+b>.']);
  });

  it('reports comments, CDATA and processing instructions that never close', () => {
    assert.deepEqual(tokens('a<!-- b'), ['a', ['unclosed', 'comment']]);
    assert.deepEqual(tokens('a<![CDATA[ b'), ['a', ['unclosed', 'CDATA section']]);
    assert.deepEqual(tokens('a<?php b'), ['a', ['unclosed', 'processing instruction']]);
  });

  it('keeps the content of raw-text elements as text', () => {
    assert.deepEqual(tokens('<textarea><b>x</b></textarea>'), [['open', 'textarea', {}], '<b>x</b>', ['close', 'textarea']]);
  });
});

describe('raw HTML to storage', () => {
  it('a ">" inside a quoted attribute does not end the tag', () => {
    assert.equal(convert('<div>\n<p title="a>b">x</p>\n</div>\n').storage, '<p>x</p>\n');
  });

  it('attributes without whitespace between them are still attributes (a link, not text)', () => {
    const { storage } = convert(`<div>\n<a href='other.md'title=t>Other</a>\n</div>\n`);
    assert.match(storage, /<ac:link><ri:page ri:content-title="docs\/other.md"/);
    assert.doesNotMatch(storage, /&lt;a/);
  });

  it('an HTML comment that never closes hides the rest of its block, with a warning', () => {
    const { storage, warnings } = convert('Intro\n\n<!-- draft:\n\nsecret plans\n');
    assert.equal(storage, '<p>Intro</p>\n');
    assert.deepEqual(warnings, ['an HTML comment (<!--) is never closed: the rest of this HTML block is left out, as a browser does; close it with -->']);
    // closed comments are dropped without a word
    assert.deepEqual(convert('Intro\n\n<!-- note -->\n\nafter\n'), { storage: '<p>Intro</p>\n<p>after</p>\n', warnings: [] });
  });

  it('CDATA and an unclosed CDATA section inside an HTML block', () => {
    assert.deepEqual(convert('<div>\n<![CDATA[ x < y ]]>after\n</div>\n'), { storage: '<p>after</p>\n', warnings: [] });
    const { storage, warnings } = convert('<div>\nbefore <![CDATA[ x < y\n</div>\n');
    assert.equal(storage, '<p>before</p>\n');
    assert.match(warnings[0], /CDATA section \(<!\[CDATA\[\) is never closed/);
  });

  it('an unclosed start tag stays visible text; an autolink inside an HTML block stays text', () => {
    assert.equal(convert('<div id="foo"\n*hi*\n').storage, '<p>&lt;div id=&quot;foo&quot; *hi*</p>\n');
    assert.deepEqual(convert('<div>\nsee <https://example.com/a>\n</div>\n'), { storage: '<p>see &lt;https://example.com/a&gt;</p>\n', warnings: [] });
  });

  it('an end tag with attributes closes its element', () => {
    assert.equal(convert('<div>\n<p><em>x</em class="y"> after</p>\n</div>\n').storage, '<p><em>x</em> after</p>\n');
  });

  it('tag names that are Object.prototype keys are unknown tags like any other', () => {
    const { storage, warnings } = convert('a <constructor>x</constructor> b\n');
    assert.equal(storage, '<p>a x b</p>\n');
    assert.match(warnings[0], /<constructor> is not supported/);
  });
});
