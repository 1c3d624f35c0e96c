/**
 * The local server's responses against Atlassian's OpenAPI documents (Cloud v2, Cloud v1, Data Center): for each
 * operation the server implements, the documented success status, and the body validated against the documented
 * response schema (types, required fields, enums; extra fields allowed, as real responses carry more).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startLocalServer, type LocalServer } from '../../src/server';
import { call, createPage, DEMO_BEARER, docsSpace, storage, upload, type Reply } from './server-helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SPEC_DIR = path.resolve(__dirname, '..', 'fixtures', 'confluence-api');
const load = (f: string): Json => JSON.parse(readFileSync(path.join(SPEC_DIR, f), 'utf8'));

function deref(spec: Json, node: Json): Json {
  let n = node;
  for (let i = 0; n && n.$ref && i < 20; i++) n = n.$ref.slice(2).split('/').reduce((o: Json, k: string) => o[k.replace(/~1/g, '/')], spec);
  return n;
}

/** A small OpenAPI 3.0 schema check: type, nullable, enum, required, properties, items, allOf/oneOf/anyOf. */
function validate(spec: Json, schemaIn: Json, value: unknown, at: string, out: string[], depth = 0): void {
  if (depth > 12 || !schemaIn) return;
  const schema = deref(spec, schemaIn);
  if (schema.allOf) for (const s of schema.allOf) validate(spec, s, value, at, out, depth + 1);
  const alts = schema.oneOf ?? schema.anyOf;
  if (alts) {
    const ok = alts.some((s: Json) => {
      const errs: string[] = [];
      validate(spec, s, value, at, errs, depth + 1);
      return errs.length === 0;
    });
    if (!ok) out.push(`${at}: matches none of oneOf/anyOf`);
    return;
  }
  if (value === null) {
    if (!schema.nullable && schema.type) out.push(`${at}: null but not nullable (${schema.type})`);
    return;
  }
  const t = schema.type;
  const actual = Array.isArray(value) ? 'array' : typeof value;
  if (t === 'integer' ? !Number.isInteger(value) : t === 'number' ? actual !== 'number' : t && t !== actual) {
    out.push(`${at}: expected ${t}, got ${actual} (${JSON.stringify(value)?.slice(0, 60)})`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in enum ${JSON.stringify(schema.enum)}`);
  if (actual === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${at}: required field "${r}" missing`);
    for (const [k, v] of Object.entries(obj)) {
      const ps = schema.properties?.[k];
      if (ps) validate(spec, ps, v, `${at}.${k}`, out, depth + 1);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') validate(spec, schema.additionalProperties, v, `${at}.${k}`, out, depth + 1);
    }
  }
  if (actual === 'array' && schema.items) (value as unknown[]).forEach((v, i) => validate(spec, schema.items, v, `${at}[${i}]`, out, depth + 1));
}

const STATUS_QUIRKS: Record<string, Record<number, string>> = {
  'dc GET /rest/api/content/{id}/child/attachment': { 200: '201' },
};

describe('local server: responses conform to the OpenAPI documents', function () {
  this.timeout(60000);
  const docs = { v2: load('openapi-v2.v3.json'), v1: load('swagger.v3.json'), dc: load('confluence-dc-10.0.3.swagger.v3.json') };
  let srv: LocalServer;
  const problems: string[] = [];
  const checked = new Set<string>();

  /** Checks one reply against the operation `method template` of a document. */
  function conforms(doc: 'v2' | 'v1' | 'dc', method: string, template: string, r: Reply): void {
    const spec = docs[doc];
    const op = spec.paths[template]?.[method.toLowerCase()];
    assert.ok(op, `${doc} has no ${method} ${template}`);
    const label = `${doc} ${method} ${template} (${op.operationId})`;
    checked.add(label);
    const success = Object.keys(op.responses).filter((s) => /^2/.test(s));
    // The DC document gives getAttachments (a GET) only a 201; Confluence answers 200 with that body.
    const documented = STATUS_QUIRKS[`${doc} ${method} ${template}`]?.[r.status] ?? String(r.status);
    if (!success.includes(documented)) {
      problems.push(`${label}: status ${r.status}, documented ${success.join('/')} — ${r.text.slice(0, 200)}`);
      return;
    }
    const resp = deref(spec, op.responses[documented]);
    const schema = resp.content?.['application/json']?.schema;
    if (schema && r.json !== undefined) validate(spec, schema, r.json, label, problems);
  }

  before(async () => {
    srv = await startLocalServer();
  });
  beforeEach(() => {
    problems.length = 0;
  });
  after(() => srv.close());

  it('Cloud v2 operations', async () => {
    const spaces = await call(srv, 'GET', '/wiki/api/v2/spaces?keys=DOCS');
    conforms('v2', 'GET', '/spaces', spaces);
    const space = await docsSpace(srv);
    conforms('v2', 'GET', '/spaces/{id}', await call(srv, 'GET', `/wiki/api/v2/spaces/${space.id}`));
    const created = await createPage(srv, space.id, 'Conformance', { value: '<p>x</p>' });
    conforms('v2', 'POST', '/pages', created);
    const id = created.json.id;
    const child = (await createPage(srv, space.id, 'Child', { parentId: id })).json;
    conforms('v2', 'GET', '/pages', await call(srv, 'GET', `/wiki/api/v2/pages?space-id=${space.id}&body-format=storage&limit=1`));
    conforms('v2', 'GET', '/spaces/{id}/pages', await call(srv, 'GET', `/wiki/api/v2/spaces/${space.id}/pages`));
    conforms('v2', 'GET', '/pages/{id}', await call(srv, 'GET', `/wiki/api/v2/pages/${id}?body-format=storage&include-labels=true&include-properties=true&include-versions=true`));
    conforms('v2', 'PUT', '/pages/{id}', await call(srv, 'PUT', `/wiki/api/v2/pages/${id}`, { id, status: 'current', title: 'Conformance', body: storage('<p>y</p>'), version: { number: 2 } }));
    conforms('v2', 'PUT', '/pages/{id}/title', await call(srv, 'PUT', `/wiki/api/v2/pages/${id}/title`, { status: 'current', title: 'Conformance 2' }));
    conforms('v2', 'GET', '/pages/{id}/direct-children', await call(srv, 'GET', `/wiki/api/v2/pages/${id}/direct-children`));
    conforms('v2', 'GET', '/pages/{id}/children', await call(srv, 'GET', `/wiki/api/v2/pages/${id}/children`));
    conforms('v2', 'GET', '/pages/{id}/ancestors', await call(srv, 'GET', `/wiki/api/v2/pages/${child.id}/ancestors`));
    conforms('v2', 'GET', '/pages/{id}/descendants', await call(srv, 'GET', `/wiki/api/v2/pages/${id}/descendants`));
    await call(srv, 'POST', `/wiki/rest/api/content/${id}/label`, [{ name: 'conf' }]);
    conforms('v2', 'GET', '/pages/{id}/labels', await call(srv, 'GET', `/wiki/api/v2/pages/${id}/labels`));
    const prop = await call(srv, 'POST', `/wiki/api/v2/pages/${id}/properties`, { key: 'k', value: { a: 1 } });
    conforms('v2', 'POST', '/pages/{page-id}/properties', prop);
    conforms('v2', 'GET', '/pages/{page-id}/properties', await call(srv, 'GET', `/wiki/api/v2/pages/${id}/properties?key=k`));
    conforms('v2', 'GET', '/pages/{page-id}/properties/{property-id}', await call(srv, 'GET', `/wiki/api/v2/pages/${id}/properties/${prop.json.id}`));
    conforms('v2', 'PUT', '/pages/{page-id}/properties/{property-id}', await call(srv, 'PUT', `/wiki/api/v2/pages/${id}/properties/${prop.json.id}`, { key: 'k', value: 2, version: { number: 2 } }));
    await call(srv, 'PUT', `/wiki/rest/api/content/${id}/child/attachment`, upload('a.png', Buffer.from('png')), { 'X-Atlassian-Token': 'no-check' });
    const atts = await call(srv, 'GET', `/wiki/api/v2/pages/${id}/attachments`);
    conforms('v2', 'GET', '/pages/{id}/attachments', atts);
    conforms('v2', 'GET', '/attachments/{id}', await call(srv, 'GET', `/wiki/api/v2/attachments/${atts.json.results[0].id}`));
    conforms('v2', 'GET', '/pages/{id}/versions', await call(srv, 'GET', `/wiki/api/v2/pages/${id}/versions`));
    conforms('v2', 'GET', '/pages/{page-id}/versions/{version-number}', await call(srv, 'GET', `/wiki/api/v2/pages/${id}/versions/1`));
    conforms('v2', 'DELETE', '/pages/{page-id}/properties/{property-id}', await call(srv, 'DELETE', `/wiki/api/v2/pages/${id}/properties/${prop.json.id}`));
    conforms('v2', 'DELETE', '/attachments/{id}', await call(srv, 'DELETE', `/wiki/api/v2/attachments/${atts.json.results[0].id}`));
    conforms('v2', 'DELETE', '/pages/{id}', await call(srv, 'DELETE', `/wiki/api/v2/pages/${child.id}`));
    assert.deepEqual(problems, []);
  });

  it('Cloud v1 operations', async () => {
    const space = await docsSpace(srv);
    const a = (await createPage(srv, space.id, 'V1 A')).json;
    const b = (await createPage(srv, space.id, 'V1 B')).json;
    const base = '/wiki/rest/api';
    conforms('v1', 'GET', '/wiki/rest/api/user/current', await call(srv, 'GET', `${base}/user/current`));
    conforms('v1', 'POST', '/wiki/rest/api/content/{id}/label', await call(srv, 'POST', `${base}/content/${a.id}/label`, [{ prefix: 'global', name: 'one' }, { prefix: 'global', name: 'two' }]));
    conforms('v1', 'DELETE', '/wiki/rest/api/content/{id}/label', await call(srv, 'DELETE', `${base}/content/${a.id}/label?name=one`));
    conforms('v1', 'DELETE', '/wiki/rest/api/content/{id}/label/{label}', await call(srv, 'DELETE', `${base}/content/${a.id}/label/two`));
    const post = await call(srv, 'POST', `${base}/content/${a.id}/child/attachment`, upload('f.txt', 'hello', 'text/plain', 'c'), { 'X-Atlassian-Token': 'no-check' });
    conforms('v1', 'POST', '/wiki/rest/api/content/{id}/child/attachment', post);
    conforms('v1', 'PUT', '/wiki/rest/api/content/{id}/child/attachment', await call(srv, 'PUT', `${base}/content/${a.id}/child/attachment`, upload('f.txt', 'hello 2', 'text/plain'), { 'X-Atlassian-Token': 'no-check' }));
    const attId = post.json.results[0].id;
    conforms('v1', 'POST', '/wiki/rest/api/content/{id}/child/attachment/{attachmentId}/data', await call(srv, 'POST', `${base}/content/${a.id}/child/attachment/${attId}/data`, upload('f.txt', 'hello 3', 'text/plain'), { 'X-Atlassian-Token': 'no-check' }));
    const me = (await call(srv, 'GET', `${base}/user/current`)).json.accountId;
    conforms('v1', 'PUT', '/wiki/rest/api/content/{id}/restriction', await call(srv, 'PUT', `${base}/content/${a.id}/restriction`, [{ operation: 'update', restrictions: { user: [{ type: 'known', accountId: me }] } }]));
    conforms('v1', 'GET', '/wiki/rest/api/content/{id}/restriction', await call(srv, 'GET', `${base}/content/${a.id}/restriction`));
    conforms('v1', 'GET', '/wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}', await call(srv, 'GET', `${base}/content/${a.id}/restriction/byOperation/update`));
    conforms('v1', 'DELETE', '/wiki/rest/api/content/{id}/restriction', await call(srv, 'DELETE', `${base}/content/${a.id}/restriction`));
    conforms('v1', 'PUT', '/wiki/rest/api/content/{pageId}/move/{position}/{targetId}', await call(srv, 'PUT', `${base}/content/${b.id}/move/append/${a.id}`));
    conforms('v1', 'GET', '/wiki/rest/api/search', await call(srv, 'GET', `${base}/search?cql=${encodeURIComponent('space = DOCS')}`));
    conforms('v1', 'GET', '/wiki/rest/api/content/search', await call(srv, 'GET', `${base}/content/search?cql=${encodeURIComponent('space = DOCS')}&expand=version`));
    conforms('v1', 'GET', '/wiki/rest/api/user', await call(srv, 'GET', `${base}/user?accountId=${encodeURIComponent(me)}`));
    conforms('v1', 'GET', '/wiki/rest/api/content/{id}/descendant', await call(srv, 'GET', `${base}/content/${space.homepageId}/descendant?expand=page,attachment`));
    conforms('v1', 'GET', '/wiki/rest/api/content/{id}/descendant/{type}', await call(srv, 'GET', `${base}/content/${space.homepageId}/descendant/page`));
    conforms('v1', 'POST', '/wiki/rest/api/content/archive', await call(srv, 'POST', `${base}/content/archive`, { pages: [{ id: b.id }] }));
    assert.deepEqual(problems, []);
  });

  it('Data Center operations', async () => {
    const dc = '/confluence/rest/api';
    const space = await docsSpace(srv);
    const bearer = (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => call(srv, method, `${dc}${p}`, body, headers, DEMO_BEARER);
    conforms('dc', 'GET', '/rest/api/user/current', await bearer('GET', '/user/current'));
    conforms('dc', 'GET', '/rest/api/space', await bearer('GET', '/space'));
    conforms('dc', 'GET', '/rest/api/space/{spaceKey}', await bearer('GET', '/space/DOCS'));
    const created = await bearer('POST', '/content', { type: 'page', title: 'DC conf', space: { key: 'DOCS' }, ancestors: [{ id: space.homepageId }], body: { storage: { value: '<p>a</p>', representation: 'storage' } } });
    conforms('dc', 'POST', '/rest/api/content', created);
    const id = created.json.id;
    conforms('dc', 'GET', '/rest/api/content', await bearer('GET', '/content?spaceKey=DOCS&title=DC%20conf&expand=version,body.storage,ancestors'));
    conforms('dc', 'GET', '/rest/api/content/{id}', await bearer('GET', `/content/${id}?expand=body.storage`));
    conforms('dc', 'PUT', '/rest/api/content/{contentId}', await bearer('PUT', `/content/${id}`, { type: 'page', title: 'DC conf', version: { number: 2 }, body: { storage: { value: '<p>b</p>', representation: 'storage' } } }));
    conforms('dc', 'GET', '/rest/api/content/{id}/child/{type}', await bearer('GET', `/content/${space.homepageId}/child/page`));
    conforms('dc', 'GET', '/rest/api/content/{id}/history', await bearer('GET', `/content/${id}/history`));
    conforms('dc', 'POST', '/rest/api/content/{id}/label', await bearer('POST', `/content/${id}/label`, [{ prefix: 'global', name: 'dc' }]));
    conforms('dc', 'GET', '/rest/api/content/{id}/label', await bearer('GET', `/content/${id}/label`));
    conforms('dc', 'POST', '/rest/api/content/{id}/property', await bearer('POST', `/content/${id}/property`, { key: 'k', value: { v: 1 } }));
    conforms('dc', 'GET', '/rest/api/content/{id}/property', await bearer('GET', `/content/${id}/property`));
    conforms('dc', 'GET', '/rest/api/content/{id}/property/{key}', await bearer('GET', `/content/${id}/property/k`));
    conforms('dc', 'PUT', '/rest/api/content/{id}/property/{key}', await bearer('PUT', `/content/${id}/property/k`, { key: 'k', value: { v: 2 }, version: { number: 2 } }));
    const att = await bearer('POST', `/content/${id}/child/attachment`, upload('d.txt', 'dc'), { 'X-Atlassian-Token': 'no-check' });
    conforms('dc', 'POST', '/rest/api/content/{id}/child/attachment', att);
    conforms('dc', 'GET', '/rest/api/content/{id}/child/attachment', await bearer('GET', `/content/${id}/child/attachment`));
    conforms('dc', 'POST', '/rest/api/content/{id}/child/attachment/{attachmentId}/data', await bearer('POST', `/content/${id}/child/attachment/${att.json.results[0].id}/data`, upload('d.txt', 'dc2'), { 'X-Atlassian-Token': 'no-check' }));
    const me = (await bearer('GET', '/user/current')).json;
    conforms('dc', 'GET', '/rest/api/user', await bearer('GET', `/user?username=${me.username}`));
    conforms('dc', 'GET', '/rest/api/user', await bearer('GET', `/user?key=${me.userKey}`));
    conforms('dc', 'GET', '/rest/api/content/{id}/child', await bearer('GET', `/content/${space.homepageId}/child?expand=page,attachment,comment`));
    conforms('dc', 'GET', '/rest/api/content/{id}/child/comment', await bearer('GET', `/content/${id}/child/comment`));
    conforms('dc', 'GET', '/rest/api/content/{id}/descendant', await bearer('GET', `/content/${space.homepageId}/descendant?expand=page`));
    conforms('dc', 'GET', '/rest/api/content/{id}/descendant/{type}', await bearer('GET', `/content/${space.homepageId}/descendant/page`));
    conforms('dc', 'GET', '/rest/api/space/{spaceKey}/content', await bearer('GET', '/space/DOCS/content'));
    conforms('dc', 'GET', '/rest/api/space/{spaceKey}/content/{type}', await bearer('GET', '/space/DOCS/content/page?depth=root'));
    conforms('dc', 'GET', '/rest/api/content/{id}', await bearer('GET', `/content/${att.json.results[0].id}`));
    conforms('dc', 'GET', '/rest/api/content/{id}/restriction/byOperation', await bearer('GET', `/content/${id}/restriction/byOperation`));
    conforms('dc', 'GET', '/rest/api/search', await bearer('GET', `/search?cql=${encodeURIComponent('space = DOCS')}`));
    conforms('dc', 'GET', '/rest/api/content/search', await bearer('GET', `/content/search?cql=${encodeURIComponent('space = DOCS')}`));
    conforms('dc', 'DELETE', '/rest/api/content/{id}/child/attachment/{attachmentId}', await bearer('DELETE', `/content/${id}/child/attachment/${att.json.results[0].id}`));
    conforms('dc', 'DELETE', '/rest/api/content/{id}/property/{key}', await bearer('DELETE', `/content/${id}/property/k`));
    conforms('dc', 'DELETE', '/rest/api/content/{id}', await bearer('DELETE', `/content/${id}`));
    assert.deepEqual(problems, []);
    console.log(`      (${checked.size} operations checked against the OpenAPI documents)`);
  });
});
