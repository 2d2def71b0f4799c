/**
 * Styled runs (terminal output, plain text) as React elements: class names and colours from the
 * data, text through VisibleText. Long texts collapse to their start; "Show all" renders the rest
 * in chunks, a few per frame, so even megabytes never block the window.
 */
import { memo, useEffect, useMemo, useState, type ReactNode } from 'react';
import { chunkSpans, countLines, sliceSpans, spansLength, type StyledSpan } from '../../lib/styled-spans.js';
import { useRowToggle } from '../../state/row-ui.js';
import { VisibleText } from './visible-text.js';

/** How much of a long text shows before "Show all". */
const COLLAPSED_LINES = 12;
/** Long single lines (minified output, base64) collapse too. */
const COLLAPSED_CHARS = 2000;
/** How much one step of a revealed long text renders. */
const REVEAL_CHUNK_CHARS = 16 * 1024;

/**
 * A program's own colour (256-colour or true colour), kept readable in either theme: its
 * lightness limited (OKLCH) so that text stands out on the code background, and a background
 * stays behind the text. The colour is `rgb()` of numbers (lib/ansi.ts), so nothing else gets in.
 */
function readable(colour: string | undefined, role: 'text' | 'background'): string | undefined {
  if (!colour) return undefined;
  const [light, dark] = role === 'text' ? ['min(l, 0.5)', 'max(l, 0.72)'] : ['max(l, 0.88)', 'min(l, 0.32)'];
  return `light-dark(oklch(from ${colour} ${light} c h), oklch(from ${colour} ${dark} c h))`;
}

/** Runs with the same text and styles: a chunk of a growing text renders again only if it changed. */
function sameRuns(a: { spans: readonly StyledSpan[] }, b: { spans: readonly StyledSpan[] }): boolean {
  return a.spans.length === b.spans.length && a.spans.every((span, index) => {
    const other = b.spans[index]!;
    return span.text === other.text && span.className === other.className && span.color === other.color && span.background === other.background;
  });
}

const StyledRuns = memo(function StyledRuns({ spans }: { spans: readonly StyledSpan[] }) {
  return (
    <>
      {spans.map((span, index) =>
        span.className || span.color || span.background ? (
          <span key={index} className={span.className} style={span.color || span.background ? { color: readable(span.color, 'text'), backgroundColor: readable(span.background, 'background') } : undefined}>
            <VisibleText text={span.text} />
          </span>
        ) : (
          <VisibleText key={index} text={span.text} />
        ),
      )}
    </>
  );
}, sameRuns);

/** Every run, rendered one chunk more per frame until all are in. */
function ChunkedRuns({ spans }: { spans: readonly StyledSpan[] }) {
  const chunks = useMemo(() => chunkSpans(spans, REVEAL_CHUNK_CHARS), [spans]);
  const [shown, setShown] = useState(1);
  useEffect(() => {
    if (shown >= chunks.length) return;
    const timer = setTimeout(() => setShown((count) => count + 1), 16);
    return () => clearTimeout(timer);
  }, [shown, chunks.length]);
  return (
    <>
      {chunks.slice(0, shown).map((chunk, index) => (
        <StyledRuns key={index} spans={chunk} />
      ))}
    </>
  );
}

interface CollapsibleTextProps {
  /** Keeps "Show all" open while the virtualised row scrolls out and back. */
  toggleId: string;
  spans: readonly StyledSpan[];
  /** The element the text goes in, with its class and accessible name. */
  container: (children: ReactNode) => ReactNode;
  empty?: string;
  /** Text still arriving shows in full, and stays open once complete (the reader was following it). */
  live?: boolean;
}

/** A text that shows its first lines until the reader asks for all of it. */
export function CollapsibleText({ toggleId, spans, container, empty = '', live = false }: CollapsibleTextProps) {
  const size = useMemo(() => ({ chars: spansLength(spans), lines: countLines(spans) }), [spans]);
  const long = size.lines > COLLAPSED_LINES || size.chars > COLLAPSED_CHARS;
  const [expanded, setExpanded] = useRowToggle(toggleId);
  useEffect(() => {
    if (live && long && !expanded) setExpanded(true);
  }, [live, long, expanded, setExpanded]);
  const open = expanded || live;
  const start = useMemo(() => (long ? sliceSpans(spans, COLLAPSED_CHARS, COLLAPSED_LINES) : spans), [long, spans]);
  const body = size.chars === 0 ? empty : long && open ? <ChunkedRuns spans={spans} /> : <StyledRuns spans={start} />;
  return (
    <>
      {container(body)}
      {long && !live && (
        <button type="button" className="link-button" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : size.lines > COLLAPSED_LINES ? `Show all ${size.lines.toLocaleString('en-US')} lines` : `Show all ${size.chars.toLocaleString('en-US')} characters`}
        </button>
      )}
    </>
  );
}
