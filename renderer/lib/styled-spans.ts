/**
 * Text as a list of styled runs: what terminal output becomes once its colours are read (see
 * ansi.ts), and what plain text is (one run, no style). Styles are data from an allow-list, never
 * markup: a class name made of known words and colours made of numbers.
 */

export interface StyledSpan {
  text: string;
  /** Space-separated class names, each from the allow-list in ansi.ts. */
  className?: string;
  /** `rgb(r, g, b)` with numbers 0–255 only. */
  color?: string;
  background?: string;
}

/** Where to cut `text` at or before `at` without splitting a surrogate pair. */
function cutAt(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return at > 0 && at < text.length && code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

export function plainSpans(text: string): StyledSpan[] {
  return text ? [{ text }] : [];
}

export function spansText(spans: readonly StyledSpan[]): string {
  return spans.map((span) => span.text).join('');
}

export function spansLength(spans: readonly StyledSpan[]): number {
  let length = 0;
  for (const span of spans) length += span.text.length;
  return length;
}

export function countLines(spans: readonly StyledSpan[]): number {
  let lines = 1;
  for (const span of spans) {
    for (let at = span.text.indexOf('\n'); at !== -1; at = span.text.indexOf('\n', at + 1)) lines++;
  }
  return lines;
}

/** The runs up to `maxChars` characters and `maxLines` lines, whichever comes first. */
export function sliceSpans(spans: readonly StyledSpan[], maxChars: number, maxLines = Infinity): StyledSpan[] {
  const out: StyledSpan[] = [];
  let chars = 0;
  let lines = 1;
  for (const span of spans) {
    let end = Math.min(span.text.length, maxChars - chars);
    for (let at = span.text.indexOf('\n'); at !== -1 && at < end; at = span.text.indexOf('\n', at + 1)) {
      if (++lines > maxLines) end = at;
    }
    end = cutAt(span.text, end);
    if (end > 0) out.push({ ...span, text: span.text.slice(0, end) });
    chars += end;
    if (end < span.text.length) break;
  }
  return out;
}

/** The runs cut into chunks of about `chunkChars` characters, for rendering a long text in steps. */
export function chunkSpans(spans: readonly StyledSpan[], chunkSize: number): StyledSpan[][] {
  const chunkChars = Math.max(2, chunkSize);
  const chunks: StyledSpan[][] = [];
  let chunk: StyledSpan[] = [];
  let size = 0;
  const flush = () => {
    if (chunk.length > 0) chunks.push(chunk);
    chunk = [];
    size = 0;
  };
  for (const span of spans) {
    for (let at = 0; at < span.text.length; ) {
      const take = cutAt(span.text, at + Math.min(span.text.length - at, chunkChars - size)) - at;
      if (take === 0) {
        flush();
        continue;
      }
      chunk.push(take === span.text.length ? span : { ...span, text: span.text.slice(at, at + take) });
      size += take;
      at += take;
      if (size >= chunkChars) flush();
    }
  }
  flush();
  return chunks;
}
