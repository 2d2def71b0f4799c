import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from './desk-api.js';
import type { StreamEvent } from './protocol.js';
import { EMPTY_TRANSCRIPT, applyItems } from './transcript.js';

const recorded = JSON.parse(readFileSync(new URL('../electron/client/fixtures/recorded-turn.events.json', import.meta.url), 'utf8')) as StreamEvent[];
let n = 0;
const sent = (message: string): TranscriptItem => ({ n: n++, kind: 'sent', message, at: '2026-11-25T00:00:00Z' });
const ev = (event: StreamEvent): TranscriptItem => ({ n: n++, kind: 'event', event });

describe('transcript reducer', () => {
  it('turns a recorded tool-using turn into user, text, tool card with its result, text and a turn footer', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [sent('run a command'), ...recorded.map(ev)]);
    expect(state.rows.map((row) => row.kind)).toEqual(['user', 'assistant', 'tool', 'assistant', 'turn-end']);
    expect(state.rows[1]).toMatchObject({ text: 'Running a command — ünïcödé ✓ 🚀.', streaming: false });
    expect(state.rows[2]).toMatchObject({ tool: 'Bash', input: { command: expect.stringContaining('echo') }, result: { content: 'hello-from-tool', isError: false } });
    expect(state.rows[4]).toMatchObject({ outcome: 'completed', durationMs: expect.any(Number), costUsd: expect.any(Number) });
  });

  it('shows live partial text as it grows, in one row', () => {
    let state = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'partial', content: 'Hel', seq: 1 })]);
    const id = state.rows[0]!.id;
    state = applyItems(state, [ev({ type: 'partial', content: 'lo', seq: 2 })]);
    expect(state.rows).toEqual([{ id, kind: 'assistant', text: 'Hello', streaming: true }]);
    state = applyItems(state, [ev({ type: 'text', content: 'Hello.', seq: 3 })]);
    expect(state.rows).toEqual([{ id, kind: 'assistant', text: 'Hello.', streaming: false }]);
  });

  it('changes only the row an item belongs to; every other row keeps its identity', () => {
    const before = applyItems(EMPTY_TRANSCRIPT, [sent('hi'), ev({ type: 'partial', content: 'a' })]);
    const after = applyItems(before, [ev({ type: 'partial', content: 'b' })]);
    expect(after.rows[0]).toBe(before.rows[0]);
    expect(after.rows[1]).not.toBe(before.rows[1]);
    expect(applyItems(after, [])).toBe(after);
  });

  it('keeps a message sent while busy below the rows as queued, and places it where its turn begins', () => {
    let state = applyItems(EMPTY_TRANSCRIPT, [
      sent('first'),
      ev({ type: 'system', subtype: 'user_message', content: 'first' }),
      ev({ type: 'partial', content: 'working' }),
      sent('second'),
      ev({ type: 'queued', position: 1 }),
    ]);
    expect(state.rows.map((row) => row.kind)).toEqual(['user', 'assistant']);
    expect(state.rows[0]).toMatchObject({ text: 'first', confirmed: true, queuedPosition: null });
    expect(state.pending).toEqual([expect.objectContaining({ text: 'second', confirmed: false, queuedPosition: 1 })]);
    const pendingId = state.pending[0]!.id;

    state = applyItems(state, [ev({ type: 'text', content: 'working.' }), ev({ type: 'result', raw: {} }), ev({ type: 'system', subtype: 'user_message', content: 'second' })]);
    expect(state.pending).toEqual([]);
    expect(state.rows.map((row) => row.kind)).toEqual(['user', 'assistant', 'turn-end', 'user']);
    expect(state.rows[3]).toEqual({ id: pendingId, kind: 'user', text: 'second', confirmed: true, queuedPosition: null, at: '2026-11-25T00:00:00Z' });
  });

  it('drops a queued message taken back before it ran; those behind it move up', () => {
    const firstN = n;
    const state = applyItems(EMPTY_TRANSCRIPT, [
      sent('running'),
      ev({ type: 'system', subtype: 'user_message', content: 'running' }),
      sent('second'),
      ev({ type: 'queued', position: 1 }),
      sent('third'),
      ev({ type: 'queued', position: 2 }),
    ]);
    const cancelled = applyItems(state, [{ n: n++, kind: 'cancelled', sent: firstN + 2, at: 'x' }]);
    expect(cancelled.pending).toEqual([expect.objectContaining({ text: 'third', queuedPosition: 1 })]);
    // Its turn never comes: the next one to begin is the third.
    const next = applyItems(cancelled, [ev({ type: 'result', raw: {} }), ev({ type: 'system', subtype: 'user_message', content: 'third' })]);
    expect(next.rows.filter((row) => row.kind === 'user').map((row) => row.kind === 'user' && row.text)).toEqual(['running', 'third']);
  });

  it('shows a tool cut off by an interrupt as stopped, not as the tool failing', () => {
    const rejection = "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file).";
    const state = applyItems(EMPTY_TRANSCRIPT, [
      ev({ type: 'tool_use', tool: 'Bash', input: { command: 'sleep 45' }, tool_use_id: 't1' }),
      ev({ type: 'tool_result', tool_use_id: 't1', content: rejection, is_error: true }),
      ev({ type: 'tool_use', tool: 'Bash', input: { command: 'sleep 46' }, tool_use_id: 't2' }),
      ev({ type: 'interrupted' }),
    ]);
    expect(state.rows[0]).toMatchObject({ result: { isError: false, stopped: true } });
    expect(state.rows[1]).toMatchObject({ result: { isError: false, stopped: true } });
    const failed = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'tool_use', tool: 'Bash', input: {}, tool_use_id: 't3' }), ev({ type: 'tool_result', tool_use_id: 't3', content: 'ls: cannot access', is_error: true })]);
    expect(failed.rows[0]).toMatchObject({ result: { isError: true, stopped: false } });
  });

  it('moves queued messages up as the one ahead of them starts', () => {
    let state = applyItems(EMPTY_TRANSCRIPT, [sent('a'), ev({ type: 'system', subtype: 'user_message', content: 'a' }), sent('b'), ev({ type: 'queued', position: 1 }), sent('c'), ev({ type: 'queued', position: 2 })]);
    expect(state.pending.map((row) => row.queuedPosition)).toEqual([1, 2]);
    state = applyItems(state, [ev({ type: 'result', raw: {} }), ev({ type: 'system', subtype: 'user_message', content: 'b' })]);
    expect(state.pending).toEqual([expect.objectContaining({ text: 'c', queuedPosition: 1 })]);
    const unchanged = applyItems(state, [ev({ type: 'partial', content: 'x' })]);
    expect(unchanged.pending).toBe(state.pending);
  });

  it('starts the oldest pending message when a daemon that does not echo messages (Part 1) begins a turn', () => {
    let state = applyItems(EMPTY_TRANSCRIPT, [sent('one'), sent('two')]);
    expect(state.rows).toEqual([]);
    state = applyItems(state, [ev({ type: 'partial', content: 'a' }), ev({ type: 'result', raw: {} }), ev({ type: 'text', content: 'b' })]);
    expect(state.rows.map((row) => (row.kind === 'user' || row.kind === 'assistant' ? `${row.kind}:${row.text}` : row.kind))).toEqual(['user:one', 'assistant:a', 'turn-end', 'user:two', 'assistant:b']);
    expect(state.pending).toEqual([]);
    // A turn that fails before saying anything still takes its message along.
    const failed = applyItems(EMPTY_TRANSCRIPT, [sent('boom'), ev({ type: 'error', message: 'Claude reported an error' })]);
    expect(failed.rows.map((row) => row.kind)).toEqual(['user', 'failure']);
    expect(failed.rows[1]).toMatchObject({ message: 'boom' });
  });

  it('shows a user message from elsewhere (history) as its own row', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'system', subtype: 'user_message', content: 'from another desk' })]);
    expect(state.rows).toEqual([expect.objectContaining({ kind: 'user', text: 'from another desk', confirmed: true })]);
  });

  it('ends a turn with interrupted and a failure, keeps notices, and never reads an interrupt as a failure', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [
      ev({ type: 'partial', content: 'half' }),
      ev({ type: 'interrupted' }),
      sent('next'),
      ev({ type: 'error', message: 'The Claude CLI exited with code 1 before the turn finished: boom' }),
      { n: n++, kind: 'notice', level: 'info', message: 'caught up, 7 events replayed', at: '2026-11-25T00:00:00Z' },
    ]);
    expect(state.rows.map((row) => row.kind)).toEqual(['assistant', 'interrupted', 'user', 'failure', 'notice']);
    expect(state.rows[0]).toMatchObject({ streaming: false });
    // The CLI's error result of an interrupt (terminal_reason aborted_*) is the interrupt, not a failure.
    const aborted = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'partial', content: 'w1 ' }), ev({ type: 'result', raw: { is_error: true, subtype: 'error_during_execution', terminal_reason: 'aborted_streaming' } }), ev({ type: 'interrupted' })]);
    expect(aborted.rows.map((row) => (row.kind === 'turn-end' ? `turn-end:${row.outcome}` : row.kind))).toEqual(['assistant', 'turn-end:interrupted', 'interrupted']);
  });

  it('turns a failed result that the interrupt notice follows back into an interrupted turn, with its figures', () => {
    const interrupted = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'partial', content: 'w1 ' }), ev({ type: 'result', raw: { is_error: true, duration_ms: 700 } }), ev({ type: 'interrupted' })]);
    expect(interrupted.rows.map((row) => row.kind)).toEqual(['assistant', 'turn-end', 'interrupted']);
    expect(interrupted.rows[1]).toMatchObject({ outcome: 'interrupted', durationMs: 700 });
  });

  it('drops tool-input JSON that an old daemon streamed as text once the tool call arrives', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'partial', content: '{"command": "ls' }), ev({ type: 'partial', content: '"}' }), ev({ type: 'tool_use', tool: 'Bash', input: { command: 'ls' } })]);
    expect(state.rows.map((row) => row.kind)).toEqual(['tool']);
  });

  it('ignores tool-input deltas, pings and unmapped system lines', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'partial', content: '{"command"', block: 'tool_input' }), ev({ type: 'ping' }), ev({ type: 'system', raw: { type: 'stream_event' } })]);
    expect(state.rows).toEqual([]);
  });

  it('puts a request on its tool card, settles it once, and never leaves one answerable after a restart or a failed turn', () => {
    const asked = [
      ev({ type: 'system', subtype: 'user_message', content: 'go' }),
      ev({ type: 'tool_use', tool: 'Bash', tool_use_id: 't1', input: { command: 'touch x' } }),
      ev({ type: 'permission', requestId: 'r1', kind: 'tool', tool: 'Bash', toolUseId: 't1', input: { command: 'touch x' } }),
    ];
    const requestOf = (state: ReturnType<typeof applyItems>) => state.rows.flatMap((row) => (row.kind === 'tool' && row.request ? [row.request] : []));
    const waiting = applyItems(EMPTY_TRANSCRIPT, asked);
    expect(waiting.rows.filter((row) => row.kind === 'tool')).toHaveLength(1);
    expect(requestOf(waiting)).toEqual([expect.objectContaining({ requestId: 'r1', state: 'waiting' })]);

    const denied = applyItems(waiting, [ev({ type: 'permission_resolved', requestId: 'r1', decision: 'deny', by: 'user', message: 'not now' })]);
    expect(requestOf(denied)).toEqual([expect.objectContaining({ state: 'deny', by: 'user', message: 'not now' })]);
    const withdrawn = applyItems(waiting, [ev({ type: 'permission_resolved', requestId: 'r1', decision: 'withdrawn', by: 'daemon', reason: 'interrupted', message: 'The turn was interrupted.' })]);
    expect(requestOf(withdrawn)).toEqual([expect.objectContaining({ state: 'withdrawn', message: 'interrupted' })]);

    // The withdrawal never made it to the log (a crash): the restart marker, or the cut turn's error, settles it.
    const restarted = applyItems(waiting, [ev({ type: 'system', subtype: 'restarted', message: 'restarted' })]);
    expect(requestOf(restarted)).toEqual([expect.objectContaining({ state: 'withdrawn' })]);
    const failed = applyItems(waiting, [ev({ type: 'error', message: 'The daemon stopped during this turn.' })]);
    expect(requestOf(failed)).toEqual([expect.objectContaining({ state: 'withdrawn' })]);
    // A stream the client lost is not the turn's end: the request still waits.
    const dropped = applyItems(waiting, [ev({ type: 'error', message: 'connection lost', reason: 'connection' })]);
    expect(requestOf(dropped)).toEqual([expect.objectContaining({ state: 'waiting' })]);
  });

  it("shows the daemon's notes to the user (approvals need the persistent CLI, a fresh Claude session) as notices", () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [
      ev({ type: 'system', subtype: 'notice', message: 'Approvals need the persistent CLI.' }),
      ev({ type: 'system', subtype: 'fallback', message: 'A fresh Claude session continues this one.' }),
      ev({ type: 'system', subtype: 'init', session_id: 's', model: 'm' }),
    ]);
    expect(state.rows.map((row) => (row.kind === 'notice' ? [row.level, row.message] : row.kind))).toEqual([
      ['warning', 'Approvals need the persistent CLI.'],
      ['info', 'A fresh Claude session continues this one.'],
    ]);
  });

  describe('a failed turn is one failure block', () => {
    /** The CLI's synthetic assistant line, as Switchyard's daemon passes it on (`raw`). */
    const synthetic = (content: string): TranscriptItem => ev({ type: 'text', content, raw: { type: 'assistant', message: { model: '<synthetic>', content: [{ type: 'text', text: content }] } } });
    const apiText = 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"scripted API error: the request was refused"}}';
    const failureRows = (state: ReturnType<typeof applyItems>) => state.rows.filter((row) => row.kind === 'failure');
    const texts = (state: ReturnType<typeof applyItems>) => state.rows.flatMap((row) => (row.kind === 'assistant' ? [row.text] : []));

    it('an API error: the cause with its status and message, the turn\'s message for Retry, no assistant row with the error text', () => {
      const state = applyItems(EMPTY_TRANSCRIPT, [
        sent('api-error please'),
        ev({ type: 'system', subtype: 'user_message', content: 'api-error please' }),
        ev({ type: 'system', subtype: 'init', session_id: 's1' }),
        synthetic(apiText),
        ev({ type: 'result', raw: { is_error: true, subtype: 'success', api_error_status: 400, result: apiText, duration_ms: 235, total_cost_usd: 0 } }),
        ev({ type: 'error', message: `Claude reported an error (exit code 1): ${apiText}` }),
      ]);
      expect(state.rows.map((row) => row.kind)).toEqual(['user', 'failure']);
      expect(texts(state)).toEqual([]);
      expect(state.rows[1]).toMatchObject({ kind: 'failure', message: 'api-error please', durationMs: 235, failure: { cause: { kind: 'api-error', status: 400, message: 'scripted API error: the request was refused' } } });
      expect(state.inTurn).toBe(false);
    });

    it('not logged in, as the CLI says it, whether the daemon sends raw lines or not', () => {
      const said = 'Not logged in · Please run /login';
      const withRaw = applyItems(EMPTY_TRANSCRIPT, [sent('hi'), ev({ type: 'system', subtype: 'user_message', content: 'hi' }), synthetic(said), ev({ type: 'result', raw: { is_error: true, result: said } }), ev({ type: 'error', message: `Claude reported an error (exit code 1): ${said}` })]);
      // An older daemon: the text has no raw, and there is no trailing error.
      const older = applyItems(EMPTY_TRANSCRIPT, [sent('hi'), ev({ type: 'text', content: said }), ev({ type: 'result', raw: { is_error: true, result: said } })]);
      for (const state of [withRaw, older]) {
        expect(state.rows.map((row) => row.kind)).toEqual(['user', 'failure']);
        expect(failureRows(state)[0]).toMatchObject({ message: 'hi', failure: { cause: { kind: 'not-logged-in' }, detail: said } });
      }
    });

    it('a failure the daemon reports alone (the CLI missing, a crash) is one block too, and keeps what Claude said before it', () => {
      const state = applyItems(EMPTY_TRANSCRIPT, [
        ev({ type: 'system', subtype: 'user_message', content: 'go' }),
        ev({ type: 'text', content: 'Working on it.' }),
        ev({ type: 'error', message: 'The Claude CLI could not be started: spawn claude ENOENT' }),
      ]);
      expect(state.rows.map((row) => row.kind)).toEqual(['user', 'assistant', 'failure']);
      expect(failureRows(state)[0]).toMatchObject({ message: 'go', failure: { cause: { kind: 'cli-missing' } } });
    });

    it('the daemon\'s error after the result joins the block, also when it arrives in a later batch; the next turn starts clean', () => {
      let state = applyItems(EMPTY_TRANSCRIPT, [sent('a'), ev({ type: 'system', subtype: 'user_message', content: 'a' }), ev({ type: 'result', raw: { is_error: true, result: 'API Error: 529 overloaded', api_error_status: 529 } })]);
      const [user, block] = state.rows;
      state = applyItems(state, [ev({ type: 'permission_resolved', requestId: 'x', decision: 'withdrawn' }), ev({ type: 'error', message: 'Claude reported an error (exit code 1): API Error: 529 overloaded' })]);
      expect(failureRows(state)).toHaveLength(1);
      expect(state.rows[0]).toBe(user);
      expect(state.rows[1]).not.toBe(block);
      expect(state.rows[1]).toMatchObject({ failure: { cause: { kind: 'api-error', status: 529 } }, evidence: { errorMessage: expect.stringContaining('529') } });
      state = applyItems(state, [sent('b'), ev({ type: 'system', subtype: 'user_message', content: 'b' }), ev({ type: 'error', message: 'The daemon stopped while this turn was running.' })]);
      expect(state.rows.map((row) => row.kind)).toEqual(['user', 'failure', 'user', 'failure']);
      expect(state.rows[3]).toMatchObject({ message: 'b', failure: { cause: { kind: 'other' } } });
    });

    it('a queued message is not taken for the failed turn when the daemon\'s error follows the result', () => {
      const state = applyItems(EMPTY_TRANSCRIPT, [
        sent('first'),
        ev({ type: 'system', subtype: 'user_message', content: 'first' }),
        sent('second'),
        ev({ type: 'queued', position: 1 }),
        ev({ type: 'result', raw: { is_error: true, result: 'API Error: 500 boom', api_error_status: 500 } }),
        ev({ type: 'error', message: 'Claude reported an error (exit code 1): API Error: 500 boom' }),
      ]);
      expect(state.rows.map((row) => row.kind)).toEqual(['user', 'failure']);
      expect(state.pending).toEqual([expect.objectContaining({ text: 'second', queuedPosition: 1 })]);
    });

    it('synthetic text of a turn that did not fail is shown as it came', () => {
      const state = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'system', subtype: 'user_message', content: 'q' }), synthetic('No response requested.'), ev({ type: 'result', raw: { is_error: false } })]);
      expect(state.rows.map((row) => row.kind)).toEqual(['user', 'assistant', 'turn-end']);
      expect(texts(state)).toEqual(['No response requested.']);
    });

    it('a stream the client lost is not a failed turn', () => {
      const state = applyItems(EMPTY_TRANSCRIPT, [ev({ type: 'system', subtype: 'user_message', content: 'q' }), ev({ type: 'error', message: 'connection lost', reason: 'connection' })]);
      expect(state.rows.map((row) => row.kind)).toEqual(['user', 'error']);
    });
  });

  it('never lets an error outside a turn take a queued message, once the daemon echoes its turns', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [
      sent('A'),
      ev({ type: 'system', subtype: 'user_message', content: 'A' }),
      ev({ type: 'interrupted' }),
      sent('B'),
      ev({ type: 'queued', position: 1 }),
      ev({ type: 'error', message: 'Claude reported an error: no details' }),
    ]);
    expect(state.pending.map((row) => [row.text, row.queuedPosition])).toEqual([['B', 1]]);
    expect(state.rows.filter((row) => row.kind === 'user').map((row) => row.kind === 'user' && row.text)).toEqual(['A']);
  });

  it('a daemon restart ends the turn it cut: its tools stopped, nothing left running or queued', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [
      sent('A'),
      ev({ type: 'system', subtype: 'user_message', content: 'A' }),
      ev({ type: 'tool_use', tool: 'Bash', tool_use_id: 'b1', input: { command: 'sleep 60' } }),
      sent('B'),
      ev({ type: 'queued', position: 1 }),
      ev({ type: 'system', subtype: 'restarted', message: 'The daemon restarted.' }),
    ]);
    expect(state.inTurn).toBe(false);
    expect(state.pending).toEqual([]);
    expect(state.rows.find((row) => row.kind === 'tool')).toMatchObject({ result: { stopped: true } });
  });

  it('gives each queued answer to the oldest message not placed yet', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [
      sent('A'),
      ev({ type: 'system', subtype: 'user_message', content: 'A' }),
      sent('B'),
      sent('C'),
      ev({ type: 'queued', position: 1 }),
      ev({ type: 'queued', position: 2 }),
    ]);
    expect(state.pending.map((row) => [row.text, row.queuedPosition])).toEqual([
      ['B', 1],
      ['C', 2],
    ]);
  });

  it("keeps the CLI's own error words apart even when they follow streamed text, and keeps a tool's structured result", () => {
    const synthetic = { message: { model: '<synthetic>' } };
    const state = applyItems(EMPTY_TRANSCRIPT, [
      sent('go'),
      ev({ type: 'system', subtype: 'user_message', content: 'go' }),
      ev({ type: 'partial', content: 'Let me look' }),
      ev({ type: 'text', content: 'API Error: 500 overloaded', raw: synthetic }),
      ev({ type: 'tool_use', tool: 'Edit', tool_use_id: 'e1', input: { file_path: '/x' } }),
      ev({ type: 'tool_result', tool_use_id: 'e1', content: 'ok', tool_use_result: { structuredPatch: [] } }),
    ]);
    const assistant = state.rows.filter((row) => row.kind === 'assistant');
    expect(assistant).toEqual([expect.objectContaining({ text: 'Let me look', streaming: false })]);
    expect(state.rows.find((row) => row.kind === 'tool')).toMatchObject({ result: { toolUseResult: { structuredPatch: [] } } });
  });

  it('ends a turn on a result without raw, as the field\'s newer daemons send it', () => {
    const state = applyItems(EMPTY_TRANSCRIPT, [
      { n: 0, kind: 'sent', message: 'hi', at: 'x' },
      { n: 1, kind: 'event', event: { type: 'text', content: 'Hello.' } },
      { n: 2, kind: 'event', event: { type: 'result', raw: {} } },
    ]);
    expect(state.inTurn).toBe(false);
    expect(state.rows.at(-1)).toMatchObject({ kind: 'turn-end', outcome: 'completed', durationMs: null, costUsd: null });
  });
});
