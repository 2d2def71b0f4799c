import { readFile, truncate } from 'node:fs/promises';

/**
 * Reads an append-only JSONL file: `onRecord` gets each whole line that `parse` accepts, with
 * its byte offset. A line is whole only with its newline (every append writes both at once),
 * so a torn tail from a crash is skipped and cut off, and later appends start on a fresh line.
 * A damaged line in the middle is skipped and left alone. Resolves with the file's length.
 */
export async function loadJsonl<T>(file: string, parse: (line: string) => T | undefined, onRecord: (record: T, offset: number) => void): Promise<number> {
  let content = '';
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const total = Buffer.byteLength(content);
  let offset = 0;
  for (const line of content.split('\n')) {
    const bytes = Buffer.byteLength(line) + 1;
    if (offset + bytes > total) break;
    const record = line ? parse(line) : undefined;
    if (record !== undefined) onRecord(record, offset);
    offset += bytes;
  }
  if (offset < total) await truncate(file, offset);
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
