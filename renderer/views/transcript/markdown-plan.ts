/**
 * How much of a message the Markdown view may parse, decided by one linear scan before any
 * parsing. The Markdown parser's work grows faster than the text where the text nests deeply
 * (emphasis, links, lists, quotes) and with the amount of markup; Claude's output is untrusted, so
 * a message is parsed as Markdown only up to a budget, and only while its nesting stays within a
 * bound. From the first block past either, the rest is shown as plain text with a note.
 *
 * Blocks are split at blank lines outside code fences: while a message streams, finished blocks
 * (grouped in segments) keep their rendering and only the growing last block is parsed again.
 */

export const MARKDOWN_LIMITS = {
  /** Characters parsed as Markdown per message. */
  maxChars: 64 * 1024,
  /** The parser's work per message, in the units of COST below (about 30 µs each). */
  budget: 8000,
  /** Nesting of lists, quotes, emphasis and links. */
  maxNesting: 32,
  /** A growing last block longer or costlier than this shows as plain text until it is finished. */
  streamingPlainChars: 4096,
  streamingBudget: 1000,
  /** Code blocks longer than this are not highlighted. */
  highlightChars: 16 * 1024,
};

export interface MarkdownBlock {
  start: number;
  end: number;
  /** The parser's work on it, in budget units. */
  cost: number;
}

export interface MarkdownPlan {
  /** The blocks parsed as Markdown, in order. */
  blocks: MarkdownBlock[];
  /** Where the plain-text rest starts (`text.length` when there is none). */
  restStart: number;
  /** Why the rest is plain text. */
  restReason: 'long' | 'nested' | null;
}

const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const BLANK = /^[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const WHITESPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
/** Markup characters and what each costs: most of an emphasis, link, code span or table cell is an element of its own. */
const MARKUP_COST: Partial<Record<string, number>> = { '*': 3, _: 3, '~': 3, '|': 6, '[': 4, ']': 4, '`': 2, '<': 3, ':': 3, '@': 3, '!': 1, '>': 1, '&': 1, '\\': 1, '#': 1 };
/** Bare `www.` addresses become links too (GFM autolinks). */
const WWW_COST = 6;

/**
 * What the parser and React spend, in units of roughly 30 µs (measured): every line and block
 * costs, a table cell and a container marker more than an emphasis mark, code little per line.
 */
const COST = { line: 4, block: 14, charsPerUnit: 64, container: 10, fence: 8, fencedLine: 1, fencedCharsPerUnit: 512 };

/** List and quote markers at the start of a line, and the nesting they imply. */
function containerDepth(line: string): number {
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
 * The inline nesting a block can reach, line by line: emphasis runs that can open push, runs
 * that can close pop an opener of their own kind (CommonMark's flanking rules), and brackets do
 * the same. Unmatched openers count too: an upper bound, which is what a limit needs.
 */
class InlineScanner {
  maxDepth = 0;
  markup = 0;
  private readonly open: Record<string, number> = { '*': 0, _: 0, '~': 0, '[': 0 };
  private depth = 0;

  scan(line: string): void {
    for (let at = 0; at < line.length; at++) {
      const char = line[at]!;
      if (char === 'w' && line.startsWith('www.', at)) this.markup += WWW_COST;
      const cost = MARKUP_COST[char];
      if (cost === undefined) continue;
      this.markup += cost;
      if (char === '\\') at++;
      else if (char === '[') this.push('[', 1);
      else if (char === ']') this.pop('[', 1);
      else if (char === '*' || char === '_' || char === '~') at = this.delimiterRun(line, at) - 1;
    }
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
    this.markup += (end - start - 1) * MARKUP_COST[char]!;
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

/** The lines of `text` from `from`, with where each starts and ends (without its line feed). */
function* lines(text: string, from = 0): Generator<{ start: number; end: number }> {
  for (let start = from; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    yield { start, end };
    if (newline === -1) return;
    start = newline + 1;
  }
}

type RestReason = MarkdownPlan['restReason'];

interface OpenBlock extends MarkdownBlock {
  nesting: number;
  inline: InlineScanner;
}

/** Reads a message line by line into blocks, and says where Markdown has to stop. */
class BlockPlanner {
  readonly blocks: MarkdownBlock[] = [];
  open: OpenBlock | null = null;
  private spent = 0;
  private fence: string | null = null;

  constructor(private readonly limits: typeof MARKDOWN_LIMITS) {}

  /** Takes the line `line` at `start`..`end`; a reason means Markdown stops before the open block. */
  addLine(line: string, start: number, end: number): RestReason {
    const marker = FENCE.exec(line)?.[1];
    const fenceLine = marker !== undefined && (this.fence === null || (marker[0] === this.fence[0] && marker.length >= this.fence.length));
    if (this.fence === null && !fenceLine && BLANK.test(line)) return this.endBlock();
    const block = (this.open ??= { start, end, cost: COST.block, nesting: 0, inline: new InlineScanner() });
    block.end = end;
    if (this.fence !== null || fenceLine) {
      block.cost += (this.fence === null ? COST.fence : COST.fencedLine) + line.length / COST.fencedCharsPerUnit;
      if (fenceLine) this.fence = this.fence === null ? marker : null;
      return null;
    }
    const depth = containerDepth(line);
    block.nesting = Math.max(block.nesting, depth);
    block.cost += COST.line + line.length / COST.charsPerUnit + depth * COST.container;
    if (!THEMATIC_BREAK.test(line)) block.inline.scan(line);
    return this.verdict(block);
  }

  endBlock(): RestReason {
    const block = this.open;
    if (!block) return null;
    const reason = this.verdict(block);
    if (reason) return reason;
    this.spent += block.cost + block.inline.markup;
    this.blocks.push({ start: block.start, end: block.end, cost: block.cost + block.inline.markup });
    this.open = null;
    return null;
  }

  private verdict(block: OpenBlock): RestReason {
    if (Math.max(block.nesting, block.inline.maxDepth) > this.limits.maxNesting) return 'nested';
    return this.spent + block.cost + block.inline.markup > this.limits.budget ? 'long' : null;
  }
}

/** Splits a message into blocks and decides how far Markdown goes (see the module comment). */
export function planMarkdown(text: string, limits = MARKDOWN_LIMITS): MarkdownPlan {
  const planner = new BlockPlanner(limits);
  let reason: RestReason = null;
  let stoppedAt = text.length;
  // Nothing past the character limit is scanned at all, not even for a line end.
  const scanned = text.length > limits.maxChars ? text.slice(0, limits.maxChars + 1) : text;
  for (const { start, end } of lines(scanned)) {
    reason = end > limits.maxChars ? 'long' : planner.addLine(text.slice(start, end), start, end);
    if (reason) {
      stoppedAt = start;
      break;
    }
  }
  reason ??= planner.endBlock();
  return { blocks: planner.blocks, restStart: reason ? (planner.open?.start ?? stoppedAt) : text.length, restReason: reason };
}

/** A streaming message's finished blocks close a segment at this cost or count: each segment is parsed as one text. */
const SEGMENT = { cost: 600, blocks: 16 };

/**
 * Finished blocks grouped into segments for streaming, greedily from the start, so a segment
 * never changes once closed: few parses (each has a fixed cost) and none repeated, except for the
 * last open segment, which is at most `SEGMENT` big.
 */
export function streamingSegments(blocks: readonly MarkdownBlock[]): MarkdownBlock[] {
  const segments: MarkdownBlock[] = [];
  let open: MarkdownBlock | null = null;
  let count = 0;
  for (const block of blocks) {
    open ??= { start: block.start, end: block.end, cost: 0 };
    open.end = block.end;
    open.cost += block.cost;
    if (++count >= SEGMENT.blocks || open.cost >= SEGMENT.cost) {
      segments.push(open);
      open = null;
      count = 0;
    }
  }
  if (open) segments.push(open);
  return segments;
}

/** The blocks of a message as strings (all of them, whatever the limits). */
export function markdownBlocks(text: string): string[] {
  const plan = planMarkdown(text, { ...MARKDOWN_LIMITS, maxChars: Infinity, budget: Infinity, maxNesting: Infinity });
  return plan.blocks.map((block) => text.slice(block.start, block.end));
}
