/**
 * Text as the transcript shows it, for Copy: each invisible character (a bidi override, a
 * zero-width space) as the marker the view draws, so what is copied is what was seen and cannot
 * carry hidden text into a terminal or an editor.
 */
import { codePointLabel, splitInvisible } from '../../lib/invisible-chars.js';

export function shownText(text: string): string {
  return splitInvisible(text)
    .map((piece) => (typeof piece === 'string' ? piece : `[${codePointLabel(piece.codePoint)}${piece.count > 1 ? ` ×${piece.count}` : ''}]`))
    .join('');
}
