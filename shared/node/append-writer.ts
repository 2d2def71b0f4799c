/**
 * Appends text to a file, one write at a time, and never loses what it was given: when a write
 * fails (a full disk, a folder gone), the text not yet on disk is kept, the failure is reported
 * once, and writing is tried again until it works, when the recovery is reported. A partial
 * write keeps exactly its remainder, so lines end up whole.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';

export interface AppendWriterOptions {
  clock?: Clock;
  /** Wait before trying a failed write again. */
  retryMs?: number;
  /** Appends within this long go to disk in one write (0: each as soon as the last write is done). */
  batchMs?: number;
  /** The first failure of a run of failures, with what could not be written. */
  onFailure?: (error: Error) => void;
  /** Writing works again after a failure. */
  onRecovery?: () => void;
}

export class AppendWriter {
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private handle: FileHandle | undefined;
  private writing: Promise<void> | undefined;
  private retryTimer: TimerHandle | undefined;
  private batchTimer: TimerHandle | undefined;
  private failing: Error | undefined;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly clock: Clock;

  constructor(
    readonly file: string,
    private readonly options: AppendWriterOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  append(text: string | Buffer): void {
    if (this.closed) throw new Error(`${this.file} is closed`);
    const buffer = typeof text === 'string' ? Buffer.from(text) : text;
    if (buffer.length === 0) return;
    this.queue.push(buffer);
    this.queuedBytes += buffer.length;
    if (this.failing) return;
    const batchMs = this.options.batchMs ?? 0;
    if (batchMs === 0) return this.kick();
    this.batchTimer ??= this.clock.setTimeout(() => {
      this.batchTimer = undefined;
      this.kick();
    }, batchMs);
  }

  /** Resolves once everything given so far is on disk; rejects while writing fails. */
  async flush(): Promise<void> {
    if (this.failing) throw this.failing;
    if (this.queuedBytes === 0 && !this.writing) return;
    this.writeBatchNow();
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.failing) throw this.failing;
  }

  /** Writes what it can (one last try when failing) and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    this.clock.clearTimeout(this.retryTimer);
    this.writeBatchNow();
    if (this.failing && this.queuedBytes > 0) this.kick();
    await this.writing;
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private writeBatchNow(): void {
    if (this.batchTimer === undefined) return;
    this.clock.clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (!this.failing) this.kick();
  }

  private kick(): void {
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
      if (this.queuedBytes > 0 && !this.failing && !this.closed) this.kick();
      else if (!this.failing || this.closed) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // What is queued now goes in one write; what is appended meanwhile waits behind it.
        const taken = this.queue.length;
        const buffer = taken === 1 ? this.queue[0]! : Buffer.concat(this.queue.slice(0, taken));
        this.queue.splice(0, taken, buffer);
        this.handle ??= await this.openFile();
        const { bytesWritten } = await this.handle.write(buffer, 0, buffer.length);
        this.queuedBytes -= bytesWritten;
        if (bytesWritten < buffer.length) this.queue[0] = buffer.subarray(bytesWritten);
        else this.queue.shift();
      }
      if (this.failing) {
        this.failing = undefined;
        this.options.onRecovery?.();
      }
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      // A handle that failed may point at a file that is gone: open afresh next time.
      await this.handle?.close().catch(() => undefined);
      this.handle = undefined;
      if (!this.failing) this.options.onFailure?.(failure);
      this.failing = failure;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      if (!this.closed) this.retryTimer = this.clock.setTimeout(() => this.kick(), this.options.retryMs ?? 5_000);
    }
  }

  private async openFile(): Promise<FileHandle> {
    await mkdir(path.dirname(this.file), { recursive: true });
    return open(this.file, 'a', 0o600);
  }
}
