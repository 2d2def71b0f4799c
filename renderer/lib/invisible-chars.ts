/**
 * Characters that act on the text around them or hide instead of showing: bidi overrides,
 * embeddings, isolates and marks (which reorder what follows them, "Trojan Source"),
 * zero-width and other format characters, control characters, invisible fillers and runs of
 * variation selectors (which can smuggle hidden text). Untrusted text shows each of them as a
 * visible marker, as code editors do, instead of letting it act.
 *
 * Kept as they are, because they are part of what a reader sees: a zero-width joiner between two
 * emoji (👩‍💻) and the tag characters of a subdivision flag (🏴 England).
 */

/** Emoji sequences whose invisible parts are part of the picture. */
const KEPT = [
  String.raw`\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}`,
  String.raw`(?<=\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})`,
].join('|');

const SHOWN = [
  // Format characters (bidi controls, zero-width characters, tags, soft hyphen, ...) and the
  // control characters other than tab, line feed and carriage return.
  String.raw`[\p{Cf}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]`,
  // Invisible fillers and marks that are not format characters; line and paragraph separators.
  String.raw`[\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2028\u2029\u3164\uFFA0]`,
  // One variation selector styles the character before it; a run of them hides data.
  String.raw`[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]{2,}`,
].join('|');

const INVISIBLE = new RegExp(`(${KEPT})|${SHOWN}`, 'gu');
const ANY_SHOWN = new RegExp(SHOWN, 'u');

/** A run of ordinary text, or an invisible character (`count` times in a row) to show as one marker. */
export type TextPiece = string | { codePoint: number; count: number };

export function hasInvisible(text: string): boolean {
  return ANY_SHOWN.test(text);
}

/** The text cut into ordinary runs and the invisible characters between them, in order. */
export function splitInvisible(text: string): TextPiece[] {
  if (!hasInvisible(text)) return [text];
  const pieces: TextPiece[] = [];
  let plain = '';
  let last = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    plain += text.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[1] !== undefined) {
      plain += match[0];
      continue;
    }
    if (plain) pieces.push(plain);
    plain = '';
    for (const char of match[0]) {
      const codePoint = char.codePointAt(0)!;
      const previous = pieces.at(-1);
      if (typeof previous === 'object' && previous.codePoint === codePoint) previous.count++;
      else pieces.push({ codePoint, count: 1 });
    }
  }
  plain += text.slice(last);
  if (plain) pieces.push(plain);
  return pieces;
}

/** "U+202E" */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

const NAMES: Record<number, string> = {
  0x00ad: 'soft hyphen',
  0x001b: 'escape',
  0x061c: 'Arabic letter mark',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2060: 'word joiner',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0xfeff: 'zero width no-break space',
};

/** What a reader hears and sees on hover: "invisible character U+202E, right-to-left override" ("3 invisible characters ..."). */
export function invisibleDescription(codePoint: number, count = 1): string {
  const name = NAMES[codePoint] ?? (codePoint < 0xa0 ? 'control character' : 'invisible character');
  return `${count === 1 ? 'invisible character' : `${count.toLocaleString('en-US')} invisible characters`} ${codePointLabel(codePoint)}, ${name}`;
}

/** The markers `text` shows: what they cost to render. */
export function countMarkers(text: string): number {
  return hasInvisible(text) ? splitInvisible(text).filter((piece) => typeof piece === 'object').length : 0;
}
