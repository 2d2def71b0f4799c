/**
 * Events missing from a session's stream, fetched from its daemon's history. A connection that
 * breaks meanwhile (the tunnel that carried the stream just died) is waited out: the events are
 * on the daemon.
 */
import { delay, type Clock } from '../../shared/clock.js';
import type { StreamEvent } from '../../shared/protocol.js';
import { DaemonConnectionError } from '../client/index.js';
import type { StreamLink } from './session-stream.js';

/** Events per history page. */
export const HISTORY_PAGE = 1000;
/** Tries at fetching a gap through a connection that keeps breaking (about 30 s with the backoff). */
const GAP_RETRIES = 20;
export const backoff = (attempt: number) => Math.min(5_000, 100 * 2 ** attempt);

/** Fetches seqs `from`..`to` and hands them to `deliver` in order; answers the last seq it got (`from - 1` if none). */
export async function fetchMissing(
  link: StreamLink,
  sessionId: string,
  from: number,
  to: number,
  options: { clock: Clock; stopped: () => boolean; deliver: (events: StreamEvent[]) => void },
): Promise<number> {
  let after = from - 1;
  if (!link.capabilities().has('history')) return after;
  for (let attempt = 0; after < to && !options.stopped(); attempt++) {
    try {
      const port = await link.whenConnected(Number.POSITIVE_INFINITY);
      const page = await link.client.sessionHistory(port, sessionId, after, Math.min(HISTORY_PAGE, to - after));
      const events = page.events.filter((event) => event.seq !== undefined && event.seq > after && event.seq <= to);
      // The daemon's log goes on past the gap with nothing in it: those seqs were never given
      // out (a daemon that restarted after a crash numbers on from a reserved mark).
      if (events.length === 0 && page.events.some((event) => (event.seq ?? 0) > to)) after = to;
      if (events.length === 0) break;
      options.deliver(events);
      after = events.at(-1)!.seq!;
      attempt = -1;
    } catch (error) {
      if (!(error instanceof DaemonConnectionError) || error.failure === 'closed' || attempt >= GAP_RETRIES) break;
      link.reportBroken();
      await delay(backoff(attempt), options.clock);
    }
  }
  return after;
}
