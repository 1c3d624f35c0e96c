/**
 * The server's human view: spaces, a space's page tree, and a page rendered the way Confluence shows it (breadcrumbs,
 * tree sidebar, body, labels, attachments, version). Read-only, rendered as the first configured user.
 */
import type { ServerResponse } from 'node:http';
import { sendBytes, sendText } from './http';
import { renderStorage, renderCss } from './page-renderer';
import { pageWebui } from './services';
import type { PageRec, SpaceRec, Store } from './store';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface WebView {
  /** Returns true when the path was a web-view path (and answered). */
  handle(method: string, path: string, query: URLSearchParams, res: ServerResponse): boolean;
}

/**
 * The view under the Cloud site path (/wiki) and again under the Data Center context path (default /confluence), so
 * the `_links.webui`, `tinyui` and `edit` links of either API resolve against their own `_links.base`.
 */
export function createWebView(store: Store, opts: { viewerId: () => string; dataCenterContextPath: string }): WebView {
  const cloud = siteView(store, opts, '/wiki');
  const dc = siteView(store, opts, opts.dataCenterContextPath);
  return {
    handle: (method, path, query, res) => cloud.handle(method, path, query, res) || dc.handle(method, path, query, res),
  };
}

function siteView(store: Store, opts: { viewerId: () => string; dataCenterContextPath: string }, site: string): WebView {
  const siteRe = site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pageHref = (p: PageRec): string => `${site}${pageWebui(store.spaceById(p.spaceId), p)}`;

  const layout = (title: string, main: string, sidebar = ''): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} - Confluence (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${CHROME_CSS}\n${renderCss()}</style></head>
<body><header class="topbar"><a class="brand" href="/">◆ Confluence <small>local</small></a><a href="/">Spaces</a></header>
<div class="shell">${sidebar ? `<aside class="sidebar">${sidebar}</aside>` : ''}<main class="content">${main}</main></div></body></html>`;

  const tree = (space: SpaceRec, current?: PageRec): string => {
    const viewer = opts.viewerId();
    const open = new Set(current ? [...store.ancestors(current).map((a) => a.id), current.id] : []);
    const branch = (parentId: string | null, depth: number): string => {
      const kids = (parentId === null
        ? store.pagesInSpace(space.id).filter((p) => p.parentId === null && (p.status === 'current' || p.status === 'archived'))
        : store.children(parentId, viewer)
      ).filter((p) => p.status === 'current');
      if (!kids.length || depth > 12) return '';
      return `<ul>${kids
        .map((p) => {
          const sub = branch(p.id, depth + 1);
          const cls = p.id === current?.id ? ' class="current"' : '';
          const lock = p.restrictions.read.users.length || p.restrictions.update.users.length ? ' 🔒' : '';
          return `<li${cls}><a href="${esc(pageHref(p))}">${esc(p.title)}</a>${lock}${sub && (open.has(p.id) || depth < 2) ? sub : sub ? ` <span class="more">(${store.children(p.id, viewer).length})</span>` : ''}</li>`;
        })
        .join('')}</ul>`;
    };
    return `<div class="space-name"><a href="${site}/spaces/${esc(space.key)}/overview">${esc(space.name)}</a></div><nav class="page-tree">${branch(null, 0)}</nav>`;
  };

  const renderPage = (p: PageRec): string => {
    const space = store.spaceById(p.spaceId)!;
    const v = store.current(p);
    const body = renderStorage(v.body, {
      pageUrl: (title, spaceKey) => {
        const sp = spaceKey ? store.spaceByKey(spaceKey) : space;
        const target = sp ? store.findByTitle(sp.id, title, ['current'])[0] : undefined;
        return target ? pageHref(target) : undefined;
      },
      attachmentUrl: (fileName, pageTitle, spaceKey) => {
        let owner = p;
        if (pageTitle) {
          const sp = spaceKey ? store.spaceByKey(spaceKey) : space;
          const other = sp ? store.findByTitle(sp.id, pageTitle, ['current'])[0] : undefined;
          if (!other) return undefined;
          owner = other;
        }
        return store.attachmentByName(owner.id, fileName) ? `${site}/download/attachments/${owner.id}/${encodeURIComponent(fileName)}` : undefined;
      },
    });
    const crumbs = [`<a href="${site}/spaces/${esc(space.key)}/overview">${esc(space.name)}</a>`, ...store.ancestors(p).map((a) => `<a href="${esc(pageHref(a))}">${esc(a.title)}</a>`)].join(' / ');
    const author = store.user(v.authorId)?.displayName ?? v.authorId;
    const labels = p.labels.length ? `<div class="labels">${p.labels.map((l) => `<span class="label">${esc(l.name)}</span>`).join('')}</div>` : '';
    const atts = store.attachmentsOf(p.id);
    const attachments = atts.length
      ? `<section class="attachments"><h3>Attachments (${atts.length})</h3><ul>${atts
          .map((a) => {
            const av = a.versions[a.versions.length - 1];
            return `<li><a href="${site}/download/attachments/${p.id}/${encodeURIComponent(a.title)}">${esc(a.title)}</a> <span class="meta">${esc(av.mediaType)}, ${formatSize(av.fileSize)}, v${av.number}</span></li>`;
          })
          .join('')}</ul></section>`
      : '';
    const status = p.status !== 'current' ? ` <span class="status status-yellow">${esc(p.status.toUpperCase())}</span>` : '';
    const main = `<nav class="breadcrumbs">${crumbs}</nav>
<h1 id="title-text">${esc(v.title)}${status}</h1>
<div class="page-meta">Version ${v.number} · last updated by ${esc(author)} · ${esc(v.createdAt.replace('T', ' ').slice(0, 16))} UTC${v.message ? ` · “${esc(v.message)}”` : ''}</div>
<div class="wiki-content" id="main-content">${body}</div>${labels}${attachments}`;
    return layout(v.title, main, tree(space, p));
  };

  const notFoundPage = (res: ServerResponse, what: string): true => {
    sendText(res, 404, layout('Not found', `<h1>Page not found</h1><p>${esc(what)}</p><p><a href="/">All spaces</a></p>`), 'text/html;charset=UTF-8');
    return true;
  };

  const view: Site = { store, opts, site, siteRe, pageHref, layout, tree, renderPage, notFoundPage };
  return { handle: (method, path, query, res) => handleSitePath(view, method, path, query, res) };
}

interface Site {
  store: Store;
  opts: { viewerId: () => string; dataCenterContextPath: string };
  site: string;
  siteRe: string;
  pageHref(p: PageRec): string;
  layout(title: string, main: string, sidebar?: string): string;
  tree(space: SpaceRec, current?: PageRec): string;
  renderPage(p: PageRec): string;
  notFoundPage(res: ServerResponse, what: string): true;
}

/** Answers a web-view path (home, spaces, pages, tiny links, downloads, DC /display links); false when not one. */
function handleSitePath(s: Site, method: string, path: string, query: URLSearchParams, res: ServerResponse): boolean {
  const { store, opts, site, siteRe, pageHref, layout, tree, renderPage, notFoundPage } = s;
  const ctxPath = opts.dataCenterContextPath;
  if (method !== 'GET' && method !== 'HEAD') return false;
  const html = (s: string): true => {
    sendText(res, 200, s, 'text/html;charset=UTF-8');
    return true;
  };
  const redirect = (to: string): true => {
    res.writeHead(302, { Location: to, 'Content-Length': 0 });
    res.end();
    return true;
  };
  if (path === '/' || path === site || path === `${site}/` || (ctxPath && path === ctxPath)) {
    const rows = store.data.spaces
      .map((s) => `<li><a href="${site}/spaces/${esc(s.key)}/overview"><strong>${esc(s.name)}</strong></a> <span class="meta">${esc(s.key)} · ${store.pagesInSpace(s.id).filter((p) => p.status === 'current').length} pages</span></li>`)
      .join('');
    return html(layout('Spaces', `<h1>Spaces</h1><ul class="spaces">${rows}</ul><p class="meta">Cloud API: <code>/wiki/api/v2</code>, <code>/wiki/rest/api</code> · Data Center API: <code>${esc(ctxPath)}/rest/api</code></p>`));
  }
  const download = new RegExp(`^(?:${site}|${escapeRe(ctxPath)})/download/attachments/(\\d+)/([^/]+)$`).exec(path);
  if (download) {
    const name = decodeURIComponent(download[2]);
    const att = store.attachmentByName(download[1], name);
    if (!att) return notFoundPage(res, `No attachment ${name} on page ${download[1]}`);
    const want = Number(query.get('version') ?? att.versions.length);
    const v = att.versions.find((x) => x.number === want) ?? att.versions[att.versions.length - 1];
    sendBytes(res, 200, Buffer.from(v.data, 'base64'), v.mediaType, { 'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(att.title)}` });
    return true;
  }
  let m = new RegExp(`^${siteRe}/spaces/([^/]+)(?:/overview)?/?$`).exec(path);
  if (m) {
    const space = store.spaceByKey(decodeURIComponent(m[1]));
    if (!space) return notFoundPage(res, `No space ${m[1]}`);
    const home = store.page(space.homepageId);
    return home && home.status === 'current' ? html(renderPage(home)) : html(layout(space.name, `<h1>${esc(space.name)}</h1>`, tree(space)));
  }
  m = new RegExp(`^${siteRe}/spaces/([^/]+)/pages/(\\d+)(?:/[^/]*)?$`).exec(path);
  if (m) {
    const p = store.page(m[2]);
    if (!p || p.status === 'trashed' || !store.canView(p, opts.viewerId())) return notFoundPage(res, `No page ${m[2]}`);
    return html(renderPage(p));
  }
  m = new RegExp(`^${siteRe}/x/([A-Za-z0-9_-]+)$`).exec(path);
  if (m) {
    const id = Buffer.from(m[1], 'base64url').toString('utf8');
    const p = store.page(id);
    return p ? redirect(pageHref(p)) : notFoundPage(res, `No page ${id}`);
  }
  // Data Center's classic page address: /display/KEY/Title+With+Pluses (and /display/KEY for the space).
  m = new RegExp(`^${siteRe}/display/([^/]+)(?:/([^/]+))?/?$`).exec(path);
  if (m) {
    const space = store.spaceByKey(decodeURIComponent(m[1]));
    if (!space) return notFoundPage(res, `No space ${m[1]}`);
    if (!m[2]) return redirect(`${site}/spaces/${encodeURIComponent(space.key)}/overview`);
    const title = decodeURIComponent(m[2].replace(/\+/g, ' '));
    const p = store.findByTitle(space.id, title, ['current'])[0];
    return p && store.canView(p, opts.viewerId()) ? redirect(pageHref(p)) : notFoundPage(res, `No page ${title} in ${space.key}`);
  }
  if (path === `${site}/pages/resumedraft.action` || path === `${site}/pages/viewpage.action` || path === `${site}/pages/viewpageattachments.action`) {
    const p = store.page(query.get('draftId') ?? query.get('pageId') ?? '');
    return p ? redirect(pageHref(p)) : notFoundPage(res, 'No such page');
  }
  if (path.startsWith(`${site}/spaces/`) || path.startsWith(`${site}/pages/`) || path.startsWith(`${site}/display/`)) return notFoundPage(res, path);
  return false;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') || '(?!)';
}

function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const CHROME_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Noto Sans",Ubuntu,sans-serif;color:#172b4d;background:#fff;font-size:14px;line-height:1.714}
a{color:#0052cc;text-decoration:none}a:hover{text-decoration:underline}
.topbar{height:48px;display:flex;align-items:center;gap:24px;padding:0 16px;border-bottom:1px solid #dfe1e6;background:#fff}
.topbar .brand{font-weight:600;color:#0052cc;font-size:16px}.topbar small{color:#6b778c;font-weight:400}
.shell{display:flex;min-height:calc(100vh - 48px)}
.sidebar{width:280px;flex:none;background:#f4f5f7;border-right:1px solid #dfe1e6;padding:16px 8px;font-size:14px}
.sidebar .space-name{font-weight:600;padding:4px 8px 12px}
.page-tree ul{list-style:none;margin:0;padding-left:14px}.page-tree>ul{padding-left:0}
.page-tree li{padding:2px 0}.page-tree li a{color:#42526e;padding:2px 6px;border-radius:3px;display:inline-block}
.page-tree li.current>a{background:#deebff;color:#0052cc;font-weight:600}
.page-tree .more{color:#6b778c;font-size:12px}
.content{flex:1;padding:24px 40px;max-width:960px}
.breadcrumbs{color:#6b778c;font-size:13px;margin-bottom:8px}
h1#title-text{font-size:28px;font-weight:500;margin:0 0 4px}
.page-meta,.meta{color:#6b778c;font-size:12px}
.page-meta{margin-bottom:24px}
.labels{margin-top:32px}.label{display:inline-block;background:#dfe1e6;color:#42526e;border-radius:3px;padding:0 6px;margin:0 4px 4px 0;font-size:12px}
.attachments{margin-top:24px;border-top:1px solid #dfe1e6;padding-top:8px}.attachments h3{font-size:14px;margin:8px 0}
.spaces{list-style:none;padding:0}.spaces li{padding:8px 0;border-bottom:1px solid #f4f5f7}
`;
