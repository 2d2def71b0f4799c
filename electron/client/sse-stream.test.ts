import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/protocol.js';
import { DaemonEventDecoder, DONE, type DecodedItem } from './sse-stream.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const recorded = readFileSync(fixture('recorded-turn.sse'));
const expected = JSON.parse(readFileSync(fixture('recorded-turn.events.json'), 'utf8')) as StreamEvent[];

function decode(chunks: Uint8Array[]): DecodedItem[] {
  const decoder = new DaemonEventDecoder();
  const out: DecodedItem[] = [];
  for (const chunk of chunks) out.push(...decoder.push(chunk));
  out.push(...decoder.end());
  return out;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('DaemonEventDecoder', () => {
  it('decodes the recorded turn into its events followed by DONE', () => {
    const items = decode([recorded]);
    expect(items.at(-1)).toBe(DONE);
    expect(items.slice(0, -1)).toEqual(expected);
  });

  it('gives the same events when the stream is split at every byte boundary', () => {
    const whole = decode([recorded]);
    for (let cut = 1; cut < recorded.length; cut++) {
      const items = decode([recorded.subarray(0, cut), recorded.subarray(cut)]);
      expect(items, `split at byte ${cut}`).toEqual(whole);
    }
  });

  it('gives the same events when every byte arrives on its own (UTF-8 characters split too)', () => {
    const oneByOne = Array.from(recorded, (byte) => Uint8Array.of(byte));
    expect(decode(oneByOne)).toEqual(decode([recorded]));
  });

  it('accepts CRLF and CR line ends, comments and multi-line data', () => {
    const crlf = bytes(': keep-alive comment\r\ndata: {"type":"partial",\r\ndata: "content":"a"}\r\n\r\n:another\r\rdata: [DONE]\r\n\r\n');
    expect(decode([crlf])).toEqual([{ type: 'partial', content: 'a' }, DONE]);
  });

  it('ignores event and id fields that old daemons never send', () => {
    const text = bytes('event: message\nid: 7\nretry: 10\ndata: {"type":"ping"}\n\n');
    expect(decode([text])).toEqual([{ type: 'ping' }]);
  });

  it('turns a payload that is not JSON into a malformed error and goes on', () => {
    const items = decode([bytes('data: {nope\n\ndata: {"type":"text","content":"after"}\n\n')]);
    expect(items[0]).toMatchObject({ type: 'error', reason: 'malformed' });
    expect((items[0] as { message: string }).message).toContain('{nope');
    expect(items[1]).toEqual({ type: 'text', content: 'after' });
  });

  it('isolates a bad payload among good ones that arrive in the same read', () => {
    const chunk = bytes('data: {"type":"ping"}\n\ndata: 1,2\n\ndata: [3]\n\ndata: {"type":"text","content":"z"}\n\n');
    const items = decode([chunk]);
    expect(items).toHaveLength(4);
    expect(items[0]).toEqual({ type: 'ping' });
    expect(items[1]).toMatchObject({ type: 'error', reason: 'malformed', message: expect.stringContaining('not JSON: 1,2') });
    expect(items[2]).toMatchObject({ type: 'error', reason: 'malformed', message: expect.stringContaining('not a JSON object') });
    expect(items[3]).toEqual({ type: 'text', content: 'z' });
  });

  it('reports a known event with the wrong shape as malformed, naming the member', () => {
    const [item] = decode([bytes('data: {"type":"queued","position":"first"}\n\n')]);
    expect(item).toMatchObject({ type: 'error', reason: 'malformed' });
    expect((item as { message: string }).message).toMatch(/"queued" event is invalid at "position"/);
  });

  it('keeps an unknown event type as a system event carrying the original', () => {
    const [item] = decode([bytes('data: {"type":"thinking","content":"hm","seq":4}\n\n')]);
    expect(item).toEqual({ type: 'system', raw: { type: 'thinking', content: 'hm', seq: 4 }, seq: 4 });
  });

  it('keeps members a newer daemon adds', () => {
    const [item] = decode([bytes('data: {"type":"text","content":"x","seq":3,"agent":"sub-1"}\n\n')]);
    expect(item).toEqual({ type: 'text', content: 'x', seq: 3, agent: 'sub-1' });
  });

  it('drops a last frame that is not terminated by a blank line', () => {
    expect(decode([bytes('data: {"type":"ping"}\n\ndata: {"type":"ping"}')])).toEqual([{ type: 'ping' }]);
  });
});
