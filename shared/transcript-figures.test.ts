/** Each turn's footer holds that turn's own figures, read from the CLI's running totals. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from './desk-api.js';
import type { StreamEvent } from './protocol.js';
import { EMPTY_TRANSCRIPT, applyItems } from './transcript.js';

let n = 0;
const sent = (message: string): TranscriptItem => ({ n: n++, kind: 'sent', message, at: '2026-11-25T00:00:00Z' });
const ev = (event: StreamEvent): TranscriptItem => ({ n: n++, kind: 'event', event });

describe('each turn’s footer holds that turn’s own figures', () => {
  const fixture = (name: string) =>
    readFileSync(new URL(`../daemon/testing/fixtures/${name}`, import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"type":"result"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  /** Two turns of one persistent CLI, as it printed them: `total_cost_usd` counts from the process's start, `usage` is the turn's. */
  const [first, second] = fixture('input-sample.jsonl') as [Record<string, unknown>, Record<string, unknown>];
  const turn = (message: string, raw: Record<string, unknown>, before: TranscriptItem[] = []): TranscriptItem[] => [sent(message), ev({ type: 'system', subtype: 'user_message', content: message }), ...before, ev({ type: 'text', content: 'ok' }), ev({ type: 'result', raw })];
  const ends = (state: ReturnType<typeof applyItems>) => state.rows.filter((row) => row.kind === 'turn-end');

  it('a persistent CLI’s second turn costs the difference of its totals; tokens are the turn’s own', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [...turn('one', first), ...turn('two', second)]);
    expect(ends(state)).toEqual([
      expect.objectContaining({ costUsd: 0.017505, inputTokens: 3391, outputTokens: 22, durationMs: 327 }),
      expect.objectContaining({ costUsd: 0.00936, inputTokens: 1777, outputTokens: 19, durationMs: 40 }),
    ]);
    expect(state.sessionCostUsd).toBe(0.026865);
  });

  it('a CLI started again (a lower total, or a process that counted only this turn) costs its own total', () => {
    const [resumed] = fixture('resume-sample2.jsonl') as [Record<string, unknown>];
    const lower = applyItems(EMPTY_TRANSCRIPT, [...turn('one', first), ...turn('two', second), ...turn('three', resumed)]);
    expect(ends(lower).map((row) => row.costUsd)).toEqual([0.017505, 0.00936, 0.00991]);
    expect(lower.sessionCostUsd).toBe(0.036775);
    // A new process whose first turn cost more than the old one's whole run: its modelUsage holds only this turn.
    const bigger = { ...resumed, total_cost_usd: 0.05, usage: { input_tokens: 9000, output_tokens: 200 }, modelUsage: { opus: { inputTokens: 9000, outputTokens: 200, costUSD: 0.05 } } };
    const restarted = applyItems(EMPTY_TRANSCRIPT, [...turn('one', first), ...turn('two', bigger)]);
    expect(ends(restarted).map((row) => row.costUsd)).toEqual([0.017505, 0.05]);
    expect(restarted.sessionCostUsd).toBe(0.067505);
  });

  it('an interrupted turn whose result reports nothing says what the stream reported it used, never 0 and 0', () => {
    const interruptedRaw = { is_error: true, subtype: 'error_during_execution', terminal_reason: 'aborted_streaming', duration_ms: 881, total_cost_usd: 0, usage: { input_tokens: 0, output_tokens: 0 }, modelUsage: {} };
    const assistantLine = { type: 'assistant', message: { id: 'msg_1', usage: { input_tokens: 1652, cache_read_input_tokens: 100, output_tokens: 1 } } };
    const streamed = (event: unknown) => ev({ type: 'system', raw: { type: 'stream_event', event } });
    const state = applyItems(EMPTY_TRANSCRIPT, [
      sent('go'),
      ev({ type: 'system', subtype: 'user_message', content: 'go' }),
      streamed({ type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 1652, cache_read_input_tokens: 100, output_tokens: 1 } } }),
      ev({ type: 'partial', content: 'finished the ' }),
      streamed({ type: 'message_delta', usage: { output_tokens: 56 } }),
      ev({ type: 'text', content: 'finished the ', raw: assistantLine }),
      ev({ type: 'result', raw: interruptedRaw }),
      ev({ type: 'interrupted' }),
    ]);
    expect(ends(state)).toEqual([expect.objectContaining({ outcome: 'interrupted', inputTokens: 1752, outputTokens: 56, durationMs: 881, costUsd: null })]);
    expect(state.sessionCostUsd).toBeNull();

    // Nothing reported anywhere: no token figures at all.
    const silent = applyItems(EMPTY_TRANSCRIPT, [sent('go'), ev({ type: 'partial', content: 'w1 ' }), ev({ type: 'result', raw: interruptedRaw }), ev({ type: 'interrupted' })]);
    expect(ends(silent)).toEqual([expect.objectContaining({ outcome: 'interrupted', inputTokens: null, outputTokens: null })]);
  });

  it('an interrupt in a persistent CLI leaves the count where it was: the next turn costs only itself', () => {
    const stopped = { is_error: true, subtype: 'error_during_execution', terminal_reason: 'aborted_streaming', duration_ms: 500, total_cost_usd: first.total_cost_usd, usage: { input_tokens: 0, output_tokens: 0 }, modelUsage: first.modelUsage };
    const state = applyItems(EMPTY_TRANSCRIPT, [...turn('one', first), ...turn('stop', stopped), ev({ type: 'interrupted' }), ...turn('two', second)]);
    expect(ends(state).map((row) => [row.outcome, row.costUsd])).toEqual([
      ['completed', 0.017505],
      ['interrupted', null],
      ['completed', 0.00936],
    ]);
    expect(state.sessionCostUsd).toBe(0.026865);
  });

  it('an interrupted turn whose result carries usage shows it, with its cost', () => {
    const [cut] = fixture('permission-interrupt-sample.jsonl') as [Record<string, unknown>];
    const state = applyItems(EMPTY_TRANSCRIPT, [...turn('touch', cut), ev({ type: 'interrupted' })]);
    expect(ends(state)).toEqual([expect.objectContaining({ outcome: 'interrupted', inputTokens: 1654, outputTokens: 20, costUsd: 0.00877 })]);
    expect(state.sessionCostUsd).toBe(0.00877);
  });

  it('an interrupt without any result still says what the stream reported', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [
      sent('go'),
      ev({ type: 'system', subtype: 'user_message', content: 'go' }),
      ev({ type: 'text', content: 'part', raw: { type: 'assistant', message: { id: 'm', usage: { input_tokens: 1234, output_tokens: 56 } } } }),
      ev({ type: 'interrupted' }),
    ]);
    expect(state.rows.map((row) => row.kind)).toEqual(['user', 'assistant', 'turn-end', 'interrupted']);
    expect(state.rows[2]).toMatchObject({ outcome: 'interrupted', inputTokens: 1234, outputTokens: 56, costUsd: null });
  });

  it('a failed turn’s block carries that turn’s cost only', () => {
    const failed = { is_error: true, subtype: 'success', api_error_status: 529, result: 'API Error: 529 overloaded', duration_ms: 300, total_cost_usd: 0.02, usage: { input_tokens: 100, output_tokens: 0 }, modelUsage: { opus: { inputTokens: 3491, outputTokens: 22 } } };
    const state = applyItems(EMPTY_TRANSCRIPT, [...turn('one', first), sent('two'), ev({ type: 'system', subtype: 'user_message', content: 'two' }), ev({ type: 'result', raw: failed })]);
    expect(state.rows.at(-1)).toMatchObject({ kind: 'failure', costUsd: 0.002495 });
    expect(state.sessionCostUsd).toBe(0.02);
  });

  it('dates the user’s message and Claude’s answer with the time the message was sent', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, turn('one', first));
    expect(state.rows.filter((row) => row.kind === 'user' || row.kind === 'assistant').map((row) => ('at' in row ? row.at : undefined))).toEqual(['2026-11-25T00:00:00Z', '2026-11-25T00:00:00Z']);
    const unknown = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'system', subtype: 'user_message', content: 'from elsewhere' }), ev({ type: 'text', content: 'hi' })]);
    expect(unknown.rows.map((row) => ('at' in row ? row.at : undefined))).toEqual([undefined, undefined]);
  });
});
