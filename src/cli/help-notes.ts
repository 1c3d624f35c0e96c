/**
 * Help text about which files are never published, shared by the commands that read the docs tree. Added after the
 * commands are registered, so each command module stays about its own options.
 */
import type { Command } from 'commander';

const NEVER_PUBLISHED =
  `\nFiles never published: *.secrets.md anywhere (secretExclude: files meant to hold secrets, left out whatever\n` +
  `the include globs say), plus the exclude globs (default: node_modules, hidden folders, *.secrets.md). Change the\n` +
  `lists with include:, exclude: and secretExclude: in .confluence.yml; \`confluence status --all\` lists excluded files.\n`;

const NOTES: Record<string, string> = {
  sync: NEVER_PUBLISHED,
  publish: NEVER_PUBLISHED,
  plan: NEVER_PUBLISHED,
  render:
    `\nRender follows the publish rules: files sync never publishes (*.secrets.md, the exclude/secretExclude globs of\n` +
    `.confluence.yml, hidden folders, node_modules) are skipped with a note, naming one explicitly is refused, and\n` +
    `links to them do not resolve.\n`,
  scan:
    `\nFolders are scanned without their *.secrets.md files (meant to hold secrets, never published); a file named\n` +
    `explicitly is scanned whatever its name.\n`,
};

export function addPublishRuleHelp(program: Command): void {
  for (const cmd of program.commands) {
    const note = NOTES[cmd.name()];
    if (note) cmd.addHelpText('after', note);
  }
}
