/**
 * SessionRuntime.cancelQueued against a stand-in daemon: what it asks the daemon (the place and
 * the text the transcript gives), what it records, and how it refuses.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/protocol.js';
import { TRANSCRIPT_FORMAT, type NewTranscriptItem, type SessionRecord, type TranscriptItem } from '../../shared/records.js';
import type { DaemonClient } from '../client/index.js';
import { DeskError } from './desk-error.js';
import { SessionRuntime } from './session-runtime.js';

const AT = '2025-01-01T00:00:00.000Z';
const record: SessionRecord = {
  key: 'local/s-1',
  hostId: 'local',
  sessionId: 's-1',
  name: 'work',
  path: '/work',
  mode: 'auto',
  model: null,
  status: 'busy',
  sdkSessionId: null,
  createdAt: AT,
  lastActivityAt: AT,
  unread: false,
  lastOutcome: null,
  lost: false,
  transcriptLength: 0,
  approvals: [],
};
const event = (body: StreamEvent): NewTranscriptItem => ({ kind: 'event', event: body });
/** Running `slow`, with `first` queued at 1 and `second` at 2: sent items 2 and 4. */
const QUEUE: NewTranscriptItem[] = [
  { kind: 'sent', message: 'slow', at: AT },
  event({ type: 'system', subtype: 'user_message', content: 'slow', seq: 1 }),
  { kind: 'sent', message: 'first', at: AT },
  event({ type: 'queued', position: 1, seq: 2 }),
  { kind: 'sent', message: 'second', at: AT },
  event({ type: 'queued', position: 2, seq: 3 }),
];

let dir: string;
let runtime: SessionRuntime | undefined;
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'cancel-queued-'))));
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  await rm(dir, { recursive: true, force: true });
});

interface StandIn {
  runtime: SessionRuntime;
  asked: unknown[][];
  pushed: TranscriptItem[];
}

async function standIn(options: { capabilities: string[]; removed?: (position: number, content: string) => boolean }): Promise<StandIn> {
  const file = path.join(dir, 'transcript.jsonl');
  const lines = [TRANSCRIPT_FORMAT, ...QUEUE.map((item, n) => ({ ...item, n }))].map((line) => JSON.stringify(line));
  await writeFile(file, `${lines.join('\n')}\n`);
  const asked: unknown[][] = [];
  const pushed: TranscriptItem[] = [];
  const client = {
    dequeue: async (port: number, sessionId: string, position: number, content: string) => {
      asked.push([port, sessionId, position, content]);
      return { ok: true, removed: options.removed?.(position, content) ?? true };
    },
    getQueueStats: async () => ({ userPending: 1, responsePending: 0, clientConnected: false }),
  } as unknown as DaemonClient;
  const link = { client, whenConnected: async () => 4242, capabilities: () => new Set(options.capabilities), reportBroken: () => undefined };
  runtime = new SessionRuntime(record, {
    transcriptFile: file,
    link: () => link,
    changed: () => undefined,
    items: (_session, items) => pushed.push(...items),
    problem: () => undefined,
  });
  return { runtime, asked, pushed };
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as DeskError);

describe('cancelling a queued message', () => {
  it('asks the daemon for the place and the text the transcript gives, records `cancelled` and answers the text', async () => {
    const { runtime, asked, pushed } = await standIn({ capabilities: ['seq', 'dequeue'] });
    expect(await runtime.cancelQueued(4)).toBe('second');
    expect(asked).toEqual([[4242, 's-1', 2, 'second']]);
    expect(pushed).toEqual([{ n: 6, kind: 'cancelled', sent: 4, at: expect.any(String) }]);
    // The one ahead of it keeps its place.
    expect(await runtime.cancelQueued(2)).toBe('first');
    expect(asked.at(-1)).toEqual([4242, 's-1', 1, 'first']);
  });

  it('two cancels of the same message at once: one reaches the daemon, the other is refused', async () => {
    const { runtime, asked } = await standIn({ capabilities: ['dequeue'], removed: () => true });
    const [one, two] = await Promise.all([failureOf(runtime.cancelQueued(2)), failureOf(runtime.cancelQueued(2))]);
    expect(one).toBeUndefined();
    expect(two).toBeInstanceOf(DeskError);
    expect(two).toMatchObject({ code: 'not_queued' });
    expect(asked).toEqual([[4242, 's-1', 1, 'first']]);
  });

  it('the daemon says it is no longer queued: refused with not_queued, nothing recorded', async () => {
    const { runtime, pushed } = await standIn({ capabilities: ['dequeue'], removed: () => false });
    expect(await failureOf(runtime.cancelQueued(2))).toMatchObject({ code: 'not_queued', message: expect.stringMatching(/^Too late to cancel/) });
    expect(pushed).toEqual([]);
  });

  it('a message whose turn began, or that is not a message sent, is refused without asking the daemon', async () => {
    const { runtime, asked } = await standIn({ capabilities: ['dequeue'] });
    expect(await failureOf(runtime.cancelQueued(0))).toMatchObject({ code: 'not_queued' });
    expect(await failureOf(runtime.cancelQueued(3))).toMatchObject({ code: 'not_found' });
    expect(asked).toEqual([]);
  });

  it('a daemon without `dequeue`: unsupported, saying what to do instead', async () => {
    const { runtime, asked } = await standIn({ capabilities: ['seq', 'attach'] });
    expect(await failureOf(runtime.cancelQueued(2))).toMatchObject({ code: 'unsupported', message: expect.stringContaining('Update the daemon, or use Stop') });
    expect(asked).toEqual([]);
  });
});
