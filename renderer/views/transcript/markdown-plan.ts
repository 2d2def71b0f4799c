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
import { BLANK, COST, containerDepth, fencedLine, InlineScanner, mayStartHtml, openingFence, THEMATIC_BREAK, type Fence } from './markdown-scan.js';

export const MARKDOWN_LIMITS = {
  /** Characters parsed as Markdown per message. */
  maxChars: 64 * 1024,
  /** The parser's work per message, in the units of COST (markdown-scan.ts, about 30 µs each). */
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

/** The lines of `text`, with where each starts and ends (without its line feed). */
function* lines(text: string): Generator<{ start: number; end: number }> {
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    yield { start, end };
    if (newline === -1) return;
    start = newline + 1;
  }
}

type RestReason = MarkdownPlan['restReason'];

/** How deep a block's Markdown lines nest, and (apart) its code's: literal, unless the code was misread. */
interface Nesting {
  containers: number;
  inline: InlineScanner;
}

interface OpenBlock extends MarkdownBlock {
  markdown: Nesting;
  code: Nesting;
}

/**
 * Code may look nested (`*args`, `self._x`, deep indentation) and is read as such, against a
 * wider bound: a line taken for code that the parser reads as Markdown can hide only this much.
 */
const CODE_NESTING_FACTOR = 4;

/** Reads a message line by line into blocks, and says where Markdown has to stop. */
class BlockPlanner {
  readonly blocks: MarkdownBlock[] = [];
  open: OpenBlock | null = null;
  private spent = 0;
  private fence: Fence | null = null;
  /** After HTML, code fences are not trusted: the parser may read them as part of the HTML, and what follows as Markdown. */
  private htmlSeen = false;

  constructor(private readonly limits: typeof MARKDOWN_LIMITS) {}

  /** Takes the line `line` at `start`..`end`; a reason means Markdown stops before the open block. */
  addLine(line: string, start: number, end: number): RestReason {
    const where = this.fence ? fencedLine(line, this.fence) : 'outside';
    const opening = where === 'outside' && !this.htmlSeen ? openingFence(line) : null;
    this.fence = where === 'closing' ? null : where === 'code' ? this.fence : opening;
    const fenced = where !== 'outside' || opening !== null;
    if (!fenced && mayStartHtml(line)) this.htmlSeen = true;
    if (!fenced && BLANK.test(line)) return this.endBlock();
    const block = (this.open ??= { start, end, cost: COST.block, markdown: newNesting(), code: newNesting() });
    block.end = end;
    if (BLANK.test(line)) block.code.inline.paragraphEnds();
    const nesting = fenced ? block.code : block.markdown;
    const depth = containerDepth(line);
    nesting.containers = Math.max(nesting.containers, depth);
    const markup = THEMATIC_BREAK.test(line) ? 0 : nesting.inline.scan(line) + depth * COST.container;
    block.cost += fenced
      ? (opening ? COST.fence : COST.fencedLine) + line.length / COST.fencedCharsPerUnit + markup * COST.fencedMarkupRate
      : COST.line + line.length / COST.charsPerUnit + markup;
    return this.verdict(block);
  }

  endBlock(): RestReason {
    const block = this.open;
    if (!block) return null;
    const reason = this.verdict(block);
    if (reason) return reason;
    this.spent += block.cost;
    this.blocks.push({ start: block.start, end: block.end, cost: block.cost });
    this.open = null;
    return null;
  }

  private verdict(block: OpenBlock): RestReason {
    const deepest = (nesting: Nesting) => Math.max(nesting.containers, nesting.inline.maxDepth);
    if (deepest(block.markdown) > this.limits.maxNesting || deepest(block.code) > this.limits.maxNesting * CODE_NESTING_FACTOR) return 'nested';
    return this.spent + block.cost > this.limits.budget ? 'long' : null;
  }
}

function newNesting(): Nesting {
  return { containers: 0, inline: new InlineScanner() };
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
