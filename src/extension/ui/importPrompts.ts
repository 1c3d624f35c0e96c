import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConfluenceApi, Space } from '../../core';

const t = vscode.l10n.t;

export interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

/**
 * A quick pick whose items are looked up as the user types (debounced; a newer value wins over a slower answer).
 * `initial` may arrive later (a listing from the site: the pick is busy meanwhile). Resolves with the accepted
 * item's value, or undefined when dismissed.
 */
export async function searchingPick<T>(options: {
  title: string;
  placeholder: string;
  initial: Array<Pick<T>> | Promise<Array<Pick<T>>>;
  search: (value: string, signal: AbortSignal) => Promise<Array<Pick<T>>>;
  typed?: (value: string) => Pick<T> | undefined;
}): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<Pick<T>>();
  qp.title = options.title;
  qp.placeholder = options.placeholder;
  qp.matchOnDescription = true;
  qp.ignoreFocusOut = true;
  let initial: Array<Pick<T>> = Array.isArray(options.initial) ? options.initial : [];
  let found: Array<Pick<T>> = [];
  const show = (typed?: Pick<T>): void => {
    const extra = typed && !found.some((f) => f.label === typed.label) ? [typed] : [];
    const keep = initial.filter((i) => !found.some((f) => f.label === i.label) && !extra.some((e) => e.label === i.label));
    qp.items = [...found, ...extra, ...keep];
  };
  qp.items = initial;
  let timer: NodeJS.Timeout | undefined;
  let controller: AbortController | undefined;
  let loading = false;
  if (!Array.isArray(options.initial)) {
    loading = qp.busy = true;
    options.initial.then(
      (items) => {
        initial = items;
        show(options.typed?.(qp.value));
      },
      () => undefined,
    ).finally(() => {
      loading = false;
      if (!controller || controller.signal.aborted) qp.busy = false;
    });
  }
  return new Promise<T | undefined>((resolve) => {
    qp.onDidChangeValue((value) => {
      clearTimeout(timer);
      controller?.abort();
      const typed = options.typed?.(value);
      if (!value.trim()) {
        found = [];
        show();
        qp.busy = loading;
        return;
      }
      timer = setTimeout(() => {
        const mine = (controller = new AbortController());
        qp.busy = true;
        options.search(value.trim(), mine.signal).then(
          (hits) => {
            if (mine.signal.aborted) return;
            found = hits;
            show(typed);
            qp.busy = loading;
          },
          () => {
            if (mine.signal.aborted) return;
            found = [];
            show(typed);
            qp.busy = loading;
          },
        );
      }, 250);
    });
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? options.typed?.(qp.value);
      if (!item) return;
      resolve(item.value);
      qp.hide();
    });
    qp.onDidHide(() => {
      clearTimeout(timer);
      controller?.abort();
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/**
 * The space to import: the configured one first; typing a key looks the space up (the client reads one space by
 * key; it has no space listing yet, so other spaces are found by their key, not their name).
 */
export async function pickSpace(api: ConfluenceApi, configured: string | undefined): Promise<Space | undefined> {
  const initial: Array<Pick<Space>> = [];
  if (configured) {
    try {
      const s = await api.getSpace(configured);
      initial.push({ label: s.key, description: s.name, detail: t('the configured space'), value: s });
    } catch {
      // not readable: the user types another key
    }
  }
  return searchingPick<Space>({
    title: t('Confluence: Import Space (1/3): space'),
    placeholder: t('Type a space key, for example DOCS'),
    initial,
    search: async (value, signal) => {
      if (!/^[A-Za-z0-9~_-]+$/.test(value)) return [];
      const s = await api.getSpace(value.toUpperCase() === value || value.startsWith('~') ? value : value.toUpperCase(), { signal });
      return [{ label: s.key, description: s.name, value: s }];
    },
  });
}

/** Sentinel for "the whole space" (from its home page). */
export const WHOLE_SPACE = '';

/** The page to import with everything under it; `WHOLE_SPACE` for the home page. Searches titles as the user types (CQL). */
export async function pickRootPage(api: ConfluenceApi, space: Space): Promise<string | undefined> {
  const whole: Pick<string> = { label: `$(home) ${t('Whole space (home page)')}`, description: space.name, value: space.homepageId ?? WHOLE_SPACE };
  const quote = (s: string): string => s.replace(/["\\]/g, '\\$&');
  return searchingPick<string>({
    title: t('Confluence: Import Space (2/3): root page in {0}', space.key),
    placeholder: t('Type to search page titles, or pick the whole space'),
    initial: [whole],
    search: async (value, signal) => {
      const hits = await api.searchCql(`space = "${quote(space.key)}" and type = page and title ~ "${quote(value)}"`, { signal });
      return hits.slice(0, 30).map((p) => ({ label: p.title, description: t('page {0}', p.id), value: p.id }));
    },
  });
}

/** The folder to import into (inside the workspace), as a workspace-relative POSIX path; undefined when cancelled. */
export async function pickTargetFolder(root: string, docsRoot: string): Promise<string | undefined> {
  for (;;) {
    const picked = await vscode.window.showOpenDialog({
      title: t('Confluence: Import Space (3/3): folder for the Markdown files'),
      defaultUri: vscode.Uri.file(path.join(root, docsRoot)),
      canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: t('Import Here'),
    });
    if (!picked?.[0]) return undefined;
    const rel = path.relative(root, picked[0].fsPath).split(path.sep).join('/');
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel || '.';
    void vscode.window.showWarningMessage(t('Pick a folder inside the workspace folder {0}.', root));
  }
}

/** Files exist where the import writes: overwrite them (as `--force`) or cancel. */
export async function confirmOverwrite(message: string): Promise<boolean> {
  const overwrite = t('Overwrite');
  const pick = await vscode.window.showWarningMessage(t('Some files of this import already exist.'), { modal: true, detail: message }, overwrite);
  return pick === overwrite;
}
