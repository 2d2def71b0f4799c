/**
 * The body of a daemon's event stream as batches of events, one per read, until `[DONE]`: a
 * stream that breaks or ends without it ends with an `error` event saying so. Reads keep the
 * idle watchdog fed; time the consumer spends between reads is not the daemon's idleness.
 */
import type { IdleWatchdog } from '../../shared/clock.js';
import type { StreamEvent } from '../../shared/protocol.js';
import { describeNetworkError } from './errors.js';
import { streamError } from './event-parsing.js';
import { DaemonEventDecoder, DONE, type DecodedItem } from './sse-stream.js';

/** The events of one read, up to `[DONE]`; `done` says whether `[DONE]` came. */
function untilDone(items: readonly DecodedItem[]): { events: readonly StreamEvent[]; done: boolean } {
  const end = items.indexOf(DONE);
  if (end < 0) return { events: items as readonly StreamEvent[], done: false };
  return { events: items.slice(0, end) as StreamEvent[], done: true };
}

/** `stopped` words a break (an idle or total limit, a closed client, or the network's reason); `where` names the stream. */
export async function* eventBatches(
  body: AsyncIterable<unknown>,
  idle: IdleWatchdog,
  stopped: (fallback: string) => StreamEvent,
  where: string,
): AsyncGenerator<readonly StreamEvent[], void, undefined> {
  const decoder = new DaemonEventDecoder();
  try {
    for await (const chunk of body) {
      idle.touch();
      const { events, done } = untilDone(decoder.push(chunk as Uint8Array));
      yield events;
      if (done) return;
      idle.touch();
    }
  } catch (error) {
    yield [stopped(`the stream broke: ${describeNetworkError(error).text}`)];
    return;
  }
  const { events, done } = untilDone(decoder.end());
  yield events;
  if (done) return;
  yield [streamError('incomplete', `${where}: the stream ended before [DONE]; the turn may still be running (reconnect to get the rest)`)];
}
