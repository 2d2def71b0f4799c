import { describe, expect, it } from 'vitest';
import { codePointLabel, countMarkers, hasInvisible, invisibleDescription, splitInvisible } from './invisible-chars.js';

const shown = (text: string) => splitInvisible(text).flatMap((piece) => (typeof piece === 'string' ? [] : [codePointLabel(piece.codePoint)]));

describe('invisible characters in untrusted text', () => {
  it('leaves ordinary text, tabs and line ends alone', () => {
    expect(splitInvisible('plain text\twith\r\nlines, accents (é) and 中文')).toEqual(['plain text\twith\r\nlines, accents (é) and 中文']);
    expect(hasInvisible('nothing here')).toBe(false);
  });

  it('shows every bidi override, embedding, isolate and mark', () => {
    const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];
    for (const codePoint of bidi) {
      expect(splitInvisible(`a${String.fromCodePoint(codePoint)}b`)).toEqual(['a', { codePoint, count: 1 }, 'b']);
    }
  });

  it('shows zero-width and other invisible format characters', () => {
    expect(shown('a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf\u00ADg\u180Eh\u2064i')).toEqual(['U+200B', 'U+200C', 'U+200D', 'U+2060', 'U+FEFF', 'U+00AD', 'U+180E', 'U+2064']);
    // Tag characters smuggle ASCII invisibly; fillers look like nothing.
    expect(shown('x\u{E0041}\u{E0042}y\u3164z')).toEqual(['U+E0041', 'U+E0042', 'U+3164']);
  });

  it('shows control characters, escape among them', () => {
    expect(shown('a\u001B[31mb\u0007c\u0000d\u0085')).toEqual(['U+001B', 'U+0007', 'U+0000', 'U+0085']);
  });

  it('keeps zero-width joiners inside emoji sequences and subdivision flags, shows them elsewhere', () => {
    for (const emoji of ['👩‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👩🏽‍🚀', '🏴󠁧󠁢󠁥󠁮󠁧󠁿']) expect(splitInvisible(`hi ${emoji}!`)).toEqual([`hi ${emoji}!`]);
    expect(shown('ab\u200Dcd 👩\u200D x')).toEqual(['U+200D', 'U+200D']);
  });

  it('keeps one variation selector, shows a run of them (hidden data)', () => {
    expect(splitInvisible('❤️ ok')).toEqual(['❤️ ok']);
    expect(shown('a\uFE00\uFE01\u{E0100}b')).toEqual(['U+FE00', 'U+FE01', 'U+E0100']);
  });

  it('keeps the order of text and markers', () => {
    expect(splitInvisible('\u202Eabc\u202C')).toEqual([{ codePoint: 0x202e, count: 1 }, 'abc', { codePoint: 0x202c, count: 1 }]);
  });

  it('shows a run of one character as one marker with its count', () => {
    expect(splitInvisible(`a${'\u200B'.repeat(5)}\u202E\u202Eb\u200B`)).toEqual(['a', { codePoint: 0x200b, count: 5 }, { codePoint: 0x202e, count: 2 }, 'b', { codePoint: 0x200b, count: 1 }]);
    expect(countMarkers(`a${'\u200B'.repeat(5)}b\u202E`)).toBe(2);
    expect(invisibleDescription(0x200b, 1200)).toBe('1,200 invisible characters U+200B, zero width space');
  });

  it('names what it shows', () => {
    expect(invisibleDescription(0x202e)).toBe('invisible character U+202E, right-to-left override');
    expect(invisibleDescription(0x200b)).toBe('invisible character U+200B, zero width space');
    expect(invisibleDescription(0x0007)).toBe('invisible character U+0007, control character');
    expect(invisibleDescription(0xe0041)).toBe('invisible character U+E0041, invisible character');
  });
});
