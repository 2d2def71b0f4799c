/** The session board's order and filters: what needs the developer's attention comes first. */
import type { HostView, SessionView } from '../../shared/desk-api.js';

export type Attention = 'approval' | 'failed' | 'unread' | 'queued' | 'running' | 'idle' | 'lost';

export const ATTENTION_ORDER: readonly Attention[] = ['approval', 'failed', 'unread', 'queued', 'running', 'idle', 'lost'];

export const ATTENTION_LABEL: Record<Attention, string> = {
  approval: 'Needs approval',
  failed: 'Failed',
  unread: 'Finished, unread',
  queued: 'Queued',
  running: 'Running',
  idle: 'Idle',
  lost: 'Lost',
};

export function attentionOf(session: SessionView): Attention {
  if (session.lost || session.status === 'destroyed') return 'lost';
  // Claude is stopped until someone answers: nothing needs the developer more.
  if (session.approvals.length > 0) return 'approval';
  // What a session is doing now outranks what it finished earlier.
  if (session.status === 'busy') return (session.queue?.userPending ?? 0) > 0 ? 'queued' : 'running';
  if (session.status === 'error' || (session.unread && session.lastOutcome === 'failed')) return 'failed';
  if (session.unread) return 'unread';
  if ((session.queue?.userPending ?? 0) > 0) return 'queued';
  return 'idle';
}

export interface BoardFilter {
  hostId: string | 'all';
  attention: Attention | 'all';
  text: string;
}

export const NO_FILTER: BoardFilter = { hostId: 'all', attention: 'all', text: '' };

/** Newest activity first, except among sessions at work: their activity changes with every output, and they keep their place. */
function newestFirst(a: SessionView, b: SessionView): number {
  const working = (session: SessionView) => ['running', 'queued'].includes(attentionOf(session));
  return working(a) && working(b) ? 0 : b.lastActivityAt.localeCompare(a.lastActivityAt);
}

export function boardSessions(sessions: Iterable<SessionView>, hosts: ReadonlyMap<string, HostView>, filter: BoardFilter): SessionView[] {
  const needle = filter.text.trim().toLowerCase();
  const rank = (session: SessionView) => ATTENTION_ORDER.indexOf(attentionOf(session));
  // Among sessions that need an answer, the one that has waited longest comes first.
  const waited = (session: SessionView) => session.approvals[0]?.since ?? '';
  return [...sessions]
    .filter((session) => filter.hostId === 'all' || session.hostId === filter.hostId)
    .filter((session) => filter.attention === 'all' || attentionOf(session) === filter.attention)
    .filter((session) => {
      if (!needle) return true;
      const host = hosts.get(session.hostId)?.name ?? session.hostId;
      return [session.name, session.path, host, session.model ?? '', session.mode].some((field) => field.toLowerCase().includes(needle));
    })
    .sort((a, b) => rank(a) - rank(b) || waited(a).localeCompare(waited(b)) || newestFirst(a, b) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

/** Pending user messages: what the board shows as queue depth. */
export function queueDepth(session: SessionView): number {
  return session.queue?.userPending ?? 0;
}

/** Every request waiting for an answer, on every host, the longest-waiting first. */
export function waitingApprovals(sessions: Iterable<SessionView>): { session: SessionView; since: string; requestId: string }[] {
  return [...sessions]
    .filter((session) => !session.lost)
    .flatMap((session) => session.approvals.map((approval) => ({ session, since: approval.since, requestId: approval.requestId })))
    .sort((a, b) => a.since.localeCompare(b.since));
}

/** How many requests wait for an answer across every host. */
export function waitingCount(sessions: ReadonlyMap<string, SessionView>): number {
  let count = 0;
  for (const session of sessions.values()) if (!session.lost) count += session.approvals.length;
  return count;
}

/** The request after `lastOpened` among those waiting (the longest-waiting when there is none), wrapping round. */
export function nextApproval(waiting: readonly { session: SessionView; requestId: string }[], lastOpened: string | null): { key: string; requestId: string } | null {
  if (waiting.length === 0) return null;
  const at = waiting.findIndex((entry) => entry.requestId === lastOpened);
  const next = waiting[(at + 1) % waiting.length]!;
  return { key: next.session.key, requestId: next.requestId };
}
