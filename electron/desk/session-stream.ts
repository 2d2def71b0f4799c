/**
 * One session's stream of events: sends, and when a stream breaks mid-turn (tunnel dropped,
 * daemon restarted) waits for the link and re-attaches from the last seq (`attach`), or polls
 * `session.reconnect` on a Part 1 daemon until the session is idle. Events arrive in order,
 * once each: duplicates are dropped by seq and gaps are filled from history where it can be.
 */
import { systemClock, type Clock } from '../../shared/clock.js';
import type { StreamErrorReason, StreamEvent } from '../../shared/protocol.js';
import { DaemonConnectionError, type DaemonClient } from '../client/index.js';

export type RecoveryNotice =
  | { kind: 'caught_up'; replayed: number; message: string }
  | { kind: 'gap_filled'; from: number; to: number; message: string }
  | { kind: 'gap'; from: number; to: number; message: string }
  | { kind: 'lost'; message: string };

/** What a SessionStream needs of its host's link. */
export interface StreamLink {
  whenConnected(): Promise<number>;
  capabilities(): ReadonlySet<string>;
  reportBroken(): void;
}

export interface SessionStreamOptions {
  sessionId: string;
  link: StreamLink;
  client: DaemonClient;
  /** The last seq already in the transcript (from disk), 0 for a new session. */
  lastSeq?: number;
  onEvents: (events: StreamEvent[]) => void;
  onNotice: (notice: RecoveryNotice) => void;
  clock?: Clock;
  /** How often a Part 1 daemon is polled with session.reconnect. */
  pollIntervalMs?: number;
}

/** Stream endings after which the turn may still be running on the daemon. */
const BROKEN: ReadonlySet<StreamErrorReason> = new Set(['connection', 'incomplete', 'idle_timeout', 'total_timeout']);
const HISTORY_PAGE = 1000;

type Consumed = { broken: false } | { broken: true; error: StreamEvent };

export class SessionStream {
  private seq: number;
  private duplicates = 0;
  private replayCounter: number | undefined;
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

  private recovering: Promise<void> | undefined;
  private stopped = false;
  /** The current recovery follows a broken connection: its outcome is news even when nothing was missed. */
  private afterBreak = false;

  /** The desk is closing: recoveries end instead of retrying. */
  stop(): void {
    this.stopped = true;
  }

  /** Sends a message; resolves when its stream (and any recovery) is over. */
  async send(message: string): Promise<void> {
    const port = await this.options.link.whenConnected();
    const outcome = await this.consume(this.options.client.sendMessage(port, this.options.sessionId, message));
    if (outcome.broken) await this.recover('broken');
  }

  /** Brings the transcript up to date and follows a running turn to its end. */
  async catchUp(): Promise<void> {
    await this.recover('follow');
  }

  private async consume(stream: AsyncIterable<StreamEvent>, untilIdle?: { port: number }): Promise<Consumed> {
    for await (const event of stream) {
      if (event.type === 'ping') continue;
      if (event.type === 'error' && event.reason && BROKEN.has(event.reason)) return { broken: true, error: event };
      if (event.type === 'error' && event.reason === 'closed') return { broken: false };
      await this.accept(event);
      if (untilIdle && endsTurn(event) && (await this.sessionIdle(untilIdle.port))) return { broken: false };
    }
    return { broken: false };
  }

  private async accept(event: StreamEvent): Promise<void> {
    const seq = event.seq;
    if (seq !== undefined) {
      if (seq <= this.seq) {
        this.duplicates++;
        return;
      }
      if (seq > this.seq + 1) await this.fillGap(this.seq + 1, seq - 1);
      this.seq = seq;
    }
    if (this.replayCounter !== undefined) this.replayCounter++;
    this.options.onEvents([event]);
  }

  private async fillGap(from: number, to: number): Promise<void> {
    const port = await this.options.link.whenConnected().catch(() => undefined);
    if (port !== undefined && this.options.link.capabilities().has('history')) {
      try {
        let after = from - 1;
        while (after < to) {
          const page = await this.options.client.sessionHistory(port, this.options.sessionId, after, Math.min(HISTORY_PAGE, to - after));
          const events = page.events.filter((event) => event.seq !== undefined && event.seq > after && event.seq <= to);
          if (events.length === 0) break;
          this.options.onEvents(events);
          after = events.at(-1)!.seq!;
        }
        if (after >= to) {
          this.seq = to;
          this.options.onNotice({ kind: 'gap_filled', from, to, message: `gap: events ${from}..${to} missing, transcript reloaded from history` });
          return;
        }
      } catch {
        // Reported as an unfilled gap below.
      }
    }
    this.seq = to;
    this.options.onNotice({ kind: 'gap', from, to, message: `gap: events ${from}..${to} are missing and could not be fetched (the daemon keeps no history)` });
  }

  /** One recovery at a time: a send whose stream broke and a host resync join the same one. */
  private recover(why: 'broken' | 'follow'): Promise<void> {
    if (why === 'broken') this.afterBreak = true;
    this.recovering ??= this.recoverUntilDone().finally(() => {
      this.recovering = undefined;
      this.afterBreak = false;
    });
    return this.recovering;
  }

  private async recoverUntilDone(): Promise<void> {
    for (;;) {
      let port: number;
      try {
        port = await this.options.link.whenConnected();
      } catch (error) {
        this.options.onNotice({ kind: 'lost', message: `recovery stopped: ${(error as Error).message}` });
        return;
      }
      if (this.stopped) return;
      try {
        await this.recoverOnce(port);
        return;
      } catch (error) {
        if (!(error instanceof DaemonConnectionError)) throw error;
        // A closed client fails at once, every time: retrying would spin without end.
        if (error.failure === 'closed' || this.stopped) return;
        this.options.link.reportBroken();
      } finally {
        this.replayCounter = undefined;
      }
    }
  }

  /**
   * One recovery: catch up on what was missed (history, where the daemon keeps it, so the
   * outcome can be reported at once), then follow the turn to its end. Throws
   * DaemonConnectionError when the connection breaks again.
   */
  private async recoverOnce(port: number): Promise<void> {
    const { client, sessionId } = this.options;
    const info = (await client.listSessions(port)).find((session) => session.sessionId === sessionId);
    if (!info) {
      this.options.onNotice({ kind: 'lost', message: 'the daemon no longer knows this session; its transcript is kept here' });
      return;
    }
    const capabilities = this.options.link.capabilities();
    this.replayCounter = 0;
    if (capabilities.has('history')) {
      await this.readHistory(port);
      this.reportCaughtUp();
      if (await this.sessionIdle(port)) return;
      this.replayCounter = undefined;
    }
    if (capabilities.has('attach')) {
      const outcome = await this.consume(client.attachSession(port, sessionId, this.seq), { port });
      if (outcome.broken) throw new DaemonConnectionError(port, 'session.attach', 'reset', (outcome.error as { message: string }).message);
    } else {
      await this.pollReconnect(port);
    }
    if (this.replayCounter !== undefined) this.reportCaughtUp();
  }

  private reportCaughtUp(): void {
    const replayed = this.replayCounter ?? 0;
    // Following a turn that was never interrupted: nothing to tell the user.
    if (replayed === 0 && !this.afterBreak) return;
    this.options.onNotice({ kind: 'caught_up', replayed, message: `caught up, ${replayed} events replayed` });
  }

  private async readHistory(port: number): Promise<void> {
    for (;;) {
      const page = await this.options.client.sessionHistory(port, this.options.sessionId, this.seq, HISTORY_PAGE);
      for (const event of page.events) await this.accept(event);
      if (page.events.length < HISTORY_PAGE) return;
    }
  }

  /** Part 1: the buffered events, again and again, until the session is idle and nothing is left. */
  private async pollReconnect(port: number): Promise<void> {
    const { client, sessionId } = this.options;
    for (;;) {
      for (const event of await client.reconnectSession(port, sessionId)) await this.accept(event);
      if (await this.sessionIdle(port)) {
        for (const event of await client.reconnectSession(port, sessionId)) await this.accept(event);
        return;
      }
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, this.options.pollIntervalMs ?? 500));
    }
  }

  private async sessionIdle(port: number, status?: string): Promise<boolean> {
    const { client, sessionId } = this.options;
    const current = status ?? (await client.listSessions(port)).find((session) => session.sessionId === sessionId)?.status;
    if (current === undefined) return true;
    if (current === 'busy') return false;
    return (await client.getQueueStats(port, sessionId)).userPending === 0;
  }
}

function endsTurn(event: StreamEvent): boolean {
  return event.type === 'result' || event.type === 'interrupted' || (event.type === 'error' && event.reason === undefined);
}
