/**
 * Processes a CLI leaves behind. One that holds the CLI's stdout open after it exited (a
 * tool's process, a background job): turns, destroy and shutdown follow the CLI's exit, not
 * the pipe's end. One a tool left running after an interrupt: ended with the turn.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestWorld } from './testing/harness.js';
import { collect, processesMatching, readUntil, uniqueSleep } from './testing/stream-helpers.js';

const HOLDER_CLI = `${process.execPath} ${fileURLToPath(new URL('./testing/leftover-cli.mjs', import.meta.url))}`;
const DELTAS = 3000;

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;
let sleepMarker: string;
beforeEach(() => {
  sleepMarker = uniqueSleep();
});
afterEach(() => {
  for (const pid of processesMatching(`sleep ${sleepMarker}`)) process.kill(pid, 'SIGKILL');
});

const start = async (cliMode: 'persistent' | 'per-message') => {
  const env = { ...world.env.env, HOLDER_SLEEP: sleepMarker, HOLDER_DELTAS: String(DELTAS) };
  return world.start({ env, claude: HOLDER_CLI, args: ['--cli-mode', cliMode] });
};
const holders = () => processesMatching(`sleep ${sleepMarker}`);
const partials = (events: { type: string }[]) => events.filter((event) => event.type === 'partial').length;

describe('a CLI that leaves a process holding its stdout', () => {
  it('per message: the turn ends at the CLI exit with every line, and the holder is killed', async () => {
    const { port } = await start('per-message');
    const id = await client.createSession(port, world.env.workDir);
    const events = await collect(client.sendMessage(port, id, 'leave'));
    expect(partials(events)).toBe(DELTAS);
    expect(events.at(-1)).toMatchObject({ type: 'result' });
    await expect.poll(holders, { timeout: 10_000 }).toEqual([]);
  });

  it('persistent: a CLI that dies mid-turn ends the turn with an error, and the holder is killed', async () => {
    const { port } = await start('persistent');
    const id = await client.createSession(port, world.env.workDir);
    const events = await collect(client.sendMessage(port, id, 'crash'));
    expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('exited with code 1') });
    await expect.poll(holders, { timeout: 10_000 }).toEqual([]);
  });

  it('persistent: destroy answers once the CLI has exited, and the holder is killed', async () => {
    const { port } = await start('persistent');
    const id = await client.createSession(port, world.env.workDir);
    await collect(client.sendMessage(port, id, 'leave'));
    expect(holders()).toHaveLength(1);
    expect(await client.destroySession(port, id)).toBe(true);
    await expect.poll(holders, { timeout: 10_000 }).toEqual([]);
  });

  it('persistent: SIGTERM shutdown completes, and the holder is killed', async () => {
    const daemon = await start('persistent');
    const port = daemon.port;
    const id = await client.createSession(port, world.env.workDir);
    await collect(client.sendMessage(port, id, 'leave'));
    expect(await daemon.stop('SIGTERM')).toBe(0);
    await expect.poll(holders, { timeout: 10_000 }).toEqual([]);
  });

  it('persistent: an interrupt ends the tool processes the turn left running, and the CLI goes on', async () => {
    const { port } = await start('persistent');
    const id = await client.createSession(port, world.env.workDir);
    const stream = client.sendMessage(port, id, 'tool');
    await readUntil(stream, (event) => event.type === 'tool_use');
    await expect.poll(holders, { timeout: 10_000 }).toHaveLength(1);
    expect(await client.interruptSession(port, id)).toEqual({ ok: true, interrupted: true });
    expect((await collect(stream)).at(-1)).toMatchObject({ type: 'interrupted' });
    await expect.poll(holders, { timeout: 10_000 }).toEqual([]);
    expect((await collect(client.sendMessage(port, id, 'again'))).at(-1)).toMatchObject({ type: 'result' });
  });
});
