import { delay, type Clock } from '../../shared/clock.js';

/** Checks `condition` every `intervalMs` on the clock until it holds (true) or `timeoutMs` has passed (false). */
export async function pollUntil(condition: () => boolean | Promise<boolean>, options: { timeoutMs: number; intervalMs: number; clock: Clock }): Promise<boolean> {
  const deadline = options.clock.now() + options.timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (options.clock.now() >= deadline) return false;
    await delay(options.intervalMs, options.clock);
  }
}
