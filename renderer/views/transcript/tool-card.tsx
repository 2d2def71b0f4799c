/** A tool call as a compact card: the tool, what it acted on, its input on demand, its result. */
import { memo } from 'react';
import type { TranscriptRow } from '../../../shared/transcript.js';
import { useRowToggle } from '../../state/row-ui.js';

type ToolRow = Extract<TranscriptRow, { kind: 'tool' }>;

const COLLAPSED_LINES = 12;
/** Long single lines (minified output, base64) collapse too. */
const COLLAPSED_CHARS = 2000;

const TOOL_STATE_LABEL = { running: 'running…', stopped: 'stopped', error: 'failed', done: 'done' } as const;

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
  const lines = content.split('\n');
  const long = lines.length > COLLAPSED_LINES || content.length > COLLAPSED_CHARS;
  const [expanded, setExpanded] = useRowToggle(`${id}:output`);
  const shown = long && !expanded ? lines.slice(0, COLLAPSED_LINES).join('\n').slice(0, COLLAPSED_CHARS) : content;
  return (
    <div className={isError ? 'tool-result tool-result-error' : 'tool-result'}>
      {isError && <div className="tool-result-label">The tool reported an error</div>}
      <pre aria-label={isError ? 'Tool error' : 'Tool output'}>{shown || '(no output)'}</pre>
      {long && (
        <button type="button" className="link-button" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : lines.length > COLLAPSED_LINES ? `Show all ${lines.length} lines` : `Show all ${content.length} characters`}
        </button>
      )}
    </div>
  );
}

export const ToolCard = memo(function ToolCard({ row }: { row: ToolRow }) {
  const subject = toolSubject(row.tool, row.input);
  const state = row.result === null ? 'running' : row.result.stopped ? 'stopped' : row.result.isError ? 'error' : 'done';
  const [inputOpen, setInputOpen] = useRowToggle(`${row.id}:input`);
  return (
    <article className={`tool-card tool-${state}`} aria-label={`Tool call: ${row.tool}`}>
      <header className="tool-head">
        <span className="tool-name">{row.tool}</span>
        {subject && <code className="tool-subject">{subject}</code>}
        <span className={`tool-state tool-state-${state}`}>{TOOL_STATE_LABEL[state]}</span>
      </header>
      <details className="tool-input" open={inputOpen} onToggle={(event) => setInputOpen(event.currentTarget.open)}>
        <summary>Input</summary>
        <pre>{JSON.stringify(row.input, null, 2)}</pre>
      </details>
      {row.result?.stopped ? (
        <p className="tool-stopped">Stopped before it finished: you interrupted Claude.</p>
      ) : (
        row.result && <ToolResult id={row.id} content={row.result.content} isError={row.result.isError} />
      )}
    </article>
  );
});
