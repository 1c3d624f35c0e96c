/** `confluence mapping rebuild`: recreate the mapping file from the pages' docs-to-confluence property. */
import type { Command } from 'commander';
import { nodeFileSystem, rebuildMapping } from '../../core';
import type { CliIO } from '../context';
import { addCommonOptions, connect, guardAsync, openWorkspace, requireSpace, type CommonOptions } from '../session';
import type { CommandModule } from './index';

export const mappingCommand: CommandModule = {
  register(program: Command, io: CliIO) {
    const mapping = program.command('mapping').description('Work with the mapping file (docs/.confluence-mapping.json)');
    mapping.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    addCommonOptions(
      mapping
        .command('rebuild')
        .description('Rebuild the mapping file from Confluence: every page under the root page that this tool published'),
      ['space', 'concurrency', 'json', 'dry-run', 'verbose'],
    ).action(async (opts: CommonOptions) => {
      const ws = openWorkspace(io, opts);
      requireSpace(ws.config);
      const api = await connect(io, ws, opts);
      const r = await guardAsync(() => rebuildMapping(api, ws.root, ws.config, { dryRun: opts.dryRun, fs: nodeFileSystem }));
      if (opts.json) {
        io.stdout(JSON.stringify({ mappingFile: ws.config.mappingFile, ...r, dryRun: Boolean(opts.dryRun) }, null, 2) + '\n');
        return;
      }
      io.stdout(
        `${opts.dryRun ? 'Would write' : 'Wrote'} ${ws.config.mappingFile}: ${r.recovered} page(s) recovered from ${r.scanned} under "${ws.config.rootPageTitle}"` +
          `${r.kept ? `, ${r.kept} old entr${r.kept === 1 ? 'y' : 'ies'} kept` : ''}${r.backup ? ` (previous file saved as ${ws.config.mappingFile}.bak)` : ''}\n`,
      );
    });
  },
};
