/**
 * Connects the store to the desk: the first snapshot, push events, resyncs, and loading a
 * session's transcript on demand (newest page first, older pages until the start).
 */
import type { DeskApi, DeskEvent, TranscriptItem } from '../../shared/desk-api.js';
import { errorMessage, type RendererApi } from '../api.js';
import { saveDraft } from './drafts.js';
import { firstN, type Store } from './store.js';

const PAGE = 5000;
/** Transcripts kept in memory besides the one on screen; older ones load again when opened. */
const KEEP_TRANSCRIPTS = 8;

export class Controller {
  readonly desk: DeskApi;
  private stopEvents: (() => void) | undefined;
  /** Per session: the transcript fetch under way, and whether another is wanted after it. */
  private fetching = new Map<string, { again: boolean }>();
  private sendQueues = new Map<string, Promise<unknown>>();
  /** Push events that arrive while a snapshot is in flight; applied on top of it. */
  private heldEvents: DeskEvent[] | undefined;
  private recentTranscripts: string[] = [];

  constructor(
    private readonly api: RendererApi,
    readonly store: Store,
  ) {
    this.desk = api.desk;
  }

  start(): void {
    this.stopEvents = this.api.subscribe({
      onEvent: (event) => (this.heldEvents ? this.heldEvents.push(event) : this.apply(event)),
      onResync: () => void this.reload(),
      onState: (state) => this.store.setEventStream(state),
    });
    void this.reload();
  }

  stop(): void {
    this.stopEvents?.();
  }

  private apply(event: DeskEvent): void {
    if (event.type === 'session.items') {
      const transcript = this.store.getState().transcripts.get(event.key);
      const first = event.items[0];
      // Items missing between what we have and what arrived: fetch them rather than show a hole.
      if (transcript?.status === 'ready' && !transcript.holding && first && firstN(first) > transcript.lastN + 1) {
        this.store.transcriptHold(event.key);
        void this.fetchTranscript(event.key, 'tail');
      }
    }
    if (event.type === 'session.removed') saveDraft(event.key, '');
    this.store.apply(event);
  }

  /** Reads everything afresh: after the first start, and whenever push events were missed. */
  async reload(): Promise<void> {
    this.heldEvents ??= [];
    try {
      const [appInfo, hosts, sessions] = await Promise.all([this.desk.appInfo({}), this.desk.hostsList({}), this.desk.sessionsList({})]);
      this.store.loaded({ appInfo, hosts, sessions });
      // Opened transcripts stay on screen and catch up on what they missed.
      for (const key of this.store.getState().transcripts.keys()) void this.fetchTranscript(key, 'tail');
    } catch (error) {
      this.store.loadFailed(errorMessage(error));
    } finally {
      const held = this.heldEvents ?? [];
      this.heldEvents = undefined;
      for (const event of held) this.apply(event);
    }
  }

  /** Opens a session's transcript: loads it the first time (live items queue meanwhile), or again after an error. */
  async loadTranscript(key: string): Promise<void> {
    this.remember(key);
    const known = this.store.getState().transcripts.get(key);
    if (known && known.status !== 'error') return;
    await this.fetchTranscript(key, 'all');
  }

  /**
   * One fetch per session at a time; a request while one runs is served by one more afterwards.
   * `all` loads from the start; `tail` fetches only what comes after the last item held.
   */
  private async fetchTranscript(key: string, what: 'all' | 'tail'): Promise<void> {
    const running = this.fetching.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.fetching.set(key, state);
    try {
      const known = this.store.getState().transcripts.get(key);
      if (what === 'all' || !known || known.status !== 'ready') {
        this.store.transcriptLoading(key);
        this.store.transcriptLoaded(key, await this.readCoveringWaiting(key, -1));
      } else {
        this.store.transcriptHold(key);
        const items = await this.readCoveringWaiting(key, known.lastN);
        // A transcript shorter than what we hold is not the one we hold: start over.
        if (items.length === 0 && known.lastN >= 0 && (await this.desk.sessionsTranscript({ key, limit: 1 })).total <= known.lastN) {
          this.store.transcriptLoaded(key, await this.readCoveringWaiting(key, -1));
        } else {
          this.store.transcriptAppended(key, items);
        }
      }
    } catch (error) {
      const shown = this.store.getState().transcripts.get(key);
      if (shown?.status === 'ready') {
        // The rows on screen stay; what waited is applied, and the user hears what is missing.
        this.store.transcriptAppended(key, []);
        this.store.toast('warning', `Could not fetch the output missed while disconnected: ${errorMessage(error)}`, this.store.getState().sessions.get(key)?.name ?? key);
      } else {
        this.store.transcriptFailed(key, errorMessage(error));
      }
    } finally {
      this.fetching.delete(key);
    }
    if (state.again) await this.fetchTranscript(key, 'tail');
  }

  /**
   * The items after `afterN`, read again until they reach the newest push that waited meanwhile,
   * so that every waiting push is either entirely fetched or entirely new.
   */
  private async readCoveringWaiting(key: string, afterN: number): Promise<TranscriptItem[]> {
    const items: TranscriptItem[] = [];
    for (let last = afterN; ; ) {
      const more = await this.readPages(key, last);
      items.push(...more);
      last = more.at(-1)?.n ?? last;
      const waiting = this.store.getState().transcripts.get(key)?.pending ?? [];
      const newest = waiting.reduce((max, item) => Math.max(max, item.n), -1);
      if (newest <= last || more.length === 0) return items;
    }
  }

  /** The items after `afterN`, oldest first, read newest page first. */
  private async readPages(key: string, afterN: number): Promise<TranscriptItem[]> {
    const pages: TranscriptItem[][] = [];
    let before: number | undefined;
    for (;;) {
      const { items } = await this.desk.sessionsTranscript(before === undefined ? { key, limit: PAGE } : { key, before, limit: PAGE });
      pages.unshift(items);
      const first = items[0];
      if (!first || first.n <= afterN + 1 || first.n <= 0 || items.length < PAGE) break;
      before = first.n;
    }
    return pages.flat().filter((item) => item.n > afterN);
  }

  /** Keeps the most recently opened transcripts; the rest are dropped and load again when opened. */
  private remember(key: string): void {
    this.recentTranscripts = [key, ...this.recentTranscripts.filter((other) => other !== key)];
    for (const old of this.recentTranscripts.splice(KEEP_TRANSCRIPTS + 1)) this.store.forgetTranscript(old);
  }

  /**
   * Sends a message after any earlier one to the same session has been handed over, so
   * messages typed in quick succession reach the daemon in the order they were typed.
   */
  send(key: string, message: string): Promise<void> {
    const previous = this.sendQueues.get(key) ?? Promise.resolve();
    const sent = previous.catch(() => undefined).then(() => this.desk.sessionsSend({ key, message }));
    this.sendQueues.set(key, sent);
    void sent
      .finally(() => {
        if (this.sendQueues.get(key) === sent) this.sendQueues.delete(key);
      })
      .catch(() => undefined);
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
