/**
 * Holds a session's new transcript items and lets them go in one batch per frame (~16 ms),
 * so a burst of thousands of text deltas crosses to the renderer as a few messages. In the
 * batch, consecutive text deltas are joined into one; the transcript on disk keeps each.
 */
import type { TranscriptItem } from '../../shared/desk-api.js';

export class EventBatcher {
  private pending: TranscriptItem[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly flushMs: number,
    private readonly deliver: (items: TranscriptItem[]) => void,
  ) {}

  push(items: readonly TranscriptItem[]): void {
    for (const item of items) this.pending.push(item);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.flushMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const items = joinPartials(this.pending);
    this.pending = [];
    this.deliver(items);
  }
}

/** Joins runs of text deltas of the same block into one item carrying the last seq and n, and `from`, the first n. */
export function joinPartials(items: readonly TranscriptItem[]): TranscriptItem[] {
  const out: TranscriptItem[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (
      item.kind === 'event' &&
      item.event.type === 'partial' &&
      last?.kind === 'event' &&
      last.event.type === 'partial' &&
      last.event.block === item.event.block
    ) {
      out[out.length - 1] = { ...item, from: last.from ?? last.n, event: { ...item.event, content: last.event.content + item.event.content } };
    } else {
      out.push(item);
    }
  }
  return out;
}
