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
