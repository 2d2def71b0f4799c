// @vitest-environment happy-dom
/**
 * What each message offers: Copy (of what shows), Edit and resend for the user's own, the time it
 * was sent, and Cancel or Edit for a queued one, which the desk answers with the text it took back.
 */
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranscriptItem } from '../../../shared/desk-api.js';
import type { StreamEvent } from '../../../shared/protocol.js';
import { applyItems, EMPTY_TRANSCRIPT, type TranscriptRow } from '../../../shared/transcript.js';
import { sessionView } from '../../state/testing/session-view.js';
import { Composer } from '../composer.js';
import { TranscriptRowView } from './rows.js';
import { SessionKeyContext } from './session-key.js';
import { buttonNamed, click, mount, type Mounted } from './test-dom.js';
import { fakeWorld, localHost, type FakeWorld } from './test-controller.js';

const session = sessionView('a');
const host = localHost({ command: 'claude', found: true, loggedIn: true, runningAsRoot: false });
const AT = new Date(2026, 10, 25, 14, 5, 0).toISOString();
let n = 0;
const sent = (message: string): TranscriptItem => ({ n: n++, kind: 'sent', message, at: AT });
const ev = (event: StreamEvent): TranscriptItem => ({ n: n++, kind: 'event', event });

let mounted: Mounted | null = null;
let copied: string[] = [];
beforeEach(() => {
  localStorage.clear();
  copied = [];
  vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text: string) => void copied.push(text));
});
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.restoreAllMocks();
});

function show(world: FakeWorld, rows: readonly TranscriptRow[]): HTMLElement {
  mounted = mount(
    world.wrap(
      <SessionKeyContext.Provider value={session.key}>
        {rows.map((row) => (
          <TranscriptRowView key={row.id} row={row} />
        ))}
        <Composer session={session} host={host} hostName={host.name} />
      </SessionKeyContext.Provider>,
    ),
  );
  return mounted.container;
}

/** Each message with its actions (beside its article, which holds the message alone). */
const messages = (container: HTMLElement, name: string) => [...container.querySelectorAll<HTMLElement>(`article[aria-label="${name}"]`)].map((article) => article.closest<HTMLElement>('.message')!);
const within = (element: HTMLElement, name: RegExp) => [...element.querySelectorAll('button')].find((button) => name.test(button.getAttribute('aria-label') ?? button.textContent ?? ''));

describe('message actions', () => {
  const turn = applyItems(EMPTY_TRANSCRIPT, [sent('Fix **the** parser\nplease \u202E'), ev({ type: 'system', subtype: 'user_message', content: 'Fix **the** parser\nplease \u202E' }), ev({ type: 'text', content: 'Done: `parse()` now *copes*.' }), ev({ type: 'result', raw: {} })]);

  it('the user’s message reads as Markdown, safely, keeping its line breaks; its article holds the message alone', () => {
    const container = show(fakeWorld([host], [session]), turn.rows);
    const mine = messages(container, 'Your message')[0]!;
    expect(mine.querySelector('article')!.textContent).toBe('Fix the parser\nplease U+202E');
    expect(mine.querySelector('.user-bubble strong')?.textContent).toBe('the');
    expect(mine.querySelector('.user-bubble p')?.textContent).toContain('parser\nplease');
    expect(mine.querySelectorAll('.invisible-mark')).toHaveLength(1);
  });

  it('Copy on each message copies what it shows (hidden characters as their markers); Claude’s too', async () => {
    const container = show(fakeWorld([host], [session]), turn.rows);
    await act(async () => within(messages(container, 'Your message')[0]!, /^Copy your message$/)!.click());
    await act(async () => within(messages(container, 'Claude')[0]!, /^Copy Claude’s message$/)!.click());
    expect(copied).toEqual(['Fix **the** parser\nplease [U+202E]', 'Done: `parse()` now *copes*.']);
    expect(within(messages(container, 'Claude')[0]!, /^Copy Claude’s message$/)!.textContent).toBe('Copied');
  });

  it('the actions are buttons in the tab order, and each message shows when it was sent', () => {
    const container = show(fakeWorld([host], [session]), turn.rows);
    for (const message of [...messages(container, 'Your message'), ...messages(container, 'Claude')]) {
      const time = message.querySelector('time');
      expect(time?.getAttribute('datetime')).toBe(AT);
      expect(time?.textContent).toMatch(/05/);
      for (const button of message.querySelectorAll('.message-actions button')) expect((button as HTMLButtonElement).tabIndex).toBe(0);
    }
  });

  it('Edit and resend puts the user’s message in the composer', () => {
    const container = show(fakeWorld([host], [session]), turn.rows);
    expect(within(messages(container, 'Claude')[0]!, /Edit/)).toBeUndefined();
    click(within(messages(container, 'Your message')[0]!, /^Edit and resend$/));
    expect(container.querySelector('textarea')!.value).toBe('Fix **the** parser\nplease \u202E');
  });
});

describe('a queued message', () => {
  const queued = applyItems(EMPTY_TRANSCRIPT, [sent('first'), ev({ type: 'system', subtype: 'user_message', content: 'first' }), sent('second thoughts'), ev({ type: 'queued', position: 1 })]);
  const row = queued.pending[0]!;
  const number = Number(row.id.slice(1));

  it('Cancel asks the desk to take back that transcript item', async () => {
    const world = fakeWorld([host], [session], async (method) => (method === 'sessionsCancelQueued' ? { message: 'second thoughts' } : {}));
    const container = show(world, [...queued.rows, row]);
    const mine = messages(container, 'Your message')[1]!;
    expect(mine.textContent).toContain('Queued, position 1');
    expect(within(mine, /^Edit and resend$/)).toBeUndefined();
    await act(async () => buttonNamed(mine, /^Cancel$/)!.click());
    expect(world.calls).toEqual([{ method: 'sessionsCancelQueued', params: { key: session.key, n: number } }]);
    expect(container.querySelector('textarea')!.value).toBe('');
  });

  it('Edit takes it back and puts the text the desk returned in the composer', async () => {
    const world = fakeWorld([host], [session], async (method) => (method === 'sessionsCancelQueued' ? { message: 'second thoughts, as queued' } : {}));
    const container = show(world, [...queued.rows, row]);
    await act(async () => buttonNamed(messages(container, 'Your message')[1]!, /^Edit$/)!.click());
    expect(world.calls.map((call) => call.method)).toEqual(['sessionsCancelQueued']);
    expect(container.querySelector('textarea')!.value).toBe('second thoughts, as queued');
  });

  it('says why when its turn already began, and the composer is left alone', async () => {
    const world = fakeWorld([host], [session], async () => {
      throw new Error('Its turn has already begun: it can no longer be taken back.');
    });
    const container = show(world, [...queued.rows, row]);
    await act(async () => buttonNamed(messages(container, 'Your message')[1]!, /^Edit$/)!.click());
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Could not take it back: Its turn has already begun: it can no longer be taken back.');
    expect(container.querySelector('textarea')!.value).toBe('');
  });
});
