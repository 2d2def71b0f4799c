/**
 * One session's events: numbered with `seq` (+1 each, from 1), the latest kept in a bounded ring
 * in memory for `attach` and `reconnect`, every one appended to a JSONL file on disk for
 * `history` and for restarts. An index of byte offsets makes a history page one read.
 *
 * Writing goes through an AppendWriter: on a full disk what could not be written is kept and
 * written once there is space. The seq high-water mark (seq-mark.ts) says which events may go
 * out before they are on disk; after a crash that lost events, the log says so with a
 * `restarted` event numbered at the mark.
 */
import { open } from 'node:fs/promises';
import { AppendWriter } from '../shared/node/append-writer.js';
import type { EventBody, StreamEvent } from '../shared/protocol.js';
import { FORMAT_LINE, readIndexedLine, type LoggedEvent } from './event-line.js';
import { loadLog } from './log-load.js';
import type { LogIndex } from './log-index.js';
import { SeqMark } from './seq-mark.js';
import type { StorageHealth } from './storage-health.js';

export type { LoggedEvent } from './event-line.js';

/** Each logged event keeps its JSON, so streaming it to clients does not serialise it again. */
const SERIALIZED = Symbol('serialized');

export function serializedEvent(event: StreamEvent): string {
  return (event as { [SERIALIZED]?: string })[SERIALIZED] ?? JSON.stringify(event);
}

export interface EventLogOptions {
  ringSize: number;
  /** The session's seq-mark file. */
  markFile: string;
  storage: StorageHealth;
  log: (message: string) => void;
}

/** A page of the log as written: one line per event (no newline), for streaming without parsing. */
export interface RawPage {
  lines: Buffer[];
  lastSeq: number;
  /** The seq of the first event after the page. */
  nextSeq: number;
}

const WRITE_RETRY_MS = 1_000;

export class EventLog {
  private ring: LoggedEvent[] = [];
  private ringStart = 0;
  private bytes: number;
  private readonly writer: AppendWriter;
  private failing = false;
  /** The last turn in the log was cut (by a crash) before it ended. */
  readonly cutTurn: boolean;
  /** Approval requests the log shows waiting: the CLI that asked them is gone. */
  readonly waitingOnOpen: string[];
  /** The last seq the file held when opened, and what `open` added after it (a `restarted` marker). */
  readonly addedOnOpen: { loggedThrough: number; pending: LoggedEvent[] } = { loggedThrough: 0, pending: [] };

  private constructor(
    private readonly file: string,
    private readonly options: EventLogOptions,
    private readonly index: LogIndex,
    private readonly mark: SeqMark,
    private seqNext: number,
    loaded: { bytes: number; recent: LoggedEvent[]; lastTurnOpen: boolean; waitingRequests: string[] },
  ) {
    this.bytes = loaded.bytes;
    this.ring = loaded.recent;
    this.cutTurn = loaded.lastTurnOpen;
    this.waitingOnOpen = loaded.waitingRequests;
    this.writer = new AppendWriter(file, {
      retryMs: WRITE_RETRY_MS,
      onFailure: (error) => {
        this.failing = true;
        options.storage.failed(file, error);
      },
      onRecovery: () => {
        this.failing = false;
        options.storage.recovered(file);
      },
    });
  }

  /**
   * Opens (or creates, with its format line) a log. A torn last line from a crash is cut off
   * so appends stay whole; damaged lines are set aside (log-load.ts). When the mark is beyond
   * the last logged seq, events were lost: a `restarted` event numbered at the mark says so.
   */
  static async open(file: string, options: EventLogOptions): Promise<EventLog> {
    const loaded = await loadLog(file, options.ringSize, options.log);
    const lastLogged = loaded.index.lastSeq ?? 0;
    const { mark, stored } = await SeqMark.open(options.markFile, lastLogged + 1, {
      failed: (error) => options.storage.failed(options.markFile, error),
      recovered: () => options.storage.recovered(options.markFile),
    });
    const resumeAt = Math.max(lastLogged + 1, stored ?? 0);
    const log = new EventLog(file, options, loaded.index, mark, resumeAt, loaded);
    log.addedOnOpen.loggedThrough = lastLogged;
    if (loaded.bytes === 0 && !loaded.hasFormatLine) {
      log.writer.append(FORMAT_LINE);
      log.bytes = Buffer.byteLength(FORMAT_LINE);
    }
    if (resumeAt > lastLogged + 1) {
      log.addedOnOpen.pending = log.append([
        {
          type: 'system',
          subtype: 'restarted',
          message: `The daemon was stopped abruptly. Any events after seq ${lastLogged} that it had not saved are gone; numbering resumes at ${resumeAt}, above every seq it sent.`,
          savedThrough: lastLogged,
          resumedAt: resumeAt,
        },
      ]);
    }
    return log;
  }

  /** The seq the next event will get. */
  get nextSeq(): number {
    return this.seqNext;
  }

  /** Whether the event with this seq may go to clients: its seq is reserved on disk. */
  mayDeliver(seq: number): boolean {
    return this.mark.covers(seq);
  }

  /** Resolves once the event with this seq may go to clients. */
  whenDeliverable(seq: number): Promise<void> {
    return this.mark.whenCovers(seq);
  }

  /** Numbers the events, keeps them in the ring and queues one write for all of them. */
  append(bodies: readonly EventBody[]): LoggedEvent[] {
    if (bodies.length === 0) return [];
    const events: LoggedEvent[] = [];
    let text = '';
    for (const body of bodies) {
      const event = { ...body, seq: this.seqNext++ } as LoggedEvent;
      const json = JSON.stringify(event);
      Object.defineProperty(event, SERIALIZED, { value: json });
      const line = `${json}\n`;
      const size = Buffer.byteLength(line);
      this.index.add(event.seq, this.bytes, size);
      this.bytes += size;
      text += line;
      events.push(event);
    }
    this.mark.stayAheadOf(events.at(-1)!.seq);
    this.pushRing(events);
    this.writer.append(text);
    return events;
  }

  /**
   * The retained events after `afterSeq` and up to `throughSeq`, about `maxBytes` of them
   * (at least one); undefined when the ring does not reach back that far (the disk has them).
   */
  ringAfter(afterSeq: number, throughSeq: number, maxBytes: number): LoggedEvent[] | undefined {
    const first = this.ring[this.ringStart]?.seq;
    if (first === undefined) return afterSeq + 1 >= this.seqNext ? [] : undefined;
    if (afterSeq + 1 < first) return undefined;
    const from = this.ringStart + Math.max(0, afterSeq + 1 - first);
    const through = Math.min(this.ring.length, this.ringStart + Math.max(0, throughSeq + 1 - first));
    let to = from;
    for (let bytes = 0; to < through && (to === from || bytes < maxBytes); to++) bytes += serializedEvent(this.ring[to]!).length;
    return this.ring.slice(from, to);
  }

  /**
   * Lines of the log after `afterSeq` (through `throughSeq`), at most `limit` and about
   * `maxBytes`: only what is on disk, which while the disk is full may stop short.
   * Undefined when there is no such line on disk.
   */
  async readPage(afterSeq: number, limit: number, maxBytes: number, throughSeq = Number.MAX_SAFE_INTEGER): Promise<RawPage | undefined> {
    await this.writer.flush().catch(() => undefined);
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch {
      return undefined;
    }
    try {
      const { size } = await handle.stat();
      // Events not yet below the mark have gone to no one; they come with a later page.
      const belowSeq = Math.min(this.mark.reserved, throughSeq + 1);
      const range = this.index.page(afterSeq, { limit, maxBytes, belowSeq, maxEnd: size });
      if (!range) return undefined;
      const buffer = Buffer.alloc(range.end - range.start);
      await handle.read(buffer, 0, buffer.length, range.start);
      const lines: Buffer[] = [];
      // Only the indexed lines: damaged ones between them are skipped.
      for (let i = range.from; i < range.to; i++) {
        const start = this.index.offsetAt(i) - range.start;
        const end = buffer.indexOf(0x0a, start);
        lines.push(buffer.subarray(start, end < 0 ? buffer.length : end));
      }
      return { lines, lastSeq: this.index.seqAt(range.to - 1), nextSeq: this.seqAtOrNext(range.to) };
    } finally {
      await handle.close();
    }
  }

  /** A page of the log from disk; `nextSeq` is the seq of the first event not returned. */
  async history(afterSeq: number, limit: number, maxBytes = Number.MAX_SAFE_INTEGER): Promise<{ events: LoggedEvent[]; nextSeq: number }> {
    const page = await this.readPage(afterSeq, limit, maxBytes);
    if (!page) return { events: [], nextSeq: this.seqAtOrNext(this.index.positionAfter(afterSeq)) };
    return { events: page.lines.map(readIndexedLine), nextSeq: page.nextSeq };
  }

  /** Writing the log fails (a full disk): what it could not write is in memory only. */
  get writeFailing(): boolean {
    return this.failing;
  }

  /** Writes what it can; the mark goes back to the next seq only when everything is on disk. */
  async close(): Promise<void> {
    await this.writer.flush().catch(() => undefined);
    await this.writer.close();
    if (this.failing) this.options.log(`${this.file}: stopping with events it could not write (the disk is full); the next start says so in the session's history`);
    await this.mark.close(this.failing ? undefined : this.seqNext);
  }

  /** The session is gone: its files no longer count for the storage state. */
  async remove(): Promise<void> {
    await this.close();
    this.options.storage.forget(this.file);
    this.options.storage.forget(this.options.markFile);
  }

  private seqAtOrNext(position: number): number {
    return position < this.index.size ? this.index.seqAt(position) : this.seqNext;
  }

  private pushRing(events: LoggedEvent[]): void {
    this.ring.push(...events);
    const live = this.ring.length - this.ringStart;
    if (live > this.options.ringSize) this.ringStart += live - this.options.ringSize;
    // Compact now and then instead of shifting on every append.
    if (this.ringStart > this.options.ringSize) {
      this.ring = this.ring.slice(this.ringStart);
      this.ringStart = 0;
    }
  }
}
