import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { attachmentRefusal } from '../files/attachmentPolicy';
import { anchorLookup } from './anchors';
import { warn, type RenderEnv } from './env';
import type { LinkTarget } from './types';

export type LinkResolution =
  | { kind: 'external'; href: string }
  | { kind: 'anchor'; anchor: string }
  | { kind: 'page'; title: string; spaceKey?: string; anchor?: string }
  | { kind: 'attachment'; name: string }
  | { kind: 'unresolved'; target: string };

export type ImageResolution =
  | { kind: 'attachment'; name: string }
  | { kind: 'url'; url: string }
  | { kind: 'missing'; target: string };

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const DOC_EXT = /\.(?:md|markdown|mdown|mkd)$/i;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Documents link to the same few targets again and again: remember resolved paths (pure function of its inputs).
const resolved = new Map<string, string | undefined>();

/** Workspace-relative POSIX path for a link target relative to the document, or undefined if it leaves the workspace. */
export function resolveRelative(dir: string, target: string): string | undefined {
  const key = `${dir}\u0000${target}`;
  if (resolved.has(key)) return resolved.get(key);
  const result = resolveRelativeUncached(dir, target);
  if (resolved.size >= 4096) resolved.clear();
  resolved.set(key, result);
  return result;
}

function resolveRelativeUncached(dir: string, target: string): string | undefined {
  const decoded = safeDecode(target.replace(/\\/g, '/'));
  const joined = decoded.startsWith('/') ? decoded.slice(1) : posix.join(dir, decoded);
  const normal = posix.normalize(joined).replace(/\/$/, '');
  if (normal === '..' || normal.startsWith('../')) return undefined;
  return normal === '.' ? '' : normal;
}

function splitFragment(href: string): [string, string | undefined] {
  const hash = href.indexOf('#');
  const q = href.indexOf('?');
  const pathEnd = q >= 0 && (hash < 0 || q < hash) ? q : hash >= 0 ? hash : href.length;
  return [href.slice(0, pathEnd), hash >= 0 ? safeDecode(href.slice(hash + 1)) : undefined];
}

function pageAnchor(env: RenderEnv, target: LinkTarget, fragment: string, path: string): string | undefined {
  const anchors = target.anchors;
  if (!anchors) return fragment; // headings of the other page unknown: keep what the author wrote
  const found = anchors[fragment] ?? anchors[fragment.toLowerCase()];
  if (found) return found;
  warn(env, 'anchor-unresolved', `link to "${path}#${fragment}": that page has no heading "${fragment}"; linking to the page`);
  return undefined;
}

/** Decides what a link destination becomes in storage format, recording links and warnings. */
export function resolveLink(env: RenderEnv, href: string): LinkResolution {
  const raw = href.trim();
  if (raw.startsWith('//')) return { kind: 'external', href: 'https:' + raw };
  if (SCHEME.test(raw)) return { kind: 'external', href: raw };
  const [pathPart, fragment] = splitFragment(raw);
  if (pathPart === '') {
    if (!fragment) return { kind: 'external', href: raw || '#' };
    if (!env.anchors) {
      env.anchors = anchorLookup(env.headingTexts);
      for (const name of env.namedAnchors) env.anchors[name] ??= name;
    }
    const anchor = env.anchors[fragment] ?? env.anchors[fragment.toLowerCase()];
    if (!anchor) warn(env, 'anchor-unresolved', `link to "#${fragment}": no heading in this document has that anchor`);
    return { kind: 'anchor', anchor: anchor ?? fragment };
  }
  const path = resolveRelative(env.dir, pathPart);
  if (path === undefined) {
    warn(env, 'link-unresolved', `link to "${raw}" points outside the workspace; rendered as text`);
    return { kind: 'unresolved', target: raw };
  }
  const isDoc = DOC_EXT.test(path);
  const candidates = isDoc ? [path] : /\.[A-Za-z0-9]+$/.test(path) ? [] : [`${path}/README.md`, `${path}/index.md`, `${path}.md`].map((p) => p.replace(/^\//, ''));
  for (const candidate of candidates) {
    const target = env.options.resolveDocument?.(candidate);
    if (!target) continue;
    if (target.withheld) {
      env.links.push({ target: candidate, line: env.line, resolved: false });
      warn(env, 'link-withheld', `link to "${candidate}": that document is held back (likely secrets), so the link is rendered as text until it is fixed`);
      return { kind: 'unresolved', target: raw };
    }
    const anchor = fragment ? pageAnchor(env, target, fragment, candidate) : undefined;
    env.links.push({ target: candidate, anchor, line: env.line, resolved: true });
    const spaceKey = target.spaceKey && target.spaceKey !== env.options.spaceKey ? target.spaceKey : undefined;
    return { kind: 'page', title: target.title, spaceKey, anchor };
  }
  if (isDoc || candidates.length > 0) {
    env.links.push({ target: candidates[0], anchor: fragment, line: env.line, resolved: false });
    warn(env, 'link-unresolved', `link to "${raw}": ${candidates[0]} is not a document of this publish set; rendered as text (add it to the set or link to its URL)`);
    return { kind: 'unresolved', target: raw };
  }
  // another local file: attach it to the page (if the attachment policy allows it)
  const refusal = refuseAttachment(env, path);
  if (refusal) {
    warn(env, 'attachment-refused', `link to "${raw}": ${path} is not attached: ${refusal}; rendered as text`);
    return { kind: 'unresolved', target: raw };
  }
  const data = env.options.readFile?.(path);
  if (data) return { kind: 'attachment', name: addAttachment(env, path, data) };
  warn(env, 'link-unresolved', `link to "${raw}": file ${path} not found; rendered as text`);
  return { kind: 'unresolved', target: raw };
}

const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

/**
 * A wiki link `[[name#fragment]]`: the document of the set titled or named `name` (see `ConvertOptions.findDocument`),
 * else `name.md` beside the document, then resolved as a relative link (the same link record, anchors and warnings).
 */
export function resolveWikiLink(env: RenderEnv, name: string, fragment: string | undefined): LinkResolution {
  const hash = fragment ? `#${encodeURIComponent(fragment)}` : '';
  if (!name) return resolveLink(env, hash);
  if (DOC_EXT.test(name) || name.includes('/')) return resolveLink(env, encodePath(name) + hash);
  const besides = resolveRelative(env.dir, `${name}.md`);
  const found = env.options.findDocument?.(name) ?? (besides !== undefined && env.options.resolveDocument?.(besides) ? besides : undefined);
  if (found !== undefined) return resolveLink(env, `/${encodePath(found)}${hash}`);
  warn(env, 'link-unresolved', `wiki link "[[${name}]]": no document of this publish set has that title or file name; rendered as text (add it to the set or fix the name)`);
  return { kind: 'unresolved', target: name };
}

/** Decides where an image comes from: a page attachment (local file) or a URL. */
export function resolveImage(env: RenderEnv, src: string): ImageResolution {
  const raw = src.trim();
  if (raw.startsWith('//')) return { kind: 'url', url: 'https:' + raw };
  if (SCHEME.test(raw)) return { kind: 'url', url: raw };
  const [pathPart] = splitFragment(raw);
  const path = resolveRelative(env.dir, pathPart);
  const refusal = path ? refuseAttachment(env, path) : undefined;
  if (refusal) {
    warn(env, 'attachment-refused', `image "${raw}": ${path} is not attached: ${refusal}`);
    return { kind: 'missing', target: raw };
  }
  const data = path !== undefined && path !== '' ? env.options.readFile?.(path) : undefined;
  if (path === undefined || !data) {
    warn(env, 'image-missing', `image "${raw}" not found${path ? ` (looked for ${path})` : ''}; fix the path or add the file`);
    return { kind: 'missing', target: raw };
  }
  return { kind: 'attachment', name: addAttachment(env, path, data) };
}

/** Why a local file may not be attached: the caller's policy, else the name rules. */
function refuseAttachment(env: RenderEnv, path: string): string | undefined {
  return env.options.checkAttachment ? env.options.checkAttachment(path) : attachmentRefusal(path);
}

/** Registers a local file as an attachment; names are unique per page (same name, other file -> hash suffix). */
export function addAttachment(env: RenderEnv, path: string, data: Uint8Array): string {
  const existing = env.attachments.get(path);
  if (existing) return existing.name;
  const hash = createHash('sha256').update(data).digest('hex');
  const base = posix.basename(path);
  let name = base;
  if (env.attachmentNames.has(name)) {
    const ext = posix.extname(base);
    const stem = base.slice(0, base.length - ext.length);
    name = `${stem}-${hash.slice(0, 8)}${ext}`;
    for (let n = 2; env.attachmentNames.has(name); n++) name = `${stem}-${hash.slice(0, 8)}-${n}${ext}`;
  }
  env.attachmentNames.add(name);
  env.attachments.set(path, { path, name, hash, size: data.byteLength });
  return name;
}
