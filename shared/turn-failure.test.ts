import { describe, expect, it } from 'vitest';
import { classifyFailure, describeFailure, echoesFailure, mergeEvidence, type FailureCause } from './turn-failure.js';

const cause = (evidence: Parameters<typeof classifyFailure>[0]): FailureCause => classifyFailure(evidence).cause;
const at = (ms: number) => new Date(ms).toISOString();

describe('why a turn failed, from what the daemon sent', () => {
  it('not logged in: the CLI’s words, an invalid key, or a 401', () => {
    expect(classifyFailure({ resultText: 'Not logged in · Please run /login' })).toEqual({ cause: { kind: 'not-logged-in' }, detail: 'Not logged in · Please run /login' });
    expect(cause({ cliText: 'Invalid API key · Please run /login' }).kind).toBe('not-logged-in');
    expect(cause({ resultText: 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', apiStatus: 401 }).kind).toBe('not-logged-in');
    // An older daemon: only its error event, quoting the CLI.
    expect(cause({ errorMessage: 'Claude reported an error (exit code 1): Not logged in · Please run /login' }).kind).toBe('not-logged-in');
  });

  it('the CLI missing on the host', () => {
    expect(classifyFailure({ errorMessage: 'The Claude CLI could not be started: spawn claude ENOENT' })).toEqual({ cause: { kind: 'cli-missing' }, detail: 'The Claude CLI could not be started: spawn claude ENOENT' });
    expect(cause({ errorMessage: 'The Claude CLI exited with code 127 before the turn finished: sh: claude: command not found' }).kind).toBe('cli-missing');
  });

  it('an API error with its status and the API’s own message', () => {
    const text = 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long"}}';
    expect(cause({ resultText: text, apiStatus: 400 })).toEqual({ kind: 'api-error', status: 400, message: 'prompt is too long' });
    // No api_error_status (older CLIs): the status from the text; a body that is not JSON as it is.
    expect(cause({ errorMessage: 'Claude reported an error: API Error: 503 upstream connect error' })).toEqual({ kind: 'api-error', status: 503, message: 'upstream connect error' });
    expect(cause({ resultText: 'Overloaded', apiStatus: 529 })).toEqual({ kind: 'api-error', status: 529, message: 'Overloaded' });
  });

  it('a rate limit, with when to retry where the CLI says it', () => {
    const limited = cause({ resultText: 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of requests exceeded"}}', apiStatus: 429 });
    expect(limited).toEqual({ kind: 'rate-limit', status: 429, message: 'Number of requests exceeded', retryAtMs: null, retryText: null });
    expect(cause({ resultText: 'Claude AI usage limit reached|1760000000' })).toMatchObject({ kind: 'rate-limit', retryAtMs: 1_760_000_000_000 });
    expect(cause({ cliText: '5-hour limit reached ∙ resets 3pm (Europe/Paris)' })).toMatchObject({ kind: 'rate-limit', status: null, retryText: 'resets 3pm (Europe/Paris)' });
  });

  it('the Claude conversation gone, and anything else in the CLI’s own words', () => {
    expect(cause({ errorMessage: 'The Claude CLI exited with code 1 before the turn finished: No conversation found with session ID: abc' }).kind).toBe('conversation-lost');
    expect(classifyFailure({ errorMessage: 'The daemon stopped while this turn was running (it was killed, or crashed).' })).toEqual({
      cause: { kind: 'other', message: 'The daemon stopped while this turn was running (it was killed, or crashed).' },
      detail: 'The daemon stopped while this turn was running (it was killed, or crashed).',
    });
    // The daemon's prefix is not the cause.
    expect(cause({ errorMessage: 'Claude reported an error (exit code 1): something odd' })).toEqual({ kind: 'other', message: 'something odd' });
    expect(cause({})).toEqual({ kind: 'other', message: expect.stringContaining('without saying why') });
  });

  it('tells the daemon’s echo of a failed result from a failure of its own, and merges what each adds', () => {
    expect(echoesFailure({ resultText: 'API Error: 500 x' }, 'Claude reported an error (exit code 1): API Error: 500 x')).toBe(true);
    expect(echoesFailure({ resultText: 'API Error: 500 x' }, 'The folder is gone')).toBe(false);
    expect(echoesFailure({}, 'Claude reported an error: no details')).toBe(true);
    expect(mergeEvidence({ resultText: 'a', apiStatus: 500 }, { errorMessage: 'b', apiStatus: 400 })).toEqual({ resultText: 'a', apiStatus: 500, errorMessage: 'b' });
  });
});

describe('what the failure block says', () => {
  const say = (kind: FailureCause) => describeFailure({ cause: kind, detail: null }, 'build box', at);
  it('names the host, the status and when to retry', () => {
    expect(say({ kind: 'not-logged-in' }).headline).toBe('Claude is not logged in on build box.');
    expect(say({ kind: 'api-error', status: 529, message: null })).toEqual({ headline: 'Anthropic’s API is overloaded (HTTP 529).', advice: 'Retry in a minute or two.' });
    expect(say({ kind: 'api-error', status: 400, message: 'x' }).headline).toBe('The API refused the request (HTTP 400).');
    expect(say({ kind: 'rate-limit', status: 429, message: null, retryAtMs: 0, retryText: null }).advice).toBe(`Retry after ${at(0)}.`);
    expect(say({ kind: 'rate-limit', status: null, message: null, retryAtMs: null, retryText: 'resets 3pm' }).advice).toBe('Retry when the CLI says: resets 3pm.');
    expect(say({ kind: 'conversation-lost' }).advice).toContain('Resume');
  });
});
