// Host-free localisation (issue 15 point 7): the model modules (stateWords, statusSummary, docTree, secretNames,
// reasons, readSide, settings) have no `vscode` import, yet their words reach the tree, tooltips, the status bar and
// notifications. They call `t('…', args)` from here; activate() sets the translator to vscode.l10n.t, so every word
// goes through l10n. Until then (unit tests) `t` is an identity formatter: `{0}` is replaced by the first argument.
// scripts/l10n-bundle.mjs collects these `t('…')` and `plural(n, '…', '…')` messages like those of vscode.l10n.t.

/** vscode.l10n.t's shape: a message with `{0}`, `{1}`… placeholders and their values. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** Fills `{0}`, `{1}`… with the arguments (English, no lookup): the translator outside VS Code. */
export const format: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

let current: Translate = format;

/** Sets the translator (activate(): vscode.l10n.t); undefined restores the identity formatter. */
export function setTranslator(translate: Translate | undefined): void {
  current = translate ?? format;
}

/** A user-visible message of the model, translated. */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  return current(message, ...args);
}

/** "1 page" / "3 pages": the singular or plural message (both localisable) with the count as {0}, then `args`. */
export function plural(n: number, one: string, other: string, ...args: Array<string | number | boolean>): string {
  return n === 1 ? t(one, n, ...args) : t(other, n, ...args);
}

/**
 * Marks a message of a table built when the module loads (before the translator is set): returns it unchanged, and
 * scripts/l10n-bundle.mjs collects it; the code that shows it passes it through t() (e.g. secretNames.ts).
 */
export const msg = (message: string): string => message;
