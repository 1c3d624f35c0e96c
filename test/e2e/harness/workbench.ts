// Drives the VS Code workbench (code-server in Chromium) through its DOM, the way a person uses it.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { RESULTS_DIR } from './paths';

export interface Notification {
  message: string;
  severity: 'info' | 'warning' | 'error' | 'unknown';
  source?: string;
  buttons: string[];
  /** ms since the page loaded. */
  at: number;
}

export interface StatusBarItem {
  id: string;
  text: string;
  ariaLabel: string;
  side: 'left' | 'right';
}

export interface TreeItem {
  label: string;
  description: string;
  ariaLabel: string;
  level: number;
  expanded?: boolean;
  selected: boolean;
}

export interface QuickInputState {
  title: string;
  placeholder: string;
  value: string;
  message: string;
  items: string[];
  isPassword: boolean;
}

export interface Dialog {
  message: string;
  detail: string;
  buttons: string[];
}

export interface WaitOptions {
  timeout?: number;
  interval?: number;
  message?: string;
}

/** Polls `fn` until it returns a truthy value (returned) or the timeout passes (throws with the last value seen). */
export async function waitFor<T>(fn: () => T | Promise<T>, opts: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeout = opts.timeout ?? 15_000;
  const deadline = Date.now() + timeout;
  let last: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `last error: ${String(lastError)}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`${opts.message ?? 'condition'} not met within ${timeout} ms (${seen})`);
    }
    await new Promise((r) => setTimeout(r, opts.interval ?? 150));
  }
}

/**
 * Injected before the workbench loads: records every notification (toast or centre) as it appears or changes,
 * because toasts hide after ~15 s.
 */
export const NOTIFICATION_RECORDER = `(() => {
  const rec = (window.__e2eNotifications = window.__e2eNotifications || []);
  const seen = new WeakMap();
  const t0 = performance.now();
  const read = (el) => {
    const msg = el.querySelector('.notification-list-item-message');
    if (!msg) return;
    const text = (msg.textContent || '').trim();
    if (!text || seen.get(el) === text) return;
    seen.set(el, text);
    const icon = el.querySelector('.notification-list-item-icon');
    const cls = icon ? icon.className : '';
    const severity = /error/.test(cls) ? 'error' : /warning/.test(cls) ? 'warning' : /info/.test(cls) ? 'info' : 'unknown';
    const src = el.querySelector('.notification-list-item-source');
    const buttons = [...el.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => (b.textContent || '').trim()).filter(Boolean);
    rec.push({ message: text, severity, source: src ? (src.textContent || '').trim() : undefined, buttons, at: Math.round(performance.now() - t0) });
  };
  const scan = () => document.querySelectorAll('.notification-list-item').forEach(read);
  new MutationObserver(scan).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

const Q = {
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickRows: '.quick-input-widget .quick-input-list .monaco-list-row',
  statusItems: '#workbench\\.parts\\.statusbar .statusbar-item',
  dialog: '.monaco-dialog-box',
  activeEditor: '.editor-group-container.active .monaco-editor',
};

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Workbench {
  constructor(
    readonly page: Page,
    /** Where screenshots go (git-ignored). */
    readonly screenshotDir: string = path.join(RESULTS_DIR, 'screenshots'),
  ) {}

  // ---------------------------------------------------------------- generic

  waitFor<T>(fn: () => T | Promise<T>, opts?: WaitOptions): Promise<NonNullable<T>> {
    return waitFor(fn, opts);
  }

  /**
   * Saves `<screenshotDir>/<name>.png` and returns its path: the whole window, or only `element` (e.g.
   * `page.locator('#workbench\\.parts\\.statusbar')`). The mouse is parked first so no hover tooltip covers the UI.
   */
  async screenshot(name: string, element?: Locator): Promise<string> {
    mkdirSync(this.screenshotDir, { recursive: true });
    const file = path.join(this.screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    const vp = this.page.viewportSize() ?? { width: 1400, height: 900 };
    await this.page.mouse.move(Math.round(vp.width * 0.78), 16); // an empty part of the title bar
    if (element) await element.screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }

  /** Text of the whole workbench as a person reads it. */
  bodyText(): Promise<string> {
    return this.page.evaluate(() => document.body.innerText);
  }

  async pressEscape(times = 1): Promise<void> {
    for (let i = 0; i < times; i++) await this.page.keyboard.press('Escape');
  }

  // ---------------------------------------------------------------- command palette / quick input

  private async quickInputVisible(): Promise<boolean> {
    return this.page.locator(Q.quickInput).isVisible();
  }

  /** Opens the command palette with `filter` typed after the `>`. */
  async openCommandPalette(filter = ''): Promise<void> {
    if (await this.quickInputVisible()) await this.pressEscape();
    await this.page.locator('.monaco-workbench').focus().catch(() => undefined);
    await this.page.keyboard.press('F1');
    const input = this.page.locator(Q.quickInputBox);
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${filter}`);
    await this.waitForQuickInputSettled();
  }

  private async waitForQuickInputSettled(): Promise<void> {
    // The list re-renders after each keystroke; wait for two equal readings.
    let prev = '';
    await waitFor(
      async () => {
        const now = JSON.stringify(await this.visibleQuickItems());
        const same = now === prev;
        prev = now;
        return same;
      },
      { timeout: 5000, interval: 120, message: 'quick input list to settle' },
    ).catch(() => undefined);
  }

  /** Label of each visible quick-input row (the row's aria-label adds ", recently used" etc., so read the label). */
  private visibleQuickItems(): Promise<string[]> {
    return this.page.$$eval(Q.quickRows, (rows) =>
      rows
        .map((r) => ({
          i: Number(r.getAttribute('data-index')),
          l: (r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? '').trim(),
        }))
        .sort((a, b) => a.i - b.i)
        .map((x) => x.l),
    );
  }

  private quickRow(label: string): Locator {
    return this.page
      .locator(Q.quickRows, { has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`) }) })
      .first();
  }

  /** All items of the open quick input (scrolls through the virtualized list). */
  async quickInputItems(): Promise<string[]> {
    const all = new Map<number, string>();
    const read = async (): Promise<void> => {
      const rows = await this.page.$$eval(Q.quickRows, (rs) =>
        rs.map(
          (r) =>
            [Number(r.getAttribute('data-index')), (r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? '').trim()] as [
              number,
              string,
            ],
        ),
      );
      for (const [i, l] of rows) all.set(i, l);
    };
    await read();
    const setsize = await this.page
      .$eval(Q.quickRows, (r) => Number(r.getAttribute('aria-setsize') ?? 0))
      .catch(() => 0);
    for (let guard = 0; all.size < setsize && guard < 50; guard++) {
      await this.page.locator(`${Q.quickInput} .quick-input-list .monaco-list`).hover();
      await this.page.mouse.wheel(0, 200);
      await this.page.waitForTimeout(80);
      await read();
    }
    return [...all.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  }

  /** Labels ("Category: Title") of the commands the palette shows for `filter`; closes the palette. */
  async commandPaletteItems(filter: string): Promise<string[]> {
    await this.openCommandPalette(filter);
    const items = await this.quickInputItems();
    await this.pressEscape();
    return items;
  }

  /**
   * Runs a command by its palette label, e.g. "Confluence: Refresh" (exact match on the row label;
   * a label without a category matches any category).
   */
  async runCommand(label: string): Promise<void> {
    await this.openCommandPalette(label);
    const exact = new RegExp(`^(?:[^:]+: )?${escapeRe(label)}$`);
    let rows: string[] = [];
    const target = await waitFor(
      async () => {
        rows = await this.visibleQuickItems();
        return rows.find((l) => l === label || exact.test(l));
      },
      { timeout: 5000, message: `command "${label}" in the palette` },
    ).catch(async () => {
      await this.pressEscape();
      throw new Error(`command "${label}" is not in the palette; it shows: ${JSON.stringify(rows)}`);
    });
    await this.quickRow(target).click();
  }

  /** State of the open quick pick / input box (e.g. what a command asks), or undefined when none is open. */
  async quickInput(): Promise<QuickInputState | undefined> {
    if (!(await this.quickInputVisible())) return undefined;
    return {
      ...(await this.page.$eval(Q.quickInput, (w) => {
        const input = w.querySelector('.quick-input-box input') as HTMLInputElement | null;
        return {
          title: (w.querySelector('.quick-input-title')?.textContent ?? '').trim(),
          placeholder: input?.placeholder ?? '',
          value: input?.value ?? '',
          message: (w.querySelector('.quick-input-message')?.textContent ?? '').trim(),
          isPassword: input?.type === 'password',
        };
      })),
      items: await this.visibleQuickItems(),
    };
  }

  /** Waits for a quick input (e.g. showInputBox / showQuickPick) whose title, placeholder or prompt matches. */
  waitForQuickInput(match: RegExp, timeout = 15_000): Promise<QuickInputState> {
    return waitFor(
      async () => {
        const q = await this.quickInput();
        return q && match.test(`${q.title}\n${q.placeholder}\n${q.message}`) ? q : undefined;
      },
      { timeout, message: `quick input matching ${match}` },
    );
  }

  /** Types into the open input box and presses Enter. */
  async submitQuickInput(text: string): Promise<void> {
    const input = this.page.locator(Q.quickInputBox);
    await input.fill(text);
    await input.press('Enter');
  }

  /** Picks an item of the open quick pick by its label (exact, or a RegExp). */
  async pickQuickItem(label: string | RegExp): Promise<void> {
    const matches = (l: string): boolean => (typeof label === 'string' ? l === label : label.test(l));
    const target = await waitFor(async () => (await this.visibleQuickItems()).find(matches), { message: `quick pick item ${label}` });
    await this.quickRow(target).click();
  }

  // ---------------------------------------------------------------- status bar

  async statusBarItems(): Promise<StatusBarItem[]> {
    return this.page.$$eval(Q.statusItems, (items) =>
      items
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({
          id: el.id,
          text: ((el.querySelector('.statusbar-item-label') as HTMLElement | null)?.innerText ?? '').trim(),
          ariaLabel: el.getAttribute('aria-label') ?? '',
          side: el.classList.contains('right') ? ('right' as const) : ('left' as const),
        })),
    );
  }

  /** The whole status bar as text. */
  statusBarText(): Promise<string> {
    return this.page.locator('#workbench\\.parts\\.statusbar').innerText();
  }

  /** The status-bar item whose id contains `idPart` (extension items: `<publisher>.<name>.<id>`) or whose text/aria-label matches. */
  async statusBarItem(match: string | RegExp): Promise<StatusBarItem | undefined> {
    const items = await this.statusBarItems();
    return items.find((i) =>
      typeof match === 'string' ? i.id.includes(match) : match.test(i.text) || match.test(i.ariaLabel),
    );
  }

  async clickStatusBarItem(match: string | RegExp): Promise<void> {
    const item = await waitFor(() => this.statusBarItem(match), { message: `status-bar item ${match}` });
    await this.page.locator(`[id="${item.id}"] .statusbar-item-label`).click();
  }

  // ---------------------------------------------------------------- notifications and dialogs

  /** Every notification shown since the page loaded, oldest first (toasts hide after ~15 s; this keeps them). */
  notifications(): Promise<Notification[]> {
    return this.page.evaluate(() => (window as unknown as { __e2eNotifications?: Notification[] }).__e2eNotifications ?? []);
  }

  /** Waits for a notification whose message matches; returns it. */
  waitForNotification(match: RegExp, timeout = 20_000): Promise<Notification> {
    return waitFor(async () => (await this.notifications()).find((n) => match.test(n.message)), {
      timeout,
      message: `notification matching ${match}`,
    });
  }

  /** Clicks a button of the visible notification toast whose message matches. */
  async clickNotificationButton(message: RegExp, button: string): Promise<void> {
    const toast = this.page.locator('.notification-toast-container .notification-list-item', { hasText: message });
    await toast.first().locator('.monaco-button', { hasText: button }).first().click();
  }

  /** The open modal dialog, or undefined. */
  async dialog(): Promise<Dialog | undefined> {
    const box = this.page.locator(Q.dialog);
    if (!(await box.isVisible())) return undefined;
    return box.evaluate((b) => ({
      message: (b.querySelector('.dialog-message-text')?.textContent ?? '').trim(),
      detail: (b.querySelector('.dialog-message-detail')?.textContent ?? '').trim(),
      buttons: Array.from(b.querySelectorAll('.dialog-buttons .monaco-button')).map((x) => (x.textContent ?? '').trim()),
    }));
  }

  waitForDialog(match: RegExp = /./, timeout = 15_000): Promise<Dialog> {
    return waitFor(async () => {
      const d = await this.dialog();
      return d && match.test(`${d.message}\n${d.detail}`) ? d : undefined;
    }, { timeout, message: `modal dialog matching ${match}` });
  }

  async clickDialogButton(label: string): Promise<void> {
    await this.page.locator(`${Q.dialog} .dialog-buttons .monaco-button`, { hasText: new RegExp(`^${escapeRe(label)}$`) }).first().click();
  }

  // ---------------------------------------------------------------- views and trees

  /** Opens a view container from the activity bar by its title (e.g. "Confluence"). */
  async openViewContainer(title: string): Promise<void> {
    // The <li> (not the <a>): a badge ("6 documents to publish") sits on top of the icon.
    const item = this.page.locator(`#workbench\\.parts\\.activitybar li.action-item:has(> a[aria-label^="${title}"])`).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    const checked = await item.evaluate((li) => li.classList.contains('checked'));
    if (!checked) await item.click();
    await this.page.locator(`.composite.viewlet[id^="workbench.view"]`).first().waitFor({ state: 'visible' });
  }

  /** Activity-bar entries (aria-labels), e.g. to check the container is there. */
  activityBarItems(): Promise<string[]> {
    return this.page.$$eval('#workbench\\.parts\\.activitybar .action-item a[aria-label]', (as) => as.map((a) => a.getAttribute('aria-label') ?? ''));
  }

  /** The pane of a view, by view id (`confluence.docs`) or name (`Docs`). The view must be open. */
  viewPane(view: string): Locator {
    const byId = `.pane:has(.pane-header .icon.view-${view.replace(/\./g, '-')})`;
    const byName = `.pane:has(.monaco-list[role="tree"][aria-label="${view}"])`;
    return this.page.locator(`${byId}, ${byName}`).first();
  }

  /** Visible rows of a tree view (virtualized: only what is on screen). */
  async treeItems(view: string): Promise<TreeItem[]> {
    const pane = this.viewPane(view);
    if ((await pane.count()) === 0) return [];
    return pane.locator('.monaco-list-row').evaluateAll((rows) =>
      rows
        .map((r) => ({
          index: Number(r.getAttribute('data-index')),
          label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
          ariaLabel: r.getAttribute('aria-label') ?? '',
          level: Number(r.getAttribute('aria-level') ?? 1),
          expanded: r.hasAttribute('aria-expanded') ? r.getAttribute('aria-expanded') === 'true' : undefined,
          selected: r.classList.contains('selected'),
        }))
        .sort((a, b) => a.index - b.index)
        .map(({ index: _i, ...rest }) => rest),
    );
  }

  /** Waits until the tree view shows at least one row (or `predicate` holds) and returns the rows. */
  waitForTreeItems(view: string, predicate: (items: TreeItem[]) => boolean = (i) => i.length > 0, timeout = 20_000): Promise<TreeItem[]> {
    return waitFor(async () => {
      const items = await this.treeItems(view);
      return predicate(items) ? items : undefined;
    }, { timeout, message: `tree ${view} rows` });
  }

  private treeRow(view: string, label: string): Locator {
    return this.viewPane(view).locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`) }) }).first();
  }

  async clickTreeItem(view: string, label: string): Promise<void> {
    await this.treeRow(view, label).click();
  }

  /** Opens the context menu of a tree row and returns its entries (press Escape to close, or use clickContextMenuItem). */
  async treeItemContextMenu(view: string, label: string): Promise<string[]> {
    await this.treeRow(view, label).click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'visible', timeout: 5000 });
    return menu.locator('.action-label').evaluateAll((xs) => xs.map((x) => (x.textContent ?? '').trim()).filter(Boolean));
  }

  async clickContextMenuItem(label: string): Promise<void> {
    await this.page.locator('.context-view .monaco-menu .action-label', { hasText: new RegExp(`^${escapeRe(label)}$`) }).first().click();
  }

  /** Inline action buttons of a tree row (aria-labels), shown on hover. */
  async treeItemActions(view: string, label: string): Promise<string[]> {
    const row = this.treeRow(view, label);
    await row.hover();
    return row.locator('.actions .action-label').evaluateAll((xs) => xs.map((x) => x.getAttribute('aria-label') ?? ''));
  }

  /** Text and buttons of a view's welcome content (viewsWelcome), or undefined when the view shows none. */
  async welcomeView(view: string): Promise<{ text: string; buttons: string[] } | undefined> {
    const content = this.viewPane(view).locator('.welcome-view-content');
    if ((await content.count()) === 0 || !(await content.isVisible())) return undefined;
    const text = (await content.innerText()).trim();
    if (!text) return undefined;
    const buttons = await content.locator('.monaco-button').evaluateAll((bs) => bs.map((b) => (b.textContent ?? '').trim()));
    return { text, buttons };
  }

  /** Title-bar actions of a view (aria-labels), e.g. ["Refresh", "More Actions..."]. */
  async viewTitleActions(view: string): Promise<string[]> {
    const pane = this.viewPane(view);
    const merged = await pane.evaluate((p) => p.classList.contains('merged-header'));
    // A container with a single view shows that view's actions in the side bar's title instead of the pane header.
    const actions = merged
      ? this.page.locator('#workbench\\.parts\\.sidebar .composite.title .title-actions .action-label')
      : pane.locator('.pane-header .actions .action-label');
    return actions.evaluateAll((xs) => xs.map((x) => x.getAttribute('aria-label') ?? '').filter(Boolean));
  }

  async clickViewTitleAction(view: string, label: string): Promise<void> {
    const pane = this.viewPane(view);
    const merged = await pane.evaluate((p) => p.classList.contains('merged-header'));
    const scope = merged ? this.page.locator('#workbench\\.parts\\.sidebar .composite.title .title-actions') : pane.locator('.pane-header .actions');
    await scope.locator(`.action-label[aria-label="${label}"]`).first().click();
  }

  // ---------------------------------------------------------------- editors

  /** Opens a workspace file by its relative path through Quick Open (Ctrl+P), like a person would. */
  async openFile(relativePath: string): Promise<void> {
    if (await this.quickInputVisible()) await this.pressEscape();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator(Q.quickInputBox);
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    const base = path.posix.basename(relativePath);
    await waitFor(async () => (await this.visibleQuickItems()).some((l) => l.includes(base)), { message: `quick open shows ${relativePath}` });
    await this.page.waitForTimeout(200);
    await input.press('Enter');
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${base}"]`).waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.locator(Q.activeEditor).first().waitFor({ state: 'visible' });
  }

  /** Title of the active editor tab. */
  async activeEditorTitle(): Promise<string | undefined> {
    const tab = this.page.locator('.editor-group-container.active .tabs-container .tab.active').first();
    return (await tab.count()) ? (await tab.getAttribute('aria-label')) ?? undefined : undefined;
  }

  /** Labels of the open editor tabs. */
  editorTabs(): Promise<string[]> {
    return this.page.$$eval('.tabs-container .tab', (ts) => ts.map((t) => t.getAttribute('aria-label') ?? ''));
  }

  /** Types at the end of the active editor (settings turn auto-closing and suggestions off). */
  async typeInEditor(text: string, where: 'end' | 'start' | 'cursor' = 'end'): Promise<void> {
    await this.page.locator(`${Q.activeEditor} .view-lines`).first().click();
    if (where === 'end') await this.page.keyboard.press('Control+End');
    if (where === 'start') await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.type(text, { delay: 5 });
  }

  async saveActiveEditor(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await waitFor(async () => !(await this.page.locator('.tabs-container .tab.active.dirty').count()), { message: 'editor saved' });
  }

  /** Visible text of the active text editor (virtualized: what is on screen). */
  activeEditorText(): Promise<string> {
    return this.page.$eval(`${Q.activeEditor} .view-lines`, (el) =>
      Array.from(el.querySelectorAll('.view-line'))
        .map((l) => ({ top: parseFloat((l as HTMLElement).style.top || '0'), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text)
        .join('\n'),
    );
  }

  // ---------------------------------------------------------------- webviews, panel, problems

  /** Frames of the open webviews (e.g. a preview) that have content; use `frame.locator(...)` on them. */
  async webviewFrames(): Promise<Frame[]> {
    const out: Frame[] = [];
    for (const f of this.page.frames()) {
      if (f === this.page.mainFrame()) continue;
      // VS Code nests the extension's HTML in an inner frame of the webview's index.html (which has no text).
      const hasText = await f.evaluate(() => (document.body?.innerText ?? '').trim().length).catch(() => 0);
      if (hasText) out.push(f);
    }
    return out;
  }

  /** Text of the first webview that contains `match`. */
  waitForWebviewText(match: RegExp, timeout = 20_000): Promise<string> {
    return waitFor(async () => {
      for (const f of await this.webviewFrames()) {
        const t = await f.evaluate(() => document.body.innerText).catch(() => '');
        if (match.test(t)) return t;
      }
      return undefined;
    }, { timeout, message: `webview text ${match}` });
  }

  /** Text of the visible panel (Output, Problems, ...). */
  async panelText(): Promise<string> {
    const panel = this.page.locator('#workbench\\.parts\\.panel');
    return (await panel.isVisible()) ? panel.innerText() : '';
  }

  /** Problems panel rows (aria-labels), opening the panel with Ctrl+Shift+M. */
  async problems(): Promise<string[]> {
    const panel = this.page.locator('#workbench\\.parts\\.panel .markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible' });
    await this.page.waitForTimeout(300);
    return panel.locator('.monaco-list-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? ''));
  }
}
