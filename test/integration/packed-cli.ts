/**
 * The CLI as users get it: the npm tarball (scripts/pack-cli.mjs) installed into an empty folder, offline.
 * `CLI_TARBALL` (a .tgz, or a folder holding docs-to-confluence-*.tgz, e.g. `dist` after `npm run package`) tests that
 * artefact; without it a production bundle of the current sources is built and packed into a temporary folder.
 * One install per test process, shared by the test files that need it, removed when the process exits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const REPO = join(__dirname, '../..');

export interface PackedCli {
  /** The .tgz that was installed. */
  tarball: string;
  /** The folder it was installed into (`npm install <tgz>` in an empty project). */
  app: string;
  /** node_modules/.bin/confluence of that folder (the npm bin link, run directly: shebang + mode). */
  bin: string;
  /** The root of the installed package (node_modules/docs-to-confluence). */
  packageDir: string;
  version: string;
}

let installed: Promise<PackedCli> | undefined;

export function packedCli(): Promise<PackedCli> {
  installed ??= install();
  return installed;
}

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function givenTarball(): string | undefined {
  const given = process.env.CLI_TARBALL;
  if (!given) return undefined;
  const path = resolve(REPO, given);
  if (!existsSync(path)) throw new Error(`CLI_TARBALL=${given}: no such file or folder`);
  if (!statSync(path).isDirectory()) return path;
  const found = readdirSync(path).filter((f) => /^docs-to-confluence-.*\.tgz$/.test(f));
  if (found.length !== 1) throw new Error(`CLI_TARBALL=${given}: expected one docs-to-confluence-*.tgz there, found ${found.length} (run npm run package)`);
  return join(path, found[0]);
}

async function install(): Promise<PackedCli> {
  const work = mkdtempSync(join(tmpdir(), 'd2c-packed-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  let tarball = givenTarball();
  if (!tarball) {
    // The production build (scripts/build.mjs options), then the packing script itself.
    const buildScript = pathToFileURL(join(REPO, 'scripts/build.mjs')).href;
    const { bundleOptions } = (await import(buildScript)) as { bundleOptions: (production: boolean) => BuildOptions };
    const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
    const cli = join(work, 'build', 'cli.js');
    await build({
      ...bundleOptions(true),
      logLevel: 'error',
      entryPoints: [join(REPO, 'src/cli/main.ts')],
      outfile: cli,
      banner: { js: '#!/usr/bin/env node' },
      define: { __VERSION__: JSON.stringify(version) },
    });
    sh(process.execPath, [join(REPO, 'scripts/pack-cli.mjs'), '--cli', cli, '--out', work], REPO);
    tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  }
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "name": "tarball-check", "private": true }\n');
  // Offline and with a private cache: it works only because the package declares no dependencies.
  sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', '--cache', join(work, 'npm-cache'), tarball], app);
  const packageDir = join(app, 'node_modules', 'docs-to-confluence');
  const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  return { tarball, app, bin: join(app, 'node_modules', '.bin', 'confluence'), packageDir, version };
}
