import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../shared/desk-api.js';
import { Store } from './store.js';

const partial = (n: number, content: string): TranscriptItem => ({ n, kind: 'event', event: { type: 'partial', content } });
const sent = (n: number, message: string): TranscriptItem => ({ n, kind: 'sent', message, at: '2026-11-25T00:00:00Z' });

describe('renderer store', () => {
  const items = (key: string, list: TranscriptItem[], more: { caughtUp?: boolean; reset?: boolean } = {}) => ({ type: 'session.items' as const, key, items: list, ...more });

  it('shows a watched transcript as loading until its catch-up is in, then applies each item once', () => {
    const store = new Store();
    store.transcriptLoading('h/s');
    expect(store.receiveItems(items('h/s', [sent(0, 'hi'), partial(1, 'He')]))).toBe('applied');
    expect(store.getState().transcripts.get('h/s')!.status).toBe('loading');
    store.receiveItems(items('h/s', [partial(2, 'llo')], { caughtUp: true }));
    const transcript = store.getState().transcripts.get('h/s')!;
    expect(transcript.status).toBe('ready');
    expect(transcript.state.rows.map((row) => row.kind)).toEqual(['user', 'assistant']);
    expect(transcript.state.rows[1]).toMatchObject({ text: 'Hello' });
    // Items already held change nothing, not even identity.
    const before = store.getState();
    store.receiveItems(items('h/s', [partial(2, 'llo')]));
    expect(store.getState()).toBe(before);
  });

  it('refuses items that leave a hole, so the watch is made again from the cursor', () => {
    const store = new Store();
    store.transcriptLoading('h/s');
    store.receiveItems(items('h/s', [sent(0, 'hi'), partial(1, 'a')], { caughtUp: true }));
    const before = store.getState();
    expect(store.receiveItems(items('h/s', [partial(4, 'd')]))).toBe('gap');
    expect(store.getState()).toBe(before);
  });

  it('never applies part of a joined run twice: a run that is only partly held counts as a hole', () => {
    const store = new Store();
    store.transcriptLoading('h/s');
    store.receiveItems(items('h/s', [sent(0, 'hi'), partial(1, 'a'), partial(2, 'b')], { caughtUp: true }));
    expect(store.receiveItems(items('h/s', [{ n: 4, from: 1, kind: 'event', event: { type: 'partial', content: 'abcd' } }]))).toBe('gap');
    expect(store.receiveItems(items('h/s', [{ n: 4, from: 3, kind: 'event', event: { type: 'partial', content: 'cd' } }]))).toBe('applied');
    expect(store.getState().transcripts.get('h/s')!.state.rows[1]).toMatchObject({ text: 'abcd' });
  });

  it('replaces what it holds when the desk says the cursor was from another transcript', () => {
    const store = new Store();
    store.transcriptLoading('h/s');
    store.receiveItems(items('h/s', [sent(0, 'old'), partial(1, 'x'), partial(2, 'y')], { caughtUp: true }));
    store.receiveItems(items('h/s', [sent(0, 'new')], { caughtUp: true, reset: true }));
    const transcript = store.getState().transcripts.get('h/s')!;
    expect(transcript.lastN).toBe(0);
    expect(transcript.state.pending.map((row) => row.text)).toEqual(['new']);
  });

  it('shows a message as being sent until the transcript holds it', () => {
    const store = new Store();
    store.transcriptLoading('h/s');
    store.outboxAdd('h/s', { id: 'w-1', text: 'hi' });
    expect(store.getState().outbox.get('h/s')).toEqual([{ id: 'w-1', text: 'hi' }]);
    store.receiveItems(items('h/s', [{ n: 0, kind: 'sent', message: 'hi', at: 'x', id: 'w-1' }], { caughtUp: true }));
    expect(store.getState().outbox.has('h/s')).toBe(false);
  });

  it('ignores items of sessions nobody opened, and drops a removed session with its transcript', () => {
    const store = new Store();
    const before = store.getState();
    expect(store.receiveItems({ type: 'session.items', key: 'h/x', items: [partial(0, 'x')] })).toBe('ignored');
    expect(store.getState()).toBe(before);
    store.transcriptLoading('h/y');
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
