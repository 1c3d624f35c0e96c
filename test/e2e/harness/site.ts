// Helpers shared by specs that publish to the local Confluence server: REST reads/writes to check (and change) what
// Confluence holds, palette commands, sign-in, and "what was shown since" notification checks.
import assert from 'node:assert/strict';
import type { VSCodeSession } from './index';
import { waitFor, type Notification, type Workbench } from './workbench';

interface PageJson {
  id: string;
  title: string;
  version: { number: number };
  body?: { storage?: { value: string } };
}

/** Minimal v2 REST reads/writes against the local server. */
export class Site {
  constructor(private readonly s: VSCodeSession) {}
  private get base(): string {
    return `${this.s.confluence!.url}/wiki`;
  }
  private get auth(): string {
    const c = this.s.confluence!;
    return `Basic ${Buffer.from(`${c.email}:${c.token}`).toString('base64')}`;
  }
  async json<T>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${p}`, {
      method,
      headers: { Authorization: this.auth, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  async pages(): Promise<PageJson[]> {
    const spaces = await this.json<{ results: Array<{ id: string }> }>('GET', '/api/v2/spaces?keys=DOCS');
    const r = await this.json<{ results: PageJson[] }>('GET', `/api/v2/spaces/${spaces.results[0].id}/pages?body-format=storage&limit=250`);
    return r.results;
  }
  async page(title: string): Promise<{ id: string; title: string; version: { number: number }; body: string } | undefined> {
    const p = (await this.pages()).find((x) => x.title === title);
    return p ? { ...p, body: p.body?.storage?.value ?? '' } : undefined;
  }
  async editPage(title: string, append: string): Promise<void> {
    const p = await this.page(title);
    assert.ok(p, `page ${title} exists`);
    await this.json('PUT', `/api/v2/pages/${p.id}`, {
      id: p.id, status: 'current', title: p.title,
      body: { representation: 'storage', value: `${p.body}<p>${append}</p>` },
      version: { number: p.version.number + 1, message: 'edited in Confluence' },
    });
  }
}

/** Runs a command from the palette; also matches rows the palette suffixes with ", recently used". */
export async function runCommand(workbench: Workbench, label: string): Promise<void> {
  await workbench.openCommandPalette(label);
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await workbench.pickQuickItem(new RegExp(`^${esc}(,.*)?$`));
}

/** Confluence: Sign In with the local server's demo credentials (SecretStorage starts empty in every session). */
export async function signIn(s: VSCodeSession): Promise<void> {
  const { workbench } = s;
  const c = s.confluence!;
  await runCommand(workbench, 'Confluence: Sign In');
  await workbench.waitForQuickInput(/Address of your Confluence site/);
  await workbench.submitQuickInput(`${c.url}/wiki`);
  await workbench.waitForQuickInput(/Which kind of Confluence site/);
  await workbench.pickQuickItem(/^Confluence Cloud: API token$/);
  await workbench.waitForQuickInput(/E-mail address/);
  await workbench.submitQuickInput(c.email);
  await workbench.waitForQuickInput(/API token/);
  await workbench.submitQuickInput(c.token);
  await workbench.waitForNotification(/Signed in to .* as /);
}

/** A mark in the notification record: `after(mark)` lists only what was shown since. */
export async function notificationMark(workbench: Workbench): Promise<number> {
  return (await workbench.notifications()).length;
}

/** Waits for a notification shown after `mark` whose message matches. */
export function waitForNotificationSince(workbench: Workbench, mark: number, match: RegExp, timeout = 30_000): Promise<Notification> {
  return waitFor(async () => (await workbench.notifications()).slice(mark).find((n) => match.test(n.message)), {
    timeout,
    message: `notification matching ${match}`,
  });
}
