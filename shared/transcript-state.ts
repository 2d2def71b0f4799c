/**
 * What a transcript shows, as data: its rows and the reducer's state between batches
 * (transcript.ts builds them). Rows are immutable; a change makes a new row object.
 */
import type { FailureEvidence, TurnFailure } from './turn-failure.js';
import { NO_USAGE, type CliTotal, type SeenUsage, type TurnFigures } from './turn-figures.js';

export type TranscriptRow =
  /** `at`: when the desk took the message (ISO), where the transcript holds it. */
  | { id: string; kind: 'user'; text: string; confirmed: boolean; queuedPosition: number | null; at?: string }
  /** `at`: when the message of its turn was sent, where known. */
  | { id: string; kind: 'assistant'; text: string; streaming: boolean; at?: string }
  | { id: string; kind: 'tool'; toolUseId: string | null; tool: string; input: unknown; result: ToolResult | null; request: ApprovalRequest | null }
  /** The figures are this turn's own; tokens are null when nothing reported them. */
  | ({ id: string; kind: 'turn-end'; outcome: 'completed' | 'failed' | 'interrupted' } & TurnFigures)
  | FailureRow
  | { id: string; kind: 'interrupted' }
  /** The stream of a session broke (a client-made error with a `reason`); not the turn's own failure. */
  | { id: string; kind: 'error'; message: string }
  | { id: string; kind: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

export interface TranscriptState {
  readonly rows: readonly TranscriptRow[];
  /** Index of the assistant row that is still receiving text. */
  readonly streaming: number | null;
  /** User messages whose turn has not begun, oldest first. */
  readonly pending: readonly UserRow[];
  /** A turn is under way (its first event arrived, its end did not). */
  readonly inTurn: boolean;
  /** Index of each tool row by its tool_use id. */
  readonly tools: ReadonlyMap<string, number>;
  /** Index of the row of each request by its id. */
  readonly requests: ReadonlyMap<string, number>;
  /** The user's message of the turn under way, or of the last one. */
  readonly turnMessage: string | null;
  /** Index of the failure row a failed `result` just added, which the daemon's trailing `error` joins. */
  readonly failedAt: number | null;
  /** The CLI's synthetic assistant text of this turn (its own error words), held until the turn shows whether it failed. */
  readonly synthetic: { id: string; text: string } | null;
  /** The daemon echoes each turn's message (`user_message`): a turn never begins any other way. */
  readonly echoes: boolean;
  /** What the session's turns cost, summed from each turn's own cost; null before any turn reported one. */
  readonly sessionCostUsd: number | null;
  /** The CLI's running total at the last turn's end, which the next turn's cost counts from. */
  readonly cliTotalUsd: CliTotal;
  /** The API usage the running turn's stream reported, for a turn whose result reports none (an interrupt). */
  readonly turnUsage: SeenUsage;
  /** When the message of the turn under way (or the last one) was sent, where known. */
  readonly turnAt: string | null;
}

export type UserRow = Extract<TranscriptRow, { kind: 'user' }>;

/**
 * A failed turn, once: why (classified from everything the turn said about its failure) and the
 * user's message of that turn, for Retry and Edit and resend (null when the transcript does not
 * hold it). The CLI's error text is here, never also an assistant row.
 */
export interface FailureRow extends TurnFigures {
  id: string;
  kind: 'failure';
  failure: TurnFailure;
  evidence: FailureEvidence;
  message: string | null;
}

/** One of Claude's requests for an answer (a tool call, a plan, a question), on its tool's row. */
export interface ApprovalRequest {
  requestId: string;
  kind: 'tool' | 'plan' | 'question';
  input: unknown;
  /** What the CLI says of the call ("Run a scripted command"), and the path it would touch. */
  reason: string | null;
  blockedPath: string | null;
  state: 'waiting' | 'allow' | 'deny' | 'withdrawn';
  by: 'user' | 'daemon' | null;
  /** A deny's message, or why the request was withdrawn. */
  message: string | null;
  /** The mode the session went on in (an approved plan). */
  mode: string | null;
}

/** `stopped`: the user interrupted the tool; what the CLI reports then is not the tool's own failure. */
export interface ToolResult {
  content: string;
  isError: boolean;
  stopped: boolean;
  /** The CLI's structured result (stdout and stderr, an Edit's `structuredPatch`), as it sent it. */
  toolUseResult?: unknown;
}


export const EMPTY_TRANSCRIPT: TranscriptState = {
  rows: [],
  streaming: null,
  pending: [],
  inTurn: false,
  tools: new Map(),
  requests: new Map(),
  turnMessage: null,
  failedAt: null,
  synthetic: null,
  echoes: false,
  sessionCostUsd: null,
  cliTotalUsd: null,
  turnUsage: NO_USAGE,
  turnAt: null,
};
