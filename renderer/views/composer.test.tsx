// @vitest-environment happy-dom
/** The composer: Send and Stop by state, sending held while the host's Claude cannot run, nothing typed lost. */
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostView, SessionView } from '../../shared/desk-api.js';
import { sessionView } from '../state/testing/session-view.js';
import { Composer } from './composer.js';
import { buttonNamed, mount, type Mounted } from './transcript/test-dom.js';
import { fakeWorld, localHost, type FakeWorld } from './transcript/test-controller.js';

let mounted: Mounted | null = null;
beforeEach(() => localStorage.clear());
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function show(world: FakeWorld, session: SessionView, host: HostView): HTMLElement {
  mounted = mount(world.wrap(<Composer session={session} host={host} hostName={host.name} />));
  return mounted.container;
}

/** Types into the box as a user does (React's onChange). */
function type(container: HTMLElement, text: string): HTMLTextAreaElement {
  const box = container.querySelector('textarea')!;
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(box, text);
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  return box;
}

const pressEnter = async (box: HTMLTextAreaElement) => act(async () => void box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
const loggedIn = { command: 'claude', found: true, loggedIn: true, runningAsRoot: false };

describe('the composer', () => {
  it('shows Send while Claude is idle and Stop while it works, where Enter queues', async () => {
    const host = localHost(loggedIn);
    const world = fakeWorld([host], [sessionView('a')]);
    const idle = show(world, sessionView('a'), host);
    expect(buttonNamed(idle, /^Send$/)).toBeDefined();
    expect(buttonNamed(idle, /^Stop$/)).toBeUndefined();
    mounted!.rerender(world.wrap(<Composer session={sessionView('a', { status: 'busy' })} host={host} hostName={host.name} />));
    expect(buttonNamed(idle, /^Send$/)).toBeUndefined();
    expect(buttonNamed(idle, /^Stop$/)!.title).toContain('Enter queues');
    const box = type(idle, 'after this');
    await pressEnter(box);
    expect(world.calls.map((call) => call.method)).toEqual(['sessionsSend']);
  });

  it('holds sending while the host says Claude is not logged in, with the reason next to Send; the text stays', async () => {
    const host = localHost({ command: 'claude', found: true, loggedIn: false, runningAsRoot: false });
    const world = fakeWorld([host], [sessionView('a')]);
    const container = show(world, sessionView('a'), host);
    const box = type(container, 'hello');
    expect(buttonNamed(container, /^Send$/)!.disabled).toBe(true);
    expect(container.querySelector('[role="status"].composer-hold')?.textContent).toBe('Claude is not logged in on This computer');
    await pressEnter(box);
    expect(world.calls).toEqual([]);
    expect(box.value).toBe('hello');
  });

  it('keeps a message the desk refused in the box, with the reason, after anything typed meanwhile', async () => {
    const host = localHost(loggedIn);
    let refuse: (error: Error) => void = () => undefined;
    const world = fakeWorld([host], [sessionView('a')], (method) => (method === 'sessionsSend' ? new Promise((_resolve, reject) => (refuse = reject)) : Promise.resolve({})));
    const container = show(world, sessionView('a'), host);
    const box = type(container, 'deploy it');
    await pressEnter(box);
    expect(box.value).toBe('');
    type(container, 'and tell me');
    await act(async () => refuse(new Error('This computer is paused: resume it to send')));
    expect(box.value).toBe('and tell me\ndeploy it');
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Not sent to a on This computer: This computer is paused: resume it to send');
    expect(localStorage.getItem('switchyard.drafts')).toContain('deploy it');
  });
});
