/**
 * The daemon's live CLIs. An idle persistent CLI costs about 200 MB, so one idle longer than
 * `idleMs` is stopped (the next message starts it again with --resume: nothing is lost), and
 * at most `max` run at once: a turn that needs one past the cap stops the least recently used
 * idle CLI, or waits (its message stays queued) until one is free.
 */
import { systemClock, type Clock, type TimerHandle } from '../shared/clock.js';

/** What holds a live CLI: a session's turn runner. */
export interface CliHolder {
  /** Stops its CLI if it is still idle; the pool hears `released` once it is gone. */
  stopIdle(reason: string): void;
}

interface Holding {
  busy: boolean;
  lastUsed: number;
  stopping: boolean;
  idleTimer: TimerHandle | undefined;
}

interface Waiter {
  holder: CliHolder;
  grant: (granted: boolean) => void;
}

export class CliPool {
  private readonly holdings = new Map<CliHolder, Holding>();
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly max: number,
    /** 0: idle CLIs are never stopped. */
    private readonly idleMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * A turn of `holder` needs a CLI. Resolves true once it may have one (it is counted as busy
   * from then), false when `signal` aborts first (the turn was interrupted while it waited).
   * `onWait` is told when the turn has to wait.
   */
  acquire(holder: CliHolder, signal: AbortSignal, onWait: () => void): Promise<boolean> {
    const holding = this.holdings.get(holder);
    // A CLI being stopped to make room for a waiting turn is that turn's: this one queues behind it.
    if (holding && !(holding.stopping && this.waiters.length > 0)) {
      this.markBusy(holding);
      return Promise.resolve(true);
    }
    if (!holding && this.holdings.size < this.max) {
      this.holdings.set(holder, { busy: true, lastUsed: this.clock.now(), stopping: false, idleTimer: undefined });
      return Promise.resolve(true);
    }
    onWait();
    return new Promise((resolve) => {
      const waiter: Waiter = { holder, grant: resolve };
      this.waiters.push(waiter);
      signal.addEventListener('abort', () => {
        const at = this.waiters.indexOf(waiter);
        if (at < 0) return;
        this.waiters.splice(at, 1);
        resolve(false);
      });
      this.makeRoom();
    });
  }

  /** The turn of `holder` ended; `live`: its CLI goes on (idle), else it has none. */
  idle(holder: CliHolder, live: boolean): void {
    const holding = this.holdings.get(holder);
    if (!holding) return;
    if (!live) return this.released(holder);
    holding.busy = false;
    holding.lastUsed = this.clock.now();
    if (this.idleMs > 0) {
      holding.idleTimer = this.clock.setTimeout(() => this.stop(holder, `idle for ${this.idleMs} ms`), this.idleMs);
    }
    this.makeRoom();
  }

  /** The CLI of `holder` is gone (stopped, exited, or the session closed). */
  released(holder: CliHolder): void {
    const holding = this.holdings.get(holder);
    if (!holding) return;
    this.clock.clearTimeout(holding.idleTimer);
    this.holdings.delete(holder);
    this.makeRoom();
  }

  private markBusy(holding: Holding): void {
    holding.busy = true;
    holding.stopping = false;
    this.clock.clearTimeout(holding.idleTimer);
    holding.idleTimer = undefined;
  }

  private stop(holder: CliHolder, reason: string): void {
    const holding = this.holdings.get(holder);
    if (!holding || holding.busy || holding.stopping) return;
    holding.stopping = true;
    holder.stopIdle(reason);
  }

  /** Grants waiters the free places, and frees one more (the least recently used idle CLI) while some still wait. */
  private makeRoom(): void {
    while (this.waiters.length > 0 && this.holdings.size < this.max) {
      const { holder, grant } = this.waiters.shift()!;
      this.holdings.set(holder, { busy: true, lastUsed: this.clock.now(), stopping: false, idleTimer: undefined });
      grant(true);
    }
    const stopping = [...this.holdings.values()].filter((holding) => holding.stopping).length;
    if (this.waiters.length <= stopping) return;
    let oldest: CliHolder | undefined;
    let oldestUse = Infinity;
    for (const [holder, holding] of this.holdings) {
      if (!holding.busy && !holding.stopping && holding.lastUsed < oldestUse) [oldest, oldestUse] = [holder, holding.lastUsed];
    }
    if (oldest) this.stop(oldest, `the least recently used idle CLI, to start another within --max-clis ${this.max}`);
  }
}
