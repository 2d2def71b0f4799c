/**
 * At most `max` tasks at once; the rest wait their turn, first come first served. The desk's
 * hosts share one for their periodic health checks, so a desk of many hosts never has all of them
 * asking (and answering, and sampling) in the same moment.
 */
export class ConcurrencyLimit {
  private running = 0;
  private highest = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`a concurrency limit must be a whole number of at least 1, not ${max}`);
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** The most that ever ran at once. */
  get peak(): number {
    return this.highest;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    this.highest = Math.max(this.highest, this.running);
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
