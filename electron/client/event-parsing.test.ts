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

  it('reads what the field\'s newer daemons send: every member but type may be missing', () => {
    expect(toStreamEvent({ type: 'result' })).toEqual({ type: 'result', raw: {} });
    expect(toStreamEvent({ type: 'text' })).toEqual({ type: 'text', content: '' });
    expect(toStreamEvent({ type: 'partial', seq: 4 })).toEqual({ type: 'partial', content: '', seq: 4 });
    expect(toStreamEvent({ type: 'tool_use', message: 'still running' })).toEqual({ type: 'tool_use', message: 'still running' });
    expect(toStreamEvent({ type: 'system', subtype: 'init' })).toEqual({ type: 'system', subtype: 'init' });
    expect(toStreamEvent({ type: 'error' })).toMatchObject({ type: 'error', message: expect.stringContaining('without saying') });
    expect(toStreamEvent({ type: 'queued' })).toEqual({ type: 'queued' });
    // An odd member of the CLI's result is dropped; the result still ends the turn with what it has.
    expect(toStreamEvent({ type: 'result', raw: { duration_ms: 'slow', total_cost_usd: 0.5 } })).toEqual({ type: 'result', raw: { total_cost_usd: 0.5 } });
  });

  it('says what is wrong with a value that is not an object or has no type', () => {
    expect(toStreamEvent([1])).toMatchObject({ reason: 'malformed', message: 'event is not a JSON object: [1]' });
    expect(toStreamEvent({ content: 'x' })).toMatchObject({ reason: 'malformed', message: 'event has no "type": {"content":"x"}' });
  });
});
