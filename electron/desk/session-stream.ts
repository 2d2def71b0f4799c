/**
 * One session's events from its daemon, in order and once each, whatever breaks. Every source
 * (the stream of a send, an attach, history pages, Part 1 reconnect polls) feeds one serial
 * path: a batch is taken only after the one before it is done, duplicates are dropped by seq,
 * and a gap is filled from history before anything after it is taken. When a stream breaks
 * mid-turn, one recovery at a time catches up and follows the turn to its end. Nothing here
 * throws at its caller once a message was sent: what goes wrong becomes a notice.
 */
import { delay, systemClock, type Clock } from '../../shared/clock.js';
import { RpcErrorCode, endsTurn, type StreamEvent } from '../../shared/protocol.js';
import type { DaemonClient, EventStream } from '../client/index.js';
import { DeskError } from './desk-error.js';
import { backoff, fetchMissing, HISTORY_PAGE } from './history-gap.js';
import { codeOf, messageOf, refusal, retryable, StreamBroke } from './stream-failure.js';

export type RecoveryNotice =
  | { kind: 'caught_up'; replayed: number; message: string }
  | { kind: 'gap'; from: number; to: number; message: string }
  | { kind: 'lost'; message: string }
  | { kind: 'stopped'; message: string }
  | { kind: 'malformed'; message: string };

/** What a SessionStream needs of its host's link. */
export interface StreamLink {
  readonly client: DaemonClient;
  /** Rejects with DeskError `not_connected` when paused, failed, or not connected within `waitMs`. */
  whenConnected(waitMs?: number): Promise<number>;
  capabilities(): ReadonlySet<string>;
  reportBroken(): void;
}

export interface SessionStreamOptions {
  sessionId: string;
  link: StreamLink;
  /** The last seq already in the transcript (from disk), 0 for a new session. */
  lastSeq?: number;
  onEvents: (events: StreamEvent[]) => void;
  onNotice: (notice: RecoveryNotice) => void;
  clock?: Clock;
  /** How often a Part 1 daemon is polled with session.reconnect. */
  pollIntervalMs?: number;
}


export class SessionStream {
  private seq: number;
  private duplicates = 0;
  private ingesting: Promise<void> = Promise.resolve();
  private recovering: Promise<void> | undefined;
  /** A recovery was asked for while one ran and was judging the session idle. */
  private recoverAgain = false;
  private judgingIdle = false;
  /** This recovery told the user it caught up. */
  private caughtUpSaid = false;
  /** Events taken during the running recovery, for its "caught up" notice. */
  private replayed: number | undefined;
  /** The running recovery follows a broken stream: its outcome is news even when nothing was missed. */
  private afterBreak = false;
  private stopped = false;
  private readonly work = new Set<Promise<void>>();
  /** Send streams being read now. */
  private pumping = 0;
  private readonly clock: Clock;

  constructor(private readonly options: SessionStreamOptions) {
    this.seq = options.lastSeq ?? 0;
    this.clock = options.clock ?? systemClock;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get duplicatesDropped(): number {
    return this.duplicates;
  }

  /** The session is closing: recoveries end instead of retrying, and nothing more is delivered. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Sends a message. Resolves once the daemon has it (running, or `queued`), after `onAccepted`
   * ran, before any of its events is taken; the turn then streams on in the background. Rejects
   * with a DeskError saying why when the daemon did not take it.
   */
  async send(message: string, onAccepted: () => void): Promise<{ queued: boolean }> {
    const { link, sessionId } = this.options;
    const port = await link.whenConnected();
    const stream = link.client.sendMessage(port, sessionId, message);
    const first = stream.next();
    if (!(await stream.accepted)) {
      const answer = await first;
      const failure = refusal(answer.done ? undefined : answer.value);
      // The link may not know yet that its daemon is gone: it checks now.
      if (failure.code === 'not_connected') link.reportBroken();
      throw failure;
    }
    // Switchyard's daemon answers at once with the turn's start, `queued`, or why it cannot.
    const head = link.capabilities().has('seq') ? await first : undefined;
    const headEvent = head && !head.done ? head.value : undefined;
    if (headEvent?.type === 'error' && headEvent.reason === undefined && headEvent.code === RpcErrorCode.sessionNotFound) {
      await stream.return();
      throw new DeskError('session_lost', headEvent.message);
    }
    onAccepted();
    const queued = headEvent?.type === 'queued';
    this.track(
      this.pump(stream, head ?? first)
        .then((broke) => (broke || queued ? this.recover(broke ? 'broken' : 'follow') : undefined))
        .catch((error: unknown) => this.notice({ kind: 'stopped', message: `Stopped following this turn: ${messageOf(error)}` })),
    );
    return { queued };
  }

  /**
   * Brings the transcript up to date and follows a running turn to its end. While a send of
   * this desk is streaming, that stream is already following the turn (and recovers if it breaks).
   */
  catchUp(): Promise<void> {
    if (this.pumping > 0) return Promise.resolve();
    return this.recover('follow');
  }

  /** Resolves once every stream and recovery under way has ended (tests, closing). */
  async settled(): Promise<void> {
    while (this.work.size > 0) await Promise.all([...this.work]);
  }

  private track(work: Promise<void>): void {
    this.work.add(work);
    void work.finally(() => this.work.delete(work));
  }

  /** Feeds a send's stream into the serial path; resolves true when it broke mid-turn. */
  private async pump(stream: EventStream, head: IteratorResult<StreamEvent, undefined> | Promise<IteratorResult<StreamEvent, undefined>>): Promise<boolean> {
    this.pumping++;
    try {
      const first = await head;
      if (first.done) return false;
      if ((await this.take([first.value])) === 'closed') return false;
      for (let batch = await stream.nextBatch(); batch; batch = await stream.nextBatch()) {
        if ((await this.take(batch)) === 'closed') return false;
      }
      return false;
    } catch (error) {
      if (error instanceof StreamBroke) return true;
      throw error;
    } finally {
      this.pumping--;
    }
  }

  /**
   * One read's events: pings dropped, a client-made error ends the stream (StreamBroke, or
   * `closed` when this client was closed), a malformed payload is said and skipped, the rest
   * goes to the serial path in one batch.
   */
  private async take(events: readonly StreamEvent[]): Promise<'closed' | undefined> {
    const kept: StreamEvent[] = [];
    for (const event of events) {
      if (event.type === 'ping') continue;
      if (event.type === 'error' && event.reason !== undefined) {
        if (event.reason === 'malformed') {
          this.notice({ kind: 'malformed', message: `The daemon sent something unreadable, which was left out: ${event.message}` });
          continue;
        }
        if (kept.length > 0) await this.ingest(kept);
        if (event.reason === 'closed') return 'closed';
        throw new StreamBroke(event.message, event.reason, event.code);
      }
      kept.push(event);
    }
    if (kept.length > 0) await this.ingest(kept);
    return undefined;
  }

  /** The one serial path every event goes through. */
  private ingest(events: readonly StreamEvent[]): Promise<void> {
    const done = this.ingesting.then(() => this.accept(events));
    this.ingesting = done.catch(() => undefined);
    return done;
  }

  private async accept(events: readonly StreamEvent[]): Promise<void> {
    const fresh: StreamEvent[] = [];
    for (const event of events) {
      const seq = event.seq;
      if (seq !== undefined) {
        if (seq <= this.seq) {
          this.duplicates++;
          continue;
        }
        if (seq > this.seq + 1) {
          if (fresh.length > 0) this.deliver(fresh.splice(0));
          await this.fillGap(this.seq + 1, seq - 1);
        }
        this.seq = seq;
      }
      fresh.push(event);
    }
    if (fresh.length > 0) this.deliver(fresh);
  }

  private deliver(events: StreamEvent[]): void {
    if (this.stopped) return;
    if (this.replayed !== undefined) this.replayed += events.length;
    this.options.onEvents(events);
  }

  private notice(notice: RecoveryNotice): void {
    if (!this.stopped) this.options.onNotice(notice);
  }

  /** Fetches missing events from history (history-gap.ts); what cannot be fetched is reported as lost. */
  private async fillGap(from: number, to: number): Promise<void> {
    const { link, sessionId } = this.options;
    const after = await fetchMissing(link, sessionId, from, to, {
      clock: this.clock,
      stopped: () => this.stopped,
      deliver: (events) => {
        this.deliver(events);
        this.seq = events.at(-1)!.seq!;
      },
    });
    if (after >= to) return;
    this.seq = to;
    this.notice({ kind: 'gap', from: after + 1, to, message: `events ${after + 1}..${to} from the daemon are missing and could not be fetched again` });
  }

  /** One recovery at a time: a broken send and a host resync join the same one. It never rejects. */
  private recover(why: 'broken' | 'follow'): Promise<void> {
    if (why === 'broken') this.afterBreak = true;
    // One under way that is already asking whether the session is idle may miss a turn queued
    // meanwhile: it runs once more before it resolves. Earlier, it will see that turn itself.
    // A break that joins one under way (a host resync started it) gets a pass of its own, so
    // the user hears that the stream came back even when the first pass found nothing new.
    if (this.recovering && (this.judgingIdle || why === 'broken')) this.recoverAgain = true;
    if (!this.recovering) {
      this.recovering = this.recoverWhileAsked().finally(() => {
        this.recovering = undefined;
        this.afterBreak = false;
        this.judgingIdle = false;
      });
      this.track(this.recovering);
    }
    return this.recovering;
  }

  private async recoverWhileAsked(): Promise<void> {
    this.caughtUpSaid = false;
    do {
      this.recoverAgain = false;
      this.judgingIdle = false;
      await this.recoverUntilDone();
    } while (this.recoverAgain && !this.stopped);
  }

  private async recoverUntilDone(): Promise<void> {
    // Failures in a row: an attempt that took events before it broke starts the count again.
    for (let attempt = 0; !this.stopped; attempt++) {
      const seqBefore = this.seq;
      let port: number;
      try {
        port = await this.options.link.whenConnected(Number.POSITIVE_INFINITY);
      } catch (error) {
        return this.notice({ kind: 'stopped', message: `Stopped following this session: ${messageOf(error)}` });
      }
      this.replayed = 0;
      try {
        await this.recoverOnce(port);
        return;
      } catch (error) {
        if (this.stopped) return;
        if (codeOf(error) === RpcErrorCode.sessionNotFound) return this.lost();
        if (!retryable(error)) return this.notice({ kind: 'stopped', message: `Stopped following this session: ${messageOf(error)}` });
        this.options.link.reportBroken();
        if (this.seq > seqBefore) attempt = 0;
        await delay(backoff(attempt), this.clock);
      } finally {
        this.replayed = undefined;
      }
    }
  }

  private lost(): void {
    this.notice({ kind: 'lost', message: 'The daemon no longer knows this session; its transcript is kept here.' });
  }

  /**
   * One recovery: the session's state is read first, then history: so when the session was
   * idle before the read, the read holds its last turn's end. A session that was busy is then
   * followed (attach, else Part 1 polling) until its turn ends and nothing waits.
   */
  private async recoverOnce(port: number): Promise<void> {
    const { link, sessionId } = this.options;
    const capabilities = link.capabilities();
    const idleBefore = await this.idle(port);
    if (idleBefore === 'gone') return this.lost();
    if (capabilities.has('history')) {
      await this.readHistory(port);
      this.reportCaughtUp();
      // What follows is live, not replayed.
      this.replayed = undefined;
      if (idleBefore) return;
    }
    if (capabilities.has('attach')) {
      const ended = await this.follow(link.client.attachSession(port, sessionId, this.seq), port);
      // Idle now, so history holds every turn whole, including one that ran while the last was judged.
      if (ended === 'gone') return this.lost();
      if (ended === 'idle' && capabilities.has('history')) await this.readHistory(port);
    } else {
      await this.pollReconnect(port);
    }
    if (this.replayed !== undefined) this.reportCaughtUp();
  }

  /**
   * Takes an attach stream until the session is idle: at its `attached` mark, or after a turn's
   * end. What the same read brought after that end is taken too: under load one read can hold the
   * next turn, queued behind, which may have ended by the time the session is judged idle.
   */
  private async follow(stream: EventStream, port: number): Promise<'idle' | 'gone' | 'closed' | 'stopped'> {
    try {
      for (let batch = await stream.nextBatch(); batch && !this.stopped; batch = await stream.nextBatch()) {
        let from = 0;
        for (let at = 0; at < batch.length; at++) {
          const event = batch[at]!;
          const mark = event.type === 'system' && event.subtype === 'attached';
          if (!mark && !endsTurn(event)) continue;
          if ((await this.take(batch.slice(from, mark ? at : at + 1))) === 'closed') return 'closed';
          from = at + 1;
          if (mark && event.status === 'busy') continue;
          const idle = await this.idle(port);
          if (idle === 'gone') return 'gone';
          if (idle) return (await this.take(batch.slice(from))) === 'closed' ? 'closed' : 'idle';
        }
        if ((await this.take(batch.slice(from))) === 'closed') return 'closed';
      }
    } finally {
      await stream.return();
    }
    if (!this.stopped) throw new StreamBroke('the attach stream ended while the session was busy', 'incomplete', undefined);
    return 'stopped';
  }

  private reportCaughtUp(): void {
    const replayed = this.replayed ?? 0;
    // Following a turn that was never interrupted, or that a send of this desk streams live
    // (whose events history can overtake): nothing to tell the user.
    if (!this.afterBreak && (replayed === 0 || this.pumping > 0)) return;
    // A second pass of one recovery says so only if it found more.
    if (this.caughtUpSaid && replayed === 0) return;
    this.caughtUpSaid = true;
    this.notice({ kind: 'caught_up', replayed, message: `caught up, ${replayed} events replayed` });
  }

  private async readHistory(port: number): Promise<void> {
    const { link, sessionId } = this.options;
    for (;;) {
      const page = await link.client.sessionHistory(port, sessionId, this.seq, HISTORY_PAGE);
      await this.ingest(page.events);
      if (page.events.length < HISTORY_PAGE || this.stopped) return;
    }
  }

  /** Part 1: the buffered events, again and again, until the session is idle and nothing is left. */
  private async pollReconnect(port: number): Promise<void> {
    const { link, sessionId } = this.options;
    while (!this.stopped) {
      await this.ingest(await link.client.reconnectSession(port, sessionId));
      if ((await this.idle(port)) !== false) {
        await this.ingest(await link.client.reconnectSession(port, sessionId));
        return;
      }
      await delay(this.options.pollIntervalMs ?? 500, this.clock);
    }
  }

  /** Whether the session has nothing running and nothing waiting; `gone` when the daemon forgot it. */
  private async idle(port: number): Promise<boolean | 'gone'> {
    const { link, sessionId } = this.options;
    // From here until the recovery ends or goes on following, a new turn may go unseen.
    this.judgingIdle = true;
    const info = (await link.client.listSessions(port)).find((session) => session.sessionId === sessionId);
    if (!info) return 'gone';
    const idle = info.status !== 'busy' && (await link.client.getQueueStats(port, sessionId)).userPending === 0;
    if (!idle) this.judgingIdle = false;
    return idle;
  }
}
