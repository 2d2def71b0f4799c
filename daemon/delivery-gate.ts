/**
 * Hands a session's events to its clients in order, each batch only once its seqs are below
 * the seq mark on disk (seq-mark.ts), so a crash can never make the daemon number a new event
 * with a seq a client has seen. The mark is reserved ahead, so batches nearly always pass at once.
 */
import type { EventLog, LoggedEvent } from './event-log.js';

type Handover = (events: readonly LoggedEvent[]) => void;

export class DeliveryGate {
  private held: { events: LoggedEvent[]; handOver: Handover }[] = [];
  private releasing: Promise<void> | undefined;
  /** Every event up to this seq has been handed over (or was logged before the gate existed). */
  delivered: number;

  /** `since`: events the log took before this gate existed that have gone to no one yet. */
  constructor(
    private readonly log: EventLog,
    since: { loggedThrough: number; pending: LoggedEvent[]; handOver: Handover },
  ) {
    this.delivered = since.loggedThrough;
    if (since.pending.length > 0) this.push(since.pending, since.handOver);
  }

  push(events: LoggedEvent[], handOver: Handover): void {
    if (events.length === 0) return;
    if (this.held.length === 0 && this.log.mayDeliver(events.at(-1)!.seq)) {
      this.delivered = events.at(-1)!.seq;
      handOver(events);
      return;
    }
    this.held.push({ events, handOver });
    this.releasing ??= this.release().finally(() => (this.releasing = undefined));
  }

  /** Resolves once nothing is held. */
  async idle(): Promise<void> {
    while (this.releasing) await this.releasing;
  }

  private async release(): Promise<void> {
    while (this.held.length > 0) {
      await this.log.whenDeliverable(this.held.at(-1)!.events.at(-1)!.seq);
      for (const { events, handOver } of this.held.splice(0)) {
        this.delivered = events.at(-1)!.seq;
        handOver(events);
      }
    }
  }
}
