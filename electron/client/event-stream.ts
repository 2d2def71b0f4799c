import type { StreamEvent } from '../../shared/protocol.js';

const FINISHED: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Flattens a source of event batches (one batch per network read) into one event per
 * `next()`. An async generator would cost a full generator resume per event; here an event
 * that is already decoded costs one resolved promise, which keeps the client near the speed
 * of the bare parser. The source is pulled only when the batch is used up, so a slow consumer
 * holds back reading (and the daemon) instead of filling memory.
 */
export class EventStream implements AsyncIterableIterator<StreamEvent> {
  private batch: readonly StreamEvent[] = [];
  private index = 0;
  private finished = false;
  private filling: Promise<IteratorResult<StreamEvent, undefined>> | undefined;

  /**
   * @param accepted resolves true once the daemon answered with an event stream (it has the
   *   request), false when it did not; settled only once the stream is being read.
   */
  constructor(
    private readonly source: AsyncGenerator<readonly StreamEvent[], void, undefined>,
    readonly accepted: Promise<boolean> = Promise.resolve(true),
  ) {}

  next(): Promise<IteratorResult<StreamEvent, undefined>> {
    if (this.filling) return this.filling.then(() => this.next());
    if (this.index < this.batch.length) return Promise.resolve({ done: false, value: this.batch[this.index++]! });
    if (this.finished) return Promise.resolve(FINISHED);
    this.filling = this.fill().finally(() => (this.filling = undefined));
    return this.filling;
  }

  /**
   * The events of one network read at a time (what is left of the current one first); undefined
   * once the stream has ended. For consumers that handle events in batches.
   */
  async nextBatch(): Promise<readonly StreamEvent[] | undefined> {
    if (this.filling) await this.filling.catch(() => undefined);
    if (this.index < this.batch.length) {
      const rest = this.index === 0 ? this.batch : this.batch.slice(this.index);
      this.index = this.batch.length;
      return rest;
    }
    if (this.finished) return undefined;
    const first = await this.next();
    if (first.done) return undefined;
    const rest = this.batch.slice(this.index);
    this.index = this.batch.length;
    return [first.value, ...rest];
  }

  /** Stopping early (`break` in `for await`) ends the source and releases its connection. */
  async return(): Promise<IteratorResult<StreamEvent, undefined>> {
    this.finished = true;
    this.batch = [];
    await this.source.return(undefined);
    return FINISHED;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private async fill(): Promise<IteratorResult<StreamEvent, undefined>> {
    for (;;) {
      const result = await this.source.next();
      if (result.done) {
        this.finished = true;
        return FINISHED;
      }
      if (result.value.length > 0) {
        this.batch = result.value;
        this.index = 1;
        return { done: false, value: result.value[0]! };
      }
    }
  }
}
