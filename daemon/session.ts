/**
 * One daemon session: its record, its event log, its queue of user messages, its approval
 * requests, and who gets its events (the stream that sent the running message, attached
 * clients, and the reconnect buffer for everything no sender received).
 */
import { RpcErrorCode, type EventBody, type Mode, type QueueStats, type SessionInfo, type StreamEvent } from '../shared/protocol.js';
import { Approvals, withdrawal, type Answer } from './approvals.js';
import { replayTo } from './attach-replay.js';
import { DeliveryGate } from './delivery-gate.js';
import { historyPrimer } from './history-primer.js';
import type { EventLog, LoggedEvent } from './event-log.js';
import { ReconnectBuffer } from './reconnect-buffer.js';
import type { SessionRecord } from './session-record.js';
import { goneFolderMessage } from './session-folder.js';
import type { TurnOutcome, TurnRunner } from './turn-runner.js';

/** Where a stream of events goes: an SSE response, as the server implements it. */
export interface EventSink {
  readonly open: boolean;
  send(events: readonly StreamEvent[]): void;
  /** Events as the log holds them, one JSON line each (no newline). */
  sendLines(lines: readonly Buffer[]): void;
  /** Resolves once the client has read what was sent (or is gone). */
  whenWritable(): Promise<void>;
  /** Ends the stream with `[DONE]`. */
  finish(): void;
  onClose(listener: () => void): void;
}

export interface SessionDeps {
  /** Never rejects: a save that fails is kept and tried again (session-store.ts). */
  save(record: SessionRecord): Promise<void>;
  claudeSessionExists(sdkSessionId: string): Promise<boolean>;
  maxBufferedEvents: number;
}

export class Session {
  private readonly queue: string[] = [];
  private readonly attached = new Set<EventSink>();
  private readonly reconnectBuffer: ReconnectBuffer;
  private sender: EventSink | null = null;
  private running = false;
  private destroyed = false;
  private readonly gate: DeliveryGate;
  private readonly approvals: Approvals;

  constructor(
    private readonly record: SessionRecord,
    readonly log: EventLog,
    private readonly runner: TurnRunner,
    private readonly deps: SessionDeps,
  ) {
    // What the log added as it opened (a `restarted` marker) is history, not a reply anyone waits for.
    this.gate = new DeliveryGate(log, { ...log.addedOnOpen, handOver: (events) => this.deliverToAttached(events) });
    this.reconnectBuffer = new ReconnectBuffer(deps.maxBufferedEvents);
    this.approvals = new Approvals({
      emit: (bodies) => this.emit(bodies),
      mode: () => this.record.mode,
      switchMode: (mode) => {
        this.record.mode = mode;
        void this.deps.save(this.record);
        this.runner.cliTookMode(mode);
      },
      endTurn: () => this.runner.endTurnAsInterrupted(),
    });
  }

  get id(): string {
    return this.record.sessionId;
  }

  get info(): SessionInfo {
    const { primeOnNextTurn: _prime, requestedModel: _requested, ...info } = this.record;
    return { ...info, status: this.destroyed ? 'destroyed' : info.status, cliType: 'claude', pendingApprovals: this.approvals.count };
  }

  queueStats(): QueueStats {
    return {
      userPending: this.queue.length,
      responsePending: this.reconnectBuffer.size,
      clientConnected: (this.sender?.open ?? false) || this.attached.size > 0,
    };
  }

  /** Runs the message now, or queues it behind the running turn (the sink then ends at once). */
  send(message: string, sink: EventSink): void {
    if (this.destroyed) {
      sink.send([{ type: 'error', code: RpcErrorCode.sessionNotFound, message: `Session ${this.id} was destroyed; create a new session.` }]);
      sink.finish();
      return;
    }
    if (this.running) {
      this.queue.push(message);
      this.gate.push(this.log.append([{ type: 'queued', position: this.queue.length }]), (queued) => {
        sink.send(queued);
        this.deliverToAttached(queued);
        sink.finish();
      });
      return;
    }
    void this.runTurns(message, sink);
  }

  /**
   * `dequeue`: takes back the queued message at `position` (1-based) while it still reads
   * `content`, so a queue that moved meanwhile never loses the wrong message. False once its
   * turn began (runTurns takes the next message off the queue in the same tick it decides to run
   * it), or it is gone. Nothing is logged: the message never ran, and the stream of the send that
   * queued it ended with `queued`.
   */
  dequeue(position: number, content: string): boolean {
    const at = position - 1;
    if (this.queue[at] !== content) return false;
    this.queue.splice(at, 1);
    return true;
  }

  /** Cancels the running turn and clears both queues. */
  async interrupt(): Promise<boolean> {
    this.queue.length = 0;
    this.reconnectBuffer.clear();
    // Before the CLI hears of it: an answer that comes after the interrupt must be refused, not logged as given.
    this.approvals.withdrawAll('interrupted');
    if (!this.running) return false;
    return this.runner.interrupt();
  }

  /** Applied to a running CLI at once (set_permission_mode), else from the next turn. */
  async setMode(mode: Mode): Promise<void> {
    this.record.mode = mode;
    await this.deps.save(this.record);
    await this.runner.setMode(mode);
    if (mode === 'auto') this.approvals.allowWaitingTools();
  }

  /** `approvals`: answers a waiting request (-32005 when it is not waiting). */
  answer(answer: Answer): void {
    this.approvals.answer(answer);
  }

  /** `approvals`: the permission events still waiting for an answer. */
  pending(): LoggedEvent[] {
    return this.approvals.list();
  }

  /** The model to ask for (null: the CLI's default), listed as the model until the CLI reports its own. */
  async setModel(model: string | null): Promise<void> {
    this.record.requestedModel = model;
    this.record.model = model;
    await this.deps.save(this.record);
    await this.runner.setModel(model);
  }

  /**
   * Makes the next turn continue this session: with `--resume` while Claude still has the
   * session, else (fallback) in a fresh Claude session primed with this session's history.
   */
  async resume(sdkSessionId?: string | null): Promise<{ ok: boolean; fallback: boolean }> {
    if (sdkSessionId) this.record.sdkSessionId = sdkSessionId;
    let fallback = false;
    const known = this.record.sdkSessionId;
    // A live CLI in that Claude session can always go on; its files may not be written yet.
    if (known && this.runner.holdsClaudeSession(known)) {
      await this.deps.save(this.record);
      return { ok: true, fallback: false };
    }
    if (known && !(await this.deps.claudeSessionExists(known))) {
      this.record.sdkSessionId = null;
      fallback = true;
    } else if (!known && this.log.nextSeq > 1) {
      fallback = true;
    }
    if (fallback) this.record.primeOnNextTurn = true;
    await this.deps.save(this.record);
    return { ok: true, fallback };
  }

  /**
   * Streams retained events after `afterSeq`, then live ones, to `sink` until it closes.
   * Between the two comes one marker, `{type: "system", subtype: "attached", status}`, with
   * the session's state at that moment (`busy` while a turn runs or waits, else `idle`). It
   * has no seq and is neither logged nor replayed: it only tells this client whether more is
   * coming, so it can stop following an idle session instead of waiting for ever.
   */
  async attach(afterSeq: number | undefined, sink: EventSink): Promise<void> {
    const from = afterSeq ?? Math.max(0, this.log.nextSeq - 1 - this.deps.maxBufferedEvents);
    await replayTo(sink, this.log, from, {
      delivered: () => this.gate.delivered,
      join: () => {
        if (this.destroyed) return sink.finish();
        sink.send([{ type: 'system', subtype: 'attached', status: this.running ? 'busy' : 'idle' }]);
        // The attaching client now has everything by seq; Part 1 polling would only repeat it.
        this.reconnectBuffer.clear();
        this.attached.add(sink);
        sink.onClose(() => this.attached.delete(sink));
      },
    });
  }

  /** At start: requests the log shows waiting were asked by a CLI that is gone; each is withdrawn. */
  withdrawLeftovers(): void {
    const ids = this.log.waitingOnOpen;
    if (ids.length === 0) return;
    const events = this.log.append(ids.map((requestId) => ({ type: 'permission_resolved' as const, requestId, ...withdrawal('restarted') })));
    this.gate.push(events, (delivered) => this.deliverToAttached(delivered));
  }

  /** At start: the log's last turn was cut by a crash; history says so, and what to do. */
  markCutTurn(): void {
    this.record.status = 'error';
    const message = 'The daemon stopped while this turn was running (it was killed, or crashed), so the turn did not finish. Send the message again to continue.';
    this.gate.push(this.log.append([{ type: 'error', message }]), (events) => this.deliverToAttached(events));
  }

  /** Part 1 `session.reconnect`: the buffered events, once. */
  takeReconnectBuffer(): StreamEvent[] {
    return this.reconnectBuffer.take();
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.queue.length = 0;
    this.approvals.withdrawAll('destroyed');
    await this.runner.shutdown();
    await this.waitIdle();
    await this.gate.idle();
    for (const sink of [...this.attached, ...(this.sender ? [this.sender] : [])]) sink.finish();
    this.attached.clear();
    await this.log.remove();
  }

  /** Daemon shutdown: stop the turn as an interrupt does and put everything on disk. */
  async close(): Promise<void> {
    this.queue.length = 0;
    this.approvals.withdrawAll('stopped');
    await this.runner.shutdown();
    await this.waitIdle();
    await this.gate.idle();
    for (const sink of this.attached) sink.finish();
    await this.deps.save(this.record);
    await this.log.close();
  }

  private idleWaiters: (() => void)[] = [];

  private waitIdle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private emit(bodies: readonly EventBody[]): LoggedEvent[] {
    this.record.lastActivityAt = new Date().toISOString();
    const events = this.log.append(bodies);
    this.gate.push(events, (delivered) => this.deliver(delivered));
    return events;
  }

  private deliver(events: readonly LoggedEvent[]): void {
    if (this.sender?.open) this.sender.send(events);
    else this.reconnectBuffer.push(events);
    this.deliverToAttached(events);
  }

  private deliverToAttached(events: readonly LoggedEvent[]): void {
    for (const sink of this.attached) sink.send(events);
  }

  private async runTurns(first: string, sink: EventSink): Promise<void> {
    this.running = true;
    let message: string | undefined = first;
    let sender: EventSink | null = sink;
    while (message !== undefined) {
      this.sender = sender;
      sender?.onClose(() => {
        if (this.sender === sender) this.sender = null;
      });
      this.record.status = 'busy';
      this.emit([{ type: 'system', subtype: 'user_message', content: message }]);
      const outcome = await this.runOne(message);
      // The turn's last events may still wait for their seqs to be reserved; its sender gets them first.
      await this.gate.idle();
      this.record.status = outcome === 'failed' ? 'error' : 'idle';
      // Decided before the sender sees [DONE], so a message it sends right away is not queued.
      message = this.destroyed ? undefined : this.queue.shift();
      if (message === undefined) this.running = false;
      const finished = this.sender;
      this.sender = null;
      finished?.finish();
      void this.deps.save(this.record);
      sender = null;
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async runOne(message: string): Promise<TurnOutcome> {
    const gone = await goneFolderMessage(this.record.path);
    if (gone) {
      this.emit([{ type: 'error', message: gone }]);
      return 'failed';
    }
    const primer = this.record.primeOnNextTurn ? await historyPrimer(this.log) : '';
    this.record.primeOnNextTurn = false;
    return this.runner.run(
      message,
      {
        cwd: this.record.path,
        mode: this.record.mode,
        sdkSessionId: this.record.sdkSessionId,
        model: this.record.requestedModel,
        ...(primer ? { primer } : {}),
      },
      {
        emit: (events) => this.emit(events),
        learnSdkSessionId: (id) => {
          if (this.record.sdkSessionId === id) return;
          this.record.sdkSessionId = id;
          void this.deps.save(this.record);
        },
        learnModel: (model) => {
          this.record.model = model;
        },
        primer: () => historyPrimer(this.log),
        approvals: this.approvals,
      },
    );
  }
}
