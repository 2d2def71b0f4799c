/**
 * The daemon's life on its host: it ends with the desk that embeds it (stdin closed), it is
 * the only writer of its data folder, and what a killed daemon left running is stopped by the
 * next one.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestWorld, worldProcesses } from './testing/harness.js';
import { readUntil } from './testing/stream-helpers.js';

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
