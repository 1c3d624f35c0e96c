// Secret scanner: secretlint's recommended preset + rules for what engineering docs contain, a placeholder
// filter, inline suppression comments and a fingerprint ignore file. See README.md in this folder.
export type { SecretFinding, SecretIgnoreList, ScanOptions } from './types';
export { scanText, scanTextSync, DETECTORS } from './scanner';
export { SecretScanCache } from './cache';
export { maskSecret, secretFingerprint } from './mask';
export { loadSecretIgnoreFile, parseSecretIgnoreFile, isIgnored, SECRET_IGNORE_FILE } from './ignoreFile';
export { isPlaceholder } from './values';

/** Files never published and never read for publishing: they are where secrets are meant to live. */
export const DEFAULT_SECRET_EXCLUDE_GLOBS: string[] = ['**/*.secrets.md'];
