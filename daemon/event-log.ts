/**
 * One session's events: numbered with `seq` (+1 each, from 1), the latest kept in a bounded ring
 * in memory for `attach` and `reconnect`, every one appended to a JSONL file on disk for
 * `history` and for restarts. An index of byte offsets makes a history page one read.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { loadJsonl, tryParseJson } from '../shared/node/jsonl-file.js';
import type { EventBody, StreamEvent } from '../shared/protocol.js';

export type LoggedEvent = StreamEvent & { seq: number };

/** Each logged event keeps its JSON, so streaming it to clients does not serialise it again. */
const SERIALIZED = Symbol('serialized');

export function serializedEvent(event: StreamEvent): string {
  return (event as { [SERIALIZED]?: string })[SERIALIZED] ?? JSON.stringify(event);
}

export class EventLog {
  private ring: LoggedEvent[] = [];
  private ringStart = 0;
  /** seq and byte offset of every event in the file, in order. */
  private readonly seqs: number[] = [];
  private readonly offsets: number[] = [];
  private bytes: number;
  private lastWrite: Promise<void> = Promise.resolve();
  private writeError: Error | undefined;

  private constructor(
    private readonly file: string,
    private readonly ringSize: number,
    private readonly stream: WriteStream,
    private seqNext: number,
    bytes: number,
  ) {
    this.bytes = bytes;
    stream.on('error', (error) => {
      this.writeError = error;
    });
  }

  /**
   * Opens (or creates) a log. A torn last line from a crash is cut off so appends stay whole;
   * damaged lines elsewhere are skipped, and how many is reported through `log`.
   */
  static async open(file: string, ringSize: number, log?: (message: string) => void): Promise<EventLog> {
    const seqs: number[] = [];
    const offsets: number[] = [];
    let recent: LoggedEvent[] = [];
    let damaged = 0;
    const bytes = await loadJsonl(
      file,
      parseLine,
      (event, offset) => {
        seqs.push(event.seq);
        offsets.push(offset);
        recent.push(event);
        if (recent.length > 2 * ringSize) recent = recent.slice(-ringSize);
      },
      () => damaged++,
    );
    if (damaged > 0) log?.(`${file}: skipped ${damaged} damaged line${damaged === 1 ? '' : 's'} (not an event)`);
    recent = recent.slice(-ringSize);
    const stream = createWriteStream(file, { flags: 'a' });
    const eventLog = new EventLog(file, ringSize, stream, (seqs.at(-1) ?? 0) + 1, bytes);
    eventLog.seqs.push(...seqs);
    eventLog.offsets.push(...offsets);
    eventLog.ring = recent;
    return eventLog;
  }

  /** The seq the next event will get. */
  get nextSeq(): number {
    return this.seqNext;
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
      this.seqs.push(event.seq);
      this.offsets.push(this.bytes);
      this.bytes += Buffer.byteLength(line);
      text += line;
      events.push(event);
    }
    this.pushRing(events);
    const previous = this.lastWrite;
    const written = new Promise<void>((resolve) => this.stream.write(text, () => resolve()));
    this.lastWrite = previous.then(() => written);
    return events;
  }

  /**
   * Events after `afterSeq`: from the ring when it reaches back that far, from disk otherwise,
   * so a client that fell far behind still gets every event.
   */
  async since(afterSeq: number): Promise<LoggedEvent[]> {
    const first = this.ring[this.ringStart]?.seq;
    if (first !== undefined && afterSeq + 1 >= first) return this.ringAfter(afterSeq);
    if (first === undefined && afterSeq + 1 >= this.seqNext) return [];
    return (await this.history(afterSeq, Number.MAX_SAFE_INTEGER)).events;
  }

  /** A page of the log from disk; `nextSeq` is the seq of the first event not returned. */
  async history(afterSeq: number, limit: number): Promise<{ events: LoggedEvent[]; nextSeq: number }> {
    await this.flush();
    const from = lowerBound(this.seqs, afterSeq + 1);
    const to = Math.min(this.seqs.length, from + limit);
    if (from >= to) return { events: [], nextSeq: this.seqNext };
    const start = this.offsets[from]!;
    const end = to < this.offsets.length ? this.offsets[to]! : this.bytes;
    const buffer = Buffer.alloc(end - start);
    const handle = await open(this.file, 'r');
    try {
      await handle.read(buffer, 0, buffer.length, start);
    } finally {
      await handle.close();
    }
    const events = buffer
      .toString('utf8')
      .split('\n')
      .map(parseLine)
      .filter((event): event is LoggedEvent => event !== undefined);
    const nextSeq = to < this.seqs.length ? this.seqs[to]! : this.seqNext;
    return { events, nextSeq };
  }

  /** Resolves once everything appended so far is on disk. */
  async flush(): Promise<void> {
    await this.lastWrite;
    if (this.writeError) throw new Error(`cannot write the event log ${this.file}: ${this.writeError.message}`);
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }

  private pushRing(events: LoggedEvent[]): void {
    this.ring.push(...events);
    const live = this.ring.length - this.ringStart;
    if (live > this.ringSize) this.ringStart += live - this.ringSize;
    // Compact now and then instead of shifting on every append.
    if (this.ringStart > this.ringSize) {
      this.ring = this.ring.slice(this.ringStart);
      this.ringStart = 0;
    }
  }

  private ringAfter(afterSeq: number): LoggedEvent[] {
    const first = this.ring[this.ringStart]!.seq;
    return this.ring.slice(this.ringStart + Math.max(0, afterSeq + 1 - first));
  }
}

function parseLine(line: string): LoggedEvent | undefined {
  const event = tryParseJson(line) as LoggedEvent | undefined;
  return typeof event === 'object' && event !== null && typeof event.seq === 'number' ? event : undefined;
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
