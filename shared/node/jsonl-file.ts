import { readFile, truncate } from 'node:fs/promises';

/**
 * Reads an append-only JSONL file: `onRecord` gets each whole line that `parse` accepts, with
 * its byte offset. A line is whole only with its newline (every append writes both at once),
 * so a torn tail from a crash is skipped and cut off, and later appends start on a fresh line.
 * A damaged line in the middle (not JSON, not a record, invalid UTF-8) goes to `onDamaged`
 * and is left in place. Offsets count bytes of the file, whatever its lines hold. Resolves
 * with the length of the whole lines.
 */
export async function loadJsonl<T>(
  file: string,
  parse: (line: string) => T | undefined,
  onRecord: (record: T, offset: number) => void,
  onDamaged?: (line: string, offset: number) => void,
): Promise<number> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    // No such file, or a path that cannot hold one: nothing to read yet.
    if (!['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    return 0;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  for (;;) {
    const end = content.indexOf(0x0a, offset);
    if (end < 0) break;
    if (end > offset) {
      const bytes = content.subarray(offset, end);
      let line: string | undefined;
      try {
        line = decoder.decode(bytes);
      } catch {
        line = undefined;
      }
      const record = line === undefined ? undefined : parse(line);
      if (record !== undefined) onRecord(record, offset);
      else onDamaged?.(line ?? bytes.toString('utf8'), offset);
    }
    offset = end + 1;
  }
  if (offset < content.length) await truncate(file, offset);
  return offset;
}

/** JSON.parse that answers undefined instead of throwing. */
export function tryParseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
