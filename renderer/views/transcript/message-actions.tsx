/**
 * What a message offers besides its text: when it was sent, Copy, and for the user's own
 * messages Edit and resend (the text back in this session's composer). Shown on hover and on
 * keyboard focus. A queued message can be taken back: Cancel, or Edit (cancel, then the text
 * in the composer), answered by the desk with the text that was queued.
 */
import { useContext, useState } from 'react';
import { errorMessage } from '../../api.js';
import { formatSentAt } from '../../lib/format.js';
import { handToComposer } from '../../state/composer-handoff.js';
import { useController } from '../../state/hooks.js';
import { CopyButton } from './copy-button.js';
import { SessionKeyContext } from './session-key.js';
import { shownText } from './shown-text.js';
import './messages.css';

export function SentAt({ at }: { at: string | undefined }) {
  if (!at) return null;
  const label = formatSentAt(at);
  if (!label) return null;
  return (
    <time className="message-time" dateTime={at} title={new Date(at).toLocaleString()}>
      {label}
    </time>
  );
}

export function MessageActions({ text, at, who, editable }: { text: string; at: string | undefined; who: 'your' | 'Claude’s'; editable: boolean }) {
  const key = useContext(SessionKeyContext);
  return (
    <div className="message-actions">
      <SentAt at={at} />
      <CopyButton label={who === 'your' ? 'Copy your message' : 'Copy Claude’s message'} text={() => shownText(text)} />
      {editable && key && (
        <button type="button" className="button small ghost" onClick={() => handToComposer(key, text)} title="Put this message in the composer to change it and send it again">
          Edit and resend
        </button>
      )}
    </div>
  );
}

/** The number of the transcript item a pending message came from (its row id is `r<n>`), or null for one still on its way. */
export function sentItemNumber(rowId: string): number | null {
  const match = /^r(\d+)$/.exec(rowId);
  return match ? Number(match[1]) : null;
}

/** Cancel and Edit for a queued message; `onProblem` says why it could not be taken back (its turn began, say). */
export function QueuedActions({ rowId, onProblem }: { rowId: string; onProblem: (problem: string | null) => void }) {
  const controller = useController();
  const key = useContext(SessionKeyContext);
  const [working, setWorking] = useState(false);
  const n = sentItemNumber(rowId);
  if (!key || n === null) return null;
  const takeBack = async (edit: boolean) => {
    setWorking(true);
    onProblem(null);
    try {
      const { message } = await controller.desk.sessionsCancelQueued({ key, n });
      if (edit) handToComposer(key, message);
    } catch (failure) {
      onProblem(`Could not take it back: ${errorMessage(failure)}`);
    } finally {
      setWorking(false);
    }
  };
  return (
    <div className="queued-actions">
      <button type="button" className="button small" disabled={working} onClick={() => void takeBack(false)} title="Take this message out of the queue: it will not run">
        Cancel
      </button>
      <button type="button" className="button small" disabled={working} onClick={() => void takeBack(true)} title="Take this message out of the queue and put it in the composer to change it">
        Edit
      </button>
    </div>
  );
}
