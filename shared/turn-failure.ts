/**
 * Why a turn failed, in plain words, from what any daemon sends about it: the CLI's failed
 * `result` (`is_error`, its `result` text, `api_error_status`), the CLI's own words in its
 * synthetic assistant line ("Not logged in · Please run /login", "API Error: 400 ..."), and the
 * daemon's `error` event (`message`, `code`). Older daemons send only some of these; each adds
 * what it knows. Pure: no clock, no DOM.
 */

/** What a failed turn said about itself; every member optional, as daemons differ. */
export interface FailureEvidence {
  /** The `result` line's text (the CLI's error message). */
  resultText?: string;
  /** `api_error_status` of the result line. */
  apiStatus?: number;
  /** The text of the CLI's synthetic assistant line (its error, shown as if Claude said it). */
  cliText?: string;
  /** The daemon's `error` event. */
  errorMessage?: string;
  errorCode?: number;
}

export type FailureCause =
  | { kind: 'not-logged-in' }
  | { kind: 'cli-missing' }
  | { kind: 'rate-limit'; status: number | null; message: string | null; retryAtMs: number | null; retryText: string | null }
  | { kind: 'api-error'; status: number | null; message: string | null }
  | { kind: 'conversation-lost' }
  | { kind: 'other'; message: string };

export interface TurnFailure {
  cause: FailureCause;
  /** The words the CLI or daemon used, as they came (untrusted: shown as text only), or null. */
  detail: string | null;
}

/** What the block in the transcript says: the cause, and what to do about it. */
export interface FailureText {
  headline: string;
  advice: string;
}

const NOT_LOGGED_IN = /not logged in|please run \/login|invalid api key|oauth token (has )?expired|authentication_error|x-api-key/i;
const CLI_MISSING = /could not be started|\bENOENT\b|command not found|exited with code 127\b/i;
const RATE_LIMIT = /rate.?limit|usage limit|hit your limit|limit reached|too many requests/i;
const CONVERSATION_LOST = /no conversation found with session id/i;
const API_ERROR = /API Error:\s*(\d{3})\b\s*([\s\S]*)$/;
/** "Claude AI usage limit reached|1760000000": the CLI's older form, the reset time in seconds. */
const RESET_EPOCH = /limit reached\|(\d{9,11})/i;
/** "… resets 3pm (Europe/London)", "retry after 30 seconds": the CLI's words for when. */
const RESET_WORDS = /\b(resets?\s+[^·∙|\n]+?|retry after\s+[^·∙|\n]+?|try again (?:in|after|at)\s+[^·∙|\n]+?)\s*(?:[·∙|.\n]|$)/i;
/** The daemon's prefix before the CLI's own message (Switchyard's daemon). */
const DAEMON_PREFIX = /^Claude reported an error(?: \(exit code \d+\))?:\s*/;

/** Adds what a later event says to what is known; a member already known is kept. */
export function mergeEvidence(known: FailureEvidence, more: FailureEvidence): FailureEvidence {
  return { ...more, ...stripUndefined(known) };
}

export function classifyFailure(evidence: FailureEvidence): TurnFailure {
  const cliWords = evidence.resultText?.trim() || evidence.cliText?.trim() || undefined;
  const daemonWords = evidence.errorMessage?.trim() || undefined;
  // The CLI's words are the most direct; the daemon's message often quotes them with a prefix.
  const detail = cliWords ?? (daemonWords ? daemonWords.replace(DAEMON_PREFIX, '') || daemonWords : null);
  const all = [cliWords, daemonWords].filter(Boolean).join('\n');
  // The API's status and message from the most direct words: the CLI's, else the daemon's.
  const api = API_ERROR.exec(cliWords ?? daemonWords ?? '');
  const status = evidence.apiStatus ?? (api ? Number(api[1]) : null);
  const apiMessage = api ? messageOfBody(api[2] ?? '') : null;

  if (NOT_LOGGED_IN.test(all) || status === 401) return { cause: { kind: 'not-logged-in' }, detail };
  if (CLI_MISSING.test(all) && status === null) return { cause: { kind: 'cli-missing' }, detail };
  if (CONVERSATION_LOST.test(all)) return { cause: { kind: 'conversation-lost' }, detail };
  if (status === 429 || RATE_LIMIT.test(all)) {
    const epoch = RESET_EPOCH.exec(all);
    const words = RESET_WORDS.exec(all);
    return {
      cause: { kind: 'rate-limit', status, message: apiMessage, retryAtMs: epoch ? Number(epoch[1]) * 1000 : null, retryText: words ? words[1]!.trim() : null },
      detail,
    };
  }
  if (status !== null) return { cause: { kind: 'api-error', status, message: apiMessage ?? (cliWords && !api ? cliWords : null) }, detail };
  return { cause: { kind: 'other', message: detail ?? 'The Claude CLI ended the turn without saying why.' }, detail };
}

/**
 * Whether a daemon's `error` repeats a failure its `result` already reported (Switchyard's
 * daemon ends every failed result with an error quoting it), rather than a failure of its own.
 */
export function echoesFailure(evidence: FailureEvidence, errorMessage: string): boolean {
  const said = evidence.resultText?.trim();
  if (said) return errorMessage.includes(said);
  return DAEMON_PREFIX.test(errorMessage);
}

/** The block's words for a failure. `host` names where Claude runs; login and install steps come from the host's own advice. */
export function describeFailure(failure: TurnFailure, host: string, formatTime: (ms: number) => string): FailureText {
  const { cause } = failure;
  switch (cause.kind) {
    case 'not-logged-in':
      return { headline: `Claude is not logged in on ${host}.`, advice: `Log in on ${host}, then Retry.` };
    case 'cli-missing':
      return { headline: `The Claude CLI could not be started on ${host}.`, advice: `Install it on ${host}, then Retry.` };
    case 'rate-limit': {
      const when = cause.retryAtMs !== null ? `after ${formatTime(cause.retryAtMs)}` : cause.retryText ? `when the CLI says: ${cause.retryText}` : 'in a few minutes';
      return { headline: `Claude hit a rate limit${cause.status !== null ? ` (HTTP ${cause.status})` : ''}.`, advice: `Retry ${when}.` };
    }
    case 'api-error':
      return apiErrorText(cause.status);
    case 'conversation-lost':
      return {
        headline: `The Claude conversation of this session is gone on ${host}.`,
        advice: 'Use Resume: the next message then goes on in a fresh Claude conversation that is given this transcript first.',
      };
    case 'other':
      return { headline: 'The Claude CLI stopped before the turn finished.', advice: 'Retry sends the same message again; Edit and resend lets you change it first.' };
  }
}

function apiErrorText(status: number | null): FailureText {
  const http = status !== null ? ` (HTTP ${status})` : '';
  if (status === 529) return { headline: `Anthropic’s API is overloaded${http}.`, advice: 'Retry in a minute or two.' };
  if (status !== null && status >= 500) return { headline: `Anthropic’s API failed on its side${http}.`, advice: 'This usually passes: Retry in a moment.' };
  if (status === 403) return { headline: `The API refused access${http}.`, advice: 'Check that the account or API key on the host may use this model, then Retry.' };
  if (status === 413) return { headline: `The request was too large for the API${http}.`, advice: 'Edit and resend a shorter message, or start a new session.' };
  return { headline: `The API refused the request${http}.`, advice: 'The same message will likely fail again: Edit and resend it, or start a new session if the conversation has grown too long.' };
}

/** The `message` of an API error body (`{"type":"error","error":{"message":...}}`), or the text itself. */
function messageOfBody(body: string): string | null {
  const text = body.trim();
  if (!text) return null;
  const start = text.indexOf('{');
  if (start >= 0) {
    try {
      const parsed = JSON.parse(text.slice(start)) as { error?: { message?: unknown }; message?: unknown };
      const message = parsed.error?.message ?? parsed.message;
      if (typeof message === 'string' && message.trim()) return message.trim();
    } catch {
      // Not JSON after all: the text as it is.
    }
  }
  return text;
}

function stripUndefined(evidence: FailureEvidence): FailureEvidence {
  return Object.fromEntries(Object.entries(evidence).filter(([, value]) => value !== undefined)) as FailureEvidence;
}
