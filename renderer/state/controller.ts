/**
 * Connects the store to the desk. Each time the window's event stream opens (the first time,
 * and after every reconnect) it reads hosts and sessions afresh and watches the sessions on
 * screen again, each from its cursor: the desk sends what was missed, then what comes. That
 * is the only repair there is.
 */
import type { DeskApi, DeskEvent, StreamHello } from '../../shared/desk-api.js';
import { errorMessage, type RendererApi } from '../api.js';
import { saveDraft } from './drafts.js';
import { EarlierHistory } from './earlier-history.js';
import type { Store } from './store.js';

/** Transcripts kept in memory besides the ones on screen; a kept one resumes from its cursor when shown again. */
const KEEP_TRANSCRIPTS = 8;
/**
 * A transcript opened afresh comes as about its newest this many items (from the end of a turn:
 * a screen or two of even heavy turns), which paint at once; the earlier part is read behind
 * them (earlier-history.ts).
 */
export const TAIL_ITEMS = 500;

export class Controller {
  readonly desk: DeskApi;
  private stopEvents: (() => void) | undefined;
  private stream: string | undefined;
  /** Sessions on screen, with how many views show each. */
  private readonly shown = new Map<string, number>();
  private recentTranscripts: string[] = [];
  private sendQueues = new Map<string, Promise<unknown>>();
  private nextSendId = 1;
  private readonly windowId = Math.random().toString(36).slice(2, 8);
  /** Sessions watched on the current stream: one watch each, however many things ask. */
  private readonly watched = new Set<string>();
  /** Board events held while a snapshot is read. */
  private held: DeskEvent[] | undefined;

  readonly earlier: EarlierHistory;

  constructor(
    private readonly api: RendererApi,
    readonly store: Store,
  ) {
    this.desk = api.desk;
    this.earlier = new EarlierHistory(this.desk, store);
  }

  start(): void {
    this.stopEvents = this.api.subscribe({
      onHello: (hello) => void this.opened(hello),
      onEvent: (event) => this.apply(event),
      onState: (state) => this.store.setEventStream(state),
    });
  }

  stop(): void {
    this.stopEvents?.();
  }

  /** A view shows a session: its transcript is watched while any view shows it. */
  show(key: string): () => void {
    this.shown.set(key, (this.shown.get(key) ?? 0) + 1);
    this.remember(key);
    if (this.shown.get(key) === 1) void this.watch(key);
    return () => {
      const left = (this.shown.get(key) ?? 1) - 1;
      if (left > 0) return void this.shown.set(key, left);
      this.shown.delete(key);
      this.watched.delete(key);
      if (this.stream) void this.desk.sessionsUnwatch({ stream: this.stream, key }).catch(() => undefined);
    };
  }

  /** Tries a transcript that could not be loaded again. */
  retryTranscript(key: string): void {
    this.store.forgetTranscript(key);
    void this.watch(key, true);
  }

  /** Reads everything afresh: after the stream opened, or when the user asks. */
  async reload(): Promise<void> {
    try {
      const [appInfo, hosts, sessions, notices] = await Promise.all([this.desk.appInfo({}), this.desk.hostsList({}), this.desk.sessionsList({}), this.desk.appNotices({})]);
      const firstLoad = this.store.getState().phase !== 'ready';
      this.store.loaded({ appInfo, hosts, sessions });
      // What went wrong before this window opened (a file set aside at start) is said once.
      if (firstLoad) for (const notice of notices) this.store.apply({ type: 'notice', notice });
    } catch (error) {
      this.store.loadFailed(errorMessage(error));
    }
  }

  private async opened(hello: StreamHello): Promise<void> {
    this.stream = hello.stream;
    this.watched.clear();
    // Transcripts on screen are watched again at once: their items do not wait for the board's snapshot.
    for (const key of this.shown.keys()) void this.watch(key);
    // Board events that come while the snapshot is read are newer than it: they go on top.
    this.held ??= [];
    try {
      await this.reload();
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const event of held) this.apply(event);
    }
  }

  private apply(event: DeskEvent): void {
    if (this.held && event.type !== 'session.items') return void this.held.push(event);
    if (event.type === 'session.items') {
      // Items that do not follow on from what is held: watch again from the cursor.
      const outcome = this.store.receiveItems(event);
      if (outcome === 'gap') void this.watch(event.key, true);
      else if (outcome === 'applied' && event.caughtUp) this.earlier.ensure(event.key);
      return;
    }
    if (event.type === 'session.removed') saveDraft(event.key, '');
    this.store.apply(event);
  }

  /** Watches a session on the current stream from what the window holds of it; `again` when the watch there is no longer good. */
  private async watch(key: string, again = false): Promise<void> {
    const stream = this.stream;
    if (!stream || !this.shown.has(key) || (this.watched.has(key) && !again)) return;
    this.watched.add(key);
    const held = this.store.getState().transcripts.get(key);
    if (!held || held.status === 'error') this.store.transcriptLoading(key);
    const after = held && held.status !== 'error' ? held.lastN : -1;
    try {
      await this.desk.sessionsWatch({ stream, key, after, tail: TAIL_ITEMS });
    } catch (error) {
      // A newer stream will watch again; this one is gone.
      if (stream !== this.stream) return;
      this.watched.delete(key);
      this.store.transcriptFailed(key, errorMessage(error));
    }
  }

  /** Keeps the most recently shown transcripts; the rest are dropped and load again when shown. */
  private remember(key: string): void {
    this.recentTranscripts = [key, ...this.recentTranscripts.filter((other) => other !== key)];
    for (const old of this.recentTranscripts.splice(KEEP_TRANSCRIPTS + 1)) if (!this.shown.has(old)) this.store.forgetTranscript(old);
  }

  /**
   * Sends a message after any earlier one to the same session has been taken, so messages
   * typed in quick succession reach the daemon in the order they were typed. Shown as being
   * sent until the transcript holds it; a failure gives it back (the caller puts it in the
   * composer again) with the desk's reason.
   */
  send(key: string, message: string): Promise<void> {
    const id = `${this.windowId}-${this.nextSendId++}`;
    this.store.outboxAdd(key, { id, text: message });
    const previous = this.sendQueues.get(key) ?? Promise.resolve();
    const sent = previous.catch(() => undefined).then(() => this.desk.sessionsSend({ key, message, id }));
    this.sendQueues.set(key, sent);
    void sent
      .finally(() => {
        if (this.sendQueues.get(key) === sent) this.sendQueues.delete(key);
      })
      .catch(() => this.store.outboxRemove(key, id));
    return sent.then(() => undefined);
  }

  /** Runs a desk call for a user action; a failure becomes a readable toast, not a blank screen. */
  async run<T>(what: string, call: () => Promise<T>, context: string | null = null): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      this.store.toast('error', `${what} failed: ${errorMessage(error)}`, context);
      return undefined;
    }
  }
}
