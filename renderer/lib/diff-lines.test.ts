/** Diffs shaped for the view: jsdiff's hunks as numbered lines, bounded, and placed side by side. */
import { describe, expect, it } from 'vitest';
import { capDiff, diffOfHunks, diffOfTexts, sideBySideRows, type DiffLine } from './diff-lines.js';

const show = (lines: DiffLine[]) => lines.map((line) => `${line.oldLine ?? '.'} ${line.newLine ?? '.'} ${line.kind === 'removed' ? '-' : line.kind === 'added' ? '+' : ' '}${line.text}`);

describe('diffOfTexts', () => {
  it('marks the removed and added lines among a few lines of context', () => {
    const before = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].join('\n');
    const after = before.replace('five', 'FIVE');
    const diff = diffOfTexts(before, after);
    expect(diff).toMatchObject({ added: 1, removed: 1, numbered: false });
    expect(diff.hunks).toHaveLength(1);
    expect(show(diff.hunks[0]!.lines)).toEqual(['2 2  two', '3 3  three', '4 4  four', '5 . -five', '. 5 +FIVE', '6 6  six', '7 7  seven', '8 8  eight']);
  });

  it('splits distant changes into hunks', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    const changed = lines.map((line, i) => (i === 1 || i === 35 ? `${line}!` : line));
    const diff = diffOfTexts(lines.join('\n'), changed.join('\n'));
    expect(diff.hunks).toHaveLength(2);
    expect(diff.hunks[1]!.lines.find((line) => line.kind === 'removed')).toMatchObject({ text: 'line 36', oldLine: 36 });
  });

  it('shows a change too costly to compare line by line as a whole replacement, at once', () => {
    const before = Array.from({ length: 15_000 }, (_, i) => `a${i}`).join('\n');
    const after = Array.from({ length: 15_000 }, (_, i) => `b${i}`).join('\n');
    const started = performance.now();
    const diff = diffOfTexts(before, after);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(diff).toMatchObject({ removed: 15_000, added: 15_000 });
  });

  it('has no hunks when nothing changed', () => {
    expect(diffOfTexts('same', 'same').hunks).toEqual([]);
  });
});

describe('diffOfHunks', () => {
  it('numbers the lines of a CLI patch from where its hunks start in the file, dropping "no newline" notes', () => {
    const diff = diffOfHunks([{ oldStart: 41, newStart: 41, lines: [' keep', '-old', '\\ No newline at end of file', '+new', '+more'] }], true);
    expect(diff).toMatchObject({ numbered: true, added: 2, removed: 1 });
    expect(show(diff.hunks[0]!.lines)).toEqual(['41 41  keep', '42 . -old', '. 42 +new', '. 43 +more']);
  });
});

describe('capDiff', () => {
  it('keeps the first lines and counts the rest', () => {
    const diff = diffOfHunks([{ oldStart: 1, newStart: 1, lines: ['-a', '-b', '+c'] }, { oldStart: 10, newStart: 9, lines: ['-d', '+e'] }], true);
    const { diff: capped, hiddenLines } = capDiff(diff, 4);
    expect(hiddenLines).toBe(1);
    expect(capped.hunks.map((hunk) => hunk.lines.length)).toEqual([3, 1]);
    expect(capDiff(diff, 5)).toEqual({ diff, hiddenLines: 0 });
  });
});

describe('sideBySideRows', () => {
  it('faces each run of removed lines with the added lines after it, row for row; context and the gap between hunks take rows of their own', () => {
    const diff = diffOfHunks([{ oldStart: 1, newStart: 1, lines: [' a', '-b', '-c', '+B', ' d', '+e'] }, { oldStart: 20, newStart: 20, lines: ['-x', '+X', '+Y'] }], true);
    expect(sideBySideRows(diff.hunks)).toEqual([
      [1, 2, 3, 2, 4, 5],
      [7, 7, 8],
    ]);
  });
});
