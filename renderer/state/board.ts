/** The session board's order and filters: what needs the developer's attention comes first. */
import type { HostView, SessionView } from '../../shared/desk-api.js';

export type Attention = 'failed' | 'unread' | 'queued' | 'running' | 'idle' | 'lost';

export const ATTENTION_ORDER: readonly Attention[] = ['failed', 'unread', 'queued', 'running', 'idle', 'lost'];

export const ATTENTION_LABEL: Record<Attention, string> = {
  failed: 'Failed',
  unread: 'Finished, unread',
  queued: 'Queued',
  running: 'Running',
  idle: 'Idle',
  lost: 'Lost',
};

export function attentionOf(session: SessionView): Attention {
  if (session.lost || session.status === 'destroyed') return 'lost';
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

export function boardSessions(sessions: Iterable<SessionView>, hosts: ReadonlyMap<string, HostView>, filter: BoardFilter): SessionView[] {
  const needle = filter.text.trim().toLowerCase();
  const rank = (session: SessionView) => ATTENTION_ORDER.indexOf(attentionOf(session));
  return [...sessions]
    .filter((session) => filter.hostId === 'all' || session.hostId === filter.hostId)
    .filter((session) => filter.attention === 'all' || attentionOf(session) === filter.attention)
    .filter((session) => {
      if (!needle) return true;
      const host = hosts.get(session.hostId)?.name ?? session.hostId;
      return [session.name, session.path, host, session.model ?? '', session.mode].some((field) => field.toLowerCase().includes(needle));
    })
    .sort((a, b) => rank(a) - rank(b) || b.lastActivityAt.localeCompare(a.lastActivityAt) || a.key.localeCompare(b.key));
}

/** Pending user messages: what the board shows as queue depth. */
export function queueDepth(session: SessionView): number {
  return session.queue?.userPending ?? 0;
}
