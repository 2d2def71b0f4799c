/**
 * Sessions on disk: `<dataDir>/sessions/<id>/session.json` (written atomically: temp file,
 * fsync, rename) beside the session's `events.jsonl` and `seq-mark`.
 *
 * A save that fails (a full disk) is not lost: the record is kept, the failure reported to the
 * storage state, and saved again every second until it works.
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
import { parseRecord, serializeRecord, type SessionRecord } from './session-record.js';
import type { StorageHealth } from './storage-health.js';

const TRASH_PREFIX = '.trash-';
const RETRY_MS = 1_000;

export class SessionStore {
  /** Saves of one session run one after another, so the newest record is the one left on disk. */
  private readonly saving = new Map<string, Promise<void>>();
  private readonly removed = new Set<string>();
  /** Records whose last save failed, to be saved again. */
  private readonly unsaved = new Map<string, SessionRecord>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly storage: StorageHealth,
  ) {}

  get sessionsDir(): string {
    return path.join(this.dataDir, 'sessions');
  }

  dirOf(sessionId: string): string {
    return path.join(this.sessionsDir, sessionId);
  }

  eventsFile(sessionId: string): string {
    return path.join(this.dirOf(sessionId), 'events.jsonl');
  }

  markFile(sessionId: string): string {
    return path.join(this.dirOf(sessionId), 'seq-mark');
  }

  private recordFile(sessionId: string): string {
    return path.join(this.dirOf(sessionId), 'session.json');
  }

  /** A new session's first save: it fails rather than keep a session nothing of it is on disk. */
  create(record: SessionRecord): Promise<void> {
    return writeFileAtomic(this.recordFile(record.sessionId), serializeRecord(record));
  }

  /** Saves the record; never rejects: a failed save is kept and tried again until it works. */
  save(record: SessionRecord): Promise<void> {
    const id = record.sessionId;
    if (this.removed.has(id)) return Promise.resolve();
    const content = serializeRecord(record);
    const previous = this.saving.get(id) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (this.removed.has(id)) return;
      const file = this.recordFile(id);
      try {
        await writeFileAtomic(file, content);
      } catch (error) {
        this.unsaved.set(id, record);
        this.storage.failed(file, error as Error);
        this.retryTimer ??= setTimeout(() => this.retry(), RETRY_MS).unref();
        return;
      }
      this.unsaved.delete(id);
      this.storage.recovered(file);
    });
    this.saving.set(id, next);
    void next
      .finally(() => {
        if (this.saving.get(id) === next) this.saving.delete(id);
      })
      .catch(() => undefined);
    return next;
  }

  private retry(): void {
    this.retryTimer = undefined;
    for (const record of [...this.unsaved.values()]) void this.save(record);
  }

  async remove(sessionId: string): Promise<void> {
    this.removed.add(sessionId);
    this.unsaved.delete(sessionId);
    this.storage.forget(this.recordFile(sessionId));
    await this.saving.get(sessionId);
    const trash = path.join(this.sessionsDir, `${TRASH_PREFIX}${sessionId}-${randomBytes(4).toString('hex')}`);
    try {
      await rename(this.dirOf(sessionId), trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    await rm(trash, { recursive: true, force: true });
  }

  /**
   * Every saved session. A record that does not parse or fit the schema is set aside
   * (renamed `session.json.rejected-<time>`) and reported, so it is never half-loaded and
   * never stops the others; one a newer daemon wrote is left as it is.
   */
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
      const record = await this.loadOne(name, log);
      if (record) records.push(record);
    }
    return records;
  }

  private async loadOne(name: string, log: (message: string) => void): Promise<SessionRecord | undefined> {
    const file = path.join(this.sessionsDir, name, 'session.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      log(`skipping ${path.dirname(file)}: cannot read session.json (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return undefined;
    }
    const parsed = parseRecord(text, name);
    if ('record' in parsed) return parsed.record;
    if ('newer' in parsed) {
      log(`skipping ${file}: written by a newer daemon (format version ${parsed.newer})`);
      return undefined;
    }
    const aside = `${file}.rejected-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(file, aside);
      log(`set aside ${file} as ${path.basename(aside)}: ${parsed.rejected}`);
    } catch (error) {
      log(`skipping ${file} (${parsed.rejected}); cannot set it aside: ${(error as Error).message}`);
    }
    return undefined;
  }
}
