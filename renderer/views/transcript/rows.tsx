/** One component per transcript row kind; each is memoised on its row, which the reducer keeps stable. */
import { memo, useState } from 'react';
import type { TranscriptRow } from '../../../shared/transcript.js';
import { formatCost, formatCount, formatDuration } from '../../lib/format.js';
import { FailureBlock } from './failure-block.js';
import { MarkdownDocument } from './markdown-document.js';
import { MessageActions, QueuedActions } from './message-actions.js';
import { ToolCard } from './tool-card.js';
import { VisibleText } from './visible-text.js';

/**
 * The user's own words, as Markdown like Claude's (and as untrusted: a message may be pasted from
 * anywhere). The actions sit beside the article, so the article reads as the message alone.
 */
function UserMessage({ row }: { row: Extract<TranscriptRow, { kind: 'user' }> }) {
  // Kept here, not in the queue's buttons: a refusal ("its turn began") must outlive the queued state it answers.
  const [problem, setProblem] = useState<string | null>(null);
  const queued = row.queuedPosition !== null;
  const state = queued ? `Queued, position ${row.queuedPosition}` : row.confirmed ? null : 'Sending…';
  return (
    <div className="row-user message">
      <article aria-label="Your message">
        <div className="user-bubble">
          <MarkdownDocument id={row.id} text={row.text} streaming={false} />
        </div>
        {state && (
          <div className="message-foot">
            <span className="user-state">{state}</span>
            {queued && <QueuedActions rowId={row.id} onProblem={setProblem} />}
          </div>
        )}
        {problem && (
          <p className="message-problem" role="alert">
            {problem}
          </p>
        )}
      </article>
      <MessageActions text={row.text} at={row.at} who="your" editable={!queued} />
    </div>
  );
}

function AssistantText({ row }: { row: Extract<TranscriptRow, { kind: 'assistant' }> }) {
  return (
    <div className="message message-assistant">
      {/* While text streams, a blinking cursor (CSS, after the last block) ends it. */}
      <article className={row.streaming ? 'row-assistant streaming' : 'row-assistant'} aria-label="Claude" aria-busy={row.streaming}>
        <MarkdownDocument id={row.id} text={row.text} streaming={row.streaming} />
      </article>
      {!row.streaming && <MessageActions text={row.text} at={row.at} who="Claude’s" editable={false} />}
    </div>
  );
}

/** What the turn used, in fixed precision; an interrupted one says what it used before it stopped, or nothing it does not know. */
export function turnFigures(row: Extract<TranscriptRow, { kind: 'turn-end' }>): string[] {
  const known = row.inputTokens !== null || row.outputTokens !== null;
  const tokens = known ? `${formatCount(row.inputTokens ?? 0)} in · ${formatCount(row.outputTokens ?? 0)} out tokens` : null;
  return [
    row.durationMs !== null ? formatDuration(row.durationMs) : null,
    tokens && row.outcome === 'interrupted' ? `used ${tokens} before it stopped` : tokens,
    row.costUsd !== null ? formatCost(row.costUsd) : null,
  ].filter((part): part is string => part !== null);
}

function TurnFooter({ row }: { row: Extract<TranscriptRow, { kind: 'turn-end' }> }) {
  const parts = turnFigures(row);
  return (
    <div className={`row-turn-end turn-${row.outcome}`} role="note" aria-label="Turn finished">
      <span>{row.outcome === 'failed' ? 'Turn failed' : row.outcome === 'interrupted' ? 'Turn interrupted' : 'Turn complete'}</span>
      {parts.length > 0 && <span className="turn-figures">{parts.join(' · ')}</span>}
    </div>
  );
}

export const TranscriptRowView = memo(function TranscriptRowView({ row }: { row: TranscriptRow }) {
  switch (row.kind) {
    case 'user':
      return <UserMessage row={row} />;
    case 'assistant':
      return <AssistantText row={row} />;
    case 'tool':
      return <ToolCard row={row} />;
    case 'turn-end':
      return <TurnFooter row={row} />;
    case 'failure':
      return <FailureBlock row={row} />;
    case 'interrupted':
      return (
        <div className="row-status row-interrupted" role="note">
          <strong>Interrupted.</strong> Claude stopped where it was; send a message to go on from there.
        </div>
      );
    case 'error':
      return (
        <div className="row-status row-error" role="note">
          <strong>The session’s stream broke:</strong> <VisibleText text={row.message} />. New output shows here once the stream is back.
        </div>
      );
    case 'notice':
      return (
        <div className={`row-status row-notice notice-${row.level}`} role="note">
          <VisibleText text={row.message} />
        </div>
      );
  }
});
