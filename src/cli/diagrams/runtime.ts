import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

// Heavy renderers stay out of dist/cli.js: playwright-core and mermaid's browser bundle are resolved at run time,
// only when a document has a diagram (a name in a variable keeps esbuild from bundling them).
const runtimeRequire = createRequire(__filename);

/** A package's module, or undefined when it is not installed. */
export function loadOptional<T>(name: string): T | undefined {
  try {
    return runtimeRequire(name) as T;
  } catch {
    return undefined;
  }
}

/** Whether a package can be loaded (resolved only, not loaded: cheap enough for `status`). */
export function isInstalled(name: string): boolean {
  try {
    runtimeRequire.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The warning for renderer packages that are not installed. The CLI's npm package declares them as optional peer
 * dependencies (scripts/pack-cli.mjs): installed beside it (globally, or in the project), they are found.
 */
export function missingPackage(names: string[]): string {
  const list = names.join(' ');
  return `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} not installed next to the CLI: npm install -g ${list} (or npm install ${list} in the project)`;
}

/** A file of an installed package (`mermaid/dist/mermaid.min.js`), with the package version, or undefined. */
export function packageFile(pkg: string, file: string): { path: string; version: string } | undefined {
  try {
    const manifest = runtimeRequire.resolve(`${pkg}/package.json`);
    const path = join(dirname(manifest), file);
    if (!existsSync(path)) return undefined;
    return { path, version: String((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? '0') };
  } catch {
    return undefined;
  }
}

const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome', 'msedge'];
const WELL_KNOWN = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

/**
 * The Chromium/Chrome to render with: `diagrams.browser` in .confluence.yml, else CONFLUENCE_BROWSER, else one on
 * the PATH or in a well-known place. `none` (either setting) turns the browser off. Undefined when none is found.
 */
export function findBrowser(configured: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const explicit = configured ?? env.CONFLUENCE_BROWSER;
  if (explicit) return explicit === 'none' ? undefined : explicit;
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env.PATH ?? process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of BROWSER_NAMES) for (const ext of exts) if (existsSync(join(dir, name + ext))) return join(dir, name + ext);
  }
  return WELL_KNOWN.find((p) => existsSync(p));
}
