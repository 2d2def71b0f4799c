/** The host CLI's slash commands in health.check, learnt from its answer to `initialize`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLASH_COMMAND_LIMITS } from '../shared/protocol.js';
import { useDaemonFixture } from './testing/harness.js';
import { collect } from './testing/stream-helpers.js';

const fx = useDaemonFixture({ beforeAll, afterAll });
const client = fx.client;

describe('slash commands with the real Claude CLI', () => {
  it('health.check leaves `commands` out until a CLI has said them, then lists what the CLI offers', async () => {
    const port = fx.daemon.port;
    expect((await client.healthCheck(port)).commands).toBeUndefined();
    const id = await client.createSession(port, fx.env.workDir);
    await collect(client.sendMessage(port, id, 'say: hi'));
    await expect.poll(async () => (await client.healthCheck(port)).commands?.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    const commands = (await client.healthCheck(port)).commands!;
    // Built into the pinned CLI, with the argument hint it gives.
    expect(commands).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'compact', argumentHint: expect.any(String) }), expect.objectContaining({ name: 'init' })]));
    // What the CLI cannot do without a terminal is not offered by it.
    expect(commands.map((command) => command.name)).not.toContain('login');
    for (const command of commands) {
      expect(command.name).toMatch(/^\S+$/);
      expect(Object.keys(command).every((key) => ['name', 'description', 'argumentHint'].includes(key))).toBe(true);
      expect(command.description?.length ?? 0).toBeLessThanOrEqual(SLASH_COMMAND_LIMITS.description);
      expect(command.description ?? '').not.toContain('\n');
    }
  });
});
