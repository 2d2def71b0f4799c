/**
 * A session's transcript on disk: append-only JSONL, one TranscriptItem a line. A torn last
 * line (a crash mid-write) is skipped on load and cut off, so the file never breaks.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { TranscriptItem } from '../../shared/desk-api.js';
import { loadJsonl, tryParseJson } from '../../shared/node/jsonl-file.js';

type NewItem = TranscriptItem extends infer I ? (I extends TranscriptItem ? Omit<I, 'n'> : never) : never;

export class TranscriptStore {
  private lastSeqSeen = 0;
  private written: Promise<void> = Promise.resolve();

  private constructor(
    private readonly items: TranscriptItem[],
    private readonly stream: WriteStream,
  ) {
    for (const item of items) this.noteSeq(item);
  }

  static async open(file: string): Promise<TranscriptStore> {
    await mkdir(path.dirname(file), { recursive: true });
    const items: TranscriptItem[] = [];
    await loadJsonl(
      file,
      (line) => {
        const value = tryParseJson(line);
        return typeof value === 'object' && value !== null && 'kind' in value ? (value as TranscriptItem) : undefined;
      },
      (item) => items.push({ ...item, n: items.length }),
    );
    return new TranscriptStore(items, createWriteStream(file, { flags: 'a' }));
  }

  get length(): number {
    return this.items.length;
  }

  /** The highest daemon seq in the transcript. */
  get lastSeq(): number {
    return this.lastSeqSeen;
  }

  append(newItems: readonly NewItem[]): TranscriptItem[] {
    if (newItems.length === 0) return [];
    const base = this.items.length;
    const added = newItems.map((item, index) => ({ ...item, n: base + index }) as TranscriptItem);
    let text = '';
    for (const item of added) {
      this.items.push(item);
      this.noteSeq(item);
      text += `${JSON.stringify(item)}\n`;
    }
    this.written = new Promise((resolve) => this.stream.write(text, () => resolve()));
    return added;
  }

  /** The highest daemon seq among items from index `from` on (a restored session starts over). */
  lastSeqFrom(from: number): number {
    let last = 0;
    for (let i = Math.max(0, from); i < this.items.length; i++) {
      const item = this.items[i]!;
      if (item.kind === 'event' && item.event.seq !== undefined && item.event.seq > last) last = item.event.seq;
    }
    return last;
  }

  /** Up to `limit` items before index `before` (default: the end), oldest first. */
  page(before: number | undefined, limit: number): TranscriptItem[] {
    const end = Math.min(before ?? this.items.length, this.items.length);
    return this.items.slice(Math.max(0, end - limit), end);
  }

  async close(): Promise<void> {
    await this.written;
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }

  private noteSeq(item: TranscriptItem): void {
    if (item.kind === 'event' && item.event.seq !== undefined && item.event.seq > this.lastSeqSeen) this.lastSeqSeen = item.event.seq;
  }
}
