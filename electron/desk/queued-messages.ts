/**
 * Which of the messages this desk sent are waiting in the daemon's queue, and where, as the
 * transcript tells it: a `sent` item waits until its turn begins (`user_message` with its text)
 * or it is cancelled; the `queued` event after it gives its position, and each turn that begins
 * from the queue, and each message cancelled ahead of it, moves it up one. The daemon checks the
 * text at that position before it removes anything, so a position that is out of date (another
 * head node queued or started something) can make a cancel fail, never remove the wrong message.
 */
import type { TranscriptItem } from '../../shared/records.js';

export interface WaitingMessage {
  /** The item number of its `sent` item. */
  n: number;
  message: string;
  /** Its place in the daemon's queue (1 is next); null while it runs now or the daemon has not said. */
  position: number | null;
}

/** The messages still waiting after `items` (the whole transcript, oldest first). */
export function waitingMessages(items: Iterable<TranscriptItem>): WaitingMessage[] {
  const tracker = new WaitingTracker();
  for (const item of items) tracker.observe(item);
  return tracker.list();
}

/** The same reading item by item, as a transcript grows: what waits is known without reading it all again. */
export class WaitingTracker {
  private waiting: WaitingMessage[] = [];

  list(): WaitingMessage[] {
    return this.waiting.map((message) => ({ ...message }));
  }

  observe(item: TranscriptItem): void {
    if (item.kind === 'sent') this.waiting.push({ n: item.n, message: item.message, position: null });
    else if (item.kind === 'cancelled') {
      const gone = this.waiting.find((other) => other.n === item.sent);
      if (!gone) return;
      this.waiting = this.waiting.filter((other) => other !== gone);
      if (gone.position !== null) this.moveUpBehind(gone.position);
    } else if (item.kind === 'event') {
      const event = item.event;
      if (event.type === 'queued') {
        // Sends are answered in order, so each `queued` belongs to the oldest message without a place yet.
        const target = this.waiting.find((other) => other.position === null);
        if (target && event.position !== undefined) target.position = event.position;
      } else if (event.type === 'system' && event.subtype === 'user_message') {
        const text = event.content;
        const started = this.waiting.find((other) => other.position === 1 && other.message === text) ?? this.waiting.find((other) => other.message === text);
        if (started) this.waiting = this.waiting.filter((other) => other !== started);
        // A turn that did not start straight away came off the front of the queue.
        if (!started || started.position !== null) this.moveUpBehind(0);
      } else if (event.type === 'system' && event.subtype === 'restarted') {
        // The daemon's queue did not survive it.
        this.waiting = [];
      }
    }
  }

  private moveUpBehind(position: number): void {
    // A message that would move past the front was out of date: its place is no longer known.
    this.waiting = this.waiting.flatMap((other) => (other.position === null || other.position <= position ? [other] : other.position - 1 >= 1 ? [{ ...other, position: other.position - 1 }] : []));
  }
}
