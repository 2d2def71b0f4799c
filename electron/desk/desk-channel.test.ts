import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEvent, NewTranscriptItem, TranscriptItem } from '../../shared/desk-api.js';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import { DeskChannel, joinPartials } from './desk-channel.js';
import { TranscriptStore } from './transcript-store.js';

const partial = (n: number, content: string, block?: 'tool_input'): TranscriptItem => ({ n, kind: 'event', event: { type: 'partial', content, seq: n + 100, ...(block ? { block } : {}) } });
const delta = (content: string): NewTranscriptItem => ({ kind: 'event', event: { type: 'partial', content } });

describe('joinPartials', () => {
  it('joins runs of text deltas into one item that says which items it covers', () => {
    const joined = joinPartials([partial(4, 'a'), partial(5, 'b'), partial(6, 'c'), { n: 7, kind: 'event', event: { type: 'text', content: 'abc' } }, partial(8, 'x', 'tool_input'), partial(9, 'y')]);
    expect(joined).toEqual([
      { n: 6, from: 4, kind: 'event', event: { type: 'partial', content: 'abc', seq: 106 } },
      { n: 7, kind: 'event', event: { type: 'text', content: 'abc' } },
      partial(8, 'x', 'tool_input'),
      partial(9, 'y'),
    ]);
  });
});

describe('a window\'s channel', () => {
  let dir: string;
  let store: TranscriptStore;
  let clock: FakeClock;
  let sent: DeskEvent[];
  let accept: boolean;
  let overflowed: boolean;
  let channel: DeskChannel;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'channel-'));
    store = (await TranscriptStore.open(path.join(dir, 't.jsonl'))).store;
    clock = new FakeClock();
    sent = [];
    accept = true;
    overflowed = false;
    channel = new DeskChannel('c1', (event) => (sent.push(event), accept), { flushMs: 16, clock, onOverflow: () => (overflowed = true) });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const items = () => sent.flatMap((event) => (event.type === 'session.items' ? event.items : []));
  /** The text the window would hold: each delta once, in order. */
  const text = () => items().map((item) => (item.kind === 'event' && item.event.type === 'partial' ? item.event.content : '')).join('');

  it('sends what the window missed after its cursor, then each new item, with nothing doubled or skipped', () => {
    store.append(['a', 'b', 'c', 'd'].map(delta));
    channel.watch('h/s', store, 1);
    // Items that come while the catch-up waits to be sent follow it.
    channel.push('h/s', store.append([delta('e')]));
    clock.advance(16);
    channel.push('h/s', store.append([delta('f'), delta('g')]));
    clock.advance(16);
    expect(text()).toBe('cdefg');
    const batches = sent.filter((event) => event.type === 'session.items');
    expect(batches[0]).toMatchObject({ caughtUp: true });
    expect(batches.slice(1).every((event) => event.type === 'session.items' && !event.caughtUp)).toBe(true);
    // One joined item per flush: a burst crosses as one message.
    expect(batches).toHaveLength(2);
  });

  it('says it caught up even when nothing was missed', () => {
    store.append([delta('a')]);
    channel.watch('h/s', store, 0);
    clock.advance(0);
    expect(sent).toEqual([{ type: 'session.items', key: 'h/s', items: [], caughtUp: true }]);
  });

  it('sends everything again, as a reset, to a cursor from another transcript', () => {
    store.append(['a', 'b'].map(delta));
    channel.watch('h/s', store, 7);
    clock.advance(0);
    expect(sent[0]).toMatchObject({ type: 'session.items', reset: true, caughtUp: true });
    expect(text()).toBe('ab');
  });

  it('sends nothing of sessions the window does not watch, and stops when it unwatches', () => {
    channel.push('h/other', store.append([delta('x')]));
    channel.watch('h/s', store, 0);
    clock.advance(0);
    channel.unwatch('h/s');
    channel.push('h/s', store.append([delta('y')]));
    clock.advance(100);
    expect(text()).toBe('');
  });

  it('splits a long catch-up into pushes of at most 2,000 items, the last one marked', () => {
    store.append(Array.from({ length: 4500 }, (_, i) => ({ kind: 'notice', level: 'info', message: `n${i}`, at: 'x' }) as NewTranscriptItem));
    channel.watch('h/s', store, -1);
    clock.advance(0);
    const batches = sent.filter((event): event is Extract<DeskEvent, { type: 'session.items' }> => event.type === 'session.items');
    expect(batches.map((event) => event.items.length)).toEqual([2000, 2000, 500]);
    expect(batches.map((event) => event.caughtUp ?? false)).toEqual([false, false, true]);
  });

  it('closes itself when the window cannot keep up', () => {
    channel.watch('h/s', store, -1);
    accept = false;
    channel.push('h/s', store.append([delta('a')]));
    clock.advance(16);
    expect(overflowed).toBe(true);
    expect(channel.isClosed).toBe(true);
  });

  it('does not start a watch the window gave up while its transcript was loading', () => {
    store.append([delta('a')]);
    const ticket = channel.want('h/s');
    channel.unwatch('h/s');
    channel.watch('h/s', store, -1, ticket);
    channel.push('h/s', store.append([delta('b')]));
    clock.advance(100);
    expect(sent).toEqual([]);
  });
});

describe('a watch that asks for only the newest items', () => {
  let dir: string;
  let store: TranscriptStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'channel-tail-'));
    store = (await TranscriptStore.open(path.join(dir, 't.jsonl'))).store;
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A turn as the transcript holds it: the message, its echo, `deltas` text deltas, the result. */
  const turn = (message: string, deltas: number): NewTranscriptItem[] => [
    { kind: 'sent', message, at: '2026-12-02T00:00:00Z' },
    { kind: 'event', event: { type: 'system', subtype: 'user_message', content: message } },
    ...Array.from({ length: deltas }, (_, i) => delta(`${message}-${i} `)),
    { kind: 'event', event: { type: 'result', raw: { type: 'result', subtype: 'success', result: 'ok' } } },
  ];

  it('starts right after the end of a turn, at or before the newest `tail` items', () => {
    for (let i = 0; i < 10; i++) store.append(turn(`m${i}`, 7));
    // Each turn is 10 items; the last 25 start inside turn 7, so it starts at turn 7's beginning.
    expect(store.length).toBe(100);
    expect(store.tailStart(25)).toBe(70);
    expect(store.item(70)).toMatchObject({ kind: 'sent', message: 'm7' });
    expect(store.tailStart(100)).toBe(0);
    expect(store.tailStart(500)).toBe(0);
  });

  it('never starts after a message that is still waiting to begin', () => {
    for (let i = 0; i < 5; i++) store.append(turn(`m${i}`, 7));
    // Two messages sent and queued while m5 runs: neither has begun.
    store.append([{ kind: 'sent', message: 'm5', at: '2026-12-02T00:00:00Z' }, { kind: 'sent', message: 'q1', at: '2026-12-02T00:00:00Z' }, { kind: 'sent', message: 'q2', at: '2026-12-02T00:00:00Z' }]);
    store.append([{ kind: 'event', event: { type: 'system', subtype: 'user_message', content: 'm5' } }, ...Array.from({ length: 30 }, (_, i) => delta(`x${i}`))]);
    // q1 is item 51: the newest 10 items would start within m5's turn, but q1 must be read too.
    expect(store.tailStart(10)).toBe(50);
  });

  it('gives everything when no turn ends within reach', () => {
    store.append([{ kind: 'sent', message: 'long', at: '2026-12-02T00:00:00Z' }, ...Array.from({ length: 200 }, (_, i) => delta(`${i}`))]);
    expect(store.tailStart(10)).toBe(0);
  });

  it('sends from there, and says where it starts; a later watch from a cursor is as before', () => {
    for (let i = 0; i < 10; i++) store.append(turn(`m${i}`, 7));
    const clock = new FakeClock();
    const sent: DeskEvent[] = [];
    const channel = new DeskChannel('c1', (event) => (sent.push(event), true), { flushMs: 16, clock, onOverflow: () => undefined });
    channel.watch('h/s', store, -1, undefined, 25);
    clock.advance(0);
    const first = sent[0] as Extract<DeskEvent, { type: 'session.items' }>;
    expect(first.start).toBe(70);
    expect(first.caughtUp).toBe(true);
    expect(first.items[0]!.n).toBe(70);
    expect(first.items.at(-1)!.n).toBe(99);
    channel.push('h/s', store.append([delta('more')]));
    clock.advance(16);
    expect(sent[1]).toMatchObject({ type: 'session.items', items: [{ n: 100 }] });
    expect('start' in sent[1]!).toBe(false);
    channel.watch('h/s', store, 95, undefined, 25);
    clock.advance(0);
    expect(sent[2]).toMatchObject({ caughtUp: true, items: [{ from: 96, n: 98 }, { n: 99 }, { n: 100 }] });
    expect('start' in sent[2]!).toBe(false);
  });
});
