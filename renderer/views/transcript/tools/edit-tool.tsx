/**
 * Edit and MultiEdit: the change as a diff under the file's path. The diff comes from the CLI's
 * own patch when the row carries its structured result (real line numbers), otherwise from the
 * call's old and new strings (numbers would only count within the snippet, so none show).
 */
import type { ReactNode } from 'react';
import { diffOfHunks, diffOfTexts, type FileDiff, type PatchHunk } from '../../../lib/diff-lines.js';
import { languageOfPath } from '../../../lib/code-tokens.js';
import { KeyedMemo } from '../../../lib/keyed-memo.js';
import { useSessionRowKey } from '../session-key.js';
import { DiffView } from './diff-view.js';
import { inputText, ToolFrame, type ToolViewProps } from './tool-frame.js';
import { structuredResultOf } from './tool-outcome.js';

interface EditChange {
  oldText: string;
  newText: string;
  replaceAll: boolean;
}

/** The changes a call asks for: one for Edit, each of `edits` for MultiEdit. */
export function changesOf(input: unknown): EditChange[] {
  const fields = (input ?? {}) as Record<string, unknown>;
  const list = Array.isArray(fields.edits) ? (fields.edits as unknown[]) : [fields];
  return list.map((edit) => ({ oldText: inputText(edit, 'old_string'), newText: inputText(edit, 'new_string'), replaceAll: (edit as { replace_all?: unknown } | null)?.replace_all === true }));
}

/** The CLI's `structuredPatch` (FileEditOutput), when it is there and well formed. */
export function patchOf(structured: unknown): PatchHunk[] | null {
  const hunks = (structured as { structuredPatch?: unknown } | null)?.structuredPatch;
  if (!Array.isArray(hunks) || hunks.length === 0) return null;
  const valid = hunks.every((hunk: { oldStart?: unknown; newStart?: unknown; lines?: unknown } | null) => typeof hunk?.oldStart === 'number' && typeof hunk.newStart === 'number' && Array.isArray(hunk.lines) && hunk.lines.every((line) => typeof line === 'string'));
  return valid ? (hunks as PatchHunk[]) : null;
}

const diffs = new KeyedMemo<FileDiff[]>(200);

/** A change that was not made (denied, failed, stopped) stays out of the way until asked for. */
function NotApplied({ children }: { children: ReactNode }) {
  return (
    <details className="tool-not-applied">
      <summary>The change it asked for (not made)</summary>
      {children}
    </details>
  );
}

export function EditTool({ row, outcome, approval }: ToolViewProps) {
  const path = inputText(row.input, 'file_path');
  const waiting = outcome.state === 'waiting';
  const patch = patchOf(structuredResultOf(row));
  // While a request waits, its card shows the change: nothing is diffed for this one.
  const memoKey = useSessionRowKey(row.id);
  const fileDiffs = waiting ? [] : diffs.get(memoKey, [row.input, patch], () => (patch ? [diffOfHunks(patch, true)] : changesOf(row.input).map((change) => diffOfTexts(change.oldText, change.newText))));
  const added = fileDiffs.reduce((sum, diff) => sum + diff.added, 0);
  const removed = fileDiffs.reduce((sum, diff) => sum + diff.removed, 0);
  const replaceAll = changesOf(row.input).some((change) => change.replaceAll);
  const language = languageOfPath(path);
  const facts = fileDiffs.length > 0 && (
    <>
      <span className="diff-stat-added">+{added}</span>
      <span className="sr-only"> added,</span> <span className="diff-stat-removed">−{removed}</span>
      <span className="sr-only"> removed</span>
      {replaceAll && ' · every occurrence'}
    </>
  );
  const body = fileDiffs.map((diff, at) => <DiffView key={at} id={`${row.id}:${at}`} diff={diff} language={language} />);
  const applied = outcome.state === 'done' || outcome.state === 'running';
  return (
    <ToolFrame row={row} outcome={outcome} approval={approval} subject={path} facts={facts} className="tool-wide">
      {!waiting && (applied ? body : <NotApplied>{body}</NotApplied>)}
    </ToolFrame>
  );
}
