import assert from 'node:assert/strict';
import { isWellFormedStorage, scanStorageXml } from '../../../src/core/storage';

// One XML pass serves the publisher's check and the local server's Confluence-worded 400 (src/server/xhtml.ts).
describe('scanStorageXml', () => {
  it('reports the elements open at the problem and whether it is at the end of the input', () => {
    const mismatch = scanStorageXml('<p>\n<b>x</i></p>').problem!;
    assert.deepEqual([mismatch.line, mismatch.openElements, mismatch.atEnd], [2, ['p', 'b'], false]);
    const eof = scanStorageXml('<table><tr><td>x</td></tr>').problem!;
    assert.deepEqual([eof.openElements, eof.atEnd], [['table'], true]);
    assert.equal(scanStorageXml('<p>ok</p>').problem, undefined);
  });

  it('defines XHTML entities unless asked for XML only', () => {
    assert.equal(scanStorageXml('<p>&nbsp;</p>').problem, undefined);
    assert.match(scanStorageXml('<p>&nbsp;</p>', { entities: 'xml' }).problem!.message, /undefined entity/i);
  });

  it('finds a bare & but not one inside CDATA, a comment or an unterminated comment', () => {
    assert.deepEqual(scanStorageXml('<p>x</p>\n<p>AT&T</p>').bareAmpersand, { line: 2, column: 6 });
    assert.equal(scanStorageXml('<![CDATA[a && b]]><!-- & -->').bareAmpersand, undefined);
    assert.equal(scanStorageXml('<p>x</p><!-- a & b').bareAmpersand, undefined);
    assert.deepEqual(isWellFormedStorage('<p>a</p><p>b'), { ok: false, line: 1, column: 13, message: 'unclosed tag: p' });
  });
});
