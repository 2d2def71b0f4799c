/**
 * A daemon SIGKILLed under a firehose: clients may have seen events its log never got. The
 * restarted daemon must never number a new event with a seq a client has already seen (the
 * desk would drop it as a duplicate), must say what it lost, and must mark the cut turn.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../shared/protocol.js';
import { useTestWorld } from './testing/harness.js';
import { collect, seqs } from './testing/stream-helpers.js';

const FIREHOSE_CLI = `${process.execPath} ${fileURLToPath(new URL('../bench/fake-claude.mjs', import.meta.url))}`;
const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;

/** Every history event, page by page. */
async function wholeHistory(port: number, id: string): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for (let afterSeq = 0; ; ) {
    const page = await client.sessionHistory(port, id, afterSeq, 10_000);
    if (page.events.length === 0) return events;
    events.push(...page.events);
    afterSeq = Math.max(...seqs(page.events));
  }
}

describe('a daemon SIGKILLed under a firehose', () => {
  it('never reuses a seq a client saw: the restart resumes above them, says what was lost, and marks the cut turn', async () => {
    const first = await world.start({ claude: FIREHOSE_CLI });
    const id = await client.createSession(first.port, world.env.workDir);
    let highestSeen = 0;
    const stream = client.sendMessage(first.port, id, 'events: 5000000');
    for await (const event of stream) {
      highestSeen = Math.max(highestSeen, event.seq ?? 0);
      if (highestSeen >= 30_000 && first.child.exitCode === null && first.child.signalCode === null) void first.stop('SIGKILL');
    }
    expect(await first.exited).toBeNull();

    const second = await world.start({ claude: FIREHOSE_CLI });
    const turn = await collect(client.sendMessage(second.port, id, 'events: 5'));
    expect(turn.at(-1)).toMatchObject({ type: 'result' });
    expect(Math.min(...seqs(turn))).toBeGreaterThan(highestSeen);

    const history = await wholeHistory(second.port, id);
    const marker = history.find((event) => event.type === 'system' && event.subtype === 'restarted');
    expect(marker).toMatchObject({ savedThrough: expect.any(Number), resumedAt: expect.any(Number), message: expect.stringContaining('stopped abruptly') });
    const { savedThrough, resumedAt } = marker as { savedThrough: number; resumedAt: number; seq: number };
    expect(resumedAt).toBeGreaterThan(highestSeen);
    expect(marker!.seq).toBe(resumedAt);
    const saved = seqs(history).filter((seq) => seq <= savedThrough);
    expect(saved).toEqual(Array.from({ length: savedThrough }, (_, i) => i + 1));
    const cut = history.find((event) => event.seq === resumedAt + 1);
    expect(cut).toMatchObject({ type: 'error', message: expect.stringContaining('daemon stopped while this turn was running') });
    expect(seqs(history).slice(-turn.length)).toEqual(seqs(turn));
  }, 60_000);

  it('marks a cut turn that was not the first one', async () => {
    const first = await world.start();
    const id = await client.createSession(first.port, world.env.workDir);
    await collect(client.sendMessage(first.port, id, 'say: one'));
    const stream = client.sendMessage(first.port, id, 'slow: 100 100');
    for await (const event of stream) if (event.type === 'partial') break;
    await first.stop('SIGKILL');
    await collect(stream).catch(() => []);
    const second = await world.start();
    const history = await wholeHistory(second.port, id);
    const cuts = history.filter((event) => event.type === 'error');
    expect(cuts).toHaveLength(1);
    expect(cuts[0]).toMatchObject({ message: expect.stringContaining('daemon stopped while this turn was running') });
    expect(history.at(-1)).toBe(cuts[0]);
    expect((await client.listSessions(second.port)).find((session) => session.sessionId === id)?.status).toBe('error');
  });

  it('after a clean stop, goes on with the next seq and adds no marker', async () => {
    const first = await world.start();
    const id = await client.createSession(first.port, world.env.workDir);
    const one = await collect(client.sendMessage(first.port, id, 'say: one'));
    expect(await first.stop('SIGTERM')).toBe(0);
    const second = await world.start();
    const two = await collect(client.sendMessage(second.port, id, 'say: two'));
    expect(seqs(two)[0]).toBe(Math.max(...seqs(one)) + 1);
    expect((await wholeHistory(second.port, id)).some((event) => event.type === 'system' && event.subtype === 'restarted')).toBe(false);
  });
});
