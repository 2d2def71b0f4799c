import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../shared/node/atomic-file.js';

/**
 * A JSON document on disk, written atomically; writes that come in quick succession are
 * folded into one, and they never overlap.
 */
export class JsonFile<T> {
  private pending: T | undefined;
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    private readonly debounceMs = 0,
  ) {}

  async read(fallback: T): Promise<T> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
      throw new Error(`cannot read ${this.file}: ${(error as Error).message}. Fix or remove the file, then start again.`);
    }
  }

  write(value: T): Promise<void> {
    this.pending = value;
    if (this.debounceMs === 0) return this.flush();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
    return Promise.resolve();
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    const value = this.pending;
    this.pending = undefined;
    if (value === undefined) return this.writing;
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.file, `${JSON.stringify(value, null, 2)}\n`));
    return this.writing;
  }
}
