import { describe, expect, it } from 'vitest';
import type { NewTranscriptItem, TranscriptItem } from '../../shared/desk-api.js';
import { applyItems, EMPTY_TRANSCRIPT } from '../../shared/transcript.js';
import { EarlierHistory } from './earlier-history.js';
import { Store } from './store.js';

const KEY = 'h/s';

/** Turns as a persistent CLI's transcript holds them: a message, its echo, text, a tool call and result, the result with the CLI's running cost. */
function history(turns: number): TranscriptItem[] {
  const items: NewTranscriptItem[] = [];
  for (let turn = 1; turn <= turns; turn++) {
    const message = `step ${turn}`;
    items.push({ kind: 'sent', message, at: '2026-12-02T00:00:00Z' });
    items.push({ kind: 'event', event: { type: 'system', subtype: 'user_message', content: message } });
    items.push({ kind: 'event', event: { type: 'partial', content: `Working on ${turn}` } });
    items.push({ kind: 'event', event: { type: 'text', content: `Working on ${turn}.` } });
    items.push({ kind: 'event', event: { type: 'tool_use', tool: 'Edit', tool_use_id: `tu${turn}`, input: { file_path: `/w/f${turn}.ts`, old_string: 'a', new_string: 'b' } } });
    items.push({ kind: 'event', event: { type: 'tool_result', tool_use_id: `tu${turn}`, content: 'updated' } });
    items.push({ kind: 'event', event: { type: 'result', raw: { type: 'result', subtype: 'success', result: 'done', duration_ms: 900, total_cost_usd: turn * 0.01, usage: { input_tokens: 10, output_tokens: 5 } } } });
  }
  return items.map((item, n) => ({ ...item, n }) as TranscriptItem);
}

/** The desk's `sessions.transcript` over `items`: a page of up to `limit` before `before`. */
function deskOver(items: TranscriptItem[], failing = new Set<number>()) {
  const calls: { before: number | undefined; limit: number | undefined }[] = [];
  return {
    calls,
    sessionsTranscript: async ({ before, limit = 1000 }: { key: string; before?: number | undefined; limit?: number | undefined }) => {
      calls.push({ before, limit });
      if (failing.has(calls.length)) throw new Error('the host went away');
      const end = Math.min(before ?? items.length, items.length);
      return { items: items.slice(Math.max(0, end - limit), end), total: items.length };
    },
  };
}

/** Opens `items` in the store as a watch with a tail would: from `start`, caught up. */
function openPartly(store: Store, items: TranscriptItem[], start: number): void {
  store.transcriptLoading(KEY);
  expect(store.receiveItems({ type: 'session.items', key: KEY, items: items.slice(start), caughtUp: true, start })).toBe('applied');
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(condition()).toBe(true);
}

describe('a transcript opened with only its newest part', () => {
  it('shows the newest turns at once, then the whole transcript exactly as if it had been read from the start', async () => {
    const items = history(2000);
    const store = new Store();
    openPartly(store, items, 13_993);
    const partly = store.getState().transcripts.get(KEY)!;
    expect(partly.status).toBe('ready');
    expect(partly.partial).toMatchObject({ start: 13_993, loaded: 0, error: null });
    expect(partly.state.rows[0]).toMatchObject({ kind: 'user', text: 'step 2000' });

    const desk = deskOver(items);
    new EarlierHistory(desk, store).ensure(KEY);
    // Output that streams in while the earlier part is read is part of the whole too.
    const more: TranscriptItem[] = [{ n: items.length, kind: 'event', event: { type: 'partial', content: 'and more' } }];
    store.receiveItems({ type: 'session.items', key: KEY, items: more });
    await until(() => store.getState().transcripts.get(KEY)!.partial === null);

    const whole = store.getState().transcripts.get(KEY)!;
    expect(whole.state).toEqual(applyItems(EMPTY_TRANSCRIPT, [...items, ...more]));
    expect(whole.state.sessionCostUsd).toBeCloseTo(20, 6);
    expect(whole.lastN).toBe(items.length);
    // Read oldest first, in the desk's largest pages.
    expect(desk.calls.map((call) => call.before)).toEqual([1500, 3000, 4500, 6000, 7500, 9000, 10_500, 12_000, 13_500, 13_993]);
  });

  it('stops reading when the transcript is forgotten meanwhile, and a new open starts afresh', async () => {
    const items = history(2000);
    const store = new Store();
    openPartly(store, items, 13_993);
    const desk = deskOver(items);
    const earlier = new EarlierHistory(desk, store);
    earlier.ensure(KEY);
    earlier.ensure(KEY);
    store.forgetTranscript(KEY);
    await until(() => desk.calls.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(desk.calls).toHaveLength(1);
    expect(store.getState().transcripts.has(KEY)).toBe(false);
  });

  it('says why the earlier part could not be read, and reads it on Try again', async () => {
    const items = history(1000);
    const store = new Store();
    openPartly(store, items, 6993);
    const earlier = new EarlierHistory(deskOver(items, new Set([2])), store);
    earlier.ensure(KEY);
    await until(() => store.getState().transcripts.get(KEY)!.partial?.error !== null);
    expect(store.getState().transcripts.get(KEY)!.partial).toMatchObject({ loaded: 1500, error: "the host went away" });
    // Not read again by itself (a catch-up after a reconnect, say) until asked.
    earlier.ensure(KEY);
    expect(store.getState().transcripts.get(KEY)!.partial?.error).toBe('the host went away');
    earlier.retry(KEY);
    await until(() => store.getState().transcripts.get(KEY)!.partial === null);
    expect(store.getState().transcripts.get(KEY)!.state).toEqual(applyItems(EMPTY_TRANSCRIPT, items));
  });
});
