/**
 * Line-level readings of Markdown for markdown-plan.ts, each linear and each erring on the side
 * of more work and deeper nesting than the parser will find: a limit built on them holds.
 */
import { countMarkers } from '../../lib/invisible-chars.js';

/** What rendering costs, in units of roughly 30 µs (measured with the parser and React). */
export const COST = {
  line: 4,
  block: 14,
  charsPerUnit: 64,
  /** A list or quote marker (a container and usually an item). */
  container: 10,
  /** Most of an emphasis, link, code span or table cell is an element of its own. */
  markup: { '*': 3, _: 3, '~': 3, '|': 6, '[': 4, ']': 4, '`': 2, '<': 3, ':': 3, '@': 3, '!': 1, '>': 1, '&': 1, '\\': 1, '#': 1 } as Partial<Record<string, number>>,
  /** A bare `www.` address becomes a link too (GFM autolinks). */
  www: 6,
  /** An invisible character (or a run of one) becomes a marker element. */
  marker: 3,
  /** The opening line of a code block (its element, copy button and highlighting). */
  fence: 8,
  fencedLine: 1,
  fencedCharsPerUnit: 512,
  /**
   * Markup inside a code block is literal, so it is charged at this rate only. A line taken for
   * code that the parser reads as Markdown after all (inside an HTML block, say) can thus cost at
   * most twice its charge: the budget still bounds the work.
   */
  fencedMarkupRate: 0.5,
};

export const BLANK = /^[ \t]*$/;
export const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const WHITESPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const LIST_MARKER = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?: {1,4}|\t|$)/;
const QUOTE_MARKER = /^ {0,3}> ?/;

/** List and quote markers at the start of a line, and the nesting they imply. */
export function containerDepth(line: string): number {
  let at = 0;
  let column = 0;
  let markers = 0;
  let indentAtFirst = 0;
  for (;;) {
    while (line[at] === ' ' || line[at] === '\t') column += line[at++] === '\t' ? 4 - (column % 4) : 1;
    const char = line[at];
    let width = 0;
    if (char === '>') width = 1;
    else if ((char === '-' || char === '+' || char === '*') && (at + 1 >= line.length || line[at + 1] === ' ' || line[at + 1] === '\t')) width = 1;
    else {
      const ordered = /^\d{1,9}[.)](?=[ \t]|$)/.exec(line.slice(at, at + 11));
      if (ordered) width = ordered[0].length;
    }
    if (width === 0) break;
    if (markers === 0) indentAtFirst = column;
    markers++;
    at += width;
    column += width;
  }
  // Nested list items are indented by about two columns per level.
  return markers === 0 ? 0 : markers + Math.floor(indentAtFirst / 2);
}

const isWhitespace = (char: string | undefined) => char === undefined || WHITESPACE.test(char);
const isPunctuation = (char: string | undefined) => char !== undefined && PUNCTUATION.test(char);

/**
 * The inline nesting a paragraph can reach, line by line: emphasis runs that can open push, runs
 * that can close pop an opener of their own kind (CommonMark's flanking rules), and brackets do
 * the same. Unmatched openers count too: an upper bound, which is what a limit needs.
 */
export class InlineScanner {
  maxDepth = 0;
  private readonly open: Record<string, number> = { '*': 0, _: 0, '~': 0, '[': 0 };
  private depth = 0;

  /** Reads one line and returns its markup's cost. */
  scan(line: string): number {
    let cost = countMarkers(line) * COST.marker;
    for (let at = 0; at < line.length; at++) {
      const char = line[at]!;
      if (char === 'w' && line.startsWith('www.', at)) cost += COST.www;
      const markup = COST.markup[char];
      if (markup === undefined) continue;
      cost += markup;
      if (char === '\\') at++;
      else if (char === '[') this.push('[', 1);
      else if (char === ']') this.pop('[', 1);
      else if (char === '*' || char === '_' || char === '~') {
        const end = this.delimiterRun(line, at);
        cost += (end - at - 1) * markup;
        at = end - 1;
      }
    }
    return cost;
  }

  /** A blank line ends a paragraph, and emphasis never spans it. */
  paragraphEnds(): void {
    for (const kind of Object.keys(this.open)) this.open[kind] = 0;
    this.depth = 0;
  }

  private push(kind: string, levels: number): void {
    this.open[kind]! += levels;
    this.depth += levels;
    this.maxDepth = Math.max(this.maxDepth, this.depth);
  }

  private pop(kind: string, levels: number): void {
    const closed = Math.min(levels, this.open[kind]!);
    this.open[kind]! -= closed;
    this.depth -= closed;
  }

  /** Handles the run of `line[start]` and returns where it ends. */
  private delimiterRun(line: string, start: number): number {
    const char = line[start]!;
    let end = start;
    while (line[end] === char) end++;
    const before = line[start - 1];
    const after = line[end];
    const left = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
    const right = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
    const canOpen = char === '_' ? left && (!right || isPunctuation(before)) : left;
    const canClose = char === '_' ? right && (!left || isPunctuation(after)) : right;
    // A run of n marks opens or closes up to n/2 levels (strong takes two, emphasis one).
    const levels = Math.ceil((end - start) / 2);
    if (canClose && this.open[char]! > 0) this.pop(char, levels);
    else if (canOpen) this.push(char, levels);
    return end;
  }
}

export interface Fence {
  char: string;
  length: number;
  /** The quote markers before it, which every line of the code must carry. */
  quotes: number;
  /** Its column after those: a line indented less has left the code (or its list item). */
  indent: number;
}

/** Up to `max` quote markers at the start of `line` (all of them by default): how many, and the rest. */
function stripQuotes(line: string, max = Infinity): { quotes: number; rest: string } {
  let quotes = 0;
  let rest = line;
  for (let marker = QUOTE_MARKER.exec(rest); marker && quotes < max; marker = QUOTE_MARKER.exec(rest)) {
    quotes++;
    rest = rest.slice(marker[0].length);
  }
  return { quotes, rest };
}

function indentOf(text: string): number {
  return /^ */.exec(text)![0].length;
}

/** A line without its quote and list markers: how many quotes, the column after the list markers, the rest. */
function withoutContainers(line: string): { quotes: number; column: number; body: string } {
  const { quotes, rest } = stripQuotes(line);
  let body = rest;
  let column = 0;
  for (let marker = LIST_MARKER.exec(body); marker; marker = LIST_MARKER.exec(body)) {
    column += marker[0].length;
    body = body.slice(marker[0].length);
  }
  return { quotes, column, body };
}

/**
 * An opening code fence as CommonMark reads one, strictly: ``` or ~~~ indented at most three
 * spaces, after the line's own quote and list markers; a backtick fence's info has no backtick.
 */
export function openingFence(line: string): Fence | null {
  const { quotes, column, body } = withoutContainers(line);
  const fence = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(body);
  if (!fence || (fence[2]![0] === '`' && fence[3]!.includes('`'))) return null;
  return { char: fence[2]![0]!, length: fence[2]!.length, quotes, indent: column + fence[1]!.length };
}

/** A line that may start an HTML block, inside which a fence is no fence (until a comment or tag ends, maybe much later). */
export function mayStartHtml(line: string): boolean {
  return /^ {0,3}<[A-Za-z/!?]/.test(withoutContainers(line).body);
}

/**
 * A line after an opening fence: still code, the closing fence, or outside (its quote or list
 * item ended, which ends the code too). When unsure it says outside, so the line is read as
 * Markdown and charged in full.
 */
export function fencedLine(line: string, fence: Fence): 'code' | 'closing' | 'outside' {
  const { quotes, rest } = stripQuotes(line, fence.quotes);
  if (quotes < fence.quotes) return 'outside';
  if (BLANK.test(rest)) return 'code';
  if (indentOf(rest) < fence.indent) return 'outside';
  const closing = /^ *(`{3,}|~{3,})[ \t]*$/.exec(rest);
  return closing && closing[1]![0] === fence.char && closing[1]!.length >= fence.length ? 'closing' : 'code';
}
