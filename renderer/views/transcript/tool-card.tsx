/**
 * A tool call, rendered for what it is: an edit as a diff, a written file as a preview, a command
 * with its output, a read or a search as one line, a checklist change as a quiet line, anything
 * else as a generic card with its input and result (tools/). A request on the call shows on it.
 */
import { memo, useMemo, type ComponentType } from 'react';
import { ApprovalCard } from './approval-card.js';
import { BashTool } from './tools/bash-tool.js';
import { ChecklistLine } from './tools/checklist-line.js';
import { EditTool } from './tools/edit-tool.js';
import { GenericTool } from './tools/generic-tool.js';
import { LookupTool } from './tools/lookup-tool.js';
import { NotebookTool } from './tools/notebook-tool.js';
import type { ToolViewProps } from './tools/tool-frame.js';
import { toolOutcome, type ToolRow } from './tools/tool-outcome.js';
import { WriteTool } from './tools/write-tool.js';

export { toolSubject } from './tools/generic-tool.js';

/** A checklist call is a quiet line, unless it carries a request to answer. */
function ChecklistTool(props: ToolViewProps) {
  return props.approval ? <GenericTool {...props} /> : <ChecklistLine row={props.row} outcome={props.outcome} />;
}

const VIEWS: Record<string, ComponentType<ToolViewProps>> = {
  Edit: EditTool,
  MultiEdit: EditTool,
  Write: WriteTool,
  NotebookEdit: NotebookTool,
  Bash: BashTool,
  Read: LookupTool,
  Grep: LookupTool,
  Glob: LookupTool,
  LS: LookupTool,
  WebFetch: LookupTool,
  WebSearch: LookupTool,
  TaskCreate: ChecklistTool,
  TaskUpdate: ChecklistTool,
  TodoWrite: ChecklistTool,
};

export const ToolCard = memo(function ToolCard({ row }: { row: ToolRow }) {
  const outcome = useMemo(() => toolOutcome(row), [row]);
  const View = Object.hasOwn(VIEWS, row.tool) ? VIEWS[row.tool]! : GenericTool;
  return <View row={row} outcome={outcome} approval={row.request && <ApprovalCard request={row.request} tool={row.tool} />} />;
});
