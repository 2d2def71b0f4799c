import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFolderLock, FolderLockedError, LOCK_FILE } from './folder-lock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'folder-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lockFile = () => path.join(dir, LOCK_FILE);
/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('acquireFolderLock', () => {
  it('gives the folder to one holder; a second attempt names the holder, its pid and what it is', async () => {
    const lock = await acquireFolderLock(dir, 'the test daemon');
    const error = await acquireFolderLock(dir, 'another').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolderLockedError);
    expect((error as FolderLockedError).holder).toMatchObject({ pid: process.pid, what: 'the test daemon' });
    expect((error as Error).message).toContain(`in use by the test daemon (pid ${process.pid}`);
    await lock.release();
    const again = await acquireFolderLock(dir, 'another');
    await again.release();
  });

  it('takes over a lock whose holder is gone', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: deadPid(), startTime: '1', what: 'a killed daemon', since: '2026-01-01T00:00:00.000Z' }));
    const lock = await acquireFolderLock(dir, 'the new daemon');
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, what: 'the new daemon' });
    expect(lock.tookOver).toMatchObject({ what: 'a killed daemon' });
    await lock.release();
  });

  it.runIf(process.platform === 'linux')('takes over a lock whose pid now belongs to another process (a different start time)', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: process.pid, startTime: '1', what: 'a daemon before a reboot', since: '2026-01-01T00:00:00.000Z' }));
    const lock = await acquireFolderLock(dir, 'the new daemon');
    expect(lock.tookOver).toMatchObject({ what: 'a daemon before a reboot' });
    await lock.release();
  });

  it('takes over a lock file that does not say who holds it', async () => {
    await writeFile(lockFile(), 'garbage');
    const lock = await acquireFolderLock(dir, 'the new daemon');
    await lock.release();
  });

  it('release removes only its own lock', async () => {
    const lock = await acquireFolderLock(dir, 'first');
    await writeFile(lockFile(), JSON.stringify({ pid: process.pid, startTime: 'other', what: 'someone else' }));
    await lock.release();
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ what: 'someone else' });
  });
});
