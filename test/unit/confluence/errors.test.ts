import { strict as assert } from 'node:assert';
import { ConfluenceError, hintFor, parseErrorBody, parseStoragePosition } from '../../../src/core/confluence/errors';

describe('Confluence error parsing and hints', () => {
  it('reads the v2 envelope', () => {
    const body = { errors: [{ status: 400, code: 'BAD_REQUEST', title: 'A page with this title already exists: A page already exists with the same TITLE in this space', detail: null }] };
    const parsed = parseErrorBody(body, JSON.stringify(body));
    assert.equal(parsed.code, 'BAD_REQUEST');
    assert.match(parsed.message, /^A page with this title already exists/);
  });

  it('reads the v1 envelope with data.errors', () => {
    const body = { statusCode: 404, data: { authorized: false, valid: false, errors: [{ message: { translation: 'No page 42', args: [] } }], successful: false }, message: 'Not found', reason: 'Not Found' };
    const parsed = parseErrorBody(body, '');
    assert.equal(parsed.code, 'Not Found');
    assert.equal(parsed.message, 'Not found (No page 42)');
  });

  it('reads the gateway envelope and plain text / HTML bodies', () => {
    assert.equal(parseErrorBody({ code: 401, message: 'Unauthorized; scope does not match' }, '').message, 'Unauthorized; scope does not match');
    assert.equal(parseErrorBody(undefined, 'XSRF check failed').message, 'XSRF check failed');
    assert.match(parseErrorBody(undefined, '<html><body>login</body></html>').message, /HTML page/);
  });

  it('finds row and column in Confluence XHTML parser messages', () => {
    assert.deepEqual(parseStoragePosition('Error parsing xhtml: Unexpected close tag </br>; expected </p>.\n at [row,col {unknown-source}]: [11,7]'), { row: 11, column: 7 });
    assert.equal(parseStoragePosition('nothing here'), undefined);
  });

  it('401 hint names the environment variables and the Sign In command', () => {
    const both = hintFor({ status: 401, message: '', method: 'GET', context: 'both', retries: 0 });
    assert.match(both, /CONFLUENCE_EMAIL/);
    assert.match(both, /CONFLUENCE_API_TOKEN/);
    assert.match(both, /CONFLUENCE_PAT/);
    assert.match(both, /Confluence: Sign In/);
    const dcCli = hintFor({ status: 401, message: '', method: 'GET', context: 'cli', flavor: 'datacenter', retries: 0 });
    assert.match(dcCli, /CONFLUENCE_PAT/);
    assert.doesNotMatch(dcCli, /Sign In/);
    assert.match(hintFor({ status: 401, message: 'Unauthorized; scope does not match', method: 'GET', context: 'vscode', retries: 0 }), /scope/);
  });

  it('403 hint names the space, 404 the page, 409 a version conflict, 413 the size, 400 the storage position', () => {
    assert.match(hintFor({ status: 403, message: '', method: 'POST', target: { spaceKey: 'DOCS' }, context: 'both', retries: 0 }), /space DOCS/);
    assert.match(hintFor({ status: 404, message: '', method: 'GET', target: { pageId: '42' }, context: 'both', retries: 0 }), /Page 42/);
    assert.match(hintFor({ status: 409, message: '', method: 'PUT', target: { pageId: '42', title: 'Install' }, context: 'both', retries: 0 }), /version conflict/);
    assert.match(hintFor({ status: 413, message: '', method: 'POST', context: 'both', retries: 0 }), /5 MB/);
    assert.match(hintFor({ status: 400, message: 'Error parsing xhtml: x at [row,col {unknown-source}]: [3,9]', method: 'POST', context: 'both', retries: 0 }), /row 3, column 9/);
  });

  it('ConfluenceError message carries operation, status, Confluence message and hint', () => {
    const err = new ConfluenceError({ status: 409, code: 'CONFLICT', confluenceMessage: 'Version must be incremented', operation: 'update page 1 "A"', hint: 'Run again.' });
    assert.equal(err.message, 'update page 1 "A" failed (HTTP 409): Version must be incremented\nRun again.');
    assert.equal(err.name, 'ConfluenceError');
  });
});
