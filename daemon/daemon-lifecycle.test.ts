/**
 * The daemon's life on its host: it ends with the desk that embeds it (stdin closed), it is
 * the only writer of its data folder, and what a killed daemon left running is stopped by the
 * next one.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daemonClis, useTestWorld, worldProcesses } from './testing/harness.js';
import { collect, living, processesMatching, readUntil, texts, uniqueSleep } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;

describe('an embedded daemon', () => {
  it('with --exit-when-stdin-closes, shuts down as on SIGTERM when its stdin ends: the turn is interrupted and its CLI is gone', async () => {
    const daemon = await world.start({ stdin: 'pipe', args: ['--exit-when-stdin-closes'] });
    const id = await client.createSession(daemon.port, world.env.workDir);
    const stream = client.sendMessage(daemon.port, id, 'slow: 200 100');
    await readUntil(stream, (event) => event.type === 'partial');
    daemon.child.stdin!.end();
    expect(await daemon.exited).toBe(0);
    const rest = await readUntil(stream, () => false);
    expect(rest.some((event) => event.type === 'interrupted')).toBe(true);
    expect(daemon.stderr()).toMatch(/stdin closed/);
    expect(worldProcesses(world.env)).toEqual([]);
  });
});

describe('the data folder has one writer', () => {
  it('a second daemon on the same --data-dir refuses to start, naming the pid that holds it', async () => {
    const first = await world.start();
    const second = world.start();
    await expect(second).rejects.toThrow(new RegExp(`data folder ${world.env.dataDir}.*in use by.*pid ${first.pid}`));
    await expect(second).rejects.toThrow(/daemon exited with 1/);
    expect((await client.healthCheck(first.port)).ok).toBe(true);
  });

  it('takes over the lock of a daemon that was SIGKILLed', async () => {
    const first = await world.start();
    const id = await client.createSession(first.port, world.env.workDir);
    await first.stop('SIGKILL');
    const second = await world.start();
    expect(texts(await collect(client.sendMessage(second.port, id, 'say: still here')))).toEqual(['still here']);
  });
});

describe('what a killed daemon left running', () => {
  it('the next start stops the CLI and its tool that outlived a SIGKILL, so two CLIs never run one Claude session', async () => {
    const sleep = `sleep ${uniqueSleep()}`;
    const first = await world.start();
    const id = await client.createSession(first.port, world.env.workDir);
    const stream = client.sendMessage(first.port, id, `bash: ${sleep}`);
    await readUntil(stream, (event) => event.type === 'tool_use');
    // The tool's shell and its sleep.
    await expect.poll(() => processesMatching(sleep).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const clis = daemonClis(first.pid);
    expect(clis).toHaveLength(1);
    await first.stop('SIGKILL');
    await readUntil(stream, () => false);
    // The precondition: both outlived the daemon.
    expect(living(clis)).toEqual(clis);
    expect(processesMatching(sleep).length).toBeGreaterThan(0);
    const second = await world.start();
    expect(living(clis)).toEqual([]);
    expect(processesMatching(sleep)).toEqual([]);
    expect(second.stderr()).toMatch(/stopped \d+ processes a previous daemon left running/);
  });
});
