import { open, truncate } from 'node:fs/promises';

/**
 * Reads an append-only JSONL file a chunk at a time, never the whole file at once: `onLine`
 * gets the bytes of each whole line (without its newline) and its byte offset. A line is whole
 * only with its newline, so a torn tail from a crash is cut off and later appends start on a
 * fresh line. Resolves with the length of the whole lines (0 when there is no file).
 */
export async function scanJsonl(file: string, onLine: (line: Buffer, offset: number) => void, chunkBytes = 1024 * 1024): Promise<number> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return 0;
    throw error;
  }
  let rest = Buffer.alloc(0);
  let restOffset = 0;
  let size = 0;
  try {
    const chunk = Buffer.alloc(chunkBytes);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      // A copy: `chunk` is read into again while lines of it may still be in `rest`.
      const data = rest.length > 0 ? Buffer.concat([rest, chunk.subarray(0, bytesRead)]) : Buffer.from(chunk.subarray(0, bytesRead));
      let start = 0;
      for (let end = data.indexOf(0x0a); end >= 0; end = data.indexOf(0x0a, start)) {
        if (end > start) onLine(data.subarray(start, end), restOffset + start);
        start = end + 1;
      }
      rest = data.subarray(start);
      restOffset += start;
    }
  } finally {
    await handle.close();
  }
  if (restOffset < size) await truncate(file, restOffset);
  return restOffset;
}
