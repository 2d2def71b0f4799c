import { createParser, type EventSourceParser } from 'eventsource-parser';
import { STREAM_DONE, type StreamEvent } from '../../shared/protocol.js';
import { parseEventData, toStreamEvent } from './event-parsing.js';

export const DONE: unique symbol = Symbol('DONE');
export type DecodedItem = StreamEvent | typeof DONE;

/**
 * Decodes the bytes of a daemon's SSE stream into events, whatever the chunking: frames and
 * UTF-8 characters split at any byte, CRLF or LF line ends, comments, multi-line data.
 * `push` returns what each chunk completed; `DONE` marks `data: [DONE]`.
 */
export class DaemonEventDecoder {
  private readonly text = new TextDecoder('utf-8');
  private readonly parser: EventSourceParser;
  private payloads: string[] = [];
  private endsWithCr = false;

  constructor() {
    this.parser = createParser({ onEvent: (message) => this.payloads.push(message.data) });
  }

  push(chunk: Uint8Array): readonly DecodedItem[] {
    this.feed(this.text.decode(chunk, { stream: true }));
    return this.take();
  }

  /** The end of the byte stream: a last frame not followed by a blank line is dropped, as SSE says. */
  end(): readonly DecodedItem[] {
    this.feed(this.text.decode());
    // A CR that ends the stream ends its line: the parser holds it back in case an LF follows.
    if (this.endsWithCr) this.parser.feed('\n');
    return this.take();
  }

  private feed(text: string): void {
    if (!text) return;
    this.parser.feed(text);
    this.endsWithCr = text.endsWith('\r');
  }

  private take(): readonly DecodedItem[] {
    const payloads = this.payloads;
    if (payloads.length === 0) return EMPTY;
    this.payloads = [];
    const done = payloads.indexOf(STREAM_DONE);
    const data = done < 0 ? payloads : payloads.slice(0, done);
    const items: DecodedItem[] = parseAll(data);
    if (done >= 0) items.push(DONE);
    return items;
  }
}

const EMPTY: readonly DecodedItem[] = Object.freeze([]);

/**
 * Parses the payloads of one read. JSON.parse has a high fixed cost per call, so all of them
 * are parsed as one array first (this keeps the client at the bare parser's speed); when that
 * does not give exactly one object per payload, each is parsed on its own so a bad payload
 * becomes its own `malformed` error. Two invalid payloads that happen to form valid JSON
 * together could slip through as events, but a daemon could have sent those events outright,
 * and every event still passes the schema.
 */
function parseAll(payloads: string[]): StreamEvent[] {
  if (payloads.length > 1) {
    let values: unknown;
    try {
      values = JSON.parse(`[${payloads.join(',')}]`);
    } catch {
      values = undefined;
    }
    if (Array.isArray(values) && values.length === payloads.length && values.every(isPlainObject)) {
      return values.map(toStreamEvent);
    }
  }
  return payloads.map(parseEventData);
}

const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
