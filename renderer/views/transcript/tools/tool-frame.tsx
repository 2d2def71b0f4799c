/**
 * What every tool card shares: its header (the tool, what it acted on, a few facts, its state),
 * the request on it, and what went wrong (stopped, denied, failed). Each tool's view fills the rest.
 */
import { useMemo, type ReactNode } from 'react';
import { ansiSpans } from '../../../lib/ansi.js';
import { plainSpans } from '../../../lib/styled-spans.js';
import { useRowToggle } from '../../../state/row-ui.js';
import { CollapsibleText } from '../styled-text.js';
import { VisibleText } from '../visible-text.js';
import { TOOL_STATE_LABEL, type ToolOutcome, type ToolRow } from './tool-outcome.js';
import './tools.css';

/** What tool-card.tsx gives each tool's view. */
export interface ToolViewProps {
  row: ToolRow;
  outcome: ToolOutcome;
  /** The request's card (tool-card.tsx makes it), shown under the header. */
  approval: ReactNode;
}

interface ToolFrameProps extends ToolViewProps {
  /** What the call acted on: a path, a command, a pattern (untrusted: shown through VisibleText). */
  subject?: string;
  /** A few words about it: "+3 −1", "12 lines", "1.2 KB". */
  facts?: ReactNode;
  /** More of the header line: a toggle, a timer. */
  extra?: ReactNode;
  className?: string;
  /** The view shows a failed call's output itself (a command's error output); otherwise the frame does. */
  showsError?: boolean;
  children?: ReactNode;
}

export function ToolFrame({ row, outcome, approval, subject, facts, extra, className, showsError = false, children }: ToolFrameProps) {
  const { state } = outcome;
  return (
    <article className={`tool-card tool-${state}${className ? ` ${className}` : ''}`} aria-label={`Tool call: ${row.tool}`}>
      <header className="tool-head">
        <span className="tool-name">
          <VisibleText text={row.tool} />
        </span>
        {subject && (
          <code className="tool-subject">
            <VisibleText text={subject.length > 300 ? `${subject.slice(0, 300)}…` : subject} />
          </code>
        )}
        {facts && <span className="tool-facts">{typeof facts === 'string' ? <VisibleText text={facts} /> : facts}</span>}
        {extra}
        <span className={`tool-state tool-state-${state}`}>{TOOL_STATE_LABEL[state]}</span>
      </header>
      {approval}
      {children}
      {state === 'stopped' && <p className="tool-stopped">Stopped before it finished: you interrupted Claude.</p>}
      {state === 'denied' && !outcome.deniedByRequest && (
        <p className="tool-problem">
          <strong>Denied:</strong> <VisibleText text={outcome.text || 'the call was not allowed.'} />
        </p>
      )}
      {state === 'error' && !showsError && <ToolOutput id={row.id} text={outcome.text} isError />}
    </article>
  );
}

/** A result as terminal output: its colours show, every other escape sequence is dropped; long output collapses. */
export function ToolOutput({ id, text, isError }: { id: string; text: string; isError: boolean }) {
  const spans = useMemo(() => ansiSpans(text), [text]);
  return (
    <div className={isError ? 'tool-result tool-result-error' : 'tool-result'}>
      {isError && <div className="tool-result-label">The tool reported an error</div>}
      <CollapsibleText toggleId={`${id}:output`} spans={spans} empty="(no output)" container={(children) => <pre aria-label={isError ? 'Tool error' : 'Tool output'}>{children}</pre>} />
    </div>
  );
}

/** The call's input as JSON, rendered only while open (a Write's input can be megabytes). */
export function ToolInput({ id, input }: { id: string; input: unknown }) {
  const [open, setOpen] = useRowToggle(`${id}:input`);
  const spans = useMemo(() => (open ? plainSpans(JSON.stringify(input, null, 2) ?? '') : []), [open, input]);
  return (
    <details className="tool-input" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Input</summary>
      {open && <CollapsibleText toggleId={`${id}:input-all`} spans={spans} container={(children) => <pre>{children}</pre>} />}
    </details>
  );
}

/** A string field of a tool's input ('' when it is not one). */
export function inputText(input: unknown, field: string): string {
  const value = (input as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : '';
}
