// @vitest-environment happy-dom
/** The transcript's pulse: a live status as its last row from Send until output streams, with ticking seconds, gone at the turn's end. */
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranscriptItem } from '../../../shared/desk-api.js';
import type { StreamEvent } from '../../../shared/protocol.js';
import { applyItems, EMPTY_TRANSCRIPT, type TranscriptState } from '../../../shared/transcript.js';
import type { OutboxEntry } from '../../state/store.js';
import { mount, type Mounted } from './test-dom.js';
import { TranscriptView } from './transcript-view.js';

let n = 0;
const sent = (message: string, at: string): TranscriptItem => ({ n: n++, kind: 'sent', message, at });
const ev = (event: StreamEvent): TranscriptItem => ({ n: n++, kind: 'event', event });

// The virtualiser renders what fits its scroller: give this DOM (which lays nothing out) a height.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 });

let mounted: Mounted | null = null;
beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z'), toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] }));
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.useRealTimers();
});

const view = (transcript: TranscriptState, outbox: readonly OutboxEntry[] = []) => <TranscriptView transcript={transcript} outbox={outbox} busy={false} emptyHint="empty" />;
const lastRow = (container: HTMLElement) => [...container.querySelectorAll('.transcript-row')].at(-1);
const status = (container: HTMLElement) => container.querySelector('[role="status"]');

describe('the live status row', () => {
  it('shows at once when a message is sent, ticks, and carries on as the same wait once the desk has it', () => {
    const earlier = applyItems(EMPTY_TRANSCRIPT, [sent('one', '2026-11-25T09:59:00Z'), ev({ type: 'text', content: 'Hi.' }), ev({ type: 'result', raw: {} })]);
    mounted = mount(view(earlier));
    expect(status(mounted.container)).toBeNull();

    mounted.rerender(view(earlier, [{ id: 'w-1', text: 'two' }]));
    expect(lastRow(mounted.container)?.querySelector('[role="status"]')?.textContent).toBe('Claude is thinking…');
    act(() => vi.advanceTimersByTime(4_000));
    expect(status(mounted.container)?.textContent).toBe('Claude is thinking…4 s');

    const taken = applyItems(earlier, [sent('two', new Date(Date.now() - 4_000).toISOString()), ev({ type: 'system', subtype: 'user_message', content: 'two' })]);
    mounted.rerender(view(taken));
    act(() => vi.advanceTimersByTime(1_000));
    expect(status(mounted.container)?.textContent).toBe('Claude is thinking…5 s');

    // Text streams: it is its own pulse.
    const streaming = applyItems(taken, [ev({ type: 'partial', content: 'Wor' })]);
    mounted.rerender(view(streaming));
    expect(status(mounted.container)).toBeNull();

    // A tool runs: named, counting from when it began.
    const tool = applyItems(streaming, [ev({ type: 'text', content: 'Working.' }), ev({ type: 'tool_use', tool: 'Bash', tool_use_id: 't', input: { command: 'make' } })]);
    mounted.rerender(view(tool));
    expect(status(mounted.container)?.textContent).toBe('Running Bash…');
    act(() => vi.advanceTimersByTime(12_000));
    expect(lastRow(mounted.container)?.textContent).toBe('Running Bash…12 s');

    const done = applyItems(tool, [ev({ type: 'tool_result', tool_use_id: 't', content: 'ok' }), ev({ type: 'text', content: 'Built.' }), ev({ type: 'result', raw: {} })]);
    mounted.rerender(view(done));
    expect(status(mounted.container)).toBeNull();
  });

  it('keeps the seconds away from screen readers: they hear what Claude does once', () => {
    mounted = mount(view(EMPTY_TRANSCRIPT, [{ id: 'w-1', text: 'go' }]));
    act(() => vi.advanceTimersByTime(3_000));
    expect(status(mounted.container)!.querySelector('[aria-hidden="true"]:not(.live-status-dot)')?.textContent).toBe('3 s');
  });
});
