import { describe, expect, it } from 'vitest';
import { StreamEvent } from '../../shared/protocol.js';
import { toStreamEvent } from './event-parsing.js';

const cases: unknown[] = [
  { type: 'partial', content: 'a' },
  { type: 'partial', content: '', seq: 0 },
  { type: 'partial', content: 'x', seq: 12, extra: { kept: true } },
  { type: 'partial', content: 5 },
  { type: 'partial' },
  { type: 'partial', content: 'a', seq: -1 },
  { type: 'partial', content: 'a', seq: 1.5 },
  { type: 'partial', content: 'a', seq: '3' },
  { type: 'text', content: 'hello', raw: { any: 'thing' } },
  { type: 'text', content: null },
  { type: 'ping' },
  { type: 'ping', seq: 7 },
  { type: 'ping', seq: null },
  { type: 'tool_use', tool: 'Bash', input: { command: 'ls' } },
  { type: 'queued', position: 0 },
];

describe('toStreamEvent', () => {
  it.each(cases.map((value) => [JSON.stringify(value), value]))('agrees with the schema for %s', (_name, value) => {
    const event = toStreamEvent(value);
    const parsed = StreamEvent.safeParse(value);
    if (parsed.success) {
      expect(event).toEqual(parsed.data);
    } else {
      expect(event).toMatchObject({ type: 'error', reason: 'malformed' });
    }
  });

  it('says what is wrong with a value that is not an object or has no type', () => {
    expect(toStreamEvent([1])).toMatchObject({ reason: 'malformed', message: 'event is not a JSON object: [1]' });
    expect(toStreamEvent({ content: 'x' })).toMatchObject({ reason: 'malformed', message: 'event has no "type": {"content":"x"}' });
  });
});
