/**
 * Sessions on disk: `<dataDir>/sessions/<id>/session.json` (written atomically: temp file,
 * fsync, rename) beside the session's `events.jsonl`.
 *
 * A removed session stays removed whatever is in flight: saves for its id are refused from
 * the moment removal starts, the saves already running are waited for, and the folder is
 * renamed to a trash name before it is deleted, so no save can recreate it and a crash
 * half-way leaves trash that the next load deletes, never a session.
 */
import { randomBytes } from 'node:crypto';
import { readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/node/atomic-file.js';
import type { SessionRecord } from './session.js';

const TRASH_PREFIX = '.trash-';

export class SessionStore {
  /** Saves of one session run one after another, so the newest record is the one left on disk. */
  private readonly saving = new Map<string, Promise<void>>();
  private readonly removed = new Set<string>();

  constructor(private readonly dataDir: string) {}

  get sessionsDir(): string {
    return path.join(this.dataDir, 'sessions');
  }

  dirOf(sessionId: string): string {
    return path.join(this.sessionsDir, sessionId);
  }

  eventsFile(sessionId: string): string {
    return path.join(this.dirOf(sessionId), 'events.jsonl');
  }

  save(record: SessionRecord): Promise<void> {
    const id = record.sessionId;
    if (this.removed.has(id)) return Promise.resolve();
    const content = `${JSON.stringify(record, null, 2)}\n`;
    const previous = this.saving.get(id) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        if (!this.removed.has(id)) await writeFileAtomic(path.join(this.dirOf(id), 'session.json'), content);
      });
    this.saving.set(id, next);
    void next
      .finally(() => {
        if (this.saving.get(id) === next) this.saving.delete(id);
      })
      .catch(() => undefined);
    return next;
  }

  async remove(sessionId: string): Promise<void> {
    this.removed.add(sessionId);
    await this.saving.get(sessionId)?.catch(() => undefined);
    const trash = path.join(this.sessionsDir, `${TRASH_PREFIX}${sessionId}-${randomBytes(4).toString('hex')}`);
    try {
      await rename(this.dirOf(sessionId), trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    await rm(trash, { recursive: true, force: true });
  }

  /** Every saved session; a folder whose record cannot be read is reported and skipped. */
  async loadAll(log: (message: string) => void): Promise<SessionRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.sessionsDir);
    } catch {
      return [];
    }
    const records: SessionRecord[] = [];
    for (const name of names) {
      if (name.startsWith(TRASH_PREFIX)) {
        log(`deleting ${name}: what was left of a destroyed session`);
        await rm(path.join(this.sessionsDir, name), { recursive: true, force: true });
        continue;
      }
      const file = path.join(this.sessionsDir, name, 'session.json');
      try {
        const record = JSON.parse(await readFile(file, 'utf8')) as SessionRecord;
        if (record.sessionId !== name || typeof record.path !== 'string') throw new Error('not a session record');
        records.push(record);
      } catch (error) {
        log(`skipping ${file}: ${(error as Error).message}`);
      }
    }
    return records;
  }
}
