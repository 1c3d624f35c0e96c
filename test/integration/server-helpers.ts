/** Raw-HTTP helpers for the local server tests (Node fetch only; deliberately not our Confluence client). */
import type { LocalServer } from '../../src/server';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const DEMO_BASIC = 'Basic ' + Buffer.from('demo@example.com:local-dev-token').toString('base64');
export const DEMO_BEARER = 'Bearer local-dev-pat';

export function basic(user: string, token: string): string {
  return 'Basic ' + Buffer.from(`${user}:${token}`).toString('base64');
}

export async function call(
  srv: LocalServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  auth: string | null = DEMO_BASIC,
): Promise<Reply> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers };
  if (auth) h.Authorization = auth;
  let payload: BodyInit | undefined;
  if (body instanceof FormData || typeof body === 'string' || body instanceof Uint8Array) payload = body as BodyInit;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  const res = await fetch(srv.url + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function docsSpace(srv: LocalServer): Promise<{ id: string; homepageId: string }> {
  const r = await call(srv, 'GET', '/wiki/api/v2/spaces?keys=DOCS');
  return r.json.results[0];
}

export function storage(value: string): { representation: string; value: string } {
  return { representation: 'storage', value };
}

export async function createPage(
  srv: LocalServer,
  spaceId: string,
  title: string,
  opts: { parentId?: string; value?: string; auth?: string } = {},
): Promise<Reply> {
  return call(
    srv,
    'POST',
    '/wiki/api/v2/pages',
    { spaceId, status: 'current', title, parentId: opts.parentId, body: storage(opts.value ?? `<p>${title}</p>`) },
    {},
    opts.auth ?? DEMO_BASIC,
  );
}

export async function updatePage(srv: LocalServer, id: string, title: string, version: number, value = '<p>updated</p>', auth = DEMO_BASIC): Promise<Reply> {
  return call(srv, 'PUT', `/wiki/api/v2/pages/${id}`, { id, status: 'current', title, body: storage(value), version: { number: version } }, {}, auth);
}

export function upload(fileName: string, data: Buffer | string, type = 'image/png', comment?: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(typeof data === 'string' ? Buffer.from(data) : data)], { type }), fileName);
  form.append('minorEdit', 'true');
  if (comment) form.append('comment', comment);
  return form;
}
