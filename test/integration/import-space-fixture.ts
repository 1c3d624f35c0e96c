/**
 * A space written by hand in storage format (as the Confluence editor saves it, not by our converter), for the import
 * tests: 4 levels, 44 pages, panels, code macros, tables, task lists, images and a PDF, links between pages and to
 * headings, a Jira macro, user mentions, status, an unknown macro, labels, and one likely secret.
 */
import type { ConfluenceApi, Page } from '../../src/core/confluence/types';

export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
export const LOGO = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 9, 9, 9, 9, 0, 255]);
export const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0]), Buffer.from('\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')]);
/** Token-shaped, not a documented example: the scanner flags it. */
export const SECRET = ['ghp', 'R8x2Lq9ZtV4mWn7Kp3Ys6Hd1Jf5Gc0Ab8Ue2'].join('_');

export interface SeededSpace {
  root: Page;
  outside: Page;
  byTitle: Map<string, Page>;
}

const info = (body: string, title?: string) =>
  `<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="1f0c2a9e-0001">${title ? `<ac:parameter ac:name="title">${title}</ac:parameter>` : ''}<ac:rich-text-body>${body}</ac:rich-text-body></ac:structured-macro>`;
const warning = (body: string) => `<ac:structured-macro ac:name="warning" ac:schema-version="1"><ac:rich-text-body>${body}</ac:rich-text-body></ac:structured-macro>`;
const code = (lang: string, text: string) =>
  `<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">${lang}</ac:parameter><ac:plain-text-body><![CDATA[${text}]]></ac:plain-text-body></ac:structured-macro>`;
const jira = (key: string) =>
  `<ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="server">System JIRA</ac:parameter><ac:parameter ac:name="key">${key}</ac:parameter></ac:structured-macro>`;
const status = (title: string) =>
  `<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">${title}</ac:parameter></ac:structured-macro>`;
const task = (id: number, done: boolean, body: string) =>
  `<ac:task><ac:task-id>${id}</ac:task-id><ac:task-status>${done ? 'complete' : 'incomplete'}</ac:task-status><ac:task-body>${body}</ac:task-body></ac:task>`;
const pageLink = (title: string, text: string, anchor?: string) =>
  `<ac:link${anchor ? ` ac:anchor="${anchor}"` : ''}><ri:page ri:content-title="${title}" /><ac:plain-text-link-body><![CDATA[${text}]]></ac:plain-text-link-body></ac:link>`;

/** Creates the space's tree under the homepage with the client (the local server's API). */
export async function seedHandWrittenSpace(api: ConfluenceApi, flavor: 'cloud' | 'datacenter'): Promise<SeededSpace> {
  const space = await api.getSpace('DOCS');
  const byTitle = new Map<string, Page>();
  const create = async (title: string, parent: Page | string, body: string, labels: string[] = []): Promise<Page> => {
    const p = await api.createPage({ spaceId: space.id, title, parentId: typeof parent === 'string' ? parent : parent.id, body });
    if (labels.length) await api.addLabels(p.id, labels);
    byTitle.set(title, p);
    return p;
  };
  const mention = flavor === 'cloud' ? '<ri:user ri:account-id="557058:demo-0000-0000-0000-000000000001" />' : '<ri:user ri:userkey="402880824ff933a4014ff9345d7c0002" />';

  const outside = await create('Outside Page', space.homepageId!, '<p>Not part of the handbook.</p>');
  const root = await create(
    'Team Handbook',
    space.homepageId!,
    `<p>Welcome. Start with ${pageLink('Laptop Setup', 'your laptop')} and read the ${pageLink('Deploy', 'rollback steps', 'Rollback-steps')}.</p>${info('<p>Ask in #team-chat.</p>')}`,
    ['handbook'],
  );
  const eng = await create('Engineering', root, '<h2>How we work</h2><p>Small changes, reviewed.</p>');
  const onboarding = await create('Onboarding', eng, `<p>Owner: <ac:link>${mention}</ac:link></p>`);
  const laptop = await create(
    'Laptop Setup',
    onboarding,
    `<h2>Install tools</h2>${code('bash', 'brew install node\nnpm ci')}<ac:task-list>${task(1, true, 'Get a laptop')}${task(2, false, 'Install tools')}</ac:task-list>` +
      `<p><ac:image ac:width="300"><ri:attachment ri:filename="laptop.png" /></ac:image></p><h2>Next steps</h2><p>Done.</p>`,
    ['onboarding', 'setup'],
  );
  await api.uploadAttachment({ pageId: laptop.id, fileName: 'laptop.png', data: PNG, mediaType: 'image/png' });
  await create(
    'Accounts',
    onboarding,
    `<table><tbody><tr><th>System</th><th>Who</th></tr><tr><td>Git</td><td><ac:link>${mention}</ac:link></td></tr><tr><td>CI</td><td>${jira('OPS-42')}</td></tr></tbody></table>` +
      `<p>First ${pageLink('Laptop Setup', 'install the tools', 'Install-tools')}.</p>`,
  );
  const services = await create('Services', eng, '<p>Every service we run.</p>');
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    const s = await create(
      `Service ${n}`,
      services,
      `<p><ac:image><ri:attachment ri:filename="logo.png" /></ac:image></p><h2>Run it</h2>${code(i % 2 ? 'java' : 'python', `run service-${n}`)}<p>Tracked in ${jira(`SVC-${i}`)}.</p>`,
    );
    await api.uploadAttachment({ pageId: s.id, fileName: 'logo.png', data: LOGO, mediaType: 'image/png' });
  }
  const ops = await create('Operations', root, `<p>Status: ${status('LIVE')}</p>`);
  const runbooks = await create('Runbooks', ops, '<p>When things break.</p>');
  for (let i = 1; i <= 12; i++) {
    const n = String(i).padStart(2, '0');
    await create(
      `Runbook ${n}`,
      runbooks,
      `${warning(`<p>Page the on-call for incident type ${n}.</p>`)}<table><tbody><tr><th>Step</th><th>Action</th></tr><tr><td>1</td><td>Check dashboards</td></tr></tbody></table>` +
        (i === 1 ? '<ac:structured-macro ac:name="roadmap-planner" ac:schema-version="1"><ac:parameter ac:name="source">%7B%22lanes%22%3A%5B%5D%7D</ac:parameter></ac:structured-macro>' : '') +
        `<p>See ${pageLink('Deploy', 'deploying', 'Rollback-steps')}.</p>`,
    );
  }
  const deploy = await create(
    'Deploy',
    ops,
    `<h2>Ship it</h2>${code('bash', './deploy.sh prod')}<h2>Rollback steps</h2><p>Read the <ac:link><ri:attachment ri:filename="guide.pdf" /><ac:plain-text-link-body><![CDATA[rollback guide]]></ac:plain-text-link-body></ac:link>.</p>`,
    ['ops'],
  );
  await api.uploadAttachment({ pageId: deploy.id, fileName: 'guide.pdf', data: PDF, mediaType: 'application/pdf' });
  await create('FAQ', root, `<p>Also see ${pageLink('Outside Page', 'the old wiki')}.</p>${info('<p>Short answers.</p>', 'Tip')}`);
  await create('Credentials', ops, `<p>CI token:</p>${code('bash', `export GITHUB_TOKEN=${SECRET}`)}`);
  return { root, outside, byTitle };
}
