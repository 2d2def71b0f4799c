import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StreamEvent } from '../shared/protocol.js';
import { mapCliLine } from './cli-mapping.js';

const fixtureDir = new URL('./testing/fixtures/', import.meta.url);
const lines = (name: string) =>
  readFileSync(new URL(name, fixtureDir), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const mapAll = (name: string) => lines(name).flatMap((line) => mapCliLine(line).events);

describe('mapCliLine on recorded CLI output', () => {
  it.each(readdirSync(fixtureDir).filter((name) => name.endsWith('.jsonl')))('maps every line of %s to valid events', (name) => {
    for (const event of mapAll(name)) expect(StreamEvent.safeParse(event).success, JSON.stringify(event).slice(0, 200)).toBe(true);
  });

  it('maps a tool-using turn: init, text, tool_use with its full input, tool_result, text, result', () => {
    const events = mapAll('sample.jsonl').filter((event) => event.type !== 'system' || event.subtype === 'init');
    expect(events.map((event) => event.type)).toEqual(['system', 'text', 'tool_use', 'tool_result', 'text', 'result']);
    expect(events[0]).toMatchObject({ subtype: 'init', session_id: 'a637c156-05cb-4eed-9cfc-20f79ff597cf', model: 'claude-opus-4-8[1m]' });
    expect(events[2]).toMatchObject({ tool: 'Bash', input: { command: expect.any(String) }, tool_use_id: 'toolu_4hlydbf5187' });
    expect(events[3]).toMatchObject({ tool_use_id: 'toolu_4hlydbf5187', content: 'hello-from-tool', is_error: false });
    expect(events[5]).toMatchObject({ session_id: 'a637c156-05cb-4eed-9cfc-20f79ff597cf', raw: { is_error: false, total_cost_usd: expect.any(Number) } });
  });

  it('maps text deltas to partials and tool-input deltas to partials marked as tool input', () => {
    const partials = mapAll('partial-sample.jsonl').filter((event) => event.type === 'partial');
    expect(partials.length).toBeGreaterThan(2);
    const text = partials.filter((event) => event.block === undefined).map((event) => (event as { content: string }).content).join('');
    const finalText = mapAll('partial-sample.jsonl').find((event) => event.type === 'text') as { content: string };
    expect(finalText.content.startsWith(text.slice(0, 10))).toBe(true);
  });

  it('ends the turn only on the result line and learns the session id and model', () => {
    const mapped = lines('sample.jsonl').map(mapCliLine);
    expect(mapped.map((m) => m.endsTurn)).toEqual([false, false, false, false, false, true]);
    expect(mapped[0]).toMatchObject({ sdkSessionId: 'a637c156-05cb-4eed-9cfc-20f79ff597cf', model: 'claude-opus-4-8[1m]' });
  });

  it('keeps the API error of a failed turn in the result', () => {
    const result = mapAll('api-error-400-sample.jsonl').find((event) => event.type === 'result');
    expect(result).toMatchObject({ raw: { is_error: true, api_error_status: 400 } });
  });

  it('maps an interrupted tool to an error tool_result and the interrupt note to system', () => {
    const events = mapAll('sigint-during-tool-sample.jsonl');
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ is_error: true });
  });

  it('passes lines it does not map as system events with their raw line', () => {
    expect(mapCliLine({ type: 'rate_limit_event', x: 1 }).events).toEqual([{ type: 'system', raw: { type: 'rate_limit_event', x: 1 } }]);
    expect(mapCliLine('not an object').events).toEqual([]);
  });
});
