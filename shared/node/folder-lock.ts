/**
 * One writer per data folder. Two processes appending to one log would both number events
 * from the same seq, so a second daemon (or desk) on a folder that is in use must not start.
 *
 * The lock is a file, `<dir>/switchyard.lock`, holding the holder's pid, its start time and
 * what it is. It is created whole (written under a temp name, then hard-linked into place,
 * which fails if the lock exists), so a reader never sees half of one. A lock whose process
 * is gone, or whose pid now belongs to another process (another start time, read from
 * /proc on Linux), is stale and taken over.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { procStat } from './proc-stat.js';

export const LOCK_FILE = 'switchyard.lock';

export interface LockHolder {
  pid: number;
  /** The process's start time as /proc says it (Linux), to tell a reused pid apart. */
  startTime?: string;
  /** What holds the folder, in words: "switchyard-daemon", "the Switchyard desk". */
  what: string;
  /** ISO time the lock was taken. */
  since?: string;
}

export class FolderLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    const since = holder.since ? `, since ${holder.since}` : '';
    super(`the data folder ${dir} is in use by ${holder.what} (pid ${holder.pid}${since}; lock file ${path.join(dir, LOCK_FILE)})`);
  }
}

export interface FolderLock {
  readonly file: string;
  /** The stale holder this lock replaced, if any (a process that was killed). */
  readonly tookOver: LockHolder | undefined;
  /** Removes the lock if it is still this one. */
  release(): Promise<void>;
}

const ATTEMPTS = 5;

/** Locks `dir` (created if missing) for this process; throws FolderLockedError naming a live holder. */
export async function acquireFolderLock(dir: string, what: string): Promise<FolderLock> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, what, since: new Date().toISOString() };
  const startTime = startTimeOf(process.pid);
  if (startTime !== undefined) mine.startTime = startTime;
  const content = `${JSON.stringify(mine)}\n`;
  let tookOver: LockHolder | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await createWhole(file, content)) return heldLock(file, content, tookOver);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const holder = parseHolder(text);
    if (holder && isAlive(holder)) throw new FolderLockedError(dir, holder);
    // Moved aside under a name of our own, so two starters cannot both remove a fresh lock.
    const aside = `${file}.stale-${randomBytes(6).toString('hex')}`;
    try {
      await rename(file, aside);
    } catch {
      continue;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    if (moved !== text) {
      // Another starter took the folder between the read and the rename: its lock goes back.
      await link(aside, file).catch(() => undefined);
      await rm(aside, { force: true });
      const fresh = parseHolder(moved);
      if (fresh) throw new FolderLockedError(dir, fresh);
      continue;
    }
    await rm(aside, { force: true });
    tookOver = holder ?? { pid: 0, what: 'a lock file that did not say who held it' };
  }
  throw new Error(`cannot lock the data folder ${dir}: its lock file ${file} keeps changing`);
}

/** Who holds `dir` now: a live holder, or undefined when the folder is free (or its lock is stale). */
export async function lockHolder(dir: string): Promise<LockHolder | undefined> {
  const text = await readFile(path.join(dir, LOCK_FILE), 'utf8').catch(() => undefined);
  const holder = text === undefined ? undefined : parseHolder(text);
  return holder && isAlive(holder) ? holder : undefined;
}

function heldLock(file: string, content: string, tookOver: LockHolder | undefined): FolderLock {
  return {
    file,
    tookOver,
    release: async () => {
      const now = await readFile(file, 'utf8').catch(() => undefined);
      if (now === content) await rm(file, { force: true });
    },
  };
}

/** Creates `file` with `content` unless it exists; false when it does. */
async function createWhole(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { mode: 0o600 });
    await link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    // A file system without hard links: exclusive create, written in one call.
    try {
      await writeFile(file, content, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder> | null;
    if (typeof value?.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return undefined;
    const holder: LockHolder = { pid: value.pid, what: typeof value.what === 'string' ? value.what : 'another process' };
    if (typeof value.startTime === 'string') holder.startTime = value.startTime;
    if (typeof value.since === 'string') holder.since = value.since;
    return holder;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTimeOf(holder.pid);
  return now === undefined || holder.startTime === undefined || now === holder.startTime;
}

/** When the process started, in clock ticks after boot (field 22 of /proc/<pid>/stat; Linux only). */
function startTimeOf(pid: number): string | undefined {
  return process.platform === 'linux' ? procStat(pid)?.[19] : undefined;
}
