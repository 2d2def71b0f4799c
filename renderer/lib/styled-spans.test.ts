import { describe, expect, it } from 'vitest';
import { chunkSpans, countLines, plainSpans, sliceSpans, spansLength, spansText, type StyledSpan } from './styled-spans.js';

const spans: StyledSpan[] = [{ text: 'one\ntwo' }, { text: '\nthree\n', className: 'ansi-red-fg' }, { text: 'four' }];

describe('styled spans', () => {
  it('measures characters and lines', () => {
    expect(spansLength(spans)).toBe(18);
    expect(countLines(spans)).toBe(4);
    expect(plainSpans('')).toEqual([]);
  });

  it('slices by characters or lines, whichever comes first, keeping styles', () => {
    expect(sliceSpans(spans, 100, 2)).toEqual([{ text: 'one\ntwo' }]);
    expect(sliceSpans(spans, 100, 3)).toEqual([{ text: 'one\ntwo' }, { text: '\nthree', className: 'ansi-red-fg' }]);
    expect(sliceSpans(spans, 5)).toEqual([{ text: 'one\nt' }]);
    expect(spansText(sliceSpans(spans, 100))).toBe('one\ntwo\nthree\nfour');
  });

  it('never cuts a surrogate pair', () => {
    expect(sliceSpans([{ text: 'ab😀c' }], 3)).toEqual([{ text: 'ab' }]);
    const chunks = chunkSpans([{ text: '😀'.repeat(5) }], 3);
    expect(chunks.map((chunk) => spansText(chunk))).toEqual(['😀', '😀', '😀', '😀', '😀']);
  });

  it('chunks a long text in order, the chunks together being the whole', () => {
    const long: StyledSpan[] = [{ text: 'x'.repeat(10) }, { text: 'y'.repeat(7), color: 'rgb(1, 2, 3)' }];
    const chunks = chunkSpans(long, 4);
    expect(chunks.map((chunk) => spansLength(chunk))).toEqual([4, 4, 4, 4, 1]);
    expect(chunks.flat().map((span) => span.text).join('')).toBe('x'.repeat(10) + 'y'.repeat(7));
    expect(chunks[3]).toEqual([{ text: 'yyyy', color: 'rgb(1, 2, 3)' }]);
  });
});
