/** The app frame: sidebar, the current view, dialogs, notices and the global shortcuts. */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { isAppChord, isEditable } from './lib/keys.js';
import { useAppState, useController } from './state/hooks.js';
import { navigate, useRoute } from './state/route.js';
import { UiContext, type Dialog, type Ui } from './state/ui.js';
import { boardSessions, NO_FILTER, waitingCount } from './state/board.js';
import { isSidebarShortcut, toggleSidebar } from './state/sidebar-collapse.js';
import { placeOf, windowTitle } from './lib/window-title.js';
import { Board } from './views/board.js';
import { DialogHost } from './views/dialog-host.js';
import { ErrorBoundary } from './views/error-boundary.js';
import { SessionScreen } from './views/session-view.js';
import { Sidebar } from './views/sidebar.js';
import { Toasts } from './views/toasts.js';

// The charts library is the bulk of the bundle; it loads when a health view first opens.
const HealthScreen = lazy(() => import('./views/health-view.js').then((module) => ({ default: module.HealthScreen })));

function ConnectionBanner() {
  const phase = useAppState((state) => state.phase);
  const loadError = useAppState((state) => state.loadError);
  const eventStream = useAppState((state) => state.eventStream);
  const controller = useController();
  if (phase === 'error') {
    return (
      <div className="banner error app-banner" role="alert">
        Switchyard's backend did not answer: {loadError}{' '}
        <button type="button" className="button small" onClick={() => void controller.reload()}>
          Try again
        </button>
      </div>
    );
  }
  if (eventStream === 'unauthorized') {
    return (
      <div className="banner error app-banner" role="alert">
        This page lost its access to Switchyard: the backend restarted with a new access token. Open the SWITCHYARD_URL it printed.
      </div>
    );
  }
  if (eventStream === 'lost' || (eventStream === 'connecting' && phase === 'ready')) {
    return (
      <div className="banner warning app-banner" role="status">
        Live updates from the backend are interrupted; reconnecting. What you see may be behind.
      </div>
    );
  }
  return null;
}

export function App() {
  const controller = useController();
  const route = useRoute();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const ui: Ui = useMemo(() => ({ dialog, open: setDialog, close: () => setDialog(null) }), [dialog]);
  const currentKey = route.view === 'session' ? route.key : null;
  const current = useAppState((state) => (currentKey ? state.sessions.get(currentKey) : undefined));

  const waiting = useAppState((state) => waitingCount(state.sessions));
  const place = useAppState((state) => placeOf(route, state.sessions, state.hosts));
  useEffect(() => {
    document.title = windowTitle(waiting, place);
  }, [waiting, place]);

  const interrupt = useCallback(() => {
    if (currentKey) void controller.run('Stop', () => controller.desk.sessionsInterrupt({ key: currentKey }));
  }, [controller, currentKey]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setDialog((open) => (open?.kind === 'palette' ? null : { kind: 'palette' }));
        return;
      }
      if (dialog || event.defaultPrevented) return;
      if (isSidebarShortcut(event)) {
        event.preventDefault();
        toggleSidebar();
      } else if (isAppChord(event) && event.code === 'KeyN') {
        event.preventDefault();
        setDialog({ kind: 'new-session' });
      } else if (isAppChord(event) && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
        const { sessions, hosts } = controller.store.getState();
        const order = boardSessions(sessions.values(), hosts, NO_FILTER);
        if (order.length === 0) return;
        event.preventDefault();
        const at = order.findIndex((session) => session.key === currentKey);
        const step = event.key === 'ArrowDown' ? 1 : -1;
        const next = at < 0 ? (step > 0 ? 0 : order.length - 1) : (at + step + order.length) % order.length;
        navigate({ view: 'session', key: order[next]!.key });
      } else if (event.key === 'Escape' && current?.status === 'busy' && !isEditable(event.target)) {
        // Esc in a text field belongs to that field (the composer handles its own).
        event.preventDefault();
        interrupt();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [controller, dialog, currentKey, current?.status, interrupt]);

  return (
    <UiContext.Provider value={ui}>
      <div className="app">
        <Sidebar route={route} />
        <div className="main-column">
          <ConnectionBanner />
          {route.view === 'board' && (
            <ErrorBoundary what="the session board">
              <Board />
            </ErrorBoundary>
          )}
          {route.view === 'session' && (
            <ErrorBoundary key={route.key} what="this session">
              <SessionScreen key={route.key} sessionKey={route.key} />
            </ErrorBoundary>
          )}
          {route.view === 'health' && (
            <ErrorBoundary key={route.hostId} what="the health view">
              <Suspense fallback={<p className="empty">Loading the health view…</p>}>
                <HealthScreen hostId={route.hostId} />
              </Suspense>
            </ErrorBoundary>
          )}
        </div>
      </div>
      <DialogHost currentSessionKey={currentKey} onInterrupt={interrupt} />
      <Toasts />
    </UiContext.Provider>
  );
}
