/**
 * Code from a tool call (a command, a file's new content), highlighted by its language and shown
 * within bounds: its first lines, then all of it on request, up to a cap past which another
 * request shows the rest. Only what shows is highlighted, once per row, when the page is idle
 * (lazy-highlight.ts).
 */
import { Fragment, memo } from 'react';
import type { CodeLine } from '../../../lib/code-tokens.js';
import { plainLinesOf, useIdleResult } from '../../../lib/lazy-highlight.js';
import { countTextLines } from '../../../lib/tool-text.js';
import { useRowToggle } from '../../../state/row-ui.js';
import { useSessionRowKey } from '../session-key.js';
import { VisibleText } from '../visible-text.js';

/** Lines shown before the reader asks for more, at most, and per later step. */
export const CODE_PREVIEW_LINES = 20;
export const CODE_MAX_LINES = 2000;

/** One line's tokens: highlight.js classes on spans, the text through VisibleText. */
export const CodeTokens = memo(function CodeTokens({ line }: { line: CodeLine }) {
  return line.map((token, index) =>
    token.className ? (
      <span key={index} className={token.className}>
        <VisibleText text={token.text} />
      </span>
    ) : (
      <VisibleText key={index} text={token.text} />
    ),
  );
});

/** The first `count` lines of `text` (all of it when it has no more). */
/** Characters a collapsed preview holds at most per line it shows: one minified line is not a short preview. */
const PREVIEW_CHARS_PER_LINE = 200;

export function firstLines(text: string, count: number): string {
  let at = -1;
  for (let line = 0; line < count; line++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) break;
  }
  const end = Math.min(at === -1 ? text.length : at, count * PREVIEW_CHARS_PER_LINE);
  return text.slice(0, end);
}

/** `text` highlighted as `language` when the page has had time (plain until then), remembered under `key` while the text is the same. */
export function useRememberedHighlight(key: string, text: string, language: string | null): CodeLine[] {
  return useIdleResult(language === null ? null : `${key}:${language}`, [text], (highlight) => highlight(text, language), () => plainLinesOf(text));
}

interface CodePreviewProps {
  /** The row's id and which text of it: keeps what the reader opened, and the highlighting. */
  id: string;
  text: string;
  language: string | null;
  label: string;
  previewLines?: number;
}

export function CodePreview({ id, text, language, label, previewLines = CODE_PREVIEW_LINES }: CodePreviewProps) {
  const [open, setOpen] = useRowToggle(`${id}:open`);
  const [all, setAll] = useRowToggle(`${id}:all`);
  const total = countTextLines(text);
  const shown = !open ? Math.min(total, previewLines) : all ? total : Math.min(total, CODE_MAX_LINES);
  const whole = shown === total && (open || text.length <= shown * PREVIEW_CHARS_PER_LINE);
  const lines = useRememberedHighlight(`${useSessionRowKey(id)}:${shown}:${whole}`, whole ? text.replace(/\n$/, '') : firstLines(text, shown), language);
  const cut = !open && !whole;
  return (
    <div className="code-preview">
      <pre aria-label={label}>
        <code>
          {lines.map((line, index) => (
            <Fragment key={index}>
              {index > 0 && '\n'}
              <CodeTokens line={line} />
            </Fragment>
          ))}
        </code>
      </pre>
      {(total > previewLines || cut || open) && (
        <button type="button" className="link-button" onClick={() => setOpen(!open)}>
          {open ? 'Show less' : total > previewLines ? `Show all ${total.toLocaleString('en-US')} lines` : `Show all ${text.length.toLocaleString('en-US')} characters`}
        </button>
      )}
      {open && !all && total > CODE_MAX_LINES && (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          Show {(total - CODE_MAX_LINES).toLocaleString('en-US')} more lines
        </button>
      )}
    </div>
  );
}
