import * as vscode from 'vscode';

/** "1 page" / "3 pages": picks the singular or plural message (both localisable) and fills in the count. */
export function plural(n: number, one: string, other: string): string {
  return n === 1 ? vscode.l10n.t(one, n) : vscode.l10n.t(other, n);
}

export const pagesToWrite = (n: number): string => plural(n, '{0} page to write', '{0} pages to write');
export const likelySecrets = (n: number): string => plural(n, '{0} likely secret', '{0} likely secrets');
export const documents = (n: number): string => plural(n, '{0} document', '{0} documents');
