/** Waiting for the page: for idle time, for a painted frame, or for just the next task. */

export interface IdleDeadline {
  timeRemaining: () => number;
}

/** Runs `run` when the page is idle, or after `timeoutMs` at the latest (where there is no idle callback, in the next task). */
export function whenIdle(run: (deadline: IdleDeadline) => void, timeoutMs = 500): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: timeoutMs });
  else setTimeout(() => run({ timeRemaining: () => 8 }), 0);
}

/** Resolves once the page has painted and gone idle (or after half a second at most). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const idle = () => whenIdle(() => resolve());
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(idle, 0));
    else idle();
  });
}

/** A macrotask without the clamping nested timers get: the page paints and handles input before it. */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
