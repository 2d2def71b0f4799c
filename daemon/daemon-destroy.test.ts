import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestWorld } from './testing/harness.js';
import { collect } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;

/** Runs `task` `count` times, at most `width` at once. */
async function inBatches<T>(count: number, width: number, task: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let done = 0; done < count; done += width) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(width, count - done) }, task))));
  }
  return results;
}

describe('destroyed sessions stay destroyed', () => {
  // One process per message makes a destroy right after [DONE] meet the save that follows the turn.
  it('40 sessions destroyed right after their turn are gone after a restart', async () => {
    const daemon = await world.start({ args: ['--cli-mode', 'per-message'] });
    const ids = await inBatches(40, 4, async () => {
      const id = await client.createSession(daemon.port, world.env.workDir);
      const events = await collect(client.sendMessage(daemon.port, id, 'say: hi'));
      expect(events.at(-1)?.type).toBe('result');
      expect(await client.destroySession(daemon.port, id)).toBe(true);
      return id;
    });
    expect(await daemon.stop()).toBe(0);
    const again = await world.start();
    const listed = (await client.listSessions(again.port)).map((session) => session.sessionId);
    expect(listed.filter((id) => ids.includes(id))).toEqual([]);
    expect(again.stderr()).not.toMatch(/cannot save|ENOTEMPTY/);
  }, 120_000);

  it('a destroy cut short by a crash leaves trash that the next start deletes, never a session', async () => {
    const sessions = path.join(world.env.dataDir, 'sessions');
    const trash = path.join(sessions, '.trash-5c1e7b9e-0000-4000-8000-000000000000-0a1b2c3d');
    await mkdir(trash, { recursive: true });
    const record = { sessionId: '5c1e7b9e-0000-4000-8000-000000000000', path: world.env.workDir, mode: 'auto', sdkSessionId: null, model: null, createdAt: '', lastActivityAt: '', status: 'idle' };
    await writeFile(path.join(trash, 'session.json'), JSON.stringify(record));
    const daemon = await world.start();
    expect(await client.listSessions(daemon.port)).toEqual([]);
    expect(await readdir(sessions)).toEqual([]);
  });
});
