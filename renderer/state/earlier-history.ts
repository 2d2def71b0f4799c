/**
 * The earlier part of a transcript that was opened with only its newest part (so its rows paint
 * at once however long it is): read from the desk in pages, oldest first, and reduced a few
 * milliseconds at a time so scrolling and typing stay smooth; then handed to the store, which
 * puts the newest part back on top and shows the whole. A transcript replaced or forgotten
 * meanwhile stops the reading; a failure is kept on the transcript, to be tried again.
 */
import type { DeskApi } from '../../shared/desk-api.js';
import type { TranscriptItem } from '../../shared/desk-api.js';
import { applyItems, EMPTY_TRANSCRIPT, type TranscriptState } from '../../shared/transcript.js';
import { errorMessage } from '../api.js';
import { afterPaint, yieldToPage } from '../lib/idle.js';
import type { Store } from './store.js';

/** Items per read: a page parses in a few ms, so reading never holds the page up for long. */
const PAGE = 1500;
/** Reducing yields to the page after about this long. */
const SLICE_MS = 8;
/** Items reduced between looks at the clock. */
const STEP = 1000;

export class EarlierHistory {
  private readonly reading = new Set<string>();

  constructor(
    private readonly desk: Pick<DeskApi, 'sessionsTranscript'>,
    private readonly store: Store,
  ) {}

  /** Starts reading the earlier part of `key` if it is held partially, loaded, and not already read or failed. */
  ensure(key: string): void {
    const held = this.store.getState().transcripts.get(key);
    const partial = held?.partial;
    if (!partial || held.status !== 'ready' || partial.error !== null) return;
    const job = `${key}\n${partial.id}`;
    if (this.reading.has(job)) return;
    this.reading.add(job);
    // The newest rows paint first: reading (and parsing) the earlier part waits for the page to be idle.
    void afterPaint()
      .then(() => this.read(key, partial.id, partial.start))
      .finally(() => this.reading.delete(job));
  }

  /** Reads again after a failure. */
  retry(key: string): void {
    const partial = this.store.getState().transcripts.get(key)?.partial;
    if (!partial) return;
    this.store.earlierProgress(key, partial.id, { loaded: 0, error: null });
    this.ensure(key);
  }

  private wanted(key: string, partialId: number): boolean {
    return this.store.getState().transcripts.get(key)?.partial?.id === partialId;
  }

  private async read(key: string, partialId: number, start: number): Promise<void> {
    let state = EMPTY_TRANSCRIPT;
    let next = 0;
    try {
      while (next < start) {
        const before = Math.min(start, next + PAGE);
        const { items } = await this.desk.sessionsTranscript({ key, before, limit: before - next });
        if (!this.wanted(key, partialId)) return;
        if (items[0]?.n !== next) throw new Error(`the desk sent items from ${items[0]?.n ?? 'none'} where ${next} was asked for`);
        const reduced = await reduceSliced(state, items, () => this.wanted(key, partialId));
        if (!reduced) return;
        state = reduced;
        next = items.at(-1)!.n + 1;
        this.store.earlierProgress(key, partialId, { loaded: next, error: null });
      }
      this.store.earlierLoaded(key, partialId, state);
    } catch (error) {
      if (this.wanted(key, partialId)) this.store.earlierProgress(key, partialId, { loaded: next, error: errorMessage(error) });
    }
  }
}

/** Applies `items` a few milliseconds at a time; undefined when `wanted` turned false meanwhile. */
async function reduceSliced(state: TranscriptState, items: readonly TranscriptItem[], wanted: () => boolean): Promise<TranscriptState | undefined> {
  let sliceStart = performance.now();
  for (let at = 0; at < items.length; at += STEP) {
    state = applyItems(state, items.slice(at, at + STEP));
    if (performance.now() - sliceStart >= SLICE_MS) {
      await yieldToPage();
      if (!wanted()) return undefined;
      sliceStart = performance.now();
    }
  }
  return state;
}
