/**
 * Connects the store to the desk: the first snapshot, push events, resyncs, and loading a
 * session's transcript on demand (newest page first, older pages until the start).
 */
import type { DeskApi } from '../../shared/desk-api.js';
import type { TranscriptItem } from '../../shared/desk-api.js';
import { errorMessage, type RendererApi } from '../api.js';
import type { Store } from './store.js';

const PAGE = 5000;

export class Controller {
  readonly desk: DeskApi;
  private stopEvents: (() => void) | undefined;
  private loadingTranscripts = new Set<string>();
  private sendQueues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly api: RendererApi,
    readonly store: Store,
  ) {
    this.desk = api.desk;
  }

  start(): void {
    this.stopEvents = this.api.subscribe({
      onEvent: (event) => this.store.apply(event),
      onResync: () => void this.reload(),
      onState: (state) => this.store.setEventStream(state),
    });
    void this.reload();
  }

  stop(): void {
    this.stopEvents?.();
  }

  /** Reads everything afresh: after the first start, and whenever push events were missed. */
  async reload(): Promise<void> {
    try {
      const [appInfo, hosts, sessions] = await Promise.all([this.desk.appInfo({}), this.desk.hostsList({}), this.desk.sessionsList({})]);
      this.store.loaded({ appInfo, hosts, sessions });
      for (const key of this.store.getState().transcripts.keys()) void this.loadTranscript(key, true);
    } catch (error) {
      this.store.loadFailed(errorMessage(error));
    }
  }

  /** Loads a session's transcript once (or again with `force`); live items queue meanwhile. */
  async loadTranscript(key: string, force = false): Promise<void> {
    const known = this.store.getState().transcripts.get(key);
    if ((known && known.status !== 'error' && !force) || this.loadingTranscripts.has(key)) return;
    this.loadingTranscripts.add(key);
    this.store.transcriptLoading(key);
    try {
      const pages: TranscriptItem[][] = [];
      let before: number | undefined;
      for (;;) {
        const { items } = await this.desk.sessionsTranscript(before === undefined ? { key, limit: PAGE } : { key, before, limit: PAGE });
        pages.unshift(items);
        const first = items[0];
        if (!first || first.n <= 0 || items.length < PAGE) break;
        before = first.n;
      }
      this.store.transcriptLoaded(key, pages.flat());
    } catch (error) {
      this.store.transcriptFailed(key, errorMessage(error));
    } finally {
      this.loadingTranscripts.delete(key);
    }
  }

  /**
   * Sends a message after any earlier one to the same session has been handed over, so
   * messages typed in quick succession reach the daemon in the order they were typed.
   */
  send(key: string, message: string): Promise<void> {
    const previous = this.sendQueues.get(key) ?? Promise.resolve();
    const sent = previous.catch(() => undefined).then(() => this.desk.sessionsSend({ key, message }));
    this.sendQueues.set(key, sent);
    void sent.finally(() => {
      if (this.sendQueues.get(key) === sent) this.sendQueues.delete(key);
    }).catch(() => undefined);
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
