/**
 * One line of a session's event log (`events.jsonl`): a format line first (logs written
 * before it existed have none), then one event with its `seq` a line.
 */
import { StreamEvent } from '../shared/protocol.js';

export type LoggedEvent = StreamEvent & { seq: number };

export const LOG_FORMAT = 'switchyard.events';
export const FORMAT_LINE = `${JSON.stringify({ format: LOG_FORMAT, version: 1 })}\n`;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * What a line of the log holds: an event (checked with the event schema, kept as written), the
 * format line, or neither (invalid UTF-8, not JSON, not an event with a numeric seq).
 */
export function parseLogLine(bytes: Uint8Array): LoggedEvent | 'format' | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if ((value as { format?: unknown }).format === LOG_FORMAT) return 'format';
  if (typeof (value as { seq?: unknown }).seq !== 'number') return undefined;
  return StreamEvent.safeParse(value).success ? (value as LoggedEvent) : undefined;
}

/** A line written by this daemon and found in its index: only JSON to read back. */
export function readIndexedLine(line: Buffer): LoggedEvent {
  return JSON.parse(line.toString('utf8')) as LoggedEvent;
}
