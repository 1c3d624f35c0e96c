import assert from 'node:assert/strict';
import { buildPreviewHtml, newNonce, previewCsp } from '../../../src/extension/model/previewHtml';

describe('extension preview HTML', () => {
  it('has a strict CSP: no scripts, styles only by nonce, images only local, data: or https:', () => {
    const csp = previewCsp('abc', 'https://file+.vscode-resource.vscode-cdn.net');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net 'nonce-abc'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('puts the nonce on the only style element and escapes the title', () => {
    const nonce = newNonce();
    const html = buildPreviewHtml({ nonce, cspSource: 'vscode-resource:', css: 'p{}', title: 'A <b> & "c"', body: '<p>x</p>', warnings: ['Line 3: <bad>'] });
    assert.equal((html.match(/<style/g) ?? []).length, 1);
    assert.ok(html.includes(`<style nonce="${nonce}">`));
    assert.ok(html.includes('A &lt;b&gt; &amp; &quot;c&quot;'));
    assert.ok(html.includes('Line 3: &lt;bad&gt;'));
    assert.doesNotMatch(html, /<script/);
    assert.notEqual(newNonce(), nonce);
  });
});
