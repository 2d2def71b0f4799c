/** How a tool call stands, for its card: waiting, running, stopped, denied, failed or done, and what its result says to the user. */
import type { TranscriptRow } from '../../../../shared/transcript.js';
import { isDeniedText, resultForUser } from '../../../lib/tool-text.js';

export type ToolRow = Extract<TranscriptRow, { kind: 'tool' }>;

export type ToolState = 'waiting' | 'running' | 'stopped' | 'denied' | 'error' | 'done';

export const TOOL_STATE_LABEL: Record<ToolState, string> = { waiting: 'waiting for you', running: 'running…', stopped: 'stopped', denied: 'denied', error: 'failed', done: 'done' };

export interface ToolOutcome {
  state: ToolState;
  /** The result without the CLI's notes to the model ('' while there is none). */
  text: string;
  /** Denied through its request here: the request's own line says so, with the user's message. */
  deniedByRequest: boolean;
}

export function toolOutcome(row: ToolRow): ToolOutcome {
  const text = row.result ? resultForUser(row.result.content) : '';
  const deniedByRequest = row.request?.state === 'deny';
  const state: ToolState =
    row.request?.state === 'waiting'
      ? 'waiting'
      : deniedByRequest
        ? 'denied'
        : row.result === null
          ? 'running'
          : row.result.stopped
            ? 'stopped'
            : row.result.isError
              ? isDeniedText(text)
                ? 'denied'
                : 'error'
              : 'done';
  return { state, text, deniedByRequest };
}

/**
 * The CLI's structured result of the call (`tool_use_result`: an Edit's patch, a Bash's stdout),
 * where the transcript keeps it on the row's result as `toolUseResult`; undefined otherwise.
 */
export function structuredResultOf(row: ToolRow): unknown {
  return (row.result as { toolUseResult?: unknown } | null)?.toolUseResult;
}
