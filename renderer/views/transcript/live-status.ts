/**
 * What the transcript's live status row says while Claude works and nothing streams: that Claude
 * is thinking (from Send until the first output, and between outputs), or which tool is running.
 * Text that streams is its own pulse, and a request waiting for the user has its card: no status
 * then, nor once the turn is over.
 */
import type { TranscriptState } from '../../../shared/transcript.js';

export type LiveStatus =
  /** `since`: when the message this wait follows was sent, where the transcript holds it. */
  | { kind: 'thinking'; phase: string; since: string | null }
  /** `rowId`: the tool's row, whose card counts the same seconds. */
  | { kind: 'tool'; tool: string; rowId: string; phase: string; since: null };

/**
 * `phase` names the wait: it stays the same while the same wait goes on (from Send, through the
 * message's confirmation, to the first output), so its clock is not restarted; it changes when
 * output arrives.
 */
export function liveStatus(transcript: Pick<TranscriptState, 'rows' | 'pending' | 'streaming' | 'inTurn'>, sending: number): LiveStatus | null {
  const { rows, pending, streaming, inTurn } = transcript;
  if (!inTurn && pending.length === 0 && sending === 0) return null;
  if (inTurn && streaming !== null) return null;
  let at = rows.length - 1;
  // The user's messages are not output: the wait they start goes on until something else comes.
  while (at >= 0 && rows[at]!.kind === 'user') at--;
  if (inTurn) {
    // Calls Claude made together run together: the newest one still without a result is running.
    for (let i = at; i >= 0 && rows[i]!.kind === 'tool'; i--) {
      const row = rows[i]!;
      if (row.kind !== 'tool' || row.result !== null) continue;
      if (row.request?.state === 'waiting') return null;
      return { kind: 'tool', tool: row.tool, rowId: row.id, phase: `tool:${row.id}`, since: null };
    }
  }
  return { kind: 'thinking', phase: `after:${at >= 0 ? rows[at]!.id : 'start'}`, since: messageTime(transcript, at) };
}

/** When the message that started this wait was sent: the newest user row after the last output, or the next message to run. */
function messageTime({ rows, pending, inTurn }: Pick<TranscriptState, 'rows' | 'pending' | 'inTurn'>, lastOutput: number): string | null {
  if (inTurn) {
    const newest = rows.length - 1 > lastOutput ? rows[rows.length - 1] : undefined;
    return newest?.kind === 'user' ? (newest.at ?? null) : null;
  }
  return pending[0]?.at ?? null;
}
