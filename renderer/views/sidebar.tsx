/** The sidebar: the board, every host with its link state and the action its state calls for. */
import type { HostView } from '../../shared/desk-api.js';
import { useAppState, useController } from '../state/hooks.js';
import { navigate, type Route } from '../state/route.js';
import { useUi } from '../state/ui.js';
import { APP_CHORD_LABEL, PALETTE_LABEL } from '../lib/keys.js';
import { HostBadge } from './host-badge.js';
import { claudeLine } from './host-claude.js';
import { hostActions } from './host-actions.js';
import { storageProblem } from './host-storage.js';
import { waitingCount } from '../state/board.js';

const ACTION_LABEL = {
  'install-daemon': 'Install daemon',
  'trust-host-key': 'Review host key',
  'check-credentials': 'Retry',
  retry: 'Retry',
} as const;

function HostItem({ host, active }: { host: HostView; active: boolean }) {
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
    </li>
  );
}

export function Sidebar({ route }: { route: Route }) {
  const hosts = useAppState((state) => state.hosts);
  const waiting = useAppState((state) => waitingCount(state.sessions));
  const ui = useUi();
  return (
    <nav className="sidebar" aria-label="Hosts and views">
      <div className="brand">Switchyard</div>
      <button type="button" className={route.view === 'board' ? 'nav-item active' : 'nav-item'} onClick={() => navigate({ view: 'board' })} aria-current={route.view === 'board' ? 'page' : undefined}>
        Session board
        {waiting > 0 && (
          <span className="badge badge-approval" aria-label={`${waiting} waiting for your approval`}>
            {waiting}
          </span>
        )}
      </button>
      <button type="button" className="button primary wide" onClick={() => ui.open({ kind: 'new-session' })} title={`New session (${APP_CHORD_LABEL}+N)`}>
        New session
      </button>
      <h2 className="sidebar-heading">Hosts</h2>
      <ul className="host-list" aria-label="Hosts">
        {[...hosts.values()].map((host) => (
          <HostItem key={host.id} host={host} active={route.view === 'health' && route.hostId === host.id} />
        ))}
      </ul>
      <button type="button" className="button wide" onClick={() => ui.open({ kind: 'add-host' })}>
        Add host
      </button>
      <p className="sidebar-foot">
        <kbd>{PALETTE_LABEL}</kbd> commands
      </p>
    </nav>
  );
}
