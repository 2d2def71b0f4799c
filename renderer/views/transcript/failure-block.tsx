/**
 * A failed turn, said once: the cause in plain words, what the API, CLI or daemon said (as text),
 * what to do, and Retry (the same message again, through the same send as the composer) or Edit
 * and resend (the message back in this session's composer).
 */
import { useContext, useState } from 'react';
import type { HostView } from '../../../shared/desk-api.js';
import type { FailureRow } from '../../../shared/transcript.js';
import { describeFailure, type TurnFailure } from '../../../shared/turn-failure.js';
import { errorMessage } from '../../api.js';
import { formatCost, formatDuration } from '../../lib/format.js';
import { handToComposer } from '../../state/composer-handoff.js';
import { useAppState, useController } from '../../state/hooks.js';
import { claudeProblem, type ClaudeProblem } from '../claude-advice.js';
import { SessionKeyContext } from './session-key.js';
import { VisibleText } from './visible-text.js';

/** The host's own advice for a login or install problem, whatever its last status said. */
function hostAdvice(host: HostView | undefined, failure: TurnFailure): ClaudeProblem | null {
  const kind = failure.cause.kind;
  if (!host || (kind !== 'not-logged-in' && kind !== 'cli-missing')) return null;
  const known = host.claude;
  const base = { command: known?.command ?? 'claude', runningAsRoot: known?.runningAsRoot ?? false };
  return claudeProblem({ ...host, claude: kind === 'cli-missing' ? { ...base, found: false } : { ...base, found: true, loggedIn: false } });
}

/** Who said the words shown: the API (its message), the CLI (its result or synthetic line), or the daemon. */
function said(row: FailureRow): { who: string; text: string } | null {
  const { cause, detail } = row.failure;
  if ((cause.kind === 'api-error' || cause.kind === 'rate-limit') && cause.message) return { who: 'The API said', text: cause.message };
  if (!detail) return null;
  return { who: row.evidence.resultText || row.evidence.cliText ? 'The CLI said' : 'The daemon said', text: detail };
}

const formatTime = (ms: number) => new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

export function FailureBlock({ row }: { row: FailureRow }) {
  const controller = useController();
  const key = useContext(SessionKeyContext);
  const host = useAppState((state) => {
    const hostId = key ? state.sessions.get(key)?.hostId : undefined;
    return hostId ? state.hosts.get(hostId) : undefined;
  });
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const hostName = host?.name ?? 'the host';
  const advice = hostAdvice(host, row.failure);
  const text = describeFailure(row.failure, hostName, formatTime);
  const headline = advice?.headline ?? text.headline;
  const words = said(row);
  const hold = claudeProblem(host);
  const heldBy = hold?.blocksSending ? hold.holdReason : null;
  const figures = [row.durationMs !== null ? formatDuration(row.durationMs) : null, row.costUsd ? formatCost(row.costUsd) : null].filter(Boolean);

  const retry = async () => {
    if (!key || row.message === null) return;
    setSending(true);
    setProblem(null);
    try {
      await controller.send(key, row.message);
    } catch (failure) {
      setProblem(`Not sent: ${errorMessage(failure)}`);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="row-failure" role="note" aria-label="Turn failed">
      <strong className="failure-headline">The turn failed: {headline}</strong>
      {words && (
        <p className="failure-said">
          {words.who}: <VisibleText text={words.text} />
        </p>
      )}
      {advice ? (
        <ul className="failure-steps">
          {advice.steps.map((step, index) => (
            <li key={index}>
              {step.text}
              {step.command && <code>{step.command}</code>}
              {step.after}
            </li>
          ))}
          <li>Then Retry.</li>
        </ul>
      ) : (
        <p className="failure-advice">{text.advice}</p>
      )}
      <div className="failure-actions">
        {row.message !== null && key && (
          <>
            <button type="button" className="button small primary" onClick={() => void retry()} disabled={sending || heldBy !== null} title={heldBy ?? 'Send the same message again'}>
              {sending ? 'Sending…' : 'Retry'}
            </button>
            <button type="button" className="button small" onClick={() => handToComposer(key, row.message!)} title="Put the message back in the composer to change it before sending">
              Edit and resend
            </button>
          </>
        )}
        {heldBy && <span className="failure-hold">{heldBy}.</span>}
        {problem && (
          <span className="failure-problem" role="alert">
            {problem}
          </span>
        )}
        {figures.length > 0 && <span className="turn-figures">{figures.join(' · ')}</span>}
      </div>
    </section>
  );
}
