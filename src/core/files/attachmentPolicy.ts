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
 * The media type each attachable type is uploaded with (Confluence shows, previews and serves an attachment by it:
 * a CSV sent as `application/octet-stream` is a download instead of a preview). Covers every extension of
 * ATTACHABLE_TYPES (a unit test checks that); anything else would be `application/octet-stream`.
 */
export const ATTACHMENT_MEDIA_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp',
  bmp: 'image/bmp', ico: 'image/vnd.microsoft.icon', tif: 'image/tiff', tiff: 'image/tiff', avif: 'image/avif',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  odg: 'application/vnd.oasis.opendocument.graphics',
  rtf: 'application/rtf',
  zip: 'application/zip', tar: 'application/x-tar', gz: 'application/gzip', tgz: 'application/gzip', '7z': 'application/x-7z-compressed',
  drawio: 'application/vnd.jgraph.mxfile', dio: 'application/vnd.jgraph.mxfile', vsdx: 'application/vnd.ms-visio.drawing',
  puml: 'text/plain', plantuml: 'text/plain', mmd: 'text/plain', excalidraw: 'application/json', bpmn: 'application/xml',
  txt: 'text/plain', csv: 'text/csv', tsv: 'text/tab-separated-values', json: 'application/json', yaml: 'application/yaml',
  yml: 'application/yaml', xml: 'application/xml', log: 'text/plain',
};

/** The media type an attachment named `path` is uploaded with (both upload paths: sync and `create/update`). */
export function attachmentMediaType(path: string): string {
  return ATTACHMENT_MEDIA_TYPES[extensionOf(path)] ?? 'application/octet-stream';
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
