/**
 * A session's transcript: all its items in memory, and on disk an append-only JSONL file that
 * opens with its format line. Each line is parsed with the item schema on load: a torn last
 * line (a crash mid-write) is cut off, a damaged line is set aside in a file of its own and
 * named, never fatal. Writes that fail (a full disk) are kept and tried again (AppendWriter).
 */
import { writeFile } from 'node:fs/promises';
import { systemClock, type Clock } from '../../shared/clock.js';
import { writeFileAtomic } from '../../shared/node/atomic-file.js';
import { AppendWriter } from '../../shared/node/append-writer.js';
import { loadJsonl, tryParseJson } from '../../shared/node/jsonl-file.js';
import type { PermissionEvent } from '../../shared/protocol.js';
import { TRANSCRIPT_FORMAT, TranscriptItem, type NewTranscriptItem } from '../../shared/records.js';
import { WaitingTracker, type WaitingMessage } from './queued-messages.js';

export interface TranscriptStoreOptions {
  clock?: Clock;
  retryMs?: number;
  onWriteFailure?: (message: string) => void;
  onWriteRecovery?: (message: string) => void;
}

export interface OpenedTranscript {
  store: TranscriptStore;
  /** What was set aside, in words. */
  problems: string[];
}

const HEADER = JSON.stringify(TRANSCRIPT_FORMAT);

function parseHeader(value: unknown): { format?: unknown; version?: unknown } | undefined {
  return typeof value === 'object' && value !== null && 'format' in value ? (value as { format?: unknown; version?: unknown }) : undefined;
}

export class TranscriptStore {
  private lastSeqSeen = 0;
  private readonly waitingNow = new WaitingTracker();

  private constructor(
    private readonly items: TranscriptItem[],
    private readonly writer: AppendWriter,
  ) {
    for (const item of items) this.note(item);
  }

  static async open(file: string, options: TranscriptStoreOptions = {}): Promise<OpenedTranscript> {
    const items: TranscriptItem[] = [];
    const damaged: string[] = [];
    let sawHeader = false;
    const problems: string[] = [];
    const loading = loadJsonl(
      file,
      (line) => {
        const value = tryParseJson(line);
        const header = parseHeader(value);
        if (header) {
          if (header.format !== TRANSCRIPT_FORMAT.format || (typeof header.version === 'number' && header.version > TRANSCRIPT_FORMAT.version)) return undefined;
          sawHeader = true;
          return null;
        }
        const parsed = TranscriptItem.safeParse(value);
        return parsed.success ? parsed.data : undefined;
      },
      (item) => {
        if (item !== null) items.push({ ...item, n: items.length });
      },
      (line) => damaged.push(line),
    );
    try {
      await loading;
    } catch (error) {
      problems.push(`Could not read the transcript ${file}: ${(error as Error).message}. It shows what comes from now on; the file is left as it is.`);
    }
    const writer = new AppendWriter(file, {
      clock: options.clock ?? systemClock,
      // A transcript mirrors the daemon's log: a few ms of delay make one write of a burst.
      batchMs: 100,
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      onFailure: (error) => options.onWriteFailure?.(`Could not save the transcript to ${file}: ${error.message}. New output is kept in memory and saved once writing works again.`),
      onRecovery: () => options.onWriteRecovery?.(`The transcript is saved again (${file}).`),
    });
    if (damaged.length > 0) {
      const what = `${damaged.length} damaged ${damaged.length === 1 ? 'line' : 'lines'} of the transcript ${file} did not load`;
      const aside = `${file}.rejected-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
      try {
        await writeFile(aside, `${damaged.join('\n')}\n`, { mode: 0o600 });
        // The file keeps only what loaded, numbered as it is now, so the next start reads it cleanly.
        await writeFileAtomic(file, [HEADER, ...items.map((item) => JSON.stringify(item))].join('\n') + '\n');
        problems.push(`${what}; set aside in ${aside}.`);
      } catch (error) {
        problems.push(`${what}; they stay in the file, as they could not be set aside (${(error as Error).message}).`);
      }
    } else if (!sawHeader) {
      // An empty file gets its format line; an older one without it gets it in a rewrite, once.
      if (items.length === 0) writer.append(`${HEADER}\n`);
      else await writeFileAtomic(file, [HEADER, ...items.map((item) => JSON.stringify(item))].join('\n') + '\n').catch(() => undefined);
    }
    return { store: new TranscriptStore(items, writer), problems };
  }

  get length(): number {
    return this.items.length;
  }

  /** The highest daemon seq in the transcript. */
  get lastSeq(): number {
    return this.lastSeqSeen;
  }

  append(newItems: readonly NewTranscriptItem[]): TranscriptItem[] {
    if (newItems.length === 0) return [];
    const base = this.items.length;
    let text = '';
    const added: TranscriptItem[] = [];
    for (const [index, item] of newItems.entries()) {
      const numbered = { ...item, n: base + index } as TranscriptItem;
      this.items.push(numbered);
      added.push(numbered);
      this.note(numbered);
      text += `${JSON.stringify(numbered)}\n`;
    }
    this.writer.append(text);
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

  /** The permission event of a request, the newest first (requests are near the end). */
  findRequest(requestId: string): PermissionEvent | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i]!;
      if (item.kind === 'event' && item.event.type === 'permission' && item.event.requestId === requestId) return item.event;
    }
    return undefined;
  }

  /** The item numbered `n` (items are numbered by their place). */
  item(n: number): TranscriptItem | undefined {
    return Number.isInteger(n) && n >= 0 ? this.items[n] : undefined;
  }

  /** The messages sent here that have not begun yet, with their places in the daemon's queue. */
  waiting(): WaitingMessage[] {
    return this.waitingNow.list();
  }

  /**
   * Where a window that asks for only the newest `tail` items starts: just after the end of a
   * turn at or before `length - tail`, and never after a message still waiting to start, so
   * the part sent first reads the same as the whole would from there. 0 when there is no such
   * place within a few times `tail` (the window then gets everything).
   */
  tailStart(tail: number): number {
    const want = this.items.length - tail;
    if (want <= 0) return 0;
    const oldestWaiting = this.waiting()[0]?.n ?? Infinity;
    const floor = Math.max(1, want - 4 * tail);
    for (let start = Math.min(want, oldestWaiting); start >= floor; start--) {
      const before = this.items[start - 1]!;
      if (before.kind === 'event' && before.event.type === 'result') return start;
    }
    return 0;
  }

  /** Up to `limit` items before index `before` (default: the end), oldest first. */
  page(before: number | undefined, limit: number): TranscriptItem[] {
    const end = Math.min(before ?? this.items.length, this.items.length);
    return this.items.slice(Math.max(0, end - limit), end);
  }

  /** The items after index `after`, oldest first. */
  after(after: number): TranscriptItem[] {
    return this.items.slice(Math.max(0, after + 1));
  }

  async close(): Promise<void> {
    await this.writer.close();
  }

  private note(item: TranscriptItem): void {
    this.waitingNow.observe(item);
    if (item.kind === 'event' && item.event.seq !== undefined && item.event.seq > this.lastSeqSeen) this.lastSeqSeen = item.event.seq;
  }
}
