/**
 * A CLI that exits while something it started still holds its stdout open (a tool's process,
 * a background job): turns, destroy and shutdown follow the CLI's exit, not the pipe's end.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../electron/client/index.js';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from './testing/harness.js';
import { collect, processesMatching, uniqueSleep } from './testing/stream-helpers.js';

const HOLDER_CLI = `${process.execPath} ${fileURLToPath(new URL('./testing/stdout-holder-cli.mjs', import.meta.url))}`;
const DELTAS = 3000;

let world: ClaudeTestEnv;
let daemon: RunningDaemon;
let sleepMarker: string;
const client = new DaemonClient();

beforeEach(async () => {
  world = await claudeTestEnv();
  sleepMarker = uniqueSleep();
});
afterEach(async () => {
  await daemon?.stop('SIGKILL');
  for (const pid of processesMatching(`sleep ${sleepMarker}`)) process.kill(pid, 'SIGKILL');
  await world.cleanup();
});

const start = async (cliMode: 'persistent' | 'per-message') => {
  const env = { ...world.env, HOLDER_SLEEP: sleepMarker, HOLDER_DELTAS: String(DELTAS) };
  daemon = await startDaemon({ env, dataDir: world.dataDir, claude: HOLDER_CLI, args: ['--cli-mode', cliMode] });
  return daemon.port;
};
const holders = () => processesMatching(`sleep ${sleepMarker}`);
const partials = (events: { type: string }[]) => events.filter((event) => event.type === 'partial').length;

describe('a CLI that leaves a process holding its stdout', () => {
  it('per message: the turn ends at the CLI exit with every line, and the holder is killed', async () => {
    const port = await start('per-message');
    const id = await client.createSession(port, world.workDir);
    const events = await collect(client.sendMessage(port, id, 'leave'));
    expect(partials(events)).toBe(DELTAS);
    expect(events.at(-1)).toMatchObject({ type: 'result' });
    await expect.poll(holders, { timeout: 10_000 }).toEqual([]);
  });

  it('persistent: a CLI that dies mid-turn ends the turn with an error, and the holder is killed', async () => {
    const port = await start('persistent');
    const id = await client.createSession(port, world.workDir);
    const events = await collect(client.sendMessage(port, id, 'crash'));
    expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('exited with code 1') });
    await expect.poll(holders, { timeout: 10_000 }).toEqual([]);
  });

  it('persistent: destroy answers once the CLI has exited, and the holder is killed', async () => {
    const port = await start('persistent');
    const id = await client.createSession(port, world.workDir);
    await collect(client.sendMessage(port, id, 'leave'));
    expect(holders()).toHaveLength(1);
    expect(await client.destroySession(port, id)).toBe(true);
    await expect.poll(holders, { timeout: 10_000 }).toEqual([]);
  });

  it('persistent: SIGTERM shutdown completes, and the holder is killed', async () => {
    const port = await start('persistent');
    const id = await client.createSession(port, world.workDir);
    await collect(client.sendMessage(port, id, 'leave'));
    expect(await daemon.stop('SIGTERM')).toBe(0);
    await expect.poll(holders, { timeout: 10_000 }).toEqual([]);
  });
});
