/** `confluence status`: offline per-file state from the mapping file and content hashes (no network). */
import type { Command } from 'commander';
import { computeLocalStatusAsync, ConversionCache, defaultSecretScanner, nodeFileSystem, screenLocalStatus } from '../../core';
import { cliDiagramRenderers } from '../diagrams';
import type { CliIO } from '../context';
import { addCommonOptions, guardAsync, openWorkspace, type CommonOptions } from '../session';
import type { CommandModule } from './index';

const WORD: Record<string, string> = { 'in-sync': 'in sync', changed: 'changed', new: 'new', excluded: 'excluded', error: 'error' };

export const statusCommand: CommandModule = {
  register(program: Command, io: CliIO) {
    addCommonOptions(
      program
        .command('status')
        .description('Show which docs changed since the last publish (offline: mapping file + content hashes)')
        .option('--all', 'also list files that are in sync or excluded'),
      ['space', 'json'],
    ).action(async (opts: CommonOptions & { all?: boolean }) => {
      const ws = openWorkspace(io, opts);
      // the renderers name the render cache's entries; none is started (offline, cache only)
      const diagrams = cliDiagramRenderers(ws.config.diagrams, io.env, ws.root);
      // documents unchanged since the last publish or status are not even read: their title and hash come from the
      // document index (.confluence/cache/documents-*.json), checked against each file's identity on disk
      const cache = new ConversionCache({ disk: { fs: nodeFileSystem, root: ws.root }, index: true });
      const local = await guardAsync(() => computeLocalStatusAsync(ws.root, ws.config, nodeFileSystem, undefined, { cache, diagrams }));
      const rows = await screenLocalStatus(local, defaultSecretScanner(ws.root, nodeFileSystem, cache.cleanScans));
      await cache.flush();
      const summary: Record<string, number> = {};
      for (const r of rows) summary[r.state] = (summary[r.state] ?? 0) + 1;
      if (opts.json) {
        io.stdout(JSON.stringify({ files: rows.map((r) => ({ file: r.file, title: r.title, state: r.state, pageId: r.entry?.page_id, message: r.message })), summary }, null, 2) + '\n');
        return;
      }
      for (const r of rows) {
        if (!opts.all && (r.state === 'in-sync' || r.state === 'excluded')) continue;
        io.stdout(`${WORD[r.state].padEnd(9)}  ${r.file}  "${r.title}"${r.message ? `\n           ${r.message}` : ''}\n`);
      }
      const parts = Object.entries(summary).map(([k, n]) => `${n} ${WORD[k]}`);
      io.stdout(`${ws.config.docsRoot === '.' ? '.' : ws.config.docsRoot + '/'}: ${parts.join(', ') || 'no documents'} (mapping: ${ws.config.mappingFile})\n`);
    });
  },
};
