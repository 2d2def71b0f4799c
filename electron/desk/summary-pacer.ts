/**
 * Paces board summaries: the sessions that changed are sent together, at most once per `gapMs`
 * for all of them, however fast they stream; one that must go at once takes the rest with it.
 */
import type { Clock, TimerHandle } from '../../shared/clock.js';

export class SummaryPacer<T> {
  private readonly changed = new Set<T>();
  private timer: TimerHandle | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly options: { gapMs: number; leastWaitMs: number },
    private readonly send: (changed: T[]) => void,
  ) {}

  /** `item` changed; `now` sends what waits without waiting. */
  add(item: T, now = false): void {
    this.changed.add(item);
    if (now) {
      this.clock.clearTimeout(this.timer);
      return this.flush();
    }
    if (this.timer !== undefined) return;
    const wait = Math.max(this.options.leastWaitMs, this.lastSentAt + this.options.gapMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  /** `item` is gone: nothing is sent for it. */
  delete(item: T): void {
    this.changed.delete(item);
  }

  close(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    this.lastSentAt = this.clock.now();
    const changed = [...this.changed];
    this.changed.clear();
    this.send(changed);
  }
}
