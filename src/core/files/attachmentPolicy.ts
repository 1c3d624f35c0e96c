/**
 * Which local files may become page attachments, judged by name alone (no file system): the part of the policy the
 * Markdown converter applies everywhere. The file-system part (symbolic links, git-ignored files) is in
 * `attachmentGuard.ts`.
 *
 * A link or image in a document can name any file of the workspace, so "attach whatever is linked" would publish
 * `.env`, SSH keys or build output. Only types documentation uses are attachable, and never hidden files or
 * key/certificate files, whatever their extension.
 */

import { decodeDocument } from '../sync/documentText';

/** Attachable types, by group (documented in src/core/files/README.md and the README's Safety section). */

export const ATTACHABLE_TYPES: Readonly<Record<string, readonly string[]>> = {
  images: ['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'tif', 'tiff', 'avif'],
  pdf: ['pdf'],
  office: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'odg', 'rtf'],
  archives: ['zip', 'tar', 'gz', 'tgz', '7z'],
  diagrams: ['drawio', 'dio', 'vsdx', 'puml', 'plantuml', 'mmd', 'excalidraw', 'bpmn'],
  text: ['txt', 'csv', 'tsv', 'json', 'yaml', 'yml', 'xml', 'log'],
};

/** Attachable types whose content is text: scanned for secrets like a document before they are uploaded. */
export const TEXT_ATTACHMENT_EXTENSIONS: ReadonlySet<string> = new Set([
  ...ATTACHABLE_TYPES.text,
  'svg',
  'drawio',
  'dio',
  'puml',
  'plantuml',
  'mmd',
  'excalidraw',
  'bpmn',
]);

const ATTACHABLE = new Set(Object.values(ATTACHABLE_TYPES).flat());

/** Key, certificate, keystore and password-database files: refused even if renamed to an attachable extension. */
const KEY_EXTENSIONS = new Set([
  'pem', 'key', 'p12', 'pfx', 'p8', 'pk8', 'kdbx', 'kdb', 'jks', 'keystore', 'crt', 'cer', 'der', 'csr', 'p7b', 'p7c',
  'ppk', 'gpg', 'pgp', 'asc', 'ovpn', 'env',
]);
/** SSH key files (`id_rsa`, `id_ed25519.pub`, `id_ecdsa_sk`...). */
const SSH_KEY_NAME = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?(\.|$)/i;
/** Text/data files meant to hold secrets (like the `*.secrets.md` documents the publish leaves out). */
const SECRET_NAME = /(^|\.)(secrets?|credentials?)\./i;

/** Lower-case extension of a path's file name, without the dot ('' when there is none). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Why the workspace-relative POSIX `path` may not be attached, or undefined when its name is acceptable.
 * The reason completes "… is not attached: <reason>".
 */
export function attachmentRefusal(path: string): string | undefined {
  const segments = path.split('/');
  const name = segments[segments.length - 1];
  if (segments.some((s) => s.startsWith('.'))) {
    return /^\.env/i.test(name)
      ? 'environment files (.env*) are never attached'
      : 'hidden files and files in hidden folders (names starting with ".") are never attached';
  }
  const ext = extensionOf(name);
  if (KEY_EXTENSIONS.has(ext) || SSH_KEY_NAME.test(name)) return 'key, certificate and environment files are never attached';
  if (SECRET_NAME.test(name) && TEXT_ATTACHMENT_EXTENSIONS.has(ext)) return 'files named like secrets or credentials are never attached';
  if (!ATTACHABLE.has(ext)) {
    return `${ext ? `.${ext} files are` : 'files without an extension are'} not an attachable type (images, PDF, office documents, archives, diagrams, text and data files)`;
  }
  return undefined;
}

/** True for attachable types whose content is scanned for secrets. */
export function isTextAttachment(path: string): boolean {
  return TEXT_ATTACHMENT_EXTENSIONS.has(extensionOf(path));
}

/**
 * Media types `mime-types` (mime-db) lacks or gives a type Confluence does not preview for documentation files:
 * diagram sources, `.tgz`, and YAML (`application/yaml`, RFC 9512; mime-db still says `text/yaml`). A unit test checks
 * that every extension of ATTACHABLE_TYPES gets a type other than `application/octet-stream`.
 */
const MEDIA_TYPE_OVERRIDES: Readonly<Record<string, string>> = {
  tgz: 'application/gzip',
  drawio: 'application/vnd.jgraph.mxfile', dio: 'application/vnd.jgraph.mxfile', vsdx: 'application/vnd.ms-visio.drawing',
  puml: 'text/plain', plantuml: 'text/plain', mmd: 'text/plain', excalidraw: 'application/json', bpmn: 'application/xml',
  yaml: 'application/yaml', yml: 'application/yaml',
};

/** mime-types builds its tables when loaded (~20 ms): required on the first upload, not at every start. */
function mimeLookup(ext: string): string | false {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require (esbuild bundles it in place)
  return (require('mime-types') as typeof import('mime-types')).lookup(ext);
}

/**
 * The media type a file named `path` is uploaded and served with (Confluence shows, previews and serves an
 * attachment by it: a CSV sent as `application/octet-stream` is a download instead of a preview). Used by both upload
 * paths (sync and `create/update`) and by the local server; `application/octet-stream` when the type is unknown.
 */
export function attachmentMediaType(path: string): string {
  const ext = extensionOf(path);
  return (Object.hasOwn(MEDIA_TYPE_OVERRIDES, ext) ? MEDIA_TYPE_OVERRIDES[ext] : mimeLookup(ext)) || 'application/octet-stream';
}

/**
 * True when `data` is text whatever its name says (no NUL byte, valid UTF-8): a key saved as `x.pem.png`, a log
 * renamed `.png`. Such a file is scanned like a text attachment; real images, PDFs and archives hold NUL bytes or
 * invalid UTF-8 and are not. Empty files count as binary (nothing to scan).
 */
export function looksLikeText(data: Uint8Array): boolean {
  // The same bytes rule as for documents: no NUL byte and valid UTF-8.
  return data.byteLength > 0 && 'text' in decodeDocument(data);
}
