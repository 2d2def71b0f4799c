/**
 * One session at run time: its entry (what the board shows), its transcript on disk, its
 * SessionStream (send, recover, de-duplicate) and the batcher that sends new items to the
 * renderer about once a frame.
 */
import type { SessionView, TranscriptItem } from '../../shared/desk-api.js';
import type { Mode, QueueStats, SessionInfo, StreamEvent } from '../../shared/protocol.js';
import type { DaemonClient } from '../client/index.js';
import { EventBatcher } from './event-batcher.js';
import { SessionStream, type RecoveryNotice, type StreamLink } from './session-stream.js';
import { TranscriptStore } from './transcript-store.js';

/** What the desk keeps about a session between runs (sessions.json). */
export interface SessionEntry {
  /** Stable for the life of the session on this desk, also across a restore. */
  key: string;
  hostId: string;
  /** The daemon's id for it now (changes when a forgotten session is restored). */
  sessionId: string;
  name: string;
  path: string;
  mode: Mode;
  model: string | null;
  status: SessionInfo['status'];
  sdkSessionId: string | null;
  createdAt: string;
  lastActivityAt: string;
  unread: boolean;
  lastOutcome: 'completed' | 'failed' | 'interrupted' | null;
  lost: boolean;
  transcriptLength: number;
  /** Transcript index where the current daemon session began (after a restore), else absent. */
  restoredAt?: number;
}

export interface SessionRuntimeDeps {
  transcriptFile: (key: string) => string;
  link: () => StreamLink | undefined;
  client: DaemonClient;
  flushMs: number;
  emitItems: (key: string, items: TranscriptItem[]) => void;
  changed: (session: SessionRuntime) => void;
}

export class SessionRuntime {
  queue: QueueStats | null = null;
  private store: Promise<TranscriptStore> | undefined;
  private stream: SessionStream | undefined;
  private following: Promise<void> | undefined;
  private readonly batcher: EventBatcher;
  private sawQueued = false;

  constructor(
    public entry: SessionEntry,
    private readonly deps: SessionRuntimeDeps,
  ) {
    this.batcher = new EventBatcher(deps.flushMs, (items) => deps.emitItems(entry.key, items));
  }

  get key(): string {
    return this.entry.key;
  }

  view(): SessionView {
    const { key, hostId, sessionId, name, path, mode, model, status, sdkSessionId, createdAt, lastActivityAt, unread, lastOutcome, lost, transcriptLength } = this.entry;
    return { key, hostId, sessionId, name, path, mode, model, status, sdkSessionId, createdAt, lastActivityAt, queue: this.queue, unread, lastOutcome, lost, transcriptLength };
  }

  transcript(): Promise<TranscriptStore> {
    this.store ??= TranscriptStore.open(this.deps.transcriptFile(this.entry.key)).then((store) => {
      this.entry.transcriptLength = store.length;
      return store;
    });
    return this.store;
  }

  /** Records what the user sent and sends it; events arrive through the batcher. */
  async send(message: string): Promise<void> {
    const store = await this.transcript();
    this.record(store.append([{ kind: 'sent', message, at: new Date().toISOString() }]));
    const stream = await this.sessionStream();
    this.sawQueued = false;
    void stream
      .send(message)
      .then(() => (this.sawQueued || this.entry.status === 'busy' ? this.follow() : undefined))
      .catch((error: Error) => this.addNotice('error', `Sending failed: ${error.message}`));
  }

  /** Catches up with the daemon and follows a running turn to its end (once at a time). */
  follow(): Promise<void> {
    this.following ??= this.sessionStream()
      .then((stream) => stream.catchUp())
      .catch((error: Error) => this.addNotice('warning', `Could not catch up with the daemon: ${error.message}`))
      .finally(() => (this.following = undefined));
    return this.following;
  }

  async addNotice(level: 'info' | 'warning' | 'error', message: string): Promise<void> {
    const store = await this.transcript();
    this.record(store.append([{ kind: 'notice', level, message, at: new Date().toISOString() }]));
  }

  /** The daemon's view of the session, from session.list. */
  applyInfo(info: SessionInfo): void {
    const before = JSON.stringify(this.entry);
    this.entry.status = info.status;
    this.entry.mode = info.mode;
    this.entry.model = info.model ?? this.entry.model;
    this.entry.sdkSessionId = info.sdkSessionId ?? this.entry.sdkSessionId;
    this.entry.lastActivityAt = info.lastActivityAt;
    this.entry.lost = false;
    if (JSON.stringify(this.entry) !== before) this.deps.changed(this);
  }

  /** Another daemon session now carries this one (restore): streams start afresh there. */
  rebind(sessionId: string): void {
    this.entry.sessionId = sessionId;
    this.entry.restoredAt = this.entry.transcriptLength;
    this.entry.lost = false;
    this.stream = undefined;
  }

  flush(): void {
    this.batcher.flush();
  }

  async close(): Promise<void> {
    this.stream?.stop();
    this.batcher.flush();
    if (this.store) await (await this.store).close();
  }

  private async sessionStream(): Promise<SessionStream> {
    if (this.stream) return this.stream;
    const store = await this.transcript();
    const link = this.deps.link();
    if (!link) throw new Error('its host was removed');
    this.stream = new SessionStream({
      sessionId: this.entry.sessionId,
      link,
      client: this.deps.client,
      lastSeq: this.entry.restoredAt === undefined ? store.lastSeq : store.lastSeqFrom(this.entry.restoredAt),
      onEvents: (events) => void this.onEvents(store, events),
      onNotice: (notice) => void this.onNotice(notice),
    });
    return this.stream;
  }

  private onEvents(store: TranscriptStore, events: StreamEvent[]): void {
    this.record(store.append(events.map((event) => ({ kind: 'event' as const, event }))));
    let changed = false;
    for (const event of events) changed = this.applyEvent(event) || changed;
    this.entry.lastActivityAt = new Date().toISOString();
    if (changed) this.deps.changed(this);
  }

  private onNotice(notice: RecoveryNotice): void {
    void this.addNotice(notice.kind === 'caught_up' || notice.kind === 'gap_filled' ? 'info' : 'warning', notice.message);
    if (notice.kind === 'lost' && /no longer knows/.test(notice.message)) {
      this.entry.lost = true;
      this.deps.changed(this);
    }
  }

  private record(items: TranscriptItem[]): void {
    this.entry.transcriptLength += items.length;
    this.batcher.push(items);
  }

  /** Board-level facts from one event; true when something the board shows changed. */
  private applyEvent(event: StreamEvent): boolean {
    const entry = this.entry;
    switch (event.type) {
      case 'system':
        if (event.subtype === 'user_message') entry.status = 'busy';
        else if (event.subtype === 'init') {
          if (event.model) entry.model = event.model;
          if (event.session_id) entry.sdkSessionId = event.session_id;
        } else return false;
        return true;
      case 'queued':
        this.sawQueued = true;
        entry.status = 'busy';
        return true;
      case 'result':
        entry.lastOutcome = event.raw.is_error ? 'failed' : 'completed';
        entry.status = event.raw.is_error ? 'error' : 'idle';
        entry.unread = true;
        return true;
      case 'interrupted':
        entry.lastOutcome = 'interrupted';
        entry.status = 'idle';
        entry.unread = true;
        return true;
      case 'error':
        entry.lastOutcome = 'failed';
        entry.status = 'error';
        entry.unread = true;
        return true;
      default:
        return false;
    }
  }
}
