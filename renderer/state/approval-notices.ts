/**
 * Tells the developer when Claude starts waiting for them somewhere they are not looking: a
 * request that arrives while the window is not focused, or while another session is shown.
 * Requests already waiting when the app loads are on the board; they are not news.
 */
import type { Notifier } from '../lib/notifier.js';
import type { Store } from './store.js';

export interface NoticeTarget {
  key: string;
  requestId: string;
}

const TAG_SEPARATOR = '\n';

export function noticeTag(target: NoticeTarget): string {
  return `${target.key}${TAG_SEPARATOR}${target.requestId}`;
}

export function parseNoticeTag(tag: string): NoticeTarget | null {
  const at = tag.indexOf(TAG_SEPARATOR);
  return at > 0 ? { key: tag.slice(0, at), requestId: tag.slice(at + 1) } : null;
}

export function watchApprovalNotices(store: Store, notifier: Notifier, isLookingAt: (sessionKey: string) => boolean): () => void {
  let known: Set<string> | null = null;
  const check = () => {
    const state = store.getState();
    if (state.phase !== 'ready') return;
    const now = new Set<string>();
    for (const session of state.sessions.values()) {
      for (const approval of session.approvals) {
        const id = noticeTag({ key: session.key, requestId: approval.requestId });
        now.add(id);
        if (!known || known.has(id) || session.lost || isLookingAt(session.key)) continue;
        const host = state.hosts.get(session.hostId)?.name ?? session.hostId;
        const what = approval.kind === 'plan' ? 'Claude’s plan waits for your approval' : approval.kind === 'question' ? 'Claude asks you a question' : `Claude asks to use ${approval.tool ?? 'a tool'}`;
        notifier.notify({ title: `${session.name} on ${host}`.slice(0, 200), body: what.slice(0, 500), tag: id.slice(0, 1000) });
      }
    }
    known = now;
  };
  check();
  return store.subscribe(check);
}
