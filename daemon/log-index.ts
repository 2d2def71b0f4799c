/**
 * Where each event of a log is: its seq and the byte offset of its line, in order, so a page
 * of history is one read of a byte range. Damaged lines are not in it; a page's range may hold
 * them, and reading by the indexed offsets skips them.
 */
export interface PageLimits {
  limit: number;
  /** About how many bytes (always at least one event, however large). */
  maxBytes: number;
  /** Only events with a lower seq. */
  belowSeq: number;
  /** Only lines that end by this byte (what is on disk). */
  maxEnd: number;
}

export interface PageRange {
  /** Index of the first event of the page, and one past the last. */
  from: number;
  to: number;
  /** Byte range of the file holding those lines. */
  start: number;
  end: number;
}

export class LogIndex {
  private readonly seqs: number[] = [];
  private readonly offsets: number[] = [];
  /** The end of the last line, in bytes. */
  end = 0;

  get size(): number {
    return this.seqs.length;
  }

  get lastSeq(): number | undefined {
    return this.seqs.at(-1);
  }

  add(seq: number, offset: number, lineBytes: number): void {
    this.seqs.push(seq);
    this.offsets.push(offset);
    this.end = offset + lineBytes;
  }

  /** The position of the first event after `afterSeq` (the size when there is none). */
  positionAfter(afterSeq: number): number {
    return lowerBound(this.seqs, afterSeq + 1);
  }

  seqAt(position: number): number {
    return this.seqs[position]!;
  }

  offsetAt(position: number): number {
    return position < this.offsets.length ? this.offsets[position]! : this.end;
  }

  /** The page after `afterSeq` within `limits`; undefined when there is none. */
  page(afterSeq: number, limits: PageLimits): PageRange | undefined {
    const from = this.positionAfter(afterSeq);
    const last = Math.min(this.seqs.length, from + limits.limit, lowerBound(this.seqs, limits.belowSeq));
    if (from >= last || this.offsetAt(from + 1) > limits.maxEnd) return undefined;
    const start = this.offsets[from]!;
    let to = from + 1;
    while (to < last && this.offsetAt(to + 1) - start <= limits.maxBytes && this.offsetAt(to + 1) <= limits.maxEnd) to++;
    return { from, to, start, end: this.offsetAt(to) };
  }
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
