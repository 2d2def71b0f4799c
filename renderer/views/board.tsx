/** The session board: every session on every host, what needs attention first, filterable. */
import { memo, useMemo, useState } from 'react';
import type { HostView, SessionView } from '../../shared/desk-api.js';
import { formatAgo, formatWaited } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import { ATTENTION_LABEL, ATTENTION_ORDER, attentionOf, boardSessions, NO_FILTER, queueDepth, type BoardFilter } from '../state/board.js';
import { useAppState } from '../state/hooks.js';
import { useUi } from '../state/ui.js';
import { modeLabel } from './modes.js';

/** Memoised: a board of hundreds re-renders only the rows whose session changed. */
const SessionRow = memo(function SessionRow({ session, host, now }: { session: SessionView; host: HostView | undefined; now: number }) {
  const attention = attentionOf(session);
  const depth = queueDepth(session);
  return (
    <li className={`board-row attention-${attention}`}>
      <a href={`#/session/${encodeURIComponent(session.key)}`} className="board-link" aria-label={`${session.name} on ${host?.name ?? session.hostId}, ${ATTENTION_LABEL[attention]}`}>
        <span className={`status-dot dot-${attention}`} aria-hidden="true" />
        <span className="board-name">{session.name}</span>
        <span className="board-status">
          {ATTENTION_LABEL[attention]}
          {attention === 'approval' && session.approvals[0] && `, waiting ${formatWaited(session.approvals[0].since, now)}`}
        </span>
        <span className="board-host">{host?.name ?? session.hostId}</span>
        <span className="board-path" title={session.path}>
          {session.path}
        </span>
        <span className="board-mode">{modeLabel(session.mode)}</span>
        <span className="board-model">{session.model ?? '–'}</span>
        <span className="board-queue" title="Messages waiting in the queue">
          {depth > 0 ? `${depth} queued` : ''}
        </span>
        <span className="board-activity">{formatAgo(session.lastActivityAt, now)}</span>
      </a>
    </li>
  );
});

export function Board() {
  const sessions = useAppState((state) => state.sessions);
  const hosts = useAppState((state) => state.hosts);
  const phase = useAppState((state) => state.phase);
  const [filter, setFilter] = useState<BoardFilter>(NO_FILTER);
  const ui = useUi();
  const now = useNow(5_000);
  const shown = useMemo(() => boardSessions(sessions.values(), hosts, filter), [sessions, hosts, filter]);

  return (
    <main className="board" aria-label="Session board">
      <header className="view-header">
        <h1>Sessions</h1>
        <div className="filters" role="search" aria-label="Filter sessions">
          <input type="search" aria-label="Filter by text" placeholder="Filter by name, path, host, model" value={filter.text} onChange={(event) => setFilter({ ...filter, text: event.target.value })} />
          <select aria-label="Filter by host" value={filter.hostId} onChange={(event) => setFilter({ ...filter, hostId: event.target.value })}>
            <option value="all">All hosts</option>
            {[...hosts.values()].map((host) => (
              <option key={host.id} value={host.id}>
                {host.name}
              </option>
            ))}
          </select>
          <select aria-label="Filter by status" value={filter.attention} onChange={(event) => setFilter({ ...filter, attention: event.target.value as BoardFilter['attention'] })}>
            <option value="all">Any status</option>
            {ATTENTION_ORDER.map((attention) => (
              <option key={attention} value={attention}>
                {ATTENTION_LABEL[attention]}
              </option>
            ))}
          </select>
        </div>
      </header>
      {phase === 'loading' && <p className="empty">Loading sessions…</p>}
      {phase !== 'loading' && sessions.size === 0 && (
        <div className="empty">
          <h2>No sessions yet</h2>
          <p>A session is Claude working in one folder on one host. Start one on "This computer", or add an SSH host to work on another machine.</p>
          <div className="empty-actions">
            <button type="button" className="button primary" onClick={() => ui.open({ kind: 'new-session' })}>
              Start a session
            </button>
          </div>
        </div>
      )}
      {sessions.size > 0 && shown.length === 0 && <p className="empty">No session matches these filters.</p>}
      <ul className="board-list" aria-label="Sessions" role="list" hidden={shown.length === 0}>
        {shown.map((session) => (
          <SessionRow key={session.key} session={session} host={hosts.get(session.hostId)} now={now} />
        ))}
      </ul>
    </main>
  );
}

export function useBoardOrder(): SessionView[] {
  const sessions = useAppState((state) => state.sessions);
  const hosts = useAppState((state) => state.hosts);
  return useMemo(() => boardSessions(sessions.values(), hosts, NO_FILTER), [sessions, hosts]);
}

