import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../shared/desk-api.js';
import { Store } from './store.js';

const partial = (n: number, content: string): TranscriptItem => ({ n, kind: 'event', event: { type: 'partial', content } });
const sent = (n: number, message: string): TranscriptItem => ({ n, kind: 'sent', message, at: '2026-11-25T00:00:00Z' });

describe('renderer store', () => {
  it('queues pushes that arrive while a transcript loads and applies each item once', () => {
    const store = new Store();
    store.transcriptLoading('h/s');
    store.apply({ type: 'session.items', key: 'h/s', items: [partial(1, 'He'), partial(2, 'llo')] });
    expect(store.getState().transcripts.get('h/s')!.state.rows).toEqual([]);
    // The history already holds item 1: the overlap is skipped.
    store.transcriptLoaded('h/s', [sent(0, 'hi'), partial(1, 'He')]);
    const rows = store.getState().transcripts.get('h/s')!.state.rows;
    expect(rows.map((row) => row.kind)).toEqual(['user', 'assistant']);
    expect(rows[1]).toMatchObject({ text: 'Hello' });
    // A replayed push changes nothing, not even identity.
    const before = store.getState();
    store.apply({ type: 'session.items', key: 'h/s', items: [partial(2, 'llo')] });
    expect(store.getState()).toBe(before);
  });

  it('holds pushes while missed items are fetched, then applies both in order without duplicates', () => {
    const store = new Store();
    store.transcriptLoaded('h/s', [sent(0, 'hi'), partial(1, 'a')]);
    store.transcriptHold('h/s');
    store.apply({ type: 'session.items', key: 'h/s', items: [partial(4, 'd')] });
    expect(store.getState().transcripts.get('h/s')!.lastN).toBe(1);
    store.transcriptAppended('h/s', [partial(2, 'b'), partial(3, 'c'), partial(4, 'd')]);
    const transcript = store.getState().transcripts.get('h/s')!;
    expect(transcript.lastN).toBe(4);
    expect(transcript.state.rows[1]).toMatchObject({ text: 'abcd' });
    expect(transcript.holding).toBe(false);
  });

  it('never applies part of a joined run twice when it overlaps what was fetched', () => {
    const store = new Store();
    store.transcriptLoading('h/s');
    // The desk joined deltas 1..3 into one push; the history read also holds 1..3 one by one.
    store.apply({ type: 'session.items', key: 'h/s', items: [{ n: 3, from: 1, kind: 'event', event: { type: 'partial', content: 'abc' } }] });
    store.transcriptLoaded('h/s', [sent(0, 'hi'), partial(1, 'a'), partial(2, 'b'), partial(3, 'c')]);
    expect(store.getState().transcripts.get('h/s')!.state.rows[1]).toMatchObject({ text: 'abc' });
    store.apply({ type: 'session.items', key: 'h/s', items: [{ n: 6, from: 4, kind: 'event', event: { type: 'partial', content: 'def' } }] });
    expect(store.getState().transcripts.get('h/s')!.state.rows[1]).toMatchObject({ text: 'abcdef' });
  });

  it('ignores items of sessions nobody opened, and drops a removed session with its transcript', () => {
    const store = new Store();
    const before = store.getState();
    store.apply({ type: 'session.items', key: 'h/x', items: [partial(0, 'x')] });
    expect(store.getState()).toBe(before);
    store.transcriptLoaded('h/y', []);
    store.apply({ type: 'session.removed', key: 'h/y' });
    expect(store.getState().transcripts.has('h/y')).toBe(false);
  });

  it('turns desk notices into toasts that name the host and session, keeping the last five', () => {
    const store = new Store();
    store.loaded({ appInfo: null, hosts: [{ id: 'box', name: 'build box' } as never], sessions: [{ key: 'box/1', hostId: 'box', name: 'nightly' } as never] });
    for (let i = 0; i < 7; i++) store.apply({ type: 'notice', notice: { level: 'warning', message: `m${i}`, key: 'box/1' } });
    const toasts = store.getState().toasts;
    expect(toasts.map((toast) => toast.message)).toEqual(['m2', 'm3', 'm4', 'm5', 'm6']);
    expect(toasts[0]!.context).toBe('build box · nightly');
  });

  it('shows one progress notice at a time: a newer info replaces the older one', () => {
    const store = new Store();
    store.apply({ type: 'notice', notice: { level: 'info', message: 'Copying the daemon' } });
    store.apply({ type: 'notice', notice: { level: 'error', message: 'disk full' } });
    store.apply({ type: 'notice', notice: { level: 'info', message: 'Starting the daemon' } });
    expect(store.getState().toasts.map((toast) => toast.message)).toEqual(['disk full', 'Starting the daemon']);
  });
});
