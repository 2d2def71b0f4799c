/**
 * Claude's checklist for a session, once, above the composer: each item with its state (pending,
 * in progress, completed), updated in place as Claude works through it. Nothing when the session
 * has no checklist. The transcript shows each change as a quiet line (transcript/tools/checklist-line.tsx).
 */
import { useState } from 'react';
import type { TaskItem } from '../../shared/task-list.js';
import { useTaskList } from '../lib/use-task-list.js';
import { VisibleText } from './transcript/visible-text.js';
import './task-checklist.css';

/** Items shown before "Show all": the list must not push the composer off a short window. */
const SHOWN_ITEMS = 8;

const STATUS_TEXT: Record<TaskItem['status'], string> = { pending: 'pending', in_progress: 'in progress', completed: 'completed' };
const STATUS_MARK: Record<TaskItem['status'], string> = { pending: '○', in_progress: '◐', completed: '✓' };

export function TaskChecklist({ sessionKey }: { sessionKey: string }) {
  const items = useTaskList(sessionKey);
  const [all, setAll] = useState(false);
  if (items.length === 0) return null;
  const done = items.filter((item) => item.status === 'completed').length;
  // Collapsed, the list starts a little before the first item not yet done.
  const firstOpen = Math.max(0, items.findIndex((item) => item.status !== 'completed'));
  const start = all || items.length <= SHOWN_ITEMS ? 0 : Math.min(Math.max(0, firstOpen - 2), items.length - SHOWN_ITEMS);
  const shown = all ? items : items.slice(start, start + SHOWN_ITEMS);
  return (
    <section className="task-checklist" aria-label="Checklist">
      <div className="task-checklist-head">
        <span className="task-checklist-title">Checklist</span>
        <span className="task-checklist-count">
          {done} of {items.length} completed
        </span>
        {items.length > SHOWN_ITEMS && (
          <button type="button" className="link-button" onClick={() => setAll(!all)}>
            {all ? 'Show fewer' : `Show all ${items.length}`}
          </button>
        )}
      </div>
      <ol className="task-items" start={start + 1}>
        {shown.map((item) => (
          <li key={item.id} className={`task-item task-${item.status}`}>
            <span className="task-mark" aria-hidden="true">
              {STATUS_MARK[item.status]}
            </span>
            <span className="task-subject">
              <VisibleText text={item.subject} />
            </span>
            <span className="task-status">{STATUS_TEXT[item.status]}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
