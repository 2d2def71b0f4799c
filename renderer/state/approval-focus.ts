/**
 * "Open this request": a notification click or the palette names a session and one of its
 * requests; the session's transcript scrolls to the card and gives it the focus, so its keys
 * answer at once. One target at a time, held until that transcript has the card to show.
 */
import { useEffect, useState } from 'react';
import { navigate } from './route.js';

export interface ApprovalTarget {
  key: string;
  requestId: string;
}

let target: ApprovalTarget | null = null;
let lastOpened: string | null = null;
const listeners = new Set<() => void>();

function setTarget(next: ApprovalTarget | null): void {
  target = next;
  for (const listener of listeners) listener();
}

export function openApproval(next: ApprovalTarget): void {
  lastOpened = next.requestId;
  setTarget(next);
  navigate({ view: 'session', key: next.key });
}

/** The request this session's transcript should bring into view, if any. */
export function useApprovalTarget(sessionKey: string | null): string | null {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((version) => version + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return target && target.key === sessionKey ? target.requestId : null;
}

/** The card is on screen and has the focus: the target is done. */
export function approvalShown(requestId: string): void {
  if (target?.requestId === requestId) setTarget(null);
}

/** The request "Go to next approval" last opened, so the next one after it comes next. */
export function lastOpenedApproval(): string | null {
  return lastOpened;
}
