/**
 * Time, injected wherever a test must not wait for real minutes to pass.
 * Works in Node and in the browser: it only uses the global timer functions.
 */
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds on a monotonic-enough scale; only differences are used. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => {
    const handle = globalThis.setTimeout(callback, ms);
    // In Node a pending limit must not keep the process alive on its own.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `onExpire` once no `touch()` has happened for `limitMs`. One timer per watchdog,
 * re-armed only when it fires early, so touching it on every read costs next to nothing.
 */
export class IdleWatchdog {
  private lastTouch: number;
  private handle: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly limitMs: number,
    private readonly onExpire: () => void,
  ) {
    this.lastTouch = clock.now();
    this.arm(limitMs);
  }

  touch(): void {
    this.lastTouch = this.clock.now();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private arm(ms: number): void {
    this.handle = this.clock.setTimeout(() => this.check(), ms);
  }

  private check(): void {
    if (this.stopped) return;
    const idleFor = this.clock.now() - this.lastTouch;
    if (idleFor >= this.limitMs) {
      this.stopped = true;
      this.onExpire();
    } else {
      this.arm(this.limitMs - idleFor);
    }
  }
}

/** Resolves after `ms` on the clock; in Node the wait never keeps the process alive on its own. */
export function delay(ms: number, clock: Clock = systemClock): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
