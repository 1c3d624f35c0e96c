import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Removes `<mapping>.<pid>.tmp` files left by runs that were killed between writing the temp file and renaming it
 * (the file is written whole, then renamed). Only files of processes that no longer run on this machine are
 * removed; a file of a live process (another run saving right now) is left alone.
 */
export function removeStaleTempFiles(mappingPath: string): void {
  const dir = dirname(mappingPath);
  const prefix = `${basename(mappingPath)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder yet
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      /* gone already, or not ours to remove */
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, belongs to someone else
  }
}
