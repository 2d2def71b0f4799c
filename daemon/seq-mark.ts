/**
 * A session's seq high-water mark (`seq-mark` beside its log). Events go to clients at once,
 * but reach the log later; after a crash the log can end below seqs clients have seen. So no
 * event goes out before its seq is below the mark on disk, and a restart numbers on from
 * max(last logged + 1, mark): a seq a client saw is never given to another event.
 *
 * The mark is reserved a block at a time, ahead of need, so streaming rarely waits for it. The
 * file has a fixed size and is rewritten in place and fdatasynced: that needs no new space, so
 * it works on a full disk. A clean shutdown writes the next seq back, so nothing is skipped.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { delay } from '../shared/clock.js';

/** Seqs reserved at a time: a crash skips at most this many numbers. */
export const MARK_BLOCK = 20_000;
const WIDTH = 20;
const RETRY_MS = 1_000;

export interface MarkReporter {
  failed(error: Error): void;
  recovered(): void;
}

export class SeqMark {
  /** The write loop while it runs. */
  private writing: Promise<void> | undefined;
  /** The mark wanted on disk; `reserved` is what is there. */
  private wanted: number;
  private failing = false;
  private closed = false;
  private readonly waiters: { seq: number; resolve: () => void }[] = [];

  private constructor(
    private readonly handle: FileHandle,
    private readonly reporter: MarkReporter,
    /** Every seq below this is reserved on disk. */
    public reserved: number,
  ) {
    this.wanted = reserved;
  }

  /**
   * Opens the mark file, creating it at `fresh` when missing. `stored` is the mark the file
   * held (undefined when it was missing or unreadable).
   */
  static async open(file: string, fresh: number, reporter: MarkReporter): Promise<{ mark: SeqMark; stored: number | undefined }> {
    let handle: FileHandle;
    let stored: number | undefined;
    try {
      handle = await open(file, 'r+');
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(WIDTH + 1), 0, WIDTH + 1, 0);
      const value = Number(buffer.subarray(0, bytesRead).toString('latin1').trim());
      if (bytesRead > 0 && Number.isSafeInteger(value) && value >= 0) stored = value;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      handle = await open(file, 'w+', 0o600);
    }
    const mark = new SeqMark(handle, reporter, Math.max(stored ?? 0, fresh));
    if (stored === undefined) {
      await mark.write(mark.reserved);
    }
    return { mark, stored };
  }

  /** Whether `seq` may go out now. */
  covers(seq: number): boolean {
    return seq < this.reserved;
  }

  /** Reserves ahead once `seq` comes within half a block of the mark. */
  stayAheadOf(seq: number): void {
    if (seq + MARK_BLOCK / 2 >= this.wanted) this.reserveThrough(seq + MARK_BLOCK);
  }

  /** Resolves once `seq` is below the mark on disk. */
  whenCovers(seq: number): Promise<void> {
    if (this.covers(seq)) return Promise.resolve();
    this.reserveThrough(seq + MARK_BLOCK);
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** Clean shutdown, everything logged: the mark goes back to the next seq, so no number is skipped. */
  async close(nextSeq: number | undefined): Promise<void> {
    this.closed = true;
    await this.writing;
    if (nextSeq !== undefined) await this.write(nextSeq).catch(() => undefined);
    await this.handle.close().catch(() => undefined);
  }

  private reserveThrough(mark: number): void {
    if (mark <= this.wanted) return;
    this.wanted = mark;
    this.kick();
  }

  private kick(): void {
    this.writing ??= this.writeWanted().finally(() => {
      this.writing = undefined;
      // Wanted may have grown after the loop's last look.
      if (this.wanted > this.reserved && !this.closed) this.kick();
    });
  }

  private async writeWanted(): Promise<void> {
    while (this.wanted > this.reserved && !this.closed) {
      const target = this.wanted;
      try {
        await this.write(target);
      } catch (error) {
        if (!this.failing) this.reporter.failed(error as Error);
        this.failing = true;
        await delay(RETRY_MS);
        continue;
      }
      if (this.failing) this.reporter.recovered();
      this.failing = false;
      this.reserved = target;
      this.release();
    }
  }

  private async write(mark: number): Promise<void> {
    const text = `${String(mark).padStart(WIDTH, '0')}\n`;
    await this.handle.write(text, 0, 'latin1');
    await this.handle.datasync();
  }

  private release(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (!this.covers(waiter.seq)) continue;
      this.waiters.splice(i, 1);
      waiter.resolve();
    }
  }
}
