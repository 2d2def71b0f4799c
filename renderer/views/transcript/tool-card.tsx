/** A tool call as a compact card: the tool, what it acted on, its input on demand, its result. */
import { memo, useState } from 'react';
import type { TranscriptRow } from '../../../shared/transcript.js';

type ToolRow = Extract<TranscriptRow, { kind: 'tool' }>;

const COLLAPSED_LINES = 12;

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

function ToolResult({ content, isError }: { content: string; isError: boolean }) {
  const lines = content.split('\n');
  const long = lines.length > COLLAPSED_LINES;
  const [expanded, setExpanded] = useState(false);
  const shown = long && !expanded ? lines.slice(0, COLLAPSED_LINES).join('\n') : content;
  return (
    <div className={isError ? 'tool-result tool-result-error' : 'tool-result'}>
      {isError && <div className="tool-result-label">The tool reported an error</div>}
      <pre aria-label={isError ? 'Tool error' : 'Tool output'}>{shown || '(no output)'}</pre>
      {long && (
        <button type="button" className="link-button" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : `Show all ${lines.length} lines`}
        </button>
      )}
    </div>
  );
}

export const ToolCard = memo(function ToolCard({ row }: { row: ToolRow }) {
  const subject = toolSubject(row.tool, row.input);
  const state = row.result === null ? 'running' : row.result.isError ? 'error' : 'done';
  return (
    <article className={`tool-card tool-${state}`} aria-label={`Tool call: ${row.tool}`}>
      <header className="tool-head">
        <span className="tool-name">{row.tool}</span>
        {subject && <code className="tool-subject">{subject}</code>}
        <span className={`tool-state tool-state-${state}`}>{state === 'running' ? 'running…' : state === 'error' ? 'failed' : 'done'}</span>
      </header>
      <details className="tool-input">
        <summary>Input</summary>
        <pre>{JSON.stringify(row.input, null, 2)}</pre>
      </details>
      {row.result && <ToolResult content={row.result.content} isError={row.result.isError} />}
    </article>
  );
});
