/** When Resume is offered, and what it says it did. */
import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../shared/desk-api.js';
import type { StreamEvent } from '../../shared/protocol.js';
import { applyItems, EMPTY_TRANSCRIPT } from '../../shared/transcript.js';
import { lastTurnFailure, resumeHelps, resumeOutcome } from './session-actions.js';

let n = 0;
const ev = (event: StreamEvent): TranscriptItem => ({ n: n++, kind: 'event', event });
const turn = (message: string, ...end: StreamEvent[]) => [ev({ type: 'system', subtype: 'user_message', content: message }), ...end.map(ev)];
const lostConversation = { type: 'error', message: 'The Claude CLI exited with code 1 before the turn finished: No conversation found with session ID: 5dd9e0ca' } as const;
const apiError = { type: 'result', raw: { is_error: true, result: 'API Error: 500 boom', api_error_status: 500 } } as const;
const idle = { lost: false, status: 'idle' } as const;

describe('Resume', () => {
  it('is offered when the last turn failed because the daemon could not go on with the Claude conversation', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, turn('go on', lostConversation));
    expect(lastTurnFailure(state)?.cause.kind).toBe('conversation-lost');
    expect(resumeHelps(idle, lastTurnFailure(state))).toBe(true);
  });

  it('is not offered after a turn that went well, another kind of failure, a new turn, or for a lost or busy session', () => {
    const fine = applyItems(EMPTY_TRANSCRIPT, turn('hi', { type: 'result', raw: {} }));
    expect(resumeHelps(idle, lastTurnFailure(fine))).toBe(false);
    const api = applyItems(EMPTY_TRANSCRIPT, turn('hi', apiError));
    expect(lastTurnFailure(api)?.cause.kind).toBe('api-error');
    expect(resumeHelps(idle, lastTurnFailure(api))).toBe(false);
    // The failure is behind a later turn (a Retry that went well, or one under way).
    const later = applyItems(EMPTY_TRANSCRIPT, [...turn('a', lostConversation), ...turn('b', { type: 'result', raw: {} })]);
    expect(lastTurnFailure(later)).toBeNull();
    expect(lastTurnFailure(applyItems(EMPTY_TRANSCRIPT, [...turn('a', lostConversation), ...turn('b')]))).toBeNull();
    const failure = lastTurnFailure(applyItems(EMPTY_TRANSCRIPT, turn('go', lostConversation)));
    expect(resumeHelps({ lost: true, status: 'idle' }, failure)).toBe(false);
    expect(resumeHelps({ lost: false, status: 'busy' }, failure)).toBe(false);
    expect(lastTurnFailure(undefined)).toBeNull();
  });

  it('says what it did in words a user understands', () => {
    expect(resumeOutcome('docs', 'build box', { ok: true, fallback: false })).toBe('docs: your next message continues the same Claude conversation.');
    expect(resumeOutcome('docs', 'build box', { ok: true, fallback: true })).toContain('starts a fresh one that first reads this session’s transcript');
    expect(resumeOutcome('docs', 'build box', { ok: false, fallback: false })).toContain('Use Restore');
  });
});
