/**
 * What an attaching client missed, replayed without holding the log in memory for it: from
 * the ring while it reaches back that far, else from disk a bounded page at a time, and never
 * more than one chunk ahead of what the client has read (each chunk waits for its 'drain').
 */
import type { EventLog } from './event-log.js';
import type { EventSink } from './session.js';

/** Events read from disk at a time, and about how many bytes sent at a time (from disk or the ring). */
const PAGE_EVENTS = 2_000;
const CHUNK_BYTES = 256 * 1024;

export interface ReplayTarget {
  /** The last seq the session has handed to its live clients. */
  delivered(): number;
  /**
   * The client has every event through `delivered()`: called in the same turn of the event
   * loop as that was checked, so no live event can fall in between.
   */
  join(): void;
}

/** Sends `sink` the events after `afterSeq`, then joins it to the live events. */
export async function replayTo(sink: EventSink, log: EventLog, afterSeq: number, target: ReplayTarget): Promise<void> {
  let last = afterSeq;
  while (sink.open) {
    const through = target.delivered();
    const fromRing = log.ringAfter(last, through, CHUNK_BYTES);
    if (fromRing) {
      sink.send(fromRing);
      if (fromRing.length > 0) last = fromRing.at(-1)!.seq;
      if (last >= through) return target.join();
    } else {
      const page = await log.readPage(last, PAGE_EVENTS, CHUNK_BYTES, through);
      if (page) {
        sink.sendLines(page.lines);
        last = page.lastSeq;
      } else if (log.writeFailing) {
        // Older than the ring and not on disk: they are written once there is space.
        sink.send([{ type: 'error', message: 'The daemon cannot write its event log (its disk is full), so the events this client missed cannot be read yet; attach again once health.check says storage is ok.' }]);
        return sink.finish();
      } else if (target.delivered() === through) {
        return target.join();
      }
    }
    await sink.whenWritable();
  }
}
