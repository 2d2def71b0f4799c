/**
 * A tool call as a compact card: the tool, what it acted on, its input on demand, its result.
 * The result is terminal output: its colours show, every other escape sequence is dropped.
 */
import { memo, useMemo } from 'react';
import type { TranscriptRow } from '../../../shared/transcript.js';
import { ansiSpans } from '../../lib/ansi.js';
import { plainSpans } from '../../lib/styled-spans.js';
import { useRowToggle } from '../../state/row-ui.js';
import { ApprovalCard } from './approval-card.js';
import { CollapsibleText } from './styled-text.js';
import { VisibleText } from './visible-text.js';

type ToolRow = Extract<TranscriptRow, { kind: 'tool' }>;

const TOOL_STATE_LABEL = { waiting: 'waiting for you', running: 'running…', stopped: 'stopped', error: 'failed', done: 'done' } as const;

/** The one thing a reader wants to see about a call: the command, the file, the pattern. */
export function toolSubject(tool: string, input: unknown): string {
  if (!input || typeof input !== 'object') return '';
  const fields = input as Record<string, unknown>;
  for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt']) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim()) return value.length > 300 ? `${value.slice(0, 300)}…` : value;
  }
  return tool === 'TodoWrite' ? 'updates the todo list' : '';
}

function ToolResult({ id, content, isError }: { id: string; content: string; isError: boolean }) {
  const spans = useMemo(() => ansiSpans(content), [content]);
  return (
    <div className={isError ? 'tool-result tool-result-error' : 'tool-result'}>
      {isError && <div className="tool-result-label">The tool reported an error</div>}
      <CollapsibleText toggleId={`${id}:output`} spans={spans} empty="(no output)" container={(children) => <pre aria-label={isError ? 'Tool error' : 'Tool output'}>{children}</pre>} />
    </div>
  );
}

/** The call's input as JSON, rendered only while open (a Write's input can be megabytes). */
function ToolInput({ id, input }: { id: string; input: unknown }) {
  const [open, setOpen] = useRowToggle(`${id}:input`);
  const spans = useMemo(() => (open ? plainSpans(JSON.stringify(input, null, 2) ?? '') : []), [open, input]);
  return (
    <details className="tool-input" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Input</summary>
      {open && <CollapsibleText toggleId={`${id}:input-all`} spans={spans} container={(children) => <pre>{children}</pre>} />}
    </details>
  );
}

export const ToolCard = memo(function ToolCard({ row }: { row: ToolRow }) {
  const subject = toolSubject(row.tool, row.input);
  const state = row.request?.state === 'waiting' ? 'waiting' : row.result === null ? 'running' : row.result.stopped ? 'stopped' : row.result.isError ? 'error' : 'done';
  return (
    <article className={`tool-card tool-${state}`} aria-label={`Tool call: ${row.tool}`}>
      <header className="tool-head">
        <span className="tool-name">
          <VisibleText text={row.tool} />
        </span>
        {subject && (
          <code className="tool-subject">
            <VisibleText text={subject} />
          </code>
        )}
        <span className={`tool-state tool-state-${state}`}>{TOOL_STATE_LABEL[state]}</span>
      </header>
      {row.request && <ApprovalCard request={row.request} tool={row.tool} />}
      <ToolInput id={row.id} input={row.input} />
      {row.result?.stopped ? (
        <p className="tool-stopped">Stopped before it finished: you interrupted Claude.</p>
      ) : (
        row.result && <ToolResult id={row.id} content={row.result.content} isError={row.result.isError} />
      )}
    </article>
  );
});
