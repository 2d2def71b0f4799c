/**
 * Whether the daemon can write its data folder. Every writer (event logs, seq marks, session
 * records) reports here when writing starts to fail and when it works again; each is logged
 * once, and `health.check` says `storage: {ok: false, error, since, dataDir}` meanwhile.
 */
import type { DaemonStorage } from '../shared/protocol.js';

export class StorageHealth {
  private readonly failing = new Map<string, { error: string; since: string }>();

  constructor(
    private readonly dataDir: string,
    private readonly log: (message: string) => void,
  ) {}

  /** `what` (a file) cannot be written; what it holds is kept in memory and tried again. */
  failed(what: string, error: Error): void {
    if (this.failing.has(what)) return;
    this.failing.set(what, { error: error.message, since: new Date().toISOString() });
    this.log(`cannot write ${what}: ${error.message}; keeping what it could not save in memory and trying again until it works`);
  }

  recovered(what: string): void {
    if (this.failing.delete(what)) this.log(`${what} written again: nothing was lost`);
  }

  /** A writer that went away (its session destroyed) no longer counts. */
  forget(what: string): void {
    this.failing.delete(what);
  }

  get state(): DaemonStorage {
    const [first] = this.failing;
    if (!first) return { ok: true };
    const [what, { error, since }] = first;
    const others = this.failing.size > 1 ? ` (and ${this.failing.size - 1} more files)` : '';
    return { ok: false, error: `cannot write ${what}${others}: ${error}`, since, dataDir: this.dataDir };
  }
}
