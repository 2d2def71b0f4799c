/** Which sessions the sidebar lists under each host, and which of a long list stay in sight. */
import type { HostView, SessionView } from '../../shared/desk-api.js';

/** A list longer than this shows its first ones and "N more". */
export const SIDEBAR_CAP = 8;

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Each host's sessions by name: an order that stays put while statuses change, so a session is
 * where the hand expects it. A session whose host is gone is not listed (the board shows it).
 */
export function sessionsByHost(hosts: Iterable<HostView>, sessions: Iterable<SessionView>): Map<string, SessionView[]> {
  const grouped = new Map<string, SessionView[]>();
  for (const host of hosts) grouped.set(host.id, []);
  for (const session of sessions) grouped.get(session.hostId)?.push(session);
  for (const list of grouped.values()) list.sort((a, b) => byName.compare(a.name, b.name) || a.key.localeCompare(b.key));
  return grouped;
}

/**
 * The sessions a capped list shows, in their order: the first `cap`, and past them any that waits
 * for an answer or is the one on screen, which must never hide behind "N more".
 */
export function cappedSessions(sessions: readonly SessionView[], cap: number, currentKey: string | null): { shown: SessionView[]; hidden: number } {
  const shown = sessions.filter((session, at) => at < cap || session.key === currentKey || (!session.lost && session.approvals.length > 0));
  return { shown, hidden: sessions.length - shown.length };
}
