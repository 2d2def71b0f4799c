/**
 * Sessions on disk: `<dataDir>/sessions/<id>/session.json` (written atomically: temp file,
 * fsync, rename) beside the session's `events.jsonl`.
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/node/atomic-file.js';
import type { SessionRecord } from './session.js';

export class SessionStore {
  /** Saves of one session run one after another, so the newest record is the one left on disk. */
  private readonly saving = new Map<string, Promise<void>>();

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
    const content = `${JSON.stringify(record, null, 2)}\n`;
    const dir = this.dirOf(record.sessionId);
    const previous = this.saving.get(record.sessionId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(path.join(dir, 'session.json'), content);
      });
    this.saving.set(record.sessionId, next);
    void next.finally(() => {
      if (this.saving.get(record.sessionId) === next) this.saving.delete(record.sessionId);
    }).catch(() => undefined);
    return next;
  }

  async remove(sessionId: string): Promise<void> {
    await rm(this.dirOf(sessionId), { recursive: true, force: true });
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
