/** The live status row: what it says from Send to the turn's end, and when it says nothing. */
import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../../shared/desk-api.js';
import type { StreamEvent } from '../../../shared/protocol.js';
import { applyItems, EMPTY_TRANSCRIPT, type TranscriptState } from '../../../shared/transcript.js';
import { liveStatus } from './live-status.js';

let n = 0;
const AT = '2026-11-25T10:00:00.000Z';
const sent = (message: string): TranscriptItem => ({ n: n++, kind: 'sent', message, at: AT });
const ev = (event: StreamEvent): TranscriptItem => ({ n: n++, kind: 'event', event });
const apply = (state: TranscriptState, ...items: TranscriptItem[]) => applyItems(state, items);

describe('the live status', () => {
  it('says Claude is thinking from Send (a message still on its way) to the first output, as one wait', () => {
    expect(liveStatus(EMPTY_TRANSCRIPT, 0)).toBeNull();
    const sending = liveStatus(EMPTY_TRANSCRIPT, 1);
    expect(sending).toMatchObject({ kind: 'thinking', since: null });
    // The desk has it, then its turn begins: the same wait, now dated by the message.
    let state = apply(EMPTY_TRANSCRIPT, sent('hi'));
    expect(liveStatus(state, 0)).toEqual({ kind: 'thinking', phase: sending!.phase, since: AT });
    state = apply(state, ev({ type: 'system', subtype: 'user_message', content: 'hi' }));
    expect(liveStatus(state, 0)).toEqual({ kind: 'thinking', phase: sending!.phase, since: AT });
    state = apply(state, ev({ type: 'system', subtype: 'init' }));
    expect(liveStatus(state, 0)?.kind).toBe('thinking');
  });

  it('gives way to streaming text, and comes back between outputs as a new wait', () => {
    let state = apply(EMPTY_TRANSCRIPT, sent('hi'), ev({ type: 'system', subtype: 'user_message', content: 'hi' }));
    const before = liveStatus(state, 0)!;
    state = apply(state, ev({ type: 'partial', content: 'Let me look' }));
    expect(liveStatus(state, 0)).toBeNull();
    state = apply(state, ev({ type: 'text', content: 'Let me look.' }));
    const between = liveStatus(state, 0)!;
    expect(between).toMatchObject({ kind: 'thinking', since: null });
    expect(between.phase).not.toBe(before.phase);
  });

  it('names the running tool (a tool row without a result), then thinks again once it has one', () => {
    let state = apply(EMPTY_TRANSCRIPT, sent('run'), ev({ type: 'system', subtype: 'user_message', content: 'run' }), ev({ type: 'tool_use', tool: 'Bash', tool_use_id: 't1', input: { command: 'sleep 5' } }));
    const running = liveStatus(state, 0);
    expect(running).toMatchObject({ kind: 'tool', tool: 'Bash', rowId: state.rows[1]!.id });
    // Two calls made together: the one still running is named.
    state = apply(state, ev({ type: 'tool_use', tool: 'Read', tool_use_id: 't2', input: {} }), ev({ type: 'tool_result', tool_use_id: 't2', content: 'x' }));
    expect(liveStatus(state, 0)).toMatchObject({ kind: 'tool', tool: 'Bash' });
    state = apply(state, ev({ type: 'tool_result', tool_use_id: 't1', content: 'done' }));
    expect(liveStatus(state, 0)).toMatchObject({ kind: 'thinking' });
  });

  it('says nothing while a request waits for the user: its card asks', () => {
    const state = apply(
      EMPTY_TRANSCRIPT,
      sent('touch'),
      ev({ type: 'system', subtype: 'user_message', content: 'touch' }),
      ev({ type: 'tool_use', tool: 'Bash', tool_use_id: 't1', input: { command: 'touch a' } }),
      ev({ type: 'permission', requestId: 'q1', kind: 'tool', toolUseId: 't1', tool: 'Bash', input: {} }),
    );
    expect(liveStatus(state, 0)).toBeNull();
    const answered = apply(state, ev({ type: 'permission_resolved', requestId: 'q1', decision: 'allow' }));
    expect(liveStatus(answered, 0)).toMatchObject({ kind: 'tool', tool: 'Bash' });
  });

  it('ends with the turn, and stays while a queued message waits to run', () => {
    let state = apply(EMPTY_TRANSCRIPT, sent('one'), ev({ type: 'system', subtype: 'user_message', content: 'one' }), ev({ type: 'text', content: 'done' }), ev({ type: 'result', raw: {} }));
    expect(liveStatus(state, 0)).toBeNull();
    state = apply(state, ev({ type: 'system', subtype: 'user_message', content: 'two' }), sent('three'), ev({ type: 'queued', position: 1 }), ev({ type: 'interrupted' }));
    expect(state.inTurn).toBe(false);
    expect(liveStatus(state, 0)).toMatchObject({ kind: 'thinking', since: AT });
    const failed = apply(EMPTY_TRANSCRIPT, sent('x'), ev({ type: 'system', subtype: 'user_message', content: 'x' }), ev({ type: 'error', message: 'Claude exited' }));
    expect(liveStatus(failed, 0)).toBeNull();
  });
});
