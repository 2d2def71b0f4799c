/**
 * A change to a file as the lines a diff view shows: context, removed and added lines in hunks,
 * with their line numbers. The diff itself is jsdiff's; this module bounds it (a diff that would
 * cost too much becomes "all of the old text replaced by all of the new") and shapes it.
 */
import { structuredPatch } from 'diff';

export type DiffLineKind = 'context' | 'removed' | 'added';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** The line's number in the old and the new text (null on the side it is not on). */
  oldLine: number | null;
  newLine: number | null;
}

export interface DiffHunk {
  lines: DiffLine[];
}

export interface FileDiff {
  hunks: DiffHunk[];
  /** The numbers are the file's own lines (a patch from the CLI), not positions in a snippet. */
  numbered: boolean;
  added: number;
  removed: number;
}

/** A patch hunk as jsdiff and the Claude CLI (`structuredPatch` in an Edit's result) write it. */
export interface PatchHunk {
  oldStart: number;
  newStart: number;
  lines: string[];
}

/** Lines of context around each change. */
export const DIFF_CONTEXT = 3;
/** Past this many lines on both sides together, the texts are not compared line by line. */
const MAX_COMPARED_LINES = 20_000;
/** Past this many differing lines (or this long), the diff gives up and shows a whole replacement. */
const MAX_EDIT_LENGTH = 2_000;
const MAX_DIFF_MS = 200;

/** The lines of hunks written as a patch (" context", "-removed", "+added"; "\ No newline" notes dropped). */
export function diffOfHunks(hunks: readonly PatchHunk[], numbered: boolean): FileDiff {
  let added = 0;
  let removed = 0;
  const shaped = hunks.map((hunk): DiffHunk => {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    const lines: DiffLine[] = [];
    for (const line of hunk.lines) {
      const sign = line[0];
      const text = line.slice(1);
      if (sign === '-') {
        removed++;
        lines.push({ kind: 'removed', text, oldLine: oldLine++, newLine: null });
      } else if (sign === '+') {
        added++;
        lines.push({ kind: 'added', text, oldLine: null, newLine: newLine++ });
      } else if (sign === ' ') lines.push({ kind: 'context', text, oldLine: oldLine++, newLine: newLine++ });
    }
    return { lines };
  });
  return { hunks: shaped, numbered, added, removed };
}

const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length);

/** Every old line removed, every new line added: what a diff too costly to compute shows. */
function wholeReplacement(oldText: string, newText: string): PatchHunk {
  const lines = (text: string, sign: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n').map((line) => sign + line));
  return { oldStart: 1, newStart: 1, lines: [...lines(oldText, '-'), ...lines(newText, '+')] };
}

/**
 * The diff of two texts (an Edit's old and new string), with `DIFF_CONTEXT` lines of context.
 * Its numbers count from the start of the texts, so they are not the file's lines.
 */
export function diffOfTexts(oldText: string, newText: string): FileDiff {
  if (oldText === newText) return { hunks: [], numbered: false, added: 0, removed: 0 };
  const patch =
    lineCount(oldText) + lineCount(newText) > MAX_COMPARED_LINES
      ? undefined
      : structuredPatch('old', 'new', oldText, newText, undefined, undefined, { context: DIFF_CONTEXT, maxEditLength: MAX_EDIT_LENGTH, timeout: MAX_DIFF_MS });
  return diffOfHunks(patch ? patch.hunks : [wholeReplacement(oldText, newText)], false);
}

/** A diff cut after `maxLines` lines, and how many lines it left out. */
export function capDiff(diff: FileDiff, maxLines: number): { diff: FileDiff; hiddenLines: number } {
  let room = maxLines;
  let hiddenLines = 0;
  let cutLines = false;
  const hunks: DiffHunk[] = [];
  for (const whole of diff.hunks) {
    // A minified file is one huge line: each line is shown up to a bound, so lines are a fair measure.
    const hunk = capLineLengths(whole);
    cutLines ||= hunk !== whole;
    if (room >= hunk.lines.length) {
      hunks.push(hunk);
      room -= hunk.lines.length;
      continue;
    }
    if (room > 0) hunks.push({ ...hunk, lines: hunk.lines.slice(0, room) });
    hiddenLines += hunk.lines.length - room;
    room = 0;
  }
  return { diff: hiddenLines === 0 && !cutLines ? diff : { ...diff, hunks }, hiddenLines };
}

/** Longest line shown in a diff; the rest of it is said, not drawn. */
export const DIFF_MAX_LINE_CHARS = 2000;

function capLineLengths(hunk: DiffHunk): DiffHunk {
  if (!hunk.lines.some((line) => line.text.length > DIFF_MAX_LINE_CHARS)) return hunk;
  return {
    ...hunk,
    lines: hunk.lines.map((line) =>
      line.text.length > DIFF_MAX_LINE_CHARS ? { ...line, text: `${line.text.slice(0, DIFF_MAX_LINE_CHARS)} … (${(line.text.length - DIFF_MAX_LINE_CHARS).toLocaleString('en-US')} more characters)` } : line,
    ),
  };
}

/**
 * Where each line goes when old and new stand side by side: a run of removed lines on the left
 * faces the run of added lines after it on the right, row for row; a context line has a row of
 * its own. Returns the row (from 1) of every line of every hunk, hunks one row apart.
 */
export function sideBySideRows(hunks: readonly DiffHunk[]): number[][] {
  let row = 1;
  return hunks.map((hunk, index) => {
    if (index > 0) row++; // the gap between hunks
    const rows: number[] = [];
    let left = 0;
    let right = 0;
    const endRun = () => {
      row += Math.max(left, right);
      left = right = 0;
    };
    for (const line of hunk.lines) {
      if (line.kind === 'context') {
        endRun();
        rows.push(row++);
      } else if (line.kind === 'removed') {
        if (right > 0) endRun(); // a removal after additions starts a new run
        rows.push(row + left++);
      } else rows.push(row + right++);
    }
    endRun();
    return rows;
  });
}
