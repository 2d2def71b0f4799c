/**
 * A row's height before it is measured, from what it holds. Close guesses matter when a long
 * transcript opens at its end: with one small guess for every row, the list first mounts many
 * more rows than fit, and all of them are rendered, measured and thrown away.
 */
import type { TranscriptRow } from '../../../shared/transcript.js';

const LINE_PX = 21;
const CODE_LINE_PX = 19;
/** Characters on a line of prose in a transcript of usual width. */
const LINE_CHARS = 110;
/** Lines a tool's preview shows before "Show all" (code-lines.tsx, diff-view.tsx cap far higher, but few diffs reach it). */
const MAX_ESTIMATED_LINES = 400;

/** Lines of prose or code: its line breaks, and the long lines wrapped (counted with indexOf: a long history holds megabytes of text). */
function textLines(text: string): number {
  let lines = 0;
  let start = 0;
  while (lines < MAX_ESTIMATED_LINES) {
    const end = text.indexOf('\n', start);
    const length = (end === -1 ? text.length : end) - start;
    lines += 1 + Math.floor(length / LINE_CHARS);
    if (end === -1) break;
    start = end + 1;
  }
  return Math.min(MAX_ESTIMATED_LINES, lines);
}

function editLines(input: unknown): number {
  const fields = (input ?? {}) as { old_string?: unknown; new_string?: unknown };
  const count = (value: unknown) => (typeof value === 'string' ? textLines(value) : 0);
  return Math.min(MAX_ESTIMATED_LINES, count(fields.old_string) + count(fields.new_string));
}

/** Rows are immutable: each is estimated once, however often the list lays itself out. */
const estimated = new WeakMap<object, number>();

export function estimateRowHeight(row: { kind: string } | undefined): number {
  if (!row) return 72;
  let height = estimated.get(row);
  if (height === undefined) {
    height = estimate(row as TranscriptRow);
    estimated.set(row, height);
  }
  return height;
}

function estimate(known: TranscriptRow): number {
  switch (known.kind) {
    case 'user':
      return 44 + LINE_PX * textLines(known.text);
    case 'assistant':
      return 24 + LINE_PX * textLines(known.text);
    case 'tool':
      if (known.tool === 'Edit' || known.tool === 'MultiEdit') return 64 + CODE_LINE_PX * editLines(known.input);
      return 72;
    case 'turn-end':
      return 36;
    default:
      return 48;
  }
}
