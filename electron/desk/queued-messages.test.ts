/** Where each message this desk sent waits in the daemon's queue, as the transcript tells it. */
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/protocol.js';
import type { NewTranscriptItem, TranscriptItem } from '../../shared/records.js';
import { waitingMessages } from './queued-messages.js';

const AT = '2025-01-01T00:00:00.000Z';
const sent = (message: string): NewTranscriptItem => ({ kind: 'sent', message, at: AT });
const event = (body: StreamEvent): NewTranscriptItem => ({ kind: 'event', event: body });
const started = (content: string) => event({ type: 'system', subtype: 'user_message', content });
const queued = (position: number) => event({ type: 'queued', position });
const cancelled = (n: number): NewTranscriptItem => ({ kind: 'cancelled', sent: n, at: AT });
const numbered = (items: NewTranscriptItem[]) => items.map((item, n) => ({ ...item, n }) as TranscriptItem);
const places = (items: NewTranscriptItem[]) => waitingMessages(numbered(items)).map(({ message, position }) => [message, position]);

describe('waiting messages', () => {
  it('a message that ran at once waits nowhere; queued ones wait at the place the daemon gave them', () => {
    expect(places([sent('a'), started('a'), sent('b'), queued(1), sent('c'), queued(2)])).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('two sends answered before either `queued` was taken: each place goes to the oldest message without one', () => {
    expect(places([sent('a'), started('a'), sent('b'), sent('c'), queued(1), queued(2)])).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('a turn that begins from the queue moves everyone behind it up', () => {
    expect(places([sent('a'), started('a'), sent('b'), queued(1), sent('c'), queued(2), sent('d'), queued(3), started('b')])).toEqual([
      ['c', 1],
      ['d', 2],
    ]);
  });

  it('a cancelled message leaves the queue and those behind it move up; those ahead stay', () => {
    const items = [sent('a'), started('a'), sent('b'), queued(1), sent('c'), queued(2), sent('d'), queued(3), cancelled(4)];
    expect(places(items)).toEqual([
      ['b', 1],
      ['d', 2],
    ]);
    // Then a new message queues behind the rest, where the daemon puts it.
    expect(places([...items, sent('e'), queued(3), started('b')])).toEqual([
      ['d', 1],
      ['e', 2],
    ]);
  });

  it("the same text twice: the one at the front is the one whose turn begins", () => {
    expect(places([sent('go'), started('go'), sent('go'), queued(1), sent('go'), queued(2), started('go')])).toEqual([['go', 1]]);
  });

  it("another head node's message starting from the queue moves ours up too", () => {
    expect(places([sent('a'), started('a'), sent('b'), queued(2), started('theirs')])).toEqual([['b', 1]]);
  });

  it('a daemon that restarted lost its queue', () => {
    expect(places([sent('a'), started('a'), sent('b'), queued(1), event({ type: 'system', subtype: 'restarted', message: 'restarted' })])).toEqual([]);
  });
});
