/**
 * Bash: what the command is for, the command as code, how long it has run while it runs, its exit
 * status once it failed, and its output with the program's colours (long output collapsed).
 */
import { formatDuration } from '../../../lib/format.js';
import { runningSince } from '../../../lib/running-since.js';
import { exitCodeOf } from '../../../lib/tool-text.js';
import { useNow } from '../../../lib/use-now.js';
import { CodePreview } from './code-lines.js';
import { useSessionRowKey } from '../session-key.js';
import { inputText, ToolFrame, ToolInput, ToolOutput, type ToolViewProps } from './tool-frame.js';

/** Whole seconds while a command runs: "0 s", "42 s", then "2 min 5 s". */
export function elapsedText(ms: number): string {
  return ms < 60_000 ? `${Math.max(0, Math.floor(ms / 1000))} s` : formatDuration(ms);
}

function Elapsed({ id }: { id: string }) {
  const now = useNow(1000);
  const key = useSessionRowKey(id);
  return <span className="tool-elapsed">{elapsedText(now - runningSince(key, now))}</span>;
}

export function BashTool({ row, outcome, approval }: ToolViewProps) {
  const command = inputText(row.input, 'command');
  const description = inputText(row.input, 'description');
  const { code, output } = outcome.state === 'error' ? exitCodeOf(outcome.text) : { code: null, output: outcome.text };
  const extra = outcome.state === 'running' ? <Elapsed id={row.id} /> : code !== null ? <span className="tool-exit">exit {code}</span> : null;
  return (
    <ToolFrame row={row} outcome={outcome} approval={approval} subject={description || command} extra={extra} showsError>
      {outcome.state !== 'waiting' && <CodePreview id={`${row.id}:command`} text={command} language="bash" label="Command" previewLines={12} />}
      <ToolInput id={row.id} input={row.input} />
      {(outcome.state === 'done' || outcome.state === 'error') && <ToolOutput id={row.id} text={output} isError={outcome.state === 'error'} />}
    </ToolFrame>
  );
}
