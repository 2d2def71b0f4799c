/**
 * Part 1 `session.reconnect`: the events no sender received, the latest `max` of them, handed
 * over once; when older ones did not fit, the hand-over begins with an error saying how many.
 */
import type { StreamEvent } from '../shared/protocol.js';
import type { LoggedEvent } from './event-log.js';

export class ReconnectBuffer {
  private events: LoggedEvent[] = [];
  private dropped = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.events.length;
  }

  push(events: readonly LoggedEvent[]): void {
    this.events.push(...events);
    const over = this.events.length - this.max;
    if (over > 0) {
      this.events = this.events.slice(over);
      this.dropped += over;
    }
  }

  clear(): void {
    this.events = [];
  }

  take(): StreamEvent[] {
    const events: StreamEvent[] = this.events;
    this.events = [];
    if (this.dropped === 0) return events;
    const note: StreamEvent = {
      type: 'error',
      message: `${this.dropped} earlier events did not fit the reconnect buffer (limit ${this.max}); session.history has all of them.`,
    };
    this.dropped = 0;
    return [note, ...events];
  }
}
