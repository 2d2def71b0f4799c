/**
 * One window's event stream. Board-level events go straight through; a session's transcript
 * items go only where the window watches that session, from its cursor on: first what it
 * missed, then each new item, contiguous and in order. Items wait about a frame and cross as
 * one batch, runs of text deltas joined, so a burst of thousands is a few messages.
 */
import { systemClock, type Clock, type TimerHandle } from '../../shared/clock.js';
import type { DeskEvent, TranscriptItem } from '../../shared/desk-api.js';
import type { TranscriptStore } from './transcript-store.js';

/** Where a channel's events go; false when the window is gone or too far behind to keep. */
export type ChannelSink = (event: DeskEvent) => boolean;

/** At most this many items in one push, so a long catch-up does not block the window for long. */
const CHUNK = 2000;

interface Watch {
  /** Items queued for the next flush. */
  pending: TranscriptItem[];
  /** The `n` of the last missed item, until the push that holds it has gone. */
  catchUpEnd: number | undefined;
  reset: boolean;
  /** The first item sent when the window asked for only the newest ones, until the push that says so has gone. */
  start: number | undefined;
}

export class DeskChannel {
  private readonly watches = new Map<string, Watch>();
  /** The latest ticket per session the window asked for (want, watch). */
  private readonly wanted = new Map<string, number>();
  private tickets = 0;
  private timer: TimerHandle | undefined;
  private closed = false;
  private readonly clock: Clock;

  constructor(
    readonly id: string,
    private readonly sink: ChannelSink,
    private readonly options: { flushMs: number; clock?: Clock; onOverflow: (channel: DeskChannel) => void },
  ) {
    this.clock = options.clock ?? systemClock;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The window asks for a session: the ticket for the watch that follows once its transcript
   * is loaded. An unwatch, or a newer want, meanwhile makes the ticket void.
   */
  want(key: string): number {
    const ticket = ++this.tickets;
    this.wanted.set(key, ticket);
    return ticket;
  }

  /**
   * Starts watching a session after its item `after` (-1: from the start), unless the ticket
   * went void. The transcript is read and the watch registered in one synchronous step, so no
   * item falls between them. A cursor past the end belongs to another transcript: everything is
   * sent again, as a reset. A window that holds nothing of it may ask for only about the newest
   * `tail` items: they start at a turn's end (TranscriptStore.tailStart) and the first push says
   * where (`start`); the window reads what is before with `sessions.transcript`.
   */
  watch(key: string, store: TranscriptStore, after: number, ticket: number = this.want(key), tail?: number): number {
    if (this.wanted.get(key) !== ticket || this.closed) return store.length;
    const reset = after >= store.length;
    const fromStart = reset || after < 0;
    const start = fromStart && tail !== undefined ? store.tailStart(tail) : 0;
    const missed = store.after(fromStart ? start - 1 : after);
    this.watches.set(key, { pending: missed, catchUpEnd: missed.at(-1)?.n ?? -1, reset, start: start > 0 ? start : undefined });
    this.schedule(0);
    return store.length;
  }

  unwatch(key: string): void {
    this.wanted.delete(key);
    this.watches.delete(key);
  }

  /** New items of a session; kept only if this window watches it. */
  push(key: string, items: readonly TranscriptItem[]): void {
    const watch = this.watches.get(key);
    if (!watch || this.closed) return;
    for (const item of items) watch.pending.push(item);
    this.schedule(this.options.flushMs);
  }

  /** A board-level event: sent at once. */
  send(event: DeskEvent): void {
    if (this.closed) return;
    if (!this.sink(event)) this.overflow();
  }

  close(): void {
    this.closed = true;
    this.clock.clearTimeout(this.timer);
    this.watches.clear();
  }

  flush(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const [key, watch] of this.watches) {
      if (watch.pending.length === 0 && watch.catchUpEnd === undefined) continue;
      const items = joinPartials(watch.pending);
      watch.pending = [];
      const chunks = items.length === 0 ? [[]] : Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));
      for (const [index, chunk] of chunks.entries()) {
        const event: Extract<DeskEvent, { type: 'session.items' }> = { type: 'session.items', key, items: chunk };
        if (watch.catchUpEnd !== undefined && (chunk.at(-1)?.n ?? -1) >= watch.catchUpEnd) {
          event.caughtUp = true;
          watch.catchUpEnd = undefined;
        }
        if (watch.reset && index === 0) {
          event.reset = true;
          watch.reset = false;
        }
        if (watch.start !== undefined && index === 0) {
          event.start = watch.start;
          watch.start = undefined;
        }
        if (!this.sink(event)) return this.overflow();
      }
    }
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.timer !== undefined && ms > 0) return;
    this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => this.flush(), ms);
  }

  private overflow(): void {
    if (this.closed) return;
    this.close();
    this.options.onOverflow(this);
  }
}

/** Joins runs of text deltas of the same block into one item carrying the last seq and n, and `from`, the first n. */
export function joinPartials(items: readonly TranscriptItem[]): TranscriptItem[] {
  const out: TranscriptItem[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (item.kind === 'event' && item.event.type === 'partial' && last?.kind === 'event' && last.event.type === 'partial' && last.event.block === item.event.block) {
      out[out.length - 1] = { ...item, from: last.from ?? last.n, event: { ...item.event, content: last.event.content + item.event.content } };
    } else {
      out.push(item);
    }
  }
  return out;
}
