// @vitest-environment happy-dom
/** A failed turn in the transcript: one block with the cause and what to do; Retry sends the same words; Edit and resend fills the composer. */
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostView, TranscriptItem } from '../../../shared/desk-api.js';
import type { StreamEvent } from '../../../shared/protocol.js';
import { applyItems, EMPTY_TRANSCRIPT, type TranscriptRow } from '../../../shared/transcript.js';
import { sessionView } from '../../state/testing/session-view.js';
import { Composer } from '../composer.js';
import { TranscriptRowView } from './rows.js';
import { SessionKeyContext } from './session-key.js';
import { buttonNamed, click, mount, type Mounted } from './test-dom.js';
import { fakeWorld, localHost, type FakeWorld } from './test-controller.js';

let n = 0;
const ev = (event: StreamEvent): TranscriptItem => ({ n: n++, kind: 'event', event });
const synthetic = (content: string) => ev({ type: 'text', content, raw: { type: 'assistant', message: { model: '<synthetic>' } } });
const session = sessionView('a');
const loggedIn = { command: 'claude', found: true, loggedIn: true, runningAsRoot: false };

/** The rows of one failed turn whose result said `said`. */
function failedTurn(message: string, said: string, status?: number): TranscriptRow[] {
  return applyItems(EMPTY_TRANSCRIPT, [
    ev({ type: 'system', subtype: 'user_message', content: message }),
    synthetic(said),
    ev({ type: 'result', raw: { is_error: true, result: said, ...(status ? { api_error_status: status } : {}), duration_ms: 1200 } }),
    ev({ type: 'error', message: `Claude reported an error (exit code 1): ${said}` }),
  ]).rows.slice();
}

let mounted: Mounted | null = null;
beforeEach(() => localStorage.clear());
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function show(world: FakeWorld, rows: TranscriptRow[], host: HostView, withComposer = false): HTMLElement {
  mounted = mount(
    world.wrap(
      <SessionKeyContext.Provider value={session.key}>
        {rows.map((row) => (
          <TranscriptRowView key={row.id} row={row} />
        ))}
        {withComposer && <Composer session={session} host={host} hostName={host.name} />}
      </SessionKeyContext.Provider>,
    ),
  );
  return mounted.container;
}

const blocks = (container: HTMLElement) => [...container.querySelectorAll('[aria-label="Turn failed"]')];

describe('a failed turn in the transcript', () => {
  it('is one block with the cause, the status and the API’s words; nothing of it reads as Claude’s', () => {
    const host = localHost(loggedIn);
    const said = 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"scripted API error: the request was refused"}}';
    const container = show(fakeWorld([host], [session]), failedTurn('api-error', said, 400), host);
    expect(blocks(container)).toHaveLength(1);
    expect(container.querySelectorAll('[aria-label="Claude"]')).toHaveLength(0);
    expect(blocks(container)[0]!.textContent).toContain('The turn failed: The API refused the request (HTTP 400).');
    expect(blocks(container)[0]!.textContent).toContain('The API said: scripted API error: the request was refused');
    expect(container.textContent).not.toContain('invalid_request_error');
  });

  it('shows what the CLI said as text, with its hidden characters as markers', () => {
    const host = localHost(loggedIn);
    const container = show(fakeWorld([host], [session]), failedTurn('x', 'The CLI broke <b>here</b> \u202Egnp.exe'), host);
    expect(blocks(container)[0]!.querySelector('b')).toBeNull();
    expect(blocks(container)[0]!.textContent).toContain('The CLI said: The CLI broke <b>here</b>');
    expect([...container.querySelectorAll('.invisible-mark')].map((mark) => mark.textContent)).toEqual(['U+202E']);
  });

  it('Retry sends the same message through the composer’s send path; a refusal is said in the block', async () => {
    const host = localHost(loggedIn);
    let refuse = false;
    const world = fakeWorld([host], [session], async (method) => {
      if (method === 'sessionsSend' && refuse) throw new Error('This computer is paused');
      return { queued: false };
    });
    const container = show(world, failedTurn('say: again please', 'API Error: 529 overloaded', 529), host);
    await act(async () => buttonNamed(container, /^Retry$/)!.click());
    expect(world.calls.filter((call) => call.method === 'sessionsSend')).toEqual([{ method: 'sessionsSend', params: expect.objectContaining({ key: session.key, message: 'say: again please' }) }]);
    refuse = true;
    await act(async () => buttonNamed(container, /^Retry$/)!.click());
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Not sent: This computer is paused');
  });

  it('Edit and resend puts the message in the session’s composer, after what was typed there', () => {
    const host = localHost(loggedIn);
    const container = show(fakeWorld([host], [session]), failedTurn('refactor the parser', 'API Error: 400 too long', 400), host, true);
    const box = container.querySelector('textarea')!;
    expect(box.value).toBe('');
    click(buttonNamed(container, /^Edit and resend$/));
    expect(box.value).toBe('refactor the parser');
    expect(localStorage.getItem('switchyard.drafts')).toContain('refactor the parser');
  });

  it('not logged in: the host’s exact command, and Retry held while the host says Claude is logged out', () => {
    const remote = localHost({ command: 'claude', found: true, loggedIn: false, runningAsRoot: false }, { id: 'box', name: 'build box', kind: 'ssh' });
    const onBox = sessionView('a', { hostId: 'box', key: session.key });
    const world = fakeWorld([remote], [onBox]);
    mounted = mount(world.wrap(<SessionKeyContext.Provider value={session.key}>{failedTurn('hi', 'Not logged in · Please run /login').map((row) => <TranscriptRowView key={row.id} row={row} />)}</SessionKeyContext.Provider>));
    const block = blocks(mounted.container)[0]!;
    expect(block.textContent).toContain('The turn failed: Claude is not logged in on build box.');
    expect([...block.querySelectorAll('code')].map((code) => code.textContent)).toEqual(['claude', 'ANTHROPIC_API_KEY']);
    expect(buttonNamed(mounted.container, /^Retry$/)!.disabled).toBe(true);
    expect(block.textContent).toContain('Claude is not logged in on build box.');
  });
});
