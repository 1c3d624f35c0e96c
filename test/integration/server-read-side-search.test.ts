/**
 * The local server's CQL dates (minute precision, the user's time zone), search index lag, and attachment downloads
 * (Cloud: 302 to a signed URL on the media origin, which records whether credentials arrived; Data Center: the bytes),
 * over raw HTTP on /rest/api/search and /rest/api/content/search of both deployments.
 */
import { strict as assert } from 'node:assert';
import { useLocalServer } from './flavor-server';
import { basic, call, createPage, DEMO_BASIC, DEMO_BEARER, docsSpace, updatePage, upload } from './server-helpers';

const V2 = '/wiki/api/v2';

/** `yyyy-MM-dd HH:mm` of an instant as a wall clock in a time zone. */
function wallMinute(at: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const SEARCHES = [
  { name: 'Cloud /wiki/rest/api/search', path: '/wiki/rest/api/search', auth: DEMO_BASIC, id: (r: { content: { id: string } }) => r.content.id },
  { name: 'Cloud /wiki/rest/api/content/search', path: '/wiki/rest/api/content/search', auth: DEMO_BASIC, id: (r: { id: string }) => r.id },
  { name: 'DC /confluence/rest/api/search', path: '/confluence/rest/api/search', auth: DEMO_BEARER, id: (r: { content: { id: string } }) => r.content.id },
  { name: 'DC /confluence/rest/api/content/search', path: '/confluence/rest/api/content/search', auth: DEMO_BEARER, id: (r: { id: string }) => r.id },
] as const;

describe('local server: read side — CQL dates, index lag, downloads', () => {
  const ctx = useLocalServer({ settings: { timeZone: 'UTC', searchIndexLagMs: 0 } });
  let space: { id: string; homepageId: string };

  beforeEach(async () => {
    space = await docsSpace(ctx.server);
  });

  for (const s of SEARCHES) {
    const search = async (cql: string): Promise<string[]> => {
      const r = await call(ctx.server, 'GET', `${s.path}?cql=${encodeURIComponent(cql)}&limit=100`, undefined, {}, s.auth);
      assert.equal(r.status, 200, `${cql}: ${r.text}`);
      return r.json.results.map((x: never) => s.id(x));
    };

    describe(s.name, () => {
      it('lastmodified has minute precision: >= the edit minute finds it, > that minute does not', async () => {
        const p = (await createPage(ctx.server, space.id, 'Dated')).json;
        const at = Date.parse(p.version.createdAt);
        const minute = wallMinute(at, 'UTC');
        assert.deepEqual(await search(`type = page and lastmodified >= "${minute}" and title = "Dated"`), [p.id]);
        assert.deepEqual(await search(`lastmodified = "${minute}" and title = "Dated"`), [p.id]);
        assert.deepEqual(await search(`lastmodified > "${minute}" and title = "Dated"`), []);
        assert.deepEqual(await search(`lastmodified >= "${minute.slice(0, 10)}" and title = "Dated"`), [p.id], 'a date alone is that whole day');
        assert.deepEqual(await search(`lastmodified >= now("-5m") and title = "Dated"`), [p.id]);
        const bad = await call(ctx.server, 'GET', `${s.path}?cql=${encodeURIComponent('lastmodified >= "2026-13-01 10:00"')}`, undefined, {}, s.auth);
        assert.equal(bad.status, 400);
      });

      it("date literals are read in the user's time zone (server setting timeZone)", async () => {
        ctx.server.setSettings({ timeZone: 'America/New_York' });
        const p = (await createPage(ctx.server, space.id, 'Zoned')).json;
        const at = Date.parse(p.version.createdAt);
        // The same instant written as a New York wall clock matches; written as a UTC wall clock it lies 4-5 hours
        // in New York's future and matches nothing.
        assert.deepEqual(await search(`lastmodified >= "${wallMinute(at, 'America/New_York')}" and title = "Zoned"`), [p.id]);
        assert.deepEqual(await search(`lastmodified >= "${wallMinute(at, 'UTC')}" and title = "Zoned"`), []);
        ctx.server.setSettings({ timeZone: 'Asia/Kolkata' });
        assert.deepEqual(await search(`lastmodified = "${wallMinute(at, 'Asia/Kolkata')}" and title = "Zoned"`), [p.id]);
      });

      it('search index lag: recent edits are invisible to CQL for searchIndexLagMs, direct reads see them at once', async () => {
        ctx.server.setSettings({ searchIndexLagMs: 1000 });
        const p = (await createPage(ctx.server, space.id, 'Lagging', { value: '<p>alpha</p>' })).json;
        assert.deepEqual(await search('title = "Lagging"'), [], 'a new page is not indexed yet');
        assert.equal((await call(ctx.server, 'GET', `${V2}/pages/${p.id}`)).status, 200);
        await new Promise((r) => setTimeout(r, 1100));
        assert.deepEqual(await search('title = "Lagging" and text ~ "alpha"'), [p.id]);
        await updatePage(ctx.server, p.id, 'Lagging', 2, '<p>omega</p>');
        // The index still holds version 1: the new text is not found, the old one still is.
        assert.deepEqual(await search('text ~ "omega"'), []);
        assert.deepEqual(await search('text ~ "alpha"'), [p.id]);
        await new Promise((r) => setTimeout(r, 1100));
        assert.deepEqual(await search('text ~ "omega"'), [p.id]);
      });
    });
  }

  it('settings are validated and readable through the admin API; Cloud /user/current carries the time zone', async () => {
    const bad = await fetch(`${ctx.server.url}/__admin/settings`, { method: 'POST', body: JSON.stringify({ timeZone: 'Mars/Olympus' }) });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /Invalid timeZone: Mars\/Olympus/);
    const ok = await fetch(`${ctx.server.url}/__admin/settings`, { method: 'POST', body: JSON.stringify({ timeZone: 'Europe/Berlin', searchIndexLagMs: 250 }) });
    assert.deepEqual(await ok.json(), { timeZone: 'Europe/Berlin', searchIndexLagMs: 250 });
    assert.deepEqual(ctx.server.settings, { timeZone: 'Europe/Berlin', searchIndexLagMs: 250 });
    assert.equal((await call(ctx.server, 'GET', '/wiki/rest/api/user/current')).json.timeZone, 'Europe/Berlin');
  });

  describe('attachment downloads', () => {
    async function attach(name: string, bytes: Buffer): Promise<{ pageId: string; v2: { downloadLink: string; id: string }; v1: { _links: { download: string; base: string } } }> {
      const page = (await createPage(ctx.server, space.id, `Files ${name}`)).json;
      const up = await call(ctx.server, 'POST', `/wiki/rest/api/content/${page.id}/child/attachment`, upload(name, bytes, 'application/pdf'), { 'X-Atlassian-Token': 'no-check' });
      assert.equal(up.status, 200, up.text);
      const v2 = (await call(ctx.server, 'GET', `${V2}/pages/${page.id}/attachments`)).json.results[0];
      const v1 = (await call(ctx.server, 'GET', `/confluence/rest/api/content/${page.id}/child/attachment`, undefined, {}, DEMO_BEARER)).json.results[0];
      return { pageId: page.id, v2, v1 };
    }
    const bytes = Buffer.from([37, 80, 68, 70, 0, 1, 2, 255]);

    it('Cloud: downloadLink (relative to _links.base) answers 302 to a signed URL on another origin; the token is required', async () => {
      const { v2 } = await attach('spec.pdf', bytes);
      assert.match(v2.downloadLink, /^\/download\/attachments\/\d+\/spec\.pdf\?version=1/);
      const res = await fetch(`${ctx.server.url}/wiki${v2.downloadLink}`, { headers: { Authorization: DEMO_BASIC }, redirect: 'manual' });
      assert.equal(res.status, 302);
      const location = new URL(res.headers.get('location')!);
      assert.equal(location.origin, ctx.server.mediaUrl);
      assert.notEqual(location.origin, ctx.server.url, 'the media store is another origin');
      assert.ok(location.searchParams.get('token'));
      const got = await fetch(location, { redirect: 'manual' });
      assert.equal(got.status, 200);
      assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
      assert.equal(got.headers.get('content-type'), 'application/pdf');
      // Without the token, or with a forged one, the media origin refuses.
      location.searchParams.delete('token');
      assert.equal((await fetch(location)).status, 401);
      location.searchParams.set('token', 'forged');
      assert.equal((await fetch(location)).status, 401);
      // Wrong credentials at the site are a 401 there; no credentials run as the web view's viewer (browser images).
      assert.equal((await fetch(`${ctx.server.url}/wiki${v2.downloadLink}`, { headers: { Authorization: basic('demo@example.com', 'nope') }, redirect: 'manual' })).status, 401);
      assert.equal((await fetch(`${ctx.server.url}/wiki${v2.downloadLink}`, { redirect: 'manual' })).status, 302);
    });

    it('the media origin records whether an Authorization header arrived (also GET /__admin/media-requests)', async () => {
      const { v2 } = await attach('a.pdf', bytes);
      const hop = async (): Promise<URL> => new URL((await fetch(`${ctx.server.url}/wiki${v2.downloadLink}`, { headers: { Authorization: DEMO_BASIC }, redirect: 'manual' })).headers.get('location')!);
      assert.equal((await fetch(await hop())).status, 200);
      assert.equal((await fetch(await hop(), { headers: { Authorization: DEMO_BASIC } })).status, 200);
      assert.deepEqual(
        ctx.server.mediaRequests.map((e) => [e.status, e.authorization, e.authorizationScheme]),
        [
          [200, false, undefined],
          [200, true, 'Basic'],
        ],
      );
      const viaAdmin = (await (await fetch(`${ctx.server.url}/__admin/media-requests`)).json()) as Array<{ authorization: boolean }>;
      assert.deepEqual(viaAdmin.map((e) => e.authorization), [false, true]);
      ctx.server.reset();
      assert.deepEqual(ctx.server.mediaRequests, []);
    });

    it('Cloud v1 …/child/attachment/{id}/download redirects too; a version above the latest is 400', async () => {
      const { pageId, v2 } = await attach('b.pdf', bytes);
      const res = await fetch(`${ctx.server.url}/wiki/rest/api/content/${pageId}/child/attachment/${v2.id}/download`, { headers: { Authorization: DEMO_BASIC }, redirect: 'manual' });
      assert.equal(res.status, 302);
      assert.equal(new URL(res.headers.get('location')!).origin, ctx.server.mediaUrl);
      assert.equal((await call(ctx.server, 'GET', `/wiki/rest/api/content/${pageId}/child/attachment/${v2.id}/download?version=2`)).status, 400);
    });

    it('Data Center serves the bytes directly at _links.download (relative to _links.base), with credentials', async () => {
      const { v1 } = await attach('c.pdf', bytes);
      assert.equal(v1._links.base, `${ctx.server.url}/confluence`);
      assert.match(v1._links.download, /^\/download\/attachments\/\d+\/c\.pdf\?version=1/);
      const res = await fetch(`${v1._links.base}${v1._links.download}`, { headers: { Authorization: DEMO_BEARER }, redirect: 'manual' });
      assert.equal(res.status, 200);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
      assert.equal((await fetch(`${v1._links.base}${v1._links.download}`, { headers: { Authorization: 'Bearer wrong' } })).status, 401);
      const missing = await fetch(`${ctx.server.url}/confluence/download/attachments/${space.homepageId}/none.pdf`, { headers: { Authorization: DEMO_BEARER } });
      assert.equal(missing.status, 404);
      assert.deepEqual(ctx.server.mediaRequests, [], 'Data Center never sends anyone to the media origin');
    });
  });
});
