import { loadSecretIgnoreFile, scanText } from '../secrets';
import type { SecretFinding, SecretIgnoreList } from '../secrets/types';

/** The bundled secret scanner with the workspace's `.confluence-secrets-ignore`, read once per engine. */
export function defaultSecretScanner(root: string): (text: string, file: string) => Promise<SecretFinding[]> {
  let ignore: SecretIgnoreList | undefined;
  return (text, file) => {
    ignore ??= loadSecretIgnoreFile(root);
    return scanText(text, file, { ignore });
  };
}
