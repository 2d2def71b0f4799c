/**
 * How a turn on the CLI ended, judged from what it printed and how the process exited
 * (docs/claude-cli.md): done (and what to add to the transcript), or a second try in another
 * form (a fresh Claude session when --resume failed; one process per message when the CLI has
 * no --input-format).
 */
import type { EventBody } from '../shared/protocol.js';
import type { ClaudeExit } from './claude-process.js';
import { cliResultOf } from './cli-mapping.js';

export type TurnOutcome = 'completed' | 'failed' | 'interrupted';

/** What the runner saw of a turn. */
export interface SeenTurn {
  interrupting: boolean;
  result: EventBody | undefined;
  sawInit: boolean;
  /** A result that came before any init: the CLI refusing to start (e.g. an unknown --resume id). */
  held: EventBody[];
}

export type Verdict = { retry: 'fallback' | 'per-message' } | { outcome: TurnOutcome; events: EventBody[] };

const RESUME_FAILED = /No conversation found with session ID/i;
const NO_STREAM_INPUT = /unknown option.*input-format/i;
const ABORTED = /^aborted_/;

export function judgeTurn(turn: SeenTurn, exit: ClaudeExit | undefined, resumed: boolean, persistent: boolean): Verdict {
  if (exit && RESUME_FAILED.test(exit.stderrTail) && resumed && !turn.interrupting && !turn.sawInit) return { retry: 'fallback' };
  const events = [...turn.held];
  if (turn.interrupting) return { outcome: 'interrupted', events: [...events, { type: 'interrupted' }] };
  if (turn.result) {
    const result = cliResultOf(turn.result);
    if (result?.is_error !== true) return { outcome: 'completed', events };
    // The CLI was interrupted from outside (a SIGINT not sent by the daemon): it says so itself.
    if (ABORTED.test(String((result as { terminal_reason?: unknown }).terminal_reason ?? ''))) return { outcome: 'interrupted', events: [...events, { type: 'interrupted' }] };
    const detail = result.result ?? 'no details';
    const code = exit?.code ? ` (exit code ${exit.code})` : '';
    return { outcome: 'failed', events: [...events, { type: 'error', message: `Claude reported an error${code}: ${detail}` }] };
  }
  if (exit && persistent && NO_STREAM_INPUT.test(exit.stderrTail)) return { retry: 'per-message' };
  return { outcome: 'failed', events: [...events, { type: 'error', message: describeExit(exit) }] };
}

const NOT_LOGGED_IN = /not logged in|please run \/login|invalid api key/i;

/**
 * A failed turn that says something about Claude on the host rather than about the message: the
 * CLI ended before its init (missing, refusing its flags) or said it is not logged in.
 */
export function failedAtStart(turn: SeenTurn, outcome: TurnOutcome): boolean {
  if (outcome !== 'failed') return false;
  if (!turn.sawInit) return true;
  const said = turn.result ? cliResultOf(turn.result)?.result : undefined;
  return typeof said === 'string' && NOT_LOGGED_IN.test(said);
}

function describeExit(exit: ClaudeExit | undefined): string {
  if (!exit) return 'The Claude CLI ended the turn without a result.';
  if (exit.spawnError) return `The Claude CLI could not be started: ${exit.spawnError}`;
  const how = exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`;
  const tail = exit.stderrTail ? `: ${exit.stderrTail.slice(-800)}` : ' without printing an error';
  return `The Claude CLI ${how} before the turn finished${tail}`;
}
