/**
 * One session at run time, and the owner of its record: every change to what the board shows
 * goes through a method here, which tells the desk (which notifies and saves). It also holds
 * the session's transcript on disk and its SessionStream (send, recover, de-duplicate).
 */
import { knownMode, knownStatus, type Mode, type QueueStats, type ResumeResult, type SessionInfo, type StreamEvent } from '../../shared/protocol.js';
import type { DaemonClient } from '../client/index.js';
import type { NewTranscriptItem, SessionRecord, SessionView, TranscriptItem, WaitingApproval } from '../../shared/records.js';
import { DeskError } from './desk-error.js';
import { SessionStream, type RecoveryNotice, type StreamLink } from './session-stream.js';
import { TranscriptStore } from './transcript-store.js';

type NoticeLevel = 'info' | 'warning' | 'error';

export interface SessionRuntimeDeps {
  transcriptFile: string;
  /** Wait before a failed transcript write is tried again. */
  saveRetryMs?: number | undefined;
  /** The link of the session's host; undefined once the host is removed. */
  link: () => StreamLink | undefined;
  /** The record changed: the desk tells the windows (`now`: at once) and saves the index. */
  changed: (session: SessionRuntime, now: boolean) => void;
  /** New transcript items, for the windows that watch this session. */
  items: (session: SessionRuntime, items: TranscriptItem[]) => void;
  /** Something went wrong outside any call (a failed save), for the user to hear. */
  problem: (level: NoticeLevel, message: string, session: SessionRuntime) => void;
}

export class SessionRuntime {
  private queueStats: QueueStats | null = null;
  private store: Promise<TranscriptStore> | undefined;
  private stream: SessionStream | undefined;
  private following: Promise<void> | undefined;
  private cancelling: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private record: SessionRecord,
    private readonly deps: SessionRuntimeDeps,
  ) {}

  get key(): string {
    return this.record.key;
  }

  get entry(): Readonly<SessionRecord> {
    return this.record;
  }

  view(): SessionView {
    return { ...this.record, queue: this.queueStats };
  }

  transcript(): Promise<TranscriptStore> {
    if (this.closed) return Promise.reject(new DeskError('not_found', `"${this.record.name}" was closed.`));
    this.store ??= TranscriptStore.open(this.deps.transcriptFile, {
      ...(this.deps.saveRetryMs !== undefined ? { retryMs: this.deps.saveRetryMs } : {}),
      onWriteFailure: (message) => this.deps.problem('error', message, this),
      onWriteRecovery: (message) => this.deps.problem('info', message, this),
    }).then(({ store, problems }) => {
      for (const problem of problems) this.deps.problem('warning', problem, this);
      if (store.length !== this.record.transcriptLength) this.update({ transcriptLength: store.length });
      return store;
    });
    // A transcript that could not be opened is tried again next time, not remembered as failed.
    this.store.catch(() => (this.store = undefined));
    return this.store;
  }

  /**
   * Sends a message. Resolves once the daemon has it (the `sent` item is then in the
   * transcript); rejects with a DeskError saying why it did not take it.
   */
  async send(message: string, id?: string): Promise<{ queued: boolean }> {
    if (this.record.lost) throw new DeskError('session_lost', `The daemon no longer knows "${this.record.name}"; restore it before sending.`);
    const store = await this.transcript();
    const stream = await this.sessionStream();
    try {
      const outcome = await stream.send(message, () => this.append(store, [{ kind: 'sent', message, at: new Date().toISOString(), ...(id ? { id } : {}) }]));
      if (outcome.queued) this.update({ status: 'busy' });
      return outcome;
    } catch (error) {
      const failure = DeskError.from(error);
      if (failure.code === 'session_lost') this.update({ lost: true }, { now: true });
      throw failure;
    }
  }

  /** Catches up with the daemon and follows a running turn to its end (once at a time). */
  follow(): Promise<void> {
    this.following ??= this.sessionStream()
      .then((stream) => stream.catchUp())
      .catch((error: Error) => this.addNotice('warning', `Could not catch up with the daemon: ${error.message}`))
      .finally(() => (this.following = undefined));
    return this.following;
  }

  // -- asking the daemon ------------------------------------------------------

  /** Stops the running turn; false when nothing was running. */
  async interrupt(): Promise<boolean> {
    const { client, port, sessionId } = await this.daemon();
    const { interrupted } = await client.interruptSession(port, sessionId);
    // The daemon clears its queue with an interrupt: what waited there will never run, and every window hears so.
    const store = await this.transcript();
    const dropped = store.waiting().map((message) => ({ kind: 'cancelled' as const, sent: message.n, at: new Date().toISOString() }));
    if (dropped.length > 0) this.append(store, dropped);
    return interrupted;
  }

  async changeMode(mode: Mode): Promise<void> {
    const { client, port, sessionId } = await this.daemon();
    await client.setMode(port, sessionId, mode);
    this.update({ mode }, { now: true });
  }

  async changeModel(model: string | null): Promise<void> {
    const { client, port, sessionId } = await this.daemon();
    await client.setModel(port, sessionId, model);
    this.update({ model }, { now: true });
  }

  /**
   * Answers one of Claude's requests. A question's `answers` go back in the request's own input,
   * as the CLI expects them.
   */
  async answer(requestId: string, answer: { decision: 'allow' | 'deny'; message?: string; remember?: boolean; interrupt?: boolean; mode?: Mode; answers?: Record<string, string> }): Promise<void> {
    const { client, port, sessionId } = await this.daemon();
    const { answers, ...rest } = answer;
    let updatedInput: Record<string, unknown> | undefined;
    if (answers) {
      const request = (await this.transcript()).findRequest(requestId);
      const input = request?.input && typeof request.input === 'object' ? (request.input as Record<string, unknown>) : {};
      updatedInput = { ...input, answers };
    }
    await client.answerRequest(port, sessionId, { requestId, ...rest, ...(updatedInput ? { updatedInput } : {}) });
  }

  /**
   * Takes back the queued message of `sent` item `n` before its turn begins (`dequeue`), and
   * answers its text (for Edit). A `cancelled` item tells every window. One cancel at a time per
   * session: two windows cancelling the same message cannot take back the one behind it.
   */
  cancelQueued(n: number): Promise<string> {
    const run = this.cancelling.then(() => this.takeBackQueued(n));
    this.cancelling = run.catch(() => undefined);
    return run;
  }

  private async takeBackQueued(n: number): Promise<string> {
    const { client, port, sessionId } = await this.daemon();
    if (!this.deps.link()?.capabilities().has('dequeue')) {
      throw new DeskError('unsupported', `The daemon of "${this.record.name}" cannot take back a queued message (it is older than this app). Update the daemon, or use Stop, which clears the whole queue.`);
    }
    const store = await this.transcript();
    if (store.item(n)?.kind !== 'sent') throw new DeskError('not_found', `Item ${n} of "${this.record.name}" is not a message you sent.`);
    const waiting = store.waiting().find((message) => message.n === n);
    if (waiting?.position == null) throw new DeskError('not_queued', 'This message is no longer queued: its turn has begun, or it was cancelled already.');
    const { removed } = await client.dequeue(port, sessionId, waiting.position, waiting.message);
    if (!removed) throw new DeskError('not_queued', 'Too late to cancel: this message is no longer queued (its turn has begun).');
    this.append(store, [{ kind: 'cancelled', sent: n, at: new Date().toISOString() }]);
    void this.refreshQueue().catch(() => undefined);
    return waiting.message;
  }

  async refreshQueue(): Promise<QueueStats> {
    const { client, port, sessionId } = await this.daemon();
    const stats = await client.getQueueStats(port, sessionId);
    this.setQueue(stats);
    return stats;
  }

  /** Continues the Claude conversation, and says in the transcript what the daemon did. */
  async resume(): Promise<ResumeResult> {
    const { client, port, sessionId } = await this.daemon();
    const result = await client.resumeSession(port, sessionId, this.record.sdkSessionId ?? undefined);
    if (!result.ok) this.markLost();
    else if (result.fallback) await this.addNotice('warning', "Claude's own session could not be resumed; the next message starts a fresh Claude session primed with this session's history.");
    else await this.addNotice('info', 'Resumed: the next message continues the same Claude session.');
    return result;
  }

  /** The daemon forgot this session: a new daemon session continues it, the transcript stays. */
  async restore(): Promise<void> {
    const { client, port } = await this.daemon({ lostToo: true });
    const sessionId = await client.createSession(port, this.record.path, knownMode(this.record.mode) === 'unknown' ? 'auto' : (this.record.mode as Mode), { model: this.record.model });
    const sdk = this.record.sdkSessionId;
    const resumed = sdk ? await client.resumeSession(port, sessionId, sdk) : { ok: true, fallback: true };
    this.rebind(sessionId);
    await this.addNotice(
      'info',
      `Restored: the daemon had forgotten this session, so a new daemon session continues it${sdk && !resumed.fallback ? `, resuming Claude session ${sdk}` : ' in a fresh Claude session'}. The transcript above is kept.`,
    );
  }

  /** Destroys the session on its daemon (a daemon that no longer knows it is fine). */
  async destroyOnDaemon(): Promise<void> {
    if (this.record.lost) return;
    const { client, port, sessionId } = await this.daemon();
    try {
      await client.destroySession(port, sessionId);
    } catch (error) {
      if (DeskError.from(error).code !== 'session_lost') throw error;
    }
  }

  private async daemon(options: { lostToo?: boolean } = {}): Promise<{ client: DaemonClient; port: number; sessionId: string }> {
    const link = this.deps.link();
    if (!link) throw new DeskError('not_found', `The host of "${this.record.name}" was removed.`);
    if (this.record.lost && !options.lostToo) throw new DeskError('session_lost', `The daemon no longer knows "${this.record.name}"; restore it first.`);
    return { client: link.client, port: await link.whenConnected(), sessionId: this.record.sessionId };
  }

  /** A notice in the transcript; one that comes after the session was closed goes nowhere. */
  async addNotice(level: NoticeLevel, message: string): Promise<void> {
    if (this.closed) return;
    const store = await this.transcript().catch(() => undefined);
    if (store && !this.closed) this.append(store, [{ kind: 'notice', level, message, at: new Date().toISOString() }]);
  }

  rename(name: string): void {
    this.update({ name }, { now: true });
  }

  markRead(): void {
    this.update({ unread: false }, { now: true });
  }

  setQueue(queue: QueueStats | null): void {
    if (JSON.stringify(queue) === JSON.stringify(this.queueStats)) return;
    this.queueStats = queue;
    this.deps.changed(this, false);
  }

  markLost(): void {
    this.update({ lost: true }, { now: true });
  }

  /** The daemon's view of the session, from session.list asked at `askedAt` (ISO time). */
  applyInfo(info: SessionInfo, askedAt: string): void {
    // Requests settled while this desk was away (their resolutions come with the catch-up). A
    // request that arrived after the list was asked is newer than the list's count: it stays.
    const settled = info.pendingApprovals === 0 && this.record.approvals.some((approval) => approval.since < askedAt);
    this.update({
      status: knownStatus(info.status),
      mode: knownMode(info.mode),
      model: info.model ?? this.record.model,
      sdkSessionId: info.sdkSessionId ?? this.record.sdkSessionId,
      ...(info.lastActivityAt ? { lastActivityAt: info.lastActivityAt } : {}),
      ...(settled ? { approvals: this.record.approvals.filter((approval) => approval.since >= askedAt) } : {}),
      lost: false,
    });
  }

  /** Another daemon session now carries this one (restore): streams start afresh there. */
  rebind(sessionId: string): void {
    this.stream?.stop();
    this.stream = undefined;
    this.update({ sessionId, restoredAt: this.record.transcriptLength, lost: false }, { now: true });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stream?.stop();
    const store = await this.store?.catch(() => undefined);
    await store?.close();
  }

  /**
   * Changes members of the record; tells the desk only when something really changed. `now`:
   * the user did this, so every window hears of it at once, not with the next summary.
   */
  private update(change: Partial<SessionRecord>, options: { now?: boolean } = {}): void {
    let changed = false;
    for (const [name, value] of Object.entries(change) as [keyof SessionRecord, unknown][]) {
      if (this.record[name] !== value) changed = true;
    }
    if (!changed) return;
    this.record = { ...this.record, ...change };
    this.deps.changed(this, options.now ?? false);
  }

  private append(store: TranscriptStore, items: NewTranscriptItem[]): void {
    if (this.closed) return;
    const added = store.append(items);
    this.record = { ...this.record, transcriptLength: store.length };
    this.deps.items(this, added);
    this.deps.changed(this, false);
  }

  private async sessionStream(): Promise<SessionStream> {
    if (this.stream) return this.stream;
    const store = await this.transcript();
    const link = this.deps.link();
    if (!link) throw new DeskError('not_found', 'Its host was removed.');
    this.stream ??= new SessionStream({
      sessionId: this.record.sessionId,
      link,
      lastSeq: this.record.restoredAt === undefined ? store.lastSeq : store.lastSeqFrom(this.record.restoredAt),
      onEvents: (events) => this.onEvents(store, events),
      onNotice: (notice) => this.onNotice(notice),
    });
    return this.stream;
  }

  private onEvents(store: TranscriptStore, events: StreamEvent[]): void {
    this.append(
      store,
      events.map((event) => ({ kind: 'event' as const, event })),
    );
    const change: Partial<SessionRecord> = { lastActivityAt: new Date().toISOString() };
    let approvals = this.record.approvals;
    for (const event of events) {
      Object.assign(change, boardFacts(event));
      approvals = waitingAfter(approvals, event);
    }
    // A request is news the moment it comes: the board and the notification do not wait for a summary.
    const asked = approvals.length > this.record.approvals.length;
    if (approvals !== this.record.approvals) change.approvals = approvals;
    this.update(change, { now: asked });
  }

  private onNotice(notice: RecoveryNotice): void {
    void this.addNotice(notice.kind === 'caught_up' ? 'info' : 'warning', notice.message);
    if (notice.kind === 'lost') this.update({ lost: true }, { now: true });
  }
}

/** The requests still waiting once an event is taken: a permission adds one, its resolution removes it. */
function waitingAfter(approvals: readonly WaitingApproval[], event: StreamEvent): WaitingApproval[] {
  if (event.type === 'permission' && event.requestId && !approvals.some((a) => a.requestId === event.requestId)) {
    return [...approvals, { requestId: event.requestId, kind: event.kind, ...(event.tool ? { tool: event.tool } : {}), since: new Date().toISOString() }];
  }
  if (event.type === 'permission_resolved' && approvals.some((a) => a.requestId === event.requestId)) return approvals.filter((a) => a.requestId !== event.requestId);
  // A turn that ended, or a daemon that restarted, leaves nothing waiting, whatever was missed.
  const ends = event.type === 'result' || event.type === 'interrupted' || (event.type === 'error' && event.reason === undefined) || (event.type === 'system' && event.subtype === 'restarted');
  if (ends && approvals.length > 0) return [];
  return approvals as WaitingApproval[];
}

/** What one event changes on the board. */
function boardFacts(event: StreamEvent): Partial<SessionRecord> {
  switch (event.type) {
    case 'system':
      if (event.subtype === 'user_message') return { status: 'busy' };
      if (event.subtype === 'init') return { ...(event.model ? { model: event.model } : {}), ...(event.session_id ? { sdkSessionId: event.session_id } : {}) };
      return {};
    case 'queued':
      return { status: 'busy' };
    case 'permission_resolved':
      // An approved plan switched the session's mode with the answer.
      return knownMode(event.mode) === 'unknown' ? {} : { mode: event.mode as Mode };
    case 'result':
      return event.raw.is_error ? { lastOutcome: 'failed', status: 'error', unread: true } : { lastOutcome: 'completed', status: 'idle', unread: true };
    case 'interrupted':
      return { lastOutcome: 'interrupted', status: 'idle', unread: true };
    case 'error':
      return event.reason === undefined ? { lastOutcome: 'failed', status: 'error', unread: true } : {};
    default:
      return {};
  }
}
