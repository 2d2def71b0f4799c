/** NotebookEdit: which cell of which notebook, how (replace, insert, delete), and the cell's new source. */
import { CodePreview } from './code-lines.js';
import { inputText, ToolFrame, type ToolViewProps } from './tool-frame.js';

export function NotebookTool({ row, outcome, approval }: ToolViewProps) {
  const input = (row.input ?? {}) as Record<string, unknown>;
  const cell = inputText(input, 'cell_id') || (typeof input.cell_number === 'number' ? `#${input.cell_number}` : '');
  const mode = inputText(input, 'edit_mode') || 'replace';
  const cellType = inputText(input, 'cell_type');
  const facts = [cell ? `cell ${cell}` : 'a new cell', cellType, mode].filter(Boolean).join(' · ');
  const shown = outcome.state === 'done' || outcome.state === 'running';
  return (
    <ToolFrame row={row} outcome={outcome} approval={approval} subject={inputText(input, 'notebook_path')} facts={facts} className="tool-wide">
      {shown &&
        (mode === 'delete' ? (
          <p className="tool-note">The cell is deleted.</p>
        ) : (
          <CodePreview id={`${row.id}:source`} text={inputText(input, 'new_source')} language={cellType === 'markdown' ? 'markdown' : 'python'} label="New source of the cell" />
        ))}
    </ToolFrame>
  );
}
