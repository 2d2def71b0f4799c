// @vitest-environment happy-dom
/** Claude's checklist above the composer: nothing without one, each item with its state, changed in place as Claude works. */
import { act, Profiler } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../shared/desk-api.js';
import type { StreamEvent } from '../../shared/protocol.js';
import { TaskChecklist } from './task-checklist.js';
import { mount, type Mounted } from './transcript/test-dom.js';
import { fakeWorld } from './transcript/test-controller.js';

const KEY = 'local/a';
let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

/** A store that receives the session's items as the desk sends them, one batch at a time. */
function session() {
  const world = fakeWorld([], []);
  world.controller.store.transcriptLoading(KEY);
  let n = 0;
  let calls = 0;
  const receive = (...events: StreamEvent[]) =>
    act(() => {
      const items: TranscriptItem[] = events.map((event) => ({ n: n++, kind: 'event', event }));
      world.controller.store.receiveItems({ type: 'session.items', key: KEY, items, caughtUp: true });
    });
  const call = (tool: string, input: unknown, result: string): StreamEvent[] => {
    const id = `t${++calls}`;
    return [{ type: 'tool_use', tool, input, tool_use_id: id }, { type: 'tool_result', tool_use_id: id, content: result }];
  };
  return { world, receive, call };
}

const itemsOf = (container: HTMLElement) => [...container.querySelectorAll('li')].map((item) => `${item.querySelector('.task-subject')?.textContent}: ${item.querySelector('.task-status')?.textContent}`);

describe('TaskChecklist', () => {
  it('renders nothing while the session has no checklist', () => {
    const { world, receive } = session();
    mounted = mount(world.wrap(<TaskChecklist sessionKey={KEY} />));
    receive({ type: 'text', content: 'Hello' });
    expect(mounted.container.innerHTML).toBe('');
  });

  it('shows each item with its state, and changes them in place as Claude works', () => {
    const { world, receive, call } = session();
    mounted = mount(world.wrap(<TaskChecklist sessionKey={KEY} />));
    receive(...call('TaskCreate', { subject: 'a' }, 'Task #1 created successfully: a'), ...call('TaskCreate', { subject: 'b' }, 'Task #2 created successfully: b'), ...call('TaskCreate', { subject: 'c' }, 'Task #3 created successfully: c'));
    const list = mounted.container.querySelector('section[aria-label="Checklist"]')!;
    expect(itemsOf(mounted.container)).toEqual(['a: pending', 'b: pending', 'c: pending']);
    const first = mounted.container.querySelector('li')!;

    receive(...call('TaskUpdate', { taskId: '1', status: 'in_progress' }, 'Updated task #1 status'));
    expect(itemsOf(mounted.container)).toEqual(['a: in progress', 'b: pending', 'c: pending']);
    receive(...call('TaskUpdate', { taskId: '1', status: 'completed' }, 'Updated task #1 status'));
    expect(itemsOf(mounted.container)).toEqual(['a: completed', 'b: pending', 'c: pending']);
    expect(mounted.container.querySelector('.task-checklist-count')?.textContent).toBe('1 of 3 completed');
    // The same list and items, changed where they stand.
    expect(mounted.container.querySelector('section[aria-label="Checklist"]')).toBe(list);
    expect(mounted.container.querySelector('li')).toBe(first);
    expect(mounted.container.querySelectorAll('section')).toHaveLength(1);
  });

  it('does not render again for output that leaves the checklist as it was', () => {
    const { world, receive, call } = session();
    let renders = 0;
    mounted = mount(world.wrap(<Profiler id="checklist" onRender={() => renders++}><TaskChecklist sessionKey={KEY} /></Profiler>));
    receive(...call('TaskCreate', { subject: 'a' }, 'Task #1 created successfully: a'));
    const after = renders;
    receive({ type: 'partial', content: 'streaming words' }, { type: 'partial', content: ' and more' });
    receive({ type: 'text', content: 'streaming words and more' });
    expect(renders).toBe(after);
    receive(...call('TaskUpdate', { taskId: '1', status: 'in_progress' }, 'Updated task #1 status'));
    expect(renders).toBe(after + 1);
  });
});
