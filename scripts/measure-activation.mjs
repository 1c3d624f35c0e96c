#!/usr/bin/env node
// Times what VS Code counts as activation of the extension: loading dist/extension.js and calling activate(), with a
// minimal stand-in for the `vscode` module (every API is a no-op that returns another no-op). Then times the deferred
// bundles (converter, secrets, storage) the first preview/diagnostics/publish loads.
//   node scripts/measure-activation.mjs [dist/extension.js] [--runs N]
// Each run is a fresh Node process (a cold require cache, as in a new extension host).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Module from 'node:module';
import path from 'node:path';

function stub() {
  const cache = new Map();
  const make = (name) => {
    if (cache.has(name)) return cache.get(name);
    const fn = function () {};
    const set = new Map();
    const p = new Proxy(fn, {
      set: (_t, key, value) => (set.set(key, value), true),
      get(_t, key) {
        if (set.has(key)) return set.get(key);
        if (key === 'then') return undefined;
        if (key === Symbol.iterator) return function* () {};
        if (key === Symbol.toPrimitive) return () => '';
        if (key === 'event') return () => ({ dispose() {} });
        if (key === 'dispose') return () => {};
        if (key === 'get') return (_k, def) => def;
        if (key === 'fire') return () => {};
        if (key === 'version') return 'stub';
        return make(`${name}.${String(key)}`);
      },
      apply: () => make(`${name}()`),
      // A subclass (class X extends vscode.Disposable) keeps its own fields; unknown members fall back to no-ops.
      construct: (_t, _args, newTarget) => Reflect.construct(function () {}, [], newTarget),
    });
    cache.set(name, p);
    return p;
  };
  const vscode = make('vscode');
  const names = ['CancellationTokenSource', 'ConfigurationTarget', 'Diagnostic', 'DiagnosticSeverity', 'Disposable', 'EventEmitter',
    'Position', 'ProgressLocation', 'QuickPickItemKind', 'Range', 'StatusBarAlignment', 'ThemeColor', 'ThemeIcon', 'TreeItem',
    'TreeItemCollapsibleState', 'Uri', 'ViewColumn', 'commands', 'env', 'l10n', 'languages', 'window', 'extensions', 'tasks'];
  const api = { version: 'stub' };
  for (const n of names) api[n] = vscode[n];
  api.workspace = new Proxy({}, { get: (_a, k) => (k === 'workspaceFolders' || k === 'textDocuments' ? [] : k === 'getConfiguration' ? () => ({ get: (_k, d) => d, inspect: () => undefined }) : vscode.workspace[k]) });
  return api;
}

async function once(bundle) {
  const vscode = stub();
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  Module._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
  const context = new Proxy({ subscriptions: [], extensionUri: vscode.Uri, secrets: vscode.env, // any no-op object
    workspaceState: { get: (_k, d) => d, update: async () => {} }, globalState: { get: (_k, d) => d, update: async () => {} } },
  { get: (t, k) => (k in t ? t[k] : vscode.env[k]) });
  const require = Module.createRequire(import.meta.url);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ext = require(path.resolve(bundle));
  const t1 = performance.now();
  ext.activate(context);
  const t2 = performance.now();
  // CPU time of the same span (user + system): what a loaded machine does not inflate as much as the wall time.
  const cpu = process.cpuUsage(cpu0);
  const loadedBefore = Object.keys(require.cache).filter((f) => f.includes('/dist/')).map((f) => path.basename(f));
  return { load: t1 - t0, activate: t2 - t1, total: t2 - t0, cpu: (cpu.user + cpu.system) / 1000, bundles: loadedBefore };
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  try {
    process.stdout.write(JSON.stringify(await once(args[1])));
  } catch (e) {
    process.stderr.write(`measure-activation: ${String(e?.stack ?? e).split('\n').map((l) => l.slice(0, 300)).slice(0, 8).join('\n')}\n`);
    process.exit(1);
  }
  process.exit(0);
}
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const bundle = args.find((a) => a.endsWith('.js')) ?? 'dist/extension.js';
const results = [];
for (let i = 0; i < runs; i++) {
  results.push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', bundle], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })));
}
const med = (k) => results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs / 2)].toFixed(1);
const spread = (k) => { const v = results.map((r) => r[k]); return `${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)}`; };
console.log(`activation of ${bundle} (median of ${runs} fresh processes): load ${med('load')} ms + activate() ${med('activate')} ms = ${med('total')} ms (spread ${spread('total')} ms), CPU ${med('cpu')} ms (spread ${spread('cpu')} ms); bundles loaded: ${results[0].bundles.join(', ')}`);
