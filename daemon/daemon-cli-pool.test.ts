/**
 * Live CLIs cost memory (an idle real CLI is about 200 MB): idle ones are stopped after
 * --cli-idle-timeout and started again with --resume on the next message, and no more than
 * --max-clis run at once.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../shared/protocol.js';
import { daemonClis, useTestWorld, type RunningDaemon } from './testing/harness.js';
import { collect, living, texts } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;

/** The daemon's CLIs still running: its children. */
const liveClis = (daemon: RunningDaemon) => living(daemonClis(daemon.pid));
const initOf = (events: StreamEvent[]) => events.find((event) => event.type === 'system' && event.subtype === 'init') as { session_id: string } | undefined;

describe('idle CLIs', () => {
  it('are stopped after --cli-idle-timeout, and the next message resumes the conversation in a new CLI', async () => {
    const daemon = await world.start({ args: ['--cli-idle-timeout', '500'] });
    const id = await client.createSession(daemon.port, world.env.workDir);
    const first = await collect(client.sendMessage(daemon.port, id, 'say: one'));
    const firstCli = liveClis(daemon);
    expect(firstCli).toHaveLength(1);
    // The daemon says so once the CLI is gone (an exited CLI can leave the process list before that line).
    await expect.poll(() => daemon.stderr(), { timeout: 10_000 }).toMatch(new RegExp(`session ${id}: stopped its CLI \\(idle for 500 ms\\)`));
    await expect.poll(() => liveClis(daemon), { timeout: 10_000 }).toEqual([]);
    const second = await collect(client.sendMessage(daemon.port, id, 'say: two'));
    expect(texts(second)).toEqual(['two']);
    expect(liveClis(daemon)).toHaveLength(1);
    expect(liveClis(daemon)).not.toEqual(firstCli);
    expect(initOf(second)?.session_id).toBe(initOf(first)?.session_id);
    expect(JSON.stringify(world.env.model.requests.at(-1)!.messages)).toContain('say: one');
  });
});

describe('--max-clis', () => {
  it('stops the least recently used idle CLI when a turn needs one and the cap is reached', async () => {
    const daemon = await world.start({ args: ['--max-clis', '2'] });
    const sessions = await Promise.all([1, 2, 3].map(() => client.createSession(daemon.port, world.env.workDir)));
    const [a, b, c] = sessions as [string, string, string];
    await collect(client.sendMessage(daemon.port, a, 'say: a'));
    await collect(client.sendMessage(daemon.port, b, 'say: b'));
    expect(liveClis(daemon)).toHaveLength(2);
    // a is used again, so b is now the least recently used.
    await collect(client.sendMessage(daemon.port, a, 'say: a again'));
    await collect(client.sendMessage(daemon.port, c, 'say: c'));
    expect(liveClis(daemon)).toHaveLength(2);
    expect(daemon.stderr()).toMatch(new RegExp(`session ${b}: stopped its CLI \\(the least recently used idle CLI, .*--max-clis 2\\)`));
    const resumed = await collect(client.sendMessage(daemon.port, b, 'say: b again'));
    expect(texts(resumed)).toEqual(['b again']);
    expect(JSON.stringify(world.env.model.requests.at(-1)!.messages)).toContain('say: b');
    expect(liveClis(daemon)).toHaveLength(2);
  });

  it('makes a turn wait while every CLI is busy, and runs it once one is free', async () => {
    const daemon = await world.start({ args: ['--max-clis', '1'] });
    const [a, b] = (await Promise.all([1, 2].map(() => client.createSession(daemon.port, world.env.workDir)))) as [string, string];
    const order: string[] = [];
    let most = 0;
    const follow = async (id: string, name: string, message: string) => {
      const events: StreamEvent[] = [];
      for await (const event of client.sendMessage(daemon.port, id, message)) {
        if (event.type === 'ping') continue;
        events.push(event);
        order.push(`${name}:${event.type === 'system' ? event.subtype : event.type}`);
        most = Math.max(most, liveClis(daemon).length);
      }
      return events;
    };
    const slow = follow(a, 'a', 'slow: 20 100');
    await expect.poll(() => order.includes('a:partial'), { timeout: 15_000 }).toBe(true);
    const waiting = follow(b, 'b', 'say: b');
    const [first, second] = await Promise.all([slow, waiting]);
    expect(first.at(-1)).toMatchObject({ type: 'result' });
    expect(texts(second)).toEqual(['b']);
    expect(order.indexOf('b:user_message')).toBeLessThan(order.indexOf('a:result'));
    expect(order.indexOf('b:init')).toBeGreaterThan(order.indexOf('a:result'));
    expect(most).toBe(1);
  });
});
