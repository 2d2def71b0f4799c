/** A host's sessions in the sidebar: status, unread and waiting requests at a glance; a click opens one. */
import { memo, useState } from 'react';
import type { SessionView } from '../../shared/desk-api.js';
import { ATTENTION_LABEL, attentionOf } from '../state/board.js';
import { routeHash } from '../state/route.js';
import { cappedSessions, SIDEBAR_CAP } from '../state/sidebar-sessions.js';

const SessionLink = memo(function SessionLink({ session, current }: { session: SessionView; current: boolean }) {
  const attention = attentionOf(session);
  const requests = session.lost ? 0 : session.approvals.length;
  return (
    <li>
      <a href={routeHash({ view: 'session', key: session.key })} className={current ? 'side-session current' : 'side-session'} aria-current={current ? 'page' : undefined} title={`${session.name}: ${ATTENTION_LABEL[attention]}`}>
        <span className={`status-dot dot-${attention}`} aria-hidden="true" />
        <span className="side-session-name">{session.name}</span>
        <span className="sr-only">, {ATTENTION_LABEL[attention]}</span>
        {session.unread && (
          <span className="side-unread" role="img" aria-label="Unread">
            new
          </span>
        )}
        {requests > 0 && (
          <span className="badge badge-approval side-requests" role="img" aria-label={requests === 1 ? '1 request waiting' : `${requests} requests waiting`}>
            {requests}
          </span>
        )}
      </a>
    </li>
  );
});

export function HostSessions({ hostName, sessions, currentKey }: { hostName: string; sessions: readonly SessionView[]; currentKey: string | null }) {
  const [expanded, setExpanded] = useState(false);
  if (sessions.length === 0) return <p className="side-sessions-empty">No sessions</p>;
  const { shown, hidden } = expanded ? { shown: sessions, hidden: 0 } : cappedSessions(sessions, SIDEBAR_CAP, currentKey);
  return (
    <>
      <ul className="side-sessions" aria-label={`Sessions on ${hostName}`}>
        {shown.map((session) => (
          <SessionLink key={session.key} session={session} current={session.key === currentKey} />
        ))}
      </ul>
      {hidden > 0 && (
        <button type="button" className="link-button side-more" onClick={() => setExpanded(true)}>
          {hidden} more<span className="sr-only"> {hidden === 1 ? 'session' : 'sessions'} on {hostName}</span>
        </button>
      )}
      {expanded && sessions.length > SIDEBAR_CAP && (
        <button type="button" className="link-button side-more" onClick={() => setExpanded(false)}>
          Show fewer
        </button>
      )}
    </>
  );
}
