/**
 * A JSON file of records with a format and version (`{format, version, records: [...]}`),
 * written atomically. On load the envelope and then each record is parsed with its schema: a
 * file that does not parse is set aside whole, records that do not fit are set aside in a
 * file of their own, and each is named in a problem the desk shows; nothing is half-loaded and
 * nothing is fatal. Saves come in quick succession are folded into one; a failed save keeps
 * the newest records and is tried again until it works.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import { systemClock, type Clock, type TimerHandle } from '../../shared/clock.js';
import { writeFileAtomic } from '../../shared/node/atomic-file.js';
import { RecordsFile, type FileFormat } from '../../shared/records.js';

export interface RecordFileOptions {
  /** What the file holds, for messages ("the host list"). */
  what: string;
  debounceMs?: number;
  retryMs?: number;
  clock?: Clock;
  onSaveFailure?: (message: string) => void;
  onSaveRecovery?: (message: string) => void;
}

export interface Loaded<T> {
  records: T[];
  /** What was set aside, in words, for the user. */
  problems: string[];
}

/** A file name's suffix for what is set aside now. */
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export class RecordFile<T> {
  private pending: T[] | (() => T[]) | undefined;
  private writing: Promise<void> = Promise.resolve();
  private timer: TimerHandle | undefined;
  private failing = false;
  private readOnly = false;
  private readonly clock: Clock;

  constructor(
    readonly file: string,
    private readonly format: FileFormat,
    private readonly schema: z.ZodType<T>,
    private readonly options: RecordFileOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async load(): Promise<Loaded<T>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], problems: [] };
      return this.keepAsItIs(`Could not read ${this.options.what} (${this.file}): ${(error as Error).message}.`);
    }
    const entries = this.entriesOf(text);
    if (typeof entries === 'string') {
      const aside = `${this.file}.unreadable-${stamp()}`;
      try {
        await rename(this.file, aside);
      } catch (error) {
        return this.keepAsItIs(`${this.options.what} (${this.file}) ${entries}, and it could not be set aside (${(error as Error).message}).`);
      }
      return { records: [], problems: [`${this.options.what} (${this.file}) ${entries}; it was set aside as ${aside} and Switchyard started without it.`] };
    }
    const records: T[] = [];
    const rejected: unknown[] = [];
    for (const entry of entries) {
      const parsed = this.schema.safeParse(entry);
      if (parsed.success) records.push(parsed.data);
      else rejected.push(entry);
    }
    if (rejected.length === 0) return { records, problems: [] };
    const what = `${rejected.length} damaged ${rejected.length === 1 ? 'entry' : 'entries'} of ${this.options.what} (${this.file}) did not load`;
    const aside = `${this.file}.rejected-${stamp()}.json`;
    try {
      await writeFile(aside, `${JSON.stringify(rejected, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      // Saving now would drop them for good: the file stays as it is until they are safe.
      return { ...this.keepAsItIs(`${what}, and they could not be set aside (${(error as Error).message}).`), records };
    }
    return { records, problems: [`${what}; set aside in ${aside}.`] };
  }

  /** A file this run must not overwrite: what is in it could not be read or kept elsewhere. */
  private keepAsItIs(problem: string): Loaded<T> {
    this.readOnly = true;
    return { records: [], problems: [`${problem} The file is left as it is, and changes to it are kept in memory only until Switchyard restarts.`] };
  }

  /**
   * Saves the records: `records` is read when the write happens, at most one write per
   * `debounceMs` however often this is called. Failures are reported, never thrown.
   */
  save(records: T[] | (() => T[])): void {
    if (this.readOnly) return;
    this.pending = records;
    this.timer ??= this.clock.setTimeout(() => void this.flush(), this.options.debounceMs ?? 0);
  }

  /** Writes what is pending now; resolves when it is on disk or the attempt failed. */
  flush(): Promise<void> {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    if (pending === undefined) return this.writing;
    this.pending = undefined;
    const records = typeof pending === 'function' ? pending() : pending;
    const content = `${JSON.stringify({ ...this.format, records }, null, 2)}\n`;
    this.writing = this.writing.then(() => this.write(content, records));
    return this.writing;
  }

  private async write(content: string, records: T[]): Promise<void> {
    try {
      await writeFileAtomic(this.file, content);
      if (this.failing) {
        this.failing = false;
        this.options.onSaveRecovery?.(`${this.options.what} is saved again (${this.file}).`);
      }
    } catch (error) {
      if (!this.failing) {
        this.options.onSaveFailure?.(
          `Could not save ${this.options.what} to ${this.file}: ${(error as Error).message}. Switchyard keeps it in memory and tries again.`,
        );
      }
      this.failing = true;
      // Try again later, unless a newer save is already on its way.
      this.pending ??= records;
      this.clock.clearTimeout(this.timer);
      this.timer = this.clock.setTimeout(() => void this.flush(), this.options.retryMs ?? 5_000);
    }
  }

  /** The records in the file, or why there are none that can be read. */
  private entriesOf(text: string): unknown[] | string {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return 'is not valid JSON';
    }
    // Before format versions, the file was the bare array of records.
    if (Array.isArray(value)) return value;
    const envelope = RecordsFile.safeParse(value);
    if (!envelope.success) return 'is not a Switchyard file';
    if (envelope.data.format !== this.format.format) return `holds "${envelope.data.format}", not ${this.format.format}`;
    if (envelope.data.version > this.format.version) return `was written by a newer Switchyard (format version ${envelope.data.version}; this one reads ${this.format.version})`;
    return envelope.data.records;
  }
}
