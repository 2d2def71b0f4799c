/**
 * The connection tests of targets not added yet: the owner of the ones running (ended when the
 * desk closes) and of what finished ones found, kept for `hosts.add` with the same test id
 * (the port of the daemon that answered, and the token of one a test installed).
 */
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { HostTestView } from '../../shared/desk-api.js';
import { DeskError } from './desk-error.js';
import { HostTest, type HostTestDeps, type HostTestOutcome, type HostTestParams } from './host-test.js';

/** Finished tests kept for `hosts.add`; the oldest go first. */
const KEPT = 20;
/** How long stopping waits for running tests to end their connections. */
const STOP_WAIT_MS = 5_000;

export class HostTests {
  private readonly running = new Map<string, { test: HostTest; done: Promise<unknown> }>();
  private readonly finished = new Map<string, HostTestOutcome>();
  private stopped = false;

  constructor(
    private readonly deps: HostTestDeps & { clock: Clock },
    /** Each change of a running test, for every window. */
    private readonly onProgress: (view: HostTestView) => void,
  ) {}

  /** Runs a test to its end; its progress goes to `onProgress` as it goes. */
  async run(params: HostTestParams): Promise<HostTestView> {
    if (this.stopped) throw new DeskError('failed', 'Switchyard is closing; test the host once it runs again.');
    if (this.running.has(params.testId)) throw new DeskError('invalid_params', `The connection test "${params.testId}" is still running; wait for it to finish.`);
    const test = new HostTest(params, this.deps, this.onProgress);
    const done = test.run();
    this.running.set(params.testId, { test, done: done.catch(() => undefined) });
    try {
      const outcome = await done;
      this.finished.delete(params.testId);
      this.finished.set(params.testId, outcome);
      for (const old of [...this.finished.keys()].slice(0, Math.max(0, this.finished.size - KEPT))) this.finished.delete(old);
      return outcome.view;
    } finally {
      this.running.delete(params.testId);
    }
  }

  /** Stops a running test (its window gave up on it); one that already ended is left as it is. */
  async cancel(testId: string): Promise<void> {
    await this.running.get(testId)?.test.cancel();
  }

  /** What a finished test of this very target found; given out once. */
  take(testId: string, target: string): HostTestOutcome | undefined {
    const outcome = this.finished.get(testId);
    if (!outcome || outcome.view.target !== target.trim()) return undefined;
    this.finished.delete(testId);
    return outcome;
  }

  /** Ends the connections of running tests; waits a bounded time for them to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    const running = [...this.running.values()];
    await Promise.all(running.map(({ test }) => test.cancel()));
    let timer: TimerHandle | undefined;
    const bounded = new Promise<void>((resolve) => (timer = this.deps.clock.setTimeout(resolve, STOP_WAIT_MS)));
    await Promise.race([Promise.all(running.map(({ done }) => done)), bounded]);
    this.deps.clock.clearTimeout(timer);
  }
}
