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
  let waiting: WaitingMessage[] = [];
  const moveUpBehind = (position: number) => {
    // A message that would move past the front was out of date: its place is no longer known.
    waiting = waiting.flatMap((other) => (other.position === null || other.position <= position ? [other] : other.position - 1 >= 1 ? [{ ...other, position: other.position - 1 }] : []));
  };
  for (const item of items) {
    if (item.kind === 'sent') waiting.push({ n: item.n, message: item.message, position: null });
    else if (item.kind === 'cancelled') {
      const gone = waiting.find((other) => other.n === item.sent);
      if (!gone) continue;
      waiting = waiting.filter((other) => other !== gone);
      if (gone.position !== null) moveUpBehind(gone.position);
    } else if (item.kind === 'event') {
      const event = item.event;
      if (event.type === 'queued') {
        // Sends are answered in order, so each `queued` belongs to the oldest message without a place yet.
        const target = waiting.find((other) => other.position === null);
        if (target && event.position !== undefined) target.position = event.position;
      } else if (event.type === 'system' && event.subtype === 'user_message') {
        const text = event.content;
        const started = waiting.find((other) => other.position === 1 && other.message === text) ?? waiting.find((other) => other.message === text);
        if (started) waiting = waiting.filter((other) => other !== started);
        // A turn that did not start straight away came off the front of the queue.
        if (!started || started.position !== null) moveUpBehind(0);
      } else if (event.type === 'system' && event.subtype === 'restarted') {
        // The daemon's queue did not survive it.
        waiting = [];
      }
    }
  }
  return waiting;
}
