/** One session: its header and actions, the live transcript and the composer. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionView as Session } from '../../shared/desk-api.js';
import type { TurnFailure } from '../../shared/turn-failure.js';
import { errorMessage } from '../api.js';
import { formatCost } from '../lib/format.js';
import { shortenPath } from '../lib/short-path.js';
import { useRenameRequest } from '../state/rename-request.js';
import { ATTENTION_LABEL, attentionOf } from '../state/board.js';
import { useAppState, useController } from '../state/hooks.js';
import { navigate } from '../state/route.js';
import { useUi } from '../state/ui.js';
import { ClaudeBanner } from './claude-banner.js';
import { Composer } from './composer.js';
import { lastTurnFailure, resumeHelps, resumeSession } from './session-actions.js';
import { HostBadge } from './host-badge.js';
import { storageProblem } from './host-storage.js';
import { SessionKeyContext } from './transcript/session-key.js';
import { TaskChecklist } from './task-checklist.js';
import { TranscriptView } from './transcript/transcript-view.js';
import { modelName } from './model-picker.js';

/** About what fits the header's meta line at 1024 px beside the status, host and model; CSS ends it with "…" where less fits. */
const PATH_CHARS = 32;

function SessionTitle({ session }: { session: Session }) {
  const controller = useController();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(session.name);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setEditing(false), [session.key]);
  const currentName = session.name;
  const startEditing = useCallback(() => {
    setName(currentName);
    setError(null);
    setEditing(true);
  }, [currentName]);
  useRenameRequest(session.key, startEditing);
  // Also when asked from the palette, whose closing hands the focus back to where it was.
  useEffect(() => {
    if (editing) input.current?.focus();
  }, [editing]);

  if (!editing) {
    return (
      <div className="title-line">
        <h1 title={session.name}>{session.name}</h1>
        <button type="button" className="button small ghost" onClick={startEditing}>
          Rename
        </button>
      </div>
    );
  }
  const save = async () => {
    try {
      await controller.desk.sessionsRename({ key: session.key, name });
      setEditing(false);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <form
      className="title-line"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <input ref={input} aria-label="Session name" value={name} maxLength={80} autoFocus onChange={(event) => setName(event.target.value)} onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.preventDefault();
          setEditing(false);
        }} />
      <button type="submit" className="button small primary">
        Save
      </button>
      <button type="button" className="button small" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function SessionActions({ session, hostName, failure }: { session: Session; hostName: string; failure: TurnFailure | null }) {
  const controller = useController();
  const ui = useUi();
  const [working, setWorking] = useState(false);

  const resume = async () => {
    setWorking(true);
    await resumeSession(controller, session.key);
    setWorking(false);
  };
  const restore = async () => {
    setWorking(true);
    await controller.run('Restore', () => controller.desk.sessionsRestore({ key: session.key }), `${hostName} · ${session.name}`);
    setWorking(false);
  };

  return (
    <div className="session-actions">
      {session.lost ? (
        <button type="button" className="button small primary" onClick={() => void restore()} disabled={working} title="Create the session again on its daemon and continue the Claude conversation">
          Restore
        </button>
      ) : (
        resumeHelps(session, failure) && (
          <button type="button" className="button small primary" onClick={() => void resume()} disabled={working} title="The daemon could not go on with this session’s Claude conversation: continue it, or start a fresh one that first reads this transcript">
            Resume
          </button>
        )
      )}
      <button type="button" className="button small danger-outline" onClick={() => ui.open({ kind: 'destroy-session', key: session.key })}>
        Destroy
      </button>
    </div>
  );
}

/** Tells screen-reader users when Claude finishes or fails, which they cannot see happen. */
function TurnAnnouncer({ session }: { session: Session }) {
  const [message, setMessage] = useState('');
  const previous = useRef(session.status);
  useEffect(() => {
    if (previous.current === 'busy' && session.status !== 'busy') {
      setMessage(session.lastOutcome === 'failed' || session.status === 'error' ? `The turn in ${session.name} failed.` : session.lastOutcome === 'interrupted' ? `Claude stopped in ${session.name}.` : `Claude finished in ${session.name}.`);
    } else if (session.status === 'busy') {
      setMessage('');
    }
    previous.current = session.status;
  }, [session.status, session.lastOutcome, session.name]);
  return (
    <div className="sr-only" aria-live="polite">
      {message}
    </div>
  );
}

export function SessionScreen({ sessionKey }: { sessionKey: string }) {
  const controller = useController();
  const session = useAppState((state) => state.sessions.get(sessionKey));
  const host = useAppState((state) => (session ? state.hosts.get(session.hostId) : undefined));
  const transcript = useAppState((state) => state.transcripts.get(sessionKey));
  const phase = useAppState((state) => state.phase);

  // Watched as soon as the window opens on it, while the list of sessions still loads: its rows do not wait for the board.
  const wanted = session !== undefined || phase === 'loading';
  useEffect(() => (wanted ? controller.show(sessionKey) : undefined), [controller, sessionKey, wanted]);
  const outbox = useAppState((state) => state.outbox.get(sessionKey));

  useEffect(() => {
    if (session?.unread) void controller.desk.sessionsMarkRead({ key: sessionKey }).catch(() => undefined);
  }, [controller, sessionKey, session?.unread]);

  if (!session) {
    return (
      <main className="session-missing">
        {phase === 'loading' ? (
          <p className="empty">Loading…</p>
        ) : (
          <div className="empty">
            <h1>Session not found</h1>
            <p>It may have been destroyed, or its host removed.</p>
            <button type="button" className="button" onClick={() => navigate({ view: 'board' })}>
              Back to the board
            </button>
          </div>
        )}
      </main>
    );
  }

  const hostName = host?.name ?? session.hostId;
  const attention = attentionOf(session);
  // Only the newest turns' costs are summed until the earlier part is read.
  const cost = transcript?.partial ? null : (transcript?.state.sessionCostUsd ?? null);
  return (
    <main className="session" aria-label={`Session ${session.name}`}>
      <header className="session-header">
        <SessionTitle session={session} />
        <div className="session-meta">
          <span className={`status-pill pill-${attention}`}>{session.status === 'busy' ? 'Running' : ATTENTION_LABEL[attention]}</span>
          <span title="Host">
            {hostName} {host && <HostBadge link={host.link} />}
          </span>
          <span className="meta-path" title={`Folder on the host: ${session.path}`}>
            {shortenPath(session.path, PATH_CHARS)}
          </span>
          <span className="meta-model" title={session.model ? `Model: ${session.model}` : 'Model: the CLI’s default'}>
            {modelName(session.model, host?.models ?? [])}
          </span>
          {cost !== null && (
            <span className="meta-cost" title="What this session’s turns have cost so far, as Claude reported it">
              Cost {formatCost(cost)}
            </span>
          )}
        </div>
        <SessionActions session={session} hostName={hostName} failure={lastTurnFailure(transcript?.state)} />
      </header>
      <ClaudeBanner host={host} onCheckAgain={(hostId) => controller.desk.hostsCheckClaude({ hostId })} />
      {session.lost && (
        <p className="banner warning" role="status">
          {hostName}'s daemon no longer knows this session (it was restarted or its data was removed). The transcript below is kept; Restore creates it again and continues the conversation.
        </p>
      )}
      {host?.storage && !host.storage.ok && (
        <p className="banner warning" role="status">
          {storageProblem(host)}
        </p>
      )}
      {host && host.link.status !== 'connected' && !session.lost && (
        <p className="banner" role="status">
          {hostName} is {host.link.status === 'reconnecting' ? 'reconnecting' : host.link.status}: the transcript below is what this computer has; new output appears once the link is back.
        </p>
      )}
      {transcript?.status === 'error' ? (
        <div className="empty" role="alert">
          <p>The transcript of {session.name} could not be loaded: {transcript.error}</p>
          <button type="button" className="button" onClick={() => controller.retryTranscript(sessionKey)}>
            Try again
          </button>
        </div>
      ) : !transcript || transcript.status === 'loading' ? (
        <p className="empty">Loading the transcript…</p>
      ) : (
        <SessionKeyContext.Provider value={sessionKey}>
          <TranscriptView transcript={transcript.state} partial={transcript.partial} onRetryEarlier={() => controller.earlier.retry(sessionKey)} outbox={outbox} busy={session.status === 'busy'} emptyHint={`Nothing here yet. Ask Claude something below: it works in ${session.path} on ${hostName}.`} />
        </SessionKeyContext.Provider>
      )}
      <TaskChecklist sessionKey={session.key} />
      <Composer session={session} host={host} hostName={hostName} />
      <TurnAnnouncer session={session} />
    </main>
  );
}
