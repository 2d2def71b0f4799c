/**
 * A full disk under the daemon's data folder (a 2 MB tmpfs mounted by the test, which runs
 * as root): turns go on, what could not be written is kept and written once there is space,
 * health.check says so meanwhile, and nothing piles up.
 */
import { execFileSync } from 'node:child_process';
import { open, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../shared/protocol.js';
import { useTestWorld } from './testing/harness.js';
import { collect, texts } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;

/** Mounts a small tmpfs on `dir`; a test that cannot mount fails here and says why (it needs root). */
function mountTmpfs(dir: string): () => void {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`this test mounts a 2 MB tmpfs to fill a disk and must run as root: mount failed: ${(error as { stderr?: Buffer }).stderr?.toString() || (error as Error).message}`);
  }
  return () => execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
}

/** Writes `file` until the disk is full. */
async function fill(file: string): Promise<void> {
  const handle = await open(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}

const readLog = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StreamEvent & { format?: string })
    .filter((event) => event.format === undefined);

describe('a full disk', () => {
  it('keeps turns going and what they wrote in memory, says so in health.check, and writes it all once there is space', async () => {
    const unmount = mountTmpfs(world.env.dataDir);
    const daemon = await world.start();
    try {
      const id = await client.createSession(daemon.port, world.env.workDir);
      const sessionDir = path.join(world.env.dataDir, 'sessions', id);
      const filler = path.join(world.env.dataDir, 'filler');
      await fill(filler);

      const turn = await collect(client.sendMessage(daemon.port, id, 'say: kept until there is space'));
      expect(texts(turn)).toEqual(['kept until there is space']);
      const failing = await client.healthCheck(daemon.port);
      expect(failing.storage).toMatchObject({ ok: false, error: expect.stringMatching(/ENOSPC|no space/i), since: expect.any(String), dataDir: world.env.dataDir });
      expect((await readdir(sessionDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

      await rm(filler);
      await expect.poll(async () => (await client.healthCheck(daemon.port)).storage, { timeout: 15_000 }).toEqual({ ok: true });
      const logged = await readLog(path.join(sessionDir, 'events.jsonl'));
      expect(logged).toEqual(turn);
      const init = turn.find((event) => event.type === 'system' && event.subtype === 'init') as { session_id: string };
      const record = JSON.parse(await readFile(path.join(sessionDir, 'session.json'), 'utf8'));
      expect(record).toMatchObject({ status: 'idle', sdkSessionId: init.session_id });
      expect((await readdir(sessionDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect(daemon.stderr().match(/cannot write .*events\.jsonl/g)).toHaveLength(1);
      expect(daemon.stderr().match(/events\.jsonl.* written again/g)).toHaveLength(1);
    } finally {
      await daemon.stop();
      unmount();
    }
  });
});
