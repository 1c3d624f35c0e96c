/**
 * `confluence status` is offline but its lines end up in CI logs like plan lines do: a title or path that holds a
 * likely secret is shown the way the plan shows it (title withheld, the secret part of the path masked).
 * Only what status prints is screened (path and title); bodies are the plan's and the scan's job.
 */
import { fieldText, redactPath, screenPath, WITHHELD_TITLE, type Scan } from './screen';
import type { LocalStatus } from './status';

export async function screenLocalStatus(rows: LocalStatus[], scan: Scan): Promise<LocalStatus[]> {
  return Promise.all(
    rows.map(async (row) => {
      const inPath = await screenPath(row.file, scan);
      // scanned as the plan scans a title: the first status after a publish over 10,000 docs skips 10,000 scans
      const inTitle = row.title ? await scan(fieldText('title', row.title), row.file) : [];
      if (inPath.length === 0 && inTitle.length === 0) return row;
      const file = inPath.length ? redactPath(row.file, inPath) : row.file;
      // A message may quote the file or the title (e.g. a parse error): it is dropped with them.
      return { ...row, file, title: WITHHELD_TITLE, message: undefined };
    }),
  );
}
