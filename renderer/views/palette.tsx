/** The command palette (Ctrl/Cmd+K): jump to any session on any host, or run any action. */
import { Command } from 'cmdk';
import { useAppState, useController } from '../state/hooks.js';
import { navigate } from '../state/route.js';
import { useUi } from '../state/ui.js';
import { ATTENTION_LABEL, attentionOf, nextApproval, waitingApprovals } from '../state/board.js';
import { lastOpenedApproval, openApproval } from '../state/approval-focus.js';
import { APP_CHORD_LABEL } from '../lib/keys.js';
import { useBoardOrder } from './board.js';
import { Modal } from './dialogs/modal.js';
import { hostActions } from './host-actions.js';
import { resumeSession } from './session-actions.js';
import { setThemePreference, type ThemePreference } from './theme.js';
import { CurrentSessionCommands } from './palette-session.js';
import { SIDEBAR_SHORTCUT_LABEL, toggleSidebar } from '../state/sidebar-collapse.js';

export function Palette({ currentSessionKey, onInterrupt }: { currentSessionKey: string | null; onInterrupt: () => void }) {
  const ui = useUi();
  const controller = useController();
  const hosts = useAppState((state) => state.hosts);
  const sessions = useBoardOrder();
  const allSessions = useAppState((state) => state.sessions);
  const waiting = waitingApprovals(allSessions.values());

  const run = (action: () => void) => {
    ui.close();
    action();
  };
  const theme = (preference: ThemePreference) => run(() => setThemePreference(preference));

  return (
    <Modal title="Command palette" className="palette" bare onClose={ui.close}>
      <Command label="Command palette" loop>
        <Command.Input data-autofocus placeholder="Jump to a session, or type a command…" aria-label="Command" />
        <Command.List>
          <Command.Empty>Nothing matches.</Command.Empty>
          <Command.Group heading="Sessions">
            {sessions.map((session) => {
              const hostName = hosts.get(session.hostId)?.name ?? session.hostId;
              return (
                <Command.Item key={session.key} value={session.key} keywords={[session.name, hostName, session.path]} onSelect={() => run(() => navigate({ view: 'session', key: session.key }))}>
                  <span className="palette-main">{session.name}</span>
                  <span className="palette-aside">
                    {hostName} · {session.path} · {ATTENTION_LABEL[attentionOf(session)]}
                  </span>
                </Command.Item>
              );
            })}
          </Command.Group>
          <Command.Group heading="Actions">
            {waiting.length > 0 && (
              <Command.Item
                value="Go to next approval"
                keywords={['approve', 'permission', 'waiting', 'request']}
                onSelect={() =>
                  run(() => {
                    const next = nextApproval(waiting, lastOpenedApproval());
                    if (next) openApproval(next);
                  })
                }
              >
                Go to next approval <span className="muted">({waiting.length} waiting)</span>
              </Command.Item>
            )}
            <Command.Item value="New session" keywords={['create', 'start']} onSelect={() => ui.open({ kind: 'new-session' })}>
              New session <kbd>{APP_CHORD_LABEL}+N</kbd>
            </Command.Item>
            <Command.Item value="Add host" keywords={['ssh', 'machine']} onSelect={() => ui.open({ kind: 'add-host' })}>
              Add host
            </Command.Item>
            <Command.Item value="Session board" keywords={['home', 'list']} onSelect={() => run(() => navigate({ view: 'board' }))}>
              Go to the session board
            </Command.Item>
            {currentSessionKey && (
              <>
                <Command.Item value="Stop Claude" keywords={['interrupt']} onSelect={() => run(onInterrupt)}>
                  Stop Claude in this session <kbd>Esc</kbd>
                </Command.Item>
                <Command.Item value="Resume this session" keywords={['continue', 'conversation']} onSelect={() => run(() => void resumeSession(controller, currentSessionKey))}>
                  Resume this session's Claude conversation
                </Command.Item>
                <Command.Item value="Destroy this session" keywords={['delete', 'remove']} onSelect={() => ui.open({ kind: 'destroy-session', key: currentSessionKey })}>
                  Destroy this session…
                </Command.Item>
                <CurrentSessionCommands sessionKey={currentSessionKey} run={run} />
              </>
            )}
            <Command.Item value="Collapse or expand the sidebar" keywords={['sidebar', 'hide', 'show', 'toggle']} onSelect={() => run(toggleSidebar)}>
              Collapse or expand the sidebar <kbd>{SIDEBAR_SHORTCUT_LABEL}</kbd>
            </Command.Item>
            {[...hosts.values()].map((host) => (
              <Command.Item key={host.id} value={`Health of ${host.name}`} onSelect={() => run(() => navigate({ view: 'health', hostId: host.id }))}>
                Health of {host.name}
              </Command.Item>
            ))}
            {[...hosts.values()]
              .filter((host) => host.kind === 'ssh')
              .map((host) =>
                host.link.status === 'paused' ? (
                  <Command.Item key={`resume-${host.id}`} value={`Resume ${host.name}`} onSelect={() => run(hostActions(controller, host).resume)}>
                    Resume {host.name}
                  </Command.Item>
                ) : host.link.status === 'connected' ? (
                  <Command.Item key={`pause-${host.id}`} value={`Pause ${host.name}`} onSelect={() => run(hostActions(controller, host).pause)}>
                    Pause {host.name}
                  </Command.Item>
                ) : (
                  <Command.Item key={`connect-${host.id}`} value={`Connect to ${host.name}`} onSelect={() => run(hostActions(controller, host).connect)}>
                    Connect to {host.name} now
                  </Command.Item>
                ),
              )}
            <Command.Item value="Theme: follow the system" onSelect={() => theme('system')}>
              Theme: follow the system
            </Command.Item>
            <Command.Item value="Theme: light" onSelect={() => theme('light')}>
              Theme: light
            </Command.Item>
            <Command.Item value="Theme: dark" onSelect={() => theme('dark')}>
              Theme: dark
            </Command.Item>
          </Command.Group>
        </Command.List>
        <p className="palette-foot">
          <kbd>{APP_CHORD_LABEL}</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> previous/next session · <kbd>Enter</kbd> send · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · <kbd>Esc</kbd> stop
        </p>
      </Command>
    </Modal>
  );
}
