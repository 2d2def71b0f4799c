/** `dequeue`: a queued message taken back before its turn never runs; anything else is left alone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../shared/protocol.js';
import { useDaemonFixture } from './testing/harness.js';
import { collect, readUntil, seqs } from './testing/stream-helpers.js';

const fx = useDaemonFixture({ beforeAll, afterAll });
const client = fx.client;

const userMessages = (events: StreamEvent[]) => events.flatMap((event) => (event.type === 'system' && event.subtype === 'user_message' ? [event.content] : []));
/** Every message the scripted model was asked to answer, as the CLI sent it. */
const askedOfModel = () => JSON.stringify(fx.env.model.requests.map((request) => request.messages));

const BUSY_TURN = 'slow: 80 50';
/** A session busy with a slow turn (about 4 s, plenty for a few calls), and its stream read up to the first words. */
async function busySession(turn = BUSY_TURN): Promise<{ id: string; first: ReturnType<typeof client.sendMessage> }> {
  const id = await client.createSession(fx.daemon.port, fx.env.workDir);
  const first = client.sendMessage(fx.daemon.port, id, turn);
  await readUntil(first, (event) => event.type === 'partial');
  return { id, first };
}

async function finishTurns(id: string, first: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  await collect(first);
  await expect.poll(async () => (await client.listSessions(fx.daemon.port)).find((session) => session.sessionId === id)?.status, { timeout: 30_000 }).toBe('idle');
  return (await client.sessionHistory(fx.daemon.port, id)).events;
}

describe('dequeue with the real Claude CLI', () => {
  it('is announced in health.check', async () => {
    expect((await client.healthCheck(fx.daemon.port)).capabilities).toContain('dequeue');
  });

  it('takes back a queued message: the send stream had ended with `queued`, the message never runs, the one behind it moves up and runs', async () => {
    const { id, first } = await busySession();
    const cancelled = await collect(client.sendMessage(fx.daemon.port, id, 'say: cancelled before it ran'));
    expect(cancelled).toEqual([{ type: 'queued', position: 1, seq: expect.any(Number) }]);
    const kept = await collect(client.sendMessage(fx.daemon.port, id, 'say: the one that stays'));
    expect(kept).toEqual([{ type: 'queued', position: 2, seq: expect.any(Number) }]);

    expect(await client.dequeue(fx.daemon.port, id, 1, 'say: cancelled before it ran')).toEqual({ ok: true, removed: true });
    expect((await client.getQueueStats(fx.daemon.port, id)).userPending).toBe(1);
    // The same call again finds a different message there now: nothing is removed.
    expect(await client.dequeue(fx.daemon.port, id, 1, 'say: cancelled before it ran')).toEqual({ ok: true, removed: false });

    const history = await finishTurns(id, first);
    expect(userMessages(history)).toEqual([BUSY_TURN, 'say: the one that stays']);
    // Nothing of it is in the log: no turn, no words (the busy turn's own events go on meanwhile, so counting them proves nothing).
    expect(JSON.stringify(history)).not.toContain('cancelled before it ran');
    expect(history.some((event) => event.type === 'text' && event.content === 'the one that stays')).toBe(true);
    expect(askedOfModel()).not.toContain('cancelled before it ran');
    // No event of the session's log was left out: the queue simply shrank.
    const numbers = seqs(history);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  });

  it('removes nothing for a wrong content or a wrong position', async () => {
    const { id, first } = await busySession();
    await collect(client.sendMessage(fx.daemon.port, id, 'say: first in line'));
    await collect(client.sendMessage(fx.daemon.port, id, 'say: second in line'));
    expect(await client.dequeue(fx.daemon.port, id, 1, 'say: second in line')).toEqual({ ok: true, removed: false });
    expect(await client.dequeue(fx.daemon.port, id, 2, 'say: first in line')).toEqual({ ok: true, removed: false });
    expect(await client.dequeue(fx.daemon.port, id, 3, 'say: second in line')).toEqual({ ok: true, removed: false });
    expect((await client.getQueueStats(fx.daemon.port, id)).userPending).toBe(2);
    // The position is checked too: the second one is taken back where it is, the first stays.
    expect(await client.dequeue(fx.daemon.port, id, 2, 'say: second in line')).toEqual({ ok: true, removed: true });
    const history = await finishTurns(id, first);
    expect(userMessages(history)).toEqual([BUSY_TURN, 'say: first in line']);
  });

  it('answers removed: false once the turn began', async () => {
    const { id, first } = await busySession('slow: 30 50');
    await collect(client.sendMessage(fx.daemon.port, id, 'slow: 30 40'));
    await collect(first);
    const attached = client.attachSession(fx.daemon.port, id);
    await readUntil(attached, (event) => event.type === 'system' && event.subtype === 'user_message' && event.content === 'slow: 30 40');
    expect(await client.dequeue(fx.daemon.port, id, 1, 'slow: 30 40')).toEqual({ ok: true, removed: false });
    const rest = await readUntil(attached, (event) => event.type === 'result');
    await attached.return();
    expect(rest.at(-1)).toMatchObject({ type: 'result', raw: { is_error: false } });
  });

  it('checks its params and the session', async () => {
    const port = fx.daemon.port;
    await expect(client.rpcCall(port, 'session.dequeue', { sessionId: 'nope', position: 1, content: 'x' })).rejects.toMatchObject({ code: -32004, message: 'Session not found: nope' });
    const id = await client.createSession(port, fx.env.workDir);
    await expect(client.rpcCall(port, 'session.dequeue', { sessionId: id, position: 0, content: 'x' })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('"position"') });
    await expect(client.rpcCall(port, 'session.dequeue', { sessionId: id, position: 1 })).rejects.toMatchObject({ code: -32602, message: 'Missing required param: content (session.dequeue)' });
    expect(await client.dequeue(port, id, 1, 'x')).toEqual({ ok: true, removed: false });
  });
});
