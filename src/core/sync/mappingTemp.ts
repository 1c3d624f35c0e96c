import { basename, dirname, join } from 'node:path';
import type { FileSystem } from '../files/fileSystem';
import { processAlive } from './runLock';

/**
 * Removes temp files of the mapping file left by runs that were killed between writing the temp file and renaming
 * it (the file is written whole, then renamed): `.<mapping>.<pid>.<random>.tmp` (the file-system port's atomic
 * write) and `<mapping>.<pid>.tmp` (older versions). Only files of processes that no longer run on this machine are
 * removed; a file of a live process (another run saving right now) is left alone.
 */
export function removeStaleTempFiles(mappingPath: string, fs: FileSystem): void {
  const dir = dirname(mappingPath);
  let names: string[];
  try {
    names = fs.list(dir).map((e) => e.name);
  } catch {
    return; // no folder yet
  }
  for (const name of names) {
    const pid = tempFilePid(basename(mappingPath), name);
    if (pid === undefined || pid === process.pid || processAlive(pid)) continue;
    try {
      fs.remove(join(dir, name));
    } catch {
      /* gone already, or not ours to remove */
    }
  }
}

/** The pid in a temp file name of `file`, or undefined when `name` is not one. */
function tempFilePid(file: string, name: string): number | undefined {
  let pid: string | undefined;
  if (name.startsWith(`.${file}.`) && name.endsWith('.tmp')) {
    pid = /^(\d+)\.[0-9a-f]+$/.exec(name.slice(file.length + 2, -'.tmp'.length))?.[1];
  } else if (name.startsWith(`${file}.`) && name.endsWith('.tmp')) {
    pid = name.slice(file.length + 1, -'.tmp'.length);
  }
  const n = Number(pid);
  return pid && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
