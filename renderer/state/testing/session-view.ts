/** A session as the desk shows it, for renderer tests: an idle session on "This computer", changed as a test needs. */
import type { SessionView } from '../../../shared/desk-api.js';

const BASE: SessionView = {
  key: 'local/a',
  hostId: 'local',
  sessionId: 'a',
  name: 'alpha',
  path: '/work/alpha',
  mode: 'auto',
  model: 'claude-x',
  status: 'idle',
  sdkSessionId: null,
  createdAt: '2026-11-25T00:00:00Z',
  lastActivityAt: '2026-11-25T00:00:00Z',
  queue: null,
  unread: false,
  lastOutcome: null,
  lost: false,
  transcriptLength: 0,
  approvals: [],
};

/** The session `<hostId>/<id>` (host `local` unless changed), named `id`. */
export function sessionView(id: string, change: Partial<SessionView> = {}): SessionView {
  return { ...BASE, key: `${change.hostId ?? 'local'}/${id}`, sessionId: id, name: id, ...change };
}
