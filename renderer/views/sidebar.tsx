/**
 * The sidebar: the board, every host with its link state, the action its state calls for and its
 * sessions. It collapses to a strip with the essentials (Ctrl/Cmd+B or its button).
 */
import { useMemo } from 'react';
import type { HostView, SessionView } from '../../shared/desk-api.js';
import { useAppState, useController } from '../state/hooks.js';
import { navigate, type Route } from '../state/route.js';
import { useUi } from '../state/ui.js';
import { APP_CHORD_LABEL, PALETTE_LABEL } from '../lib/keys.js';
import { HostBadge } from './host-badge.js';
import { claudeLine } from './host-claude.js';
import { hostActions } from './host-actions.js';
import { storageProblem } from './host-storage.js';
import { waitingCount } from '../state/board.js';
import { SIDEBAR_SHORTCUT_LABEL, toggleSidebar, useSidebarCollapsed } from '../state/sidebar-collapse.js';
import { sessionsByHost } from '../state/sidebar-sessions.js';
import { BoardIcon, PlusIcon, SidebarIcon } from './icons.js';
import { HostSessions } from './sidebar-sessions.js';

const ACTION_LABEL = {
  'install-daemon': 'Install daemon',
  'trust-host-key': 'Review host key',
  'check-credentials': 'Retry',
  retry: 'Retry',
} as const;

function HostItem({ host, active, sessions, currentKey }: { host: HostView; active: boolean; sessions: readonly SessionView[]; currentKey: string | null }) {
  const controller = useController();
  const ui = useUi();
  const link = host.link;
  const actions = hostActions(controller, host);
  const claude = claudeLine(host);

  const primary = (() => {
    if (link.status === 'failed') {
      if (link.action === 'install-daemon') return { label: ACTION_LABEL[link.action], act: actions.installDaemon };
      if (link.action === 'trust-host-key') return { label: ACTION_LABEL[link.action], act: () => ui.open({ kind: 'trust-host-key', hostId: host.id }) };
      return { label: ACTION_LABEL[link.action], act: actions.connect };
    }
    if (link.status === 'paused') return { label: 'Resume', act: actions.resume };
    if (link.status === 'reconnecting') return { label: 'Connect now', act: actions.connect };
    if (host.updateAvailable) return { label: 'Update daemon', act: actions.installDaemon };
    return null;
  })();

  return (
    <li className={active ? 'host active' : 'host'} aria-label={`Host ${host.name}`}>
      <div className="host-line">
        <span className="host-name" title={host.kind === 'ssh' ? `ssh ${host.ssh?.host ?? ''}` : 'the embedded daemon on this computer'}>
          {host.name}
        </span>
        <HostBadge link={link} />
        {claude && !claude.problem && (
          <span className="host-claude-ok" title={claude.description} role="img" aria-label={claude.description}>
            ✓
          </span>
        )}
      </div>
      {(link.status === 'failed' || link.status === 'reconnecting') && <p className="host-reason">{link.reason}</p>}
      {claude?.problem && (
        <p className="host-reason host-claude" title={claude.description}>
          <button type="button" className="link-button" onClick={() => navigate({ view: 'health', hostId: host.id })} aria-label={`${claude.problem} on ${host.name}: see what to do`}>
            {claude.problem}
          </button>
        </p>
      )}
      {host.storage && !host.storage.ok && (
        <p className="host-reason host-storage" role="status">
          {storageProblem(host)}
        </p>
      )}
      <div className="host-actions">
        {primary && (
          <button type="button" className="button small" onClick={primary.act}>
            {primary.label}
          </button>
        )}
        {(link.status === 'connected' || link.status === 'connecting' || link.status === 'reconnecting') && host.kind === 'ssh' && (
          <button type="button" className="button small ghost" onClick={actions.pause}>
            Pause
          </button>
        )}
        <button type="button" className="button small ghost" onClick={() => navigate({ view: 'health', hostId: host.id })} aria-label={`Health of ${host.name}`}>
          Health
        </button>
        {host.kind === 'ssh' && (
          <button type="button" className="button small ghost" onClick={() => ui.open({ kind: 'remove-host', hostId: host.id })} aria-label={`Remove ${host.name}`}>
            Remove
          </button>
        )}
      </div>
      <HostSessions hostName={host.name} sessions={sessions} currentKey={currentKey} />
    </li>
  );
}

function WaitingBadge({ waiting }: { waiting: number }) {
  if (waiting === 0) return null;
  return (
    <span className="badge badge-approval" aria-label={`${waiting} waiting for your approval`}>
      {waiting}
    </span>
  );
}

export function Sidebar({ route }: { route: Route }) {
  const hosts = useAppState((state) => state.hosts);
  const sessions = useAppState((state) => state.sessions);
  const waiting = useAppState((state) => waitingCount(state.sessions));
  const collapsed = useSidebarCollapsed();
  const ui = useUi();
  const grouped = useMemo(() => sessionsByHost(hosts.values(), sessions.values()), [hosts, sessions]);
  const currentKey = route.view === 'session' ? route.key : null;
  const onBoard = route.view === 'board';
  const newSessionTitle = `New session (${APP_CHORD_LABEL}+N)`;

  return (
    <nav className={collapsed ? 'sidebar collapsed' : 'sidebar'} aria-label="Hosts and views">
      <div className="sidebar-top">
        {!collapsed && <div className="brand">Switchyard</div>}
        {/* One button in both states, so the focus stays on it when it is pressed. */}
        <button type="button" className="icon-button" onClick={toggleSidebar} aria-label={collapsed ? 'Expand sidebar' : 'Collapse sidebar'} title={`${collapsed ? 'Expand' : 'Collapse'} sidebar (${SIDEBAR_SHORTCUT_LABEL})`}>
          <SidebarIcon />
        </button>
      </div>
      {collapsed ? (
        <>
          <button type="button" className={onBoard ? 'icon-button active' : 'icon-button'} onClick={() => navigate({ view: 'board' })} aria-current={onBoard ? 'page' : undefined} title="Session board">
            <BoardIcon />
            <span className="sr-only">Session board</span>
            <WaitingBadge waiting={waiting} />
          </button>
          <button type="button" className="icon-button primary" onClick={() => ui.open({ kind: 'new-session' })} aria-label="New session" title={newSessionTitle}>
            <PlusIcon />
          </button>
        </>
      ) : (
        <>
          <button type="button" className={onBoard ? 'nav-item active' : 'nav-item'} onClick={() => navigate({ view: 'board' })} aria-current={onBoard ? 'page' : undefined}>
            Session board
            <WaitingBadge waiting={waiting} />
          </button>
          <button type="button" className="button primary wide" onClick={() => ui.open({ kind: 'new-session' })} title={newSessionTitle}>
            New session
          </button>
          <h2 className="sidebar-heading">Hosts</h2>
          <ul className="host-list" aria-label="Hosts">
            {[...hosts.values()].map((host) => (
              <HostItem key={host.id} host={host} active={route.view === 'health' && route.hostId === host.id} sessions={grouped.get(host.id) ?? []} currentKey={currentKey} />
            ))}
          </ul>
          <button type="button" className="button wide" onClick={() => ui.open({ kind: 'add-host' })}>
            Add host
          </button>
          <p className="sidebar-foot">
            <kbd>{PALETTE_LABEL}</kbd> commands · <kbd>{SIDEBAR_SHORTCUT_LABEL}</kbd> sidebar
          </p>
        </>
      )}
    </nav>
  );
}
