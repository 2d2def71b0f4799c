import {
  STREAM_EVENT_TYPES,
  StreamEvent,
  type ErrorEvent,
  type StreamErrorReason,
} from '../../shared/protocol.js';
import { excerpt } from './errors.js';

export function streamError(reason: StreamErrorReason, message: string, code?: number): ErrorEvent {
  return code === undefined ? { type: 'error', reason, message } : { type: 'error', reason, message, code };
}

/**
 * Turns one decoded JSON value from a daemon into a StreamEvent.
 * - a known `type` with the wrong shape becomes an `error` event with reason `malformed`;
 * - an unknown `type` (a newer daemon) is kept as a `system` event carrying it in `raw`,
 *   which is what docs/protocol.md calls a line the reader does not map.
 */
export function toStreamEvent(value: unknown): StreamEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return streamError('malformed', `event is not a JSON object: ${excerpt(JSON.stringify(value) ?? '')}`);
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return streamError('malformed', `event has no "type": ${excerpt(JSON.stringify(value))}`);
  }
  if (isHotEvent(value as Record<string, unknown>, type)) return value as StreamEvent;
  if (!STREAM_EVENT_TYPES.has(type)) {
    const seq = (value as { seq?: unknown }).seq;
    return typeof seq === 'number' ? { type: 'system', raw: value, seq } : { type: 'system', raw: value };
  }
  const parsed = StreamEvent.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
  return streamError('malformed', `"${type}" event is invalid${where}: ${issue?.message ?? 'unknown problem'}`);
}

const isSeq = (seq: unknown) => seq === undefined || (typeof seq === 'number' && Number.isInteger(seq) && seq >= 0);

/**
 * The events that arrive by the thousand (text deltas, keep-alives) in exactly the shape the
 * schema accepts: taking them without a schema pass keeps the client near the bare parser's
 * speed. Anything else, and anything unusual about these, goes through the schema.
 * `event-parsing.test.ts` checks that both paths agree.
 */
function isHotEvent(value: Record<string, unknown>, type: string): boolean {
  switch (type) {
    case 'partial':
    case 'text':
      return typeof value.content === 'string' && isSeq(value.seq);
    case 'ping':
      return isSeq(value.seq);
    default:
      return false;
  }
}

/** Parses one SSE `data:` payload. */
export function parseEventData(data: string): StreamEvent {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return streamError('malformed', `event data is not JSON: ${excerpt(data, 120)}`);
  }
  return toStreamEvent(value);
}
