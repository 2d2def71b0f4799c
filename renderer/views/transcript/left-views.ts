/**
 * What a transcript view leaves behind for the next one of the same session: its rows' measured
 * heights and where the reader was. Showing the session again lays it out from those at once
 * (no rows measured twice, no jumps) and opens it where it was left.
 */
import type { VirtualItem } from '@tanstack/react-virtual';
import { estimateRowHeight } from './row-estimate.js';

type RowKey = string | number | bigint;

export interface LeftView {
  sizes: ReadonlyMap<RowKey, number>;
  pinned: boolean;
  scrollTop: number;
  /** The offset holds only while the same rows come first (not once the earlier part was read meanwhile). */
  firstRowId: string | undefined;
}

const leftViews = new Map<string, LeftView>();
const KEEP_LEFT_VIEWS = 8;

export function leaveView(key: string, view: LeftView): void {
  leftViews.delete(key);
  leftViews.set(key, view);
  if (leftViews.size > KEEP_LEFT_VIEWS) leftViews.delete(leftViews.keys().next().value!);
}

export function leftViewOf(key: string): LeftView | undefined {
  return leftViews.get(key);
}

/** Where the list's end is in view, from the heights known or estimated, before anything is measured. */
export function endOffset(rows: readonly { id: string; kind: string }[], sizes: ReadonlyMap<RowKey, number> | undefined): number {
  let total = 0;
  for (const row of rows) total += sizes?.get(row.id) ?? estimateRowHeight(row);
  return Math.max(0, total - window.innerHeight);
}

/** Known heights in the form the virtualizer starts from. */
export const asMeasurements = (sizes: ReadonlyMap<RowKey, number>): VirtualItem[] => [...sizes].map(([key, size], index) => ({ key, size, index, start: 0, end: size, lane: 0 }));
