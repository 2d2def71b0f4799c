/** Any other tool (and ExitPlanMode, AskUserQuestion, whose request says the rest): what it acted on, its input on demand, its result. */
import { ToolFrame, ToolInput, ToolOutput, type ToolViewProps } from './tool-frame.js';

/** The one thing a reader wants to see about a call: the command, the file, the pattern. */
export function toolSubject(tool: string, input: unknown): string {
  if (!input || typeof input !== 'object') return '';
  const fields = input as Record<string, unknown>;
  for (const key of ['command', 'file_path', 'notebook_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt', 'subject']) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return tool === 'TodoWrite' ? 'updates the checklist' : '';
}

export function GenericTool({ row, outcome, approval }: ToolViewProps) {
  return (
    <ToolFrame row={row} outcome={outcome} approval={approval} subject={toolSubject(row.tool, row.input)} showsError>
      <ToolInput id={row.id} input={row.input} />
      {(outcome.state === 'done' || outcome.state === 'error') && <ToolOutput id={row.id} text={outcome.text} isError={outcome.state === 'error'} />}
    </ToolFrame>
  );
}
