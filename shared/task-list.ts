/**
 * The checklist Claude keeps in a session, from its transcript rows. The pinned CLI keeps it with
 * the Task tools: TaskCreate adds an item (its id is in the result: "Task #3 created successfully:
 * …"), TaskUpdate changes one (status, subject; status "deleted" removes it). Older CLIs use
 * TodoWrite, whose input is the whole new list. Only calls that succeeded count.
 */
import type { TranscriptRow } from './transcript.js';

export type TaskStatus = 'pending' | 'in_progress' | 'completed';

export interface TaskItem {
  id: string;
  subject: string;
  status: TaskStatus;
  /** What the CLI shows while the item is under way ("Running tests"). */
  activeForm: string | null;
}

/** The tools whose calls keep the checklist; the transcript shows each as a quiet line. */
export const CHECKLIST_TOOLS: ReadonlySet<string> = new Set(['TaskCreate', 'TaskUpdate', 'TodoWrite']);

const STATUSES: ReadonlySet<string> = new Set(['pending', 'in_progress', 'completed']);
const isStatus = (value: unknown): value is TaskStatus => typeof value === 'string' && STATUSES.has(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

type ToolRow = Extract<TranscriptRow, { kind: 'tool' }>;

/** The id TaskCreate gave its item, from its result ("Task #3 created successfully: Write tests"). */
export function createdTaskId(result: string): string | null {
  return /^Task #(\S+) created successfully/.exec(result)?.[1] ?? null;
}

/** The item a TaskUpdate names, without its "#". */
export function updatedTaskId(input: unknown): string | null {
  const id = (input as { taskId?: unknown } | null)?.taskId;
  return typeof id === 'string' || typeof id === 'number' ? String(id).replace(/^#/, '') : null;
}

/** The checklist after every successful checklist call of `rows`, in the order the items were made; empty when there is none. */
export function taskListOf(rows: readonly TranscriptRow[]): TaskItem[] {
  const calls = rows.filter((row): row is ToolRow => row.kind === 'tool' && CHECKLIST_TOOLS.has(row.tool) && succeeded(row));
  if (calls.length === 0) return [];
  // Rows only grow while a session streams: the list of the calls seen before is taken up
  // where it was, so a long session's checklist is not rebuilt from its first call on every event.
  const before = builtFrom.get(calls[0]!);
  const resumes = before !== undefined && before.calls.length <= calls.length && before.calls.every((call, at) => call === calls[at]);
  let items = resumes ? before.items : [];
  for (let at = resumes ? before.calls.length : 0; at < calls.length; at++) items = applyCall(items, calls[at]!);
  builtFrom.set(calls[0]!, { calls, items });
  return items;
}

/** The last list built, by the first call it was built from (rows are immutable, so identity tells). */
const builtFrom = new WeakMap<ToolRow, { calls: readonly ToolRow[]; items: TaskItem[] }>();

function succeeded(row: ToolRow): boolean {
  return row.result !== null && !row.result.isError && !row.result.stopped && row.request?.state !== 'deny';
}

function applyCall(items: TaskItem[], row: ToolRow): TaskItem[] {
  const input = (row.input ?? {}) as Record<string, unknown>;
  switch (row.tool) {
    case 'TaskCreate': {
      const subject = text(input.subject);
      if (!subject) return items;
      // The CLI numbers items from 1 and never reuses a number; a result this code cannot read gets the next one.
      const id = createdTaskId(row.result!.content) ?? String(items.reduce((highest, item) => Math.max(highest, Number(item.id) || 0), 0) + 1);
      return [...items.filter((item) => item.id !== id), { id, subject, status: 'pending', activeForm: text(input.activeForm) }];
    }
    case 'TaskUpdate': {
      const id = updatedTaskId(input);
      if (id === null || !items.some((item) => item.id === id)) return items;
      if (input.status === 'deleted') return items.filter((item) => item.id !== id);
      return items.map((item) =>
        item.id !== id
          ? item
          : {
              ...item,
              ...(isStatus(input.status) ? { status: input.status } : {}),
              ...(text(input.subject) ? { subject: text(input.subject)! } : {}),
              ...(text(input.activeForm) ? { activeForm: text(input.activeForm) } : {}),
            },
      );
    }
    case 'TodoWrite': {
      const todos = input.todos;
      if (!Array.isArray(todos)) return items;
      return todos.flatMap((todo: unknown, at): TaskItem[] => {
        const entry = (todo ?? {}) as Record<string, unknown>;
        const subject = text(entry.content) ?? text(entry.subject);
        return subject ? [{ id: text(entry.id) ?? String(at + 1), subject, status: isStatus(entry.status) ? entry.status : 'pending', activeForm: text(entry.activeForm) }] : [];
      });
    }
    default:
      return items;
  }
}

/** Two lists that read the same (the view keeps the one it has). */
export function sameTaskList(a: readonly TaskItem[], b: readonly TaskItem[]): boolean {
  return a.length === b.length && a.every((item, at) => {
    const other = b[at]!;
    return item.id === other.id && item.subject === other.subject && item.status === other.status && item.activeForm === other.activeForm;
  });
}
