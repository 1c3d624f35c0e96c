import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import { loadSecretIgnoreFile, scanText } from '../secrets';
import type { SecretFinding, SecretIgnoreList } from '../secrets/types';
import { ignoreListKey, type CleanScanMemo } from './scanMemo';

/**
 * The bundled secret scanner with the workspace's `.confluence-secrets-ignore`, read once per engine. With `memo`,
 * texts that were clean in an earlier run (same text, path, ignore list and scanner) are not scanned again.
 */
export function defaultSecretScanner(root: string, fs: FileSystem = nodeFileSystem, memo?: CleanScanMemo): (text: string, file: string) => Promise<SecretFinding[]> {
  let ignore: SecretIgnoreList | undefined;
  let ignoreKey: string | undefined;
  return (text, file) => {
    ignore ??= loadSecretIgnoreFile(root, fs);
    if (!memo) return scanText(text, file, { ignore });
    ignoreKey ??= ignoreListKey(ignore);
    return memo.scan(ignoreKey, text, file, () => scanText(text, file, { ignore }));
  };
}
