/**
 * A change as a unified diff: removed and added lines coloured, and marked for screen readers
 * (<del>/<ins> after a hidden "removed"/"added"), line numbers where they are the file's, a few
 * lines of context, highlighting by the file's language. In a container 1100 px wide or more the
 * same lines stand side by side (CSS places them on the rows sideBySideRows gives); the DOM
 * order, and so what a screen reader reads, stays the unified one. At most DIFF_MAX_LINES show
 * until the reader asks for the rest; only what shows is highlighted, once per row.
 */
import { Fragment, type CSSProperties } from 'react';
import { capDiff, sideBySideRows, type DiffHunk, type DiffLine, type FileDiff } from '../../../lib/diff-lines.js';
import type { CodeLine } from '../../../lib/code-tokens.js';
import { useIdleResult, type Highlighter } from '../../../lib/lazy-highlight.js';
import { useRowToggle } from '../../../state/row-ui.js';
import { useSessionRowKey } from '../session-key.js';
import { CodeTokens } from './code-lines.js';

export const DIFF_MAX_LINES = 2000;

/** Each line of each hunk highlighted: the old side (context and removed lines) and the new side are each highlighted as one text, so a comment or string that spans lines reads right. */
function highlightHunks(hunks: readonly DiffHunk[], language: string | null, highlightLines: Highlighter): CodeLine[][] {
  return hunks.map((hunk) => {
    const side = (skip: DiffLine['kind']) => highlightLines(hunk.lines.filter((line) => line.kind !== skip).map((line) => line.text).join('\n'), language);
    const oldSide = side('added');
    const newSide = side('removed');
    let atOld = 0;
    let atNew = 0;
    return hunk.lines.map((line) => {
      if (line.kind === 'removed') return oldSide[atOld++] ?? [];
      atNew++;
      if (line.kind === 'context') atOld++;
      return newSide[atNew - 1] ?? [];
    });
  });
}

/** The lines as they are, until (or unless) they are highlighted. */
function plainHunks(hunks: readonly DiffHunk[]): CodeLine[][] {
  return hunks.map((hunk) => hunk.lines.map((line) => (line.text ? [{ text: line.text }] : [])));
}

const SIGN = { context: ' ', removed: '−', added: '+' } as const;
const MARK = { removed: 'removed: ', added: 'added: ' } as const;

function DiffLineView({ line, tokens, numbered, row }: { line: DiffLine; tokens: CodeLine; numbered: boolean; row: number }) {
  const code = <CodeTokens line={tokens} />;
  return (
    <div className={`diff-line diff-${line.kind}`} style={{ '--split-row': row } as CSSProperties}>
      {numbered && (
        <>
          <span className="diff-num diff-num-old">{line.oldLine ?? ''}</span>
          <span className="diff-num diff-num-new">{line.newLine ?? ''}</span>
        </>
      )}
      <span className="diff-sign" aria-hidden="true">
        {SIGN[line.kind]}
      </span>
      {line.kind !== 'context' && <span className="sr-only">{MARK[line.kind]}</span>}
      {line.kind === 'removed' ? <del className="diff-code">{code}</del> : line.kind === 'added' ? <ins className="diff-code">{code}</ins> : <span className="diff-code">{code}</span>}
    </div>
  );
}

/** Lines between two hunks that did not change. */
function unchangedBetween(before: DiffHunk, after: DiffHunk): number | null {
  const last = before.lines.findLast((line) => line.oldLine !== null)?.oldLine;
  const next = after.lines.find((line) => line.oldLine !== null)?.oldLine;
  return last != null && next != null ? next - last - 1 : null;
}

interface DiffViewProps {
  /** The row's id and which change of it: keeps "show all" open and the highlighting remembered. */
  id: string;
  diff: FileDiff;
  language: string | null;
}

export function DiffView({ id, diff, language }: DiffViewProps) {
  const [all, setAll] = useRowToggle(`${id}:all-lines`);
  const { diff: shown, hiddenLines } = all ? { diff, hiddenLines: 0 } : capDiff(diff, DIFF_MAX_LINES);
  const rowKey = useSessionRowKey(id);
  const tokens = useIdleResult(
    language === null ? null : `${rowKey}:${all}:${language}`,
    [diff],
    (highlight) => highlightHunks(shown.hunks, language, highlight),
    () => plainHunks(shown.hunks),
  );
  const rows = sideBySideRows(shown.hunks);
  const lastLine = Math.max(0, ...shown.hunks.flatMap((hunk) => [hunk.lines.at(-1)?.oldLine ?? 0, hunk.lines.at(-1)?.newLine ?? 0]));
  if (diff.hunks.length === 0) return <p className="diff-none">No change to the text.</p>;
  return (
    <div className={diff.numbered ? 'diff' : 'diff diff-unnumbered'} style={{ '--diff-digits': String(lastLine).length } as CSSProperties}>
      <div className="diff-lines">
        {shown.hunks.map((hunk, at) => {
          const unchanged = at > 0 ? unchangedBetween(shown.hunks[at - 1]!, hunk) : null;
          return (
            <Fragment key={at}>
              {at > 0 && (
                <div className="diff-gap" style={{ '--split-row': (rows[at]![0] ?? 1) - 1 } as CSSProperties}>
                  ⋯ {unchanged !== null ? `${unchanged.toLocaleString('en-US')} unchanged line${unchanged === 1 ? '' : 's'}` : 'unchanged lines'}
                </div>
              )}
              {hunk.lines.map((line, index) => (
                <DiffLineView key={index} line={line} tokens={tokens[at]?.[index] ?? []} numbered={diff.numbered} row={rows[at]![index]!} />
              ))}
            </Fragment>
          );
        })}
      </div>
      {hiddenLines > 0 && (
        <button type="button" className="link-button diff-more" onClick={() => setAll(true)}>
          Show {hiddenLines.toLocaleString('en-US')} more lines
        </button>
      )}
    </div>
  );
}
