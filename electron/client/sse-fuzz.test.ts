/**
 * Property tests of the SSE reader: whatever the chunking, line ends, comments and garbage
 * between frames, it gives every event once, in order, and a readable error for each frame
 * that is not an event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/protocol.js';
import { DaemonEventDecoder, DONE, type DecodedItem } from './sse-stream.js';

const RUNS = 400;

/** Events as daemons send them, with text that includes multi-byte characters and escapes. */
const eventArb: fc.Arbitrary<StreamEvent> = fc.oneof(
  fc.record({ type: fc.constant('partial' as const), content: fc.string({ unit: 'grapheme', maxLength: 40 }), seq: fc.nat() }),
  fc.record({ type: fc.constant('text' as const), content: fc.string({ unit: 'binary', maxLength: 80 }) }),
  fc.record({ type: fc.constant('ping' as const) }),
  fc.record({ type: fc.constant('tool_use' as const), tool: fc.constantFrom('Bash', 'Edit'), input: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 })) }),
);

/** Between frames: nothing, comments, or fields old daemons never send. */
const fillerArb = fc.array(fc.constantFrom(': keep-alive', ':', 'event: message', 'id: 9', 'retry: 100'), { maxLength: 2 });
const lineEndArb = fc.constantFrom('\n', '\r\n', '\r');

type Frame = { event: StreamEvent } | { garbage: string };
const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 6, arbitrary: eventArb.map((event) => ({ event })) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).filter((text) => !/[\r\n]/.test(text) && text.trim() !== '[DONE]').map((garbage) => ({ garbage })) },
);

function encode(frames: readonly Frame[], filler: string[][], end: string): Uint8Array {
  let text = '';
  frames.forEach((frame, index) => {
    for (const line of filler[index % filler.length] ?? []) text += line + end;
    const data = 'event' in frame ? JSON.stringify(frame.event) : frame.garbage;
    text += `data: ${data}${end}${end}`;
  });
  text += `data: [DONE]${end}${end}`;
  return new TextEncoder().encode(text);
}

/** Cuts bytes at the given points (any byte, inside UTF-8 characters and CRLF pairs too). */
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

function decode(chunks: Uint8Array[]): DecodedItem[] {
  const decoder = new DaemonEventDecoder();
  const items: DecodedItem[] = [];
  for (const piece of chunks) items.push(...decoder.push(piece));
  items.push(...decoder.end());
  return items;
}

describe('the SSE reader under random chunking, line ends, comments and garbage', () => {
  it('gives each event once and in order, a malformed error for each bad frame, then DONE', () => {
    let cases = 0;
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 25 }), fc.array(fillerArb, { minLength: 1, maxLength: 4 }), lineEndArb, fc.array(fc.nat(), { maxLength: 30 }), (frames, filler, end, cuts) => {
        cases++;
        const items = decode(chunk(encode(frames, filler, end), cuts));
        expect(items.at(-1)).toBe(DONE);
        const got = items.slice(0, -1);
        expect(got).toHaveLength(frames.length);
        frames.forEach((frame, index) => {
          if ('event' in frame) expect(got[index]).toEqual(frame.event);
          else expect(got[index]).toMatchObject({ type: 'error', reason: 'malformed' });
        });
      }),
      { numRuns: RUNS },
    );
    console.log(`[figure] SSE reader fuzz: ${cases} streams`);
  });
});
