/** One component per transcript row kind; each is memoised on its row, which the reducer keeps stable. */
import { memo } from 'react';
import type { TranscriptRow } from '../../../shared/transcript.js';
import { formatCost, formatCount, formatDuration } from '../../lib/format.js';
import { FailureBlock } from './failure-block.js';
import { MarkdownDocument } from './markdown-document.js';
import { ToolCard } from './tool-card.js';
import { VisibleText } from './visible-text.js';

function UserMessage({ row }: { row: Extract<TranscriptRow, { kind: 'user' }> }) {
  const state = row.queuedPosition !== null ? `Queued, position ${row.queuedPosition}` : row.confirmed ? null : 'Sending…';
  return (
    <article className="row-user" aria-label="Your message">
      <div className="user-bubble">
        <VisibleText text={row.text} />
      </div>
      {state && <div className="user-state">{state}</div>}
    </article>
  );
}

function AssistantText({ row }: { row: Extract<TranscriptRow, { kind: 'assistant' }> }) {
  return (
    // While text streams, a blinking cursor (CSS, after the last block) ends it.
    <article className={row.streaming ? 'row-assistant streaming' : 'row-assistant'} aria-label="Claude" aria-busy={row.streaming}>
      <MarkdownDocument id={row.id} text={row.text} streaming={row.streaming} />
    </article>
  );
}

function TurnFooter({ row }: { row: Extract<TranscriptRow, { kind: 'turn-end' }> }) {
  const parts = [
    row.durationMs !== null ? formatDuration(row.durationMs) : null,
    row.inputTokens !== null || row.outputTokens !== null ? `${formatCount(row.inputTokens ?? 0)} in · ${formatCount(row.outputTokens ?? 0)} out tokens` : null,
    row.costUsd !== null ? formatCost(row.costUsd) : null,
  ].filter(Boolean);
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
