/**
 * Requests never stay waiting when the daemon goes: a daemon that stops withdraws them
 * (stopped), and one that was killed withdraws at its next start what its log shows waiting
 * (restarted), since the CLI that asked is gone either way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolutions, sessionCalls, untilPermission } from './testing/approval-calls.js';
import { useTestWorld } from './testing/harness.js';
import { collect } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;

describe('approvals across daemon restarts', () => {
  it.each([
    ['SIGKILL', 'restarted'],
    ['SIGTERM', 'stopped'],
  ] as const)('a daemon ended by %s: the waiting request is withdrawn (%s) once, and nothing waits after the restart', async (signal, reason) => {
    const first = await world.start();
    const id = await client.createSession(first.port, world.env.workDir, 'ask');
    const stream = client.sendMessage(first.port, id, 'bash: touch after-restart.txt');
    const { request } = await untilPermission(stream);
    await first.stop(signal);
    await collect(stream);

    const second = await world.start();
    const calls = sessionCalls(client, second.port, id);
    const logged = resolutions(await calls.history());
    expect(logged).toEqual([expect.objectContaining({ requestId: request.requestId, decision: 'withdrawn', by: 'daemon', reason })]);
    expect(await calls.pending()).toEqual([]);
    expect(await calls.info()).toMatchObject({ pendingApprovals: 0 });
    await expect(calls.answer({ requestId: request.requestId, decision: 'allow' })).rejects.toMatchObject({ code: -32005 });
    expect(existsSync(path.join(world.env.workDir, 'after-restart.txt'))).toBe(false);
  });
});
