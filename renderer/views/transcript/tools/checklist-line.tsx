/**
 * A call that keeps Claude's checklist (TaskCreate, TaskUpdate, TodoWrite) as one quiet line:
 * what it changed ("Checklist: ‘Write tests’ in progress"). The checklist itself shows once,
 * above the composer (task-checklist.tsx).
 */
import { useContext } from 'react';
import { updatedTaskId, type TaskItem } from '../../../../shared/task-list.js';
import { useTaskList } from '../../../lib/use-task-list.js';
import { SessionKeyContext } from '../session-key.js';
import { VisibleText } from '../visible-text.js';
import { inputText } from './tool-frame.js';
import type { ToolOutcome, ToolRow } from './tool-outcome.js';

const STATUS_WORDS: Record<string, string> = { in_progress: 'in progress', completed: 'completed', pending: 'back to pending' };

/** What a checklist call changed, in words; `tasks` names the item a TaskUpdate refers to by id. */
export function checklistChange(row: ToolRow, tasks: readonly TaskItem[]): string {
  const input = (row.input ?? {}) as Record<string, unknown>;
  if (row.tool === 'TaskCreate') return `added ‘${inputText(input, 'subject')}’`;
  if (row.tool === 'TodoWrite') {
    const todos = Array.isArray(input.todos) ? (input.todos as { status?: unknown }[]) : [];
    const done = todos.filter((todo) => todo?.status === 'completed').length;
    const active = todos.filter((todo) => todo?.status === 'in_progress').length;
    return `${todos.length} item${todos.length === 1 ? '' : 's'}${done ? `, ${done} completed` : ''}${active ? `, ${active} in progress` : ''}`;
  }
  const id = updatedTaskId(input);
  const subject = inputText(input, 'subject');
  const known = tasks.find((task) => task.id === id)?.subject;
  const name = known ? `‘${known}’` : `item #${id ?? '?'}`;
  const status = typeof input.status === 'string' ? input.status : '';
  if (status === 'deleted') return `removed ${name}`;
  if (STATUS_WORDS[status]) return `${name} ${STATUS_WORDS[status]}`;
  if (subject) return `${name} renamed`;
  return `${name} updated`;
}

/** How the call went, when it did not simply go through. */
function troubleOf(outcome: ToolOutcome): string {
  switch (outcome.state) {
    case 'running':
      return '…';
    case 'stopped':
    case 'denied':
      return ` (${outcome.state})`;
    case 'error': {
      const reason = outcome.text.split('\n')[0]!.slice(0, 200);
      return ` (failed${reason ? `: ${reason}` : ''})`;
    }
    default:
      return '';
  }
}

export function ChecklistLine({ row, outcome }: { row: ToolRow; outcome: ToolOutcome }) {
  const tasks = useTaskList(useContext(SessionKeyContext));
  return (
    <p className={`tool-quiet tool-quiet-${outcome.state}`}>
      <VisibleText text={`Checklist: ${checklistChange(row, tasks)}${troubleOf(outcome)}`} />
    </p>
  );
}
