import type { FileSystem } from '../files/fileSystem';
import { nodeFileSystem } from '../files/nodeFileSystem';
import { loadSecretIgnoreFile, scanText } from '../secrets';
import type { SecretFinding, SecretIgnoreList } from '../secrets/types';

/** The bundled secret scanner with the workspace's `.confluence-secrets-ignore`, read once per engine. */
export function defaultSecretScanner(root: string, fs: FileSystem = nodeFileSystem): (text: string, file: string) => Promise<SecretFinding[]> {
  let ignore: SecretIgnoreList | undefined;
  return (text, file) => {
    ignore ??= loadSecretIgnoreFile(root, fs);
    return scanText(text, file, { ignore });
  };
}
