/**
 * The space of a workspace that names none (no --space, CONFLUENCE_SPACE or `space:`): the mapping file records the
 * space of every page it published, so when it names exactly one, that is the space (and we say so). Several spaces
 * are ambiguous: the user must choose.
 */
import { join } from 'node:path';
import { MappingFile, type WorkspaceConfig } from '../core';

export function spacesInMapping(root: string, config: WorkspaceConfig): string[] {
  try {
    const mapping = MappingFile.load(join(root, config.mappingFile), config.mappingFile);
    return [...new Set(mapping.all().map(([, e]) => e.space).filter((s) => typeof s === 'string' && s.trim() !== ''))].sort();
  } catch {
    return []; // a broken mapping file is reported by the command that reads it
  }
}
