/**
 * A session's checklist (shared/task-list.ts) from the store. The list is read once per change
 * of the transcript's rows, however many views ask, and a view re-renders only when the list
 * itself changed, not with every streamed word.
 */
import { useContext, useRef, useSyncExternalStore } from 'react';
import { sameTaskList, taskListOf, type TaskItem } from '../../shared/task-list.js';
import type { TranscriptRow } from '../../shared/transcript.js';
import { ControllerContext } from '../state/hooks.js';

const NO_TASKS: readonly TaskItem[] = [];
const listsByRows = new WeakMap<readonly TranscriptRow[], readonly TaskItem[]>();

function taskListOfRows(rows: readonly TranscriptRow[] | undefined): readonly TaskItem[] {
  if (!rows) return NO_TASKS;
  let list = listsByRows.get(rows);
  if (!list) {
    const found = taskListOf(rows);
    list = found.length === 0 ? NO_TASKS : found;
    listsByRows.set(rows, list);
  }
  return list;
}

const noSubscription = () => () => undefined;

/** The checklist of the session `sessionKey` (empty when it has none, or no session or store is given). */
export function useTaskList(sessionKey: string | null): readonly TaskItem[] {
  const store = useContext(ControllerContext)?.store;
  const shown = useRef<readonly TaskItem[]>(NO_TASKS);
  return useSyncExternalStore(store ? store.subscribe : noSubscription, () => {
    const held = store && sessionKey !== null ? store.getState().transcripts.get(sessionKey) : undefined;
    // Tasks made in the part not read yet would be missing: the list shows once the whole transcript is held.
    const list = held && !held.partial ? taskListOfRows(held.state.rows) : NO_TASKS;
    if (list !== shown.current && !sameTaskList(list, shown.current)) shown.current = list;
    return shown.current;
  });
}
