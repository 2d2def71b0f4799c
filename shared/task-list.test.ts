/** The session's checklist, read from the transcript the way the CLI's Task tools and TodoWrite keep it. */
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from './protocol.js';
import type { TranscriptItem } from './records.js';
import { sameTaskList, taskListOf } from './task-list.js';
import { applyItems, EMPTY_TRANSCRIPT } from './transcript.js';

let n = 0;
let calls = 0;
const ev = (event: StreamEvent): TranscriptItem => ({ n: n++, kind: 'event', event });

/** One tool call and its result, as the daemon streams them. */
function call(tool: string, input: unknown, result: string, isError = false): TranscriptItem[] {
  const id = `t${++calls}`;
  return [ev({ type: 'tool_use', tool, input, tool_use_id: id }), ev({ type: 'tool_result', tool_use_id: id, content: result, is_error: isError })];
}
const create = (subject: string, id: string) => call('TaskCreate', { subject, description: subject, activeForm: `Working on ${subject}` }, `Task #${id} created successfully: ${subject}`);
const update = (taskId: string, change: Record<string, unknown>) => call('TaskUpdate', { taskId, ...change }, `Updated task #${taskId} ${Object.keys(change).join(', ')}`);
const listAfter = (...calls: TranscriptItem[][]) => taskListOf(applyItems(EMPTY_TRANSCRIPT, calls.flat()).rows);
const states = (...calls: TranscriptItem[][]) => listAfter(...calls).map((item) => `${item.id} ${item.subject}: ${item.status}`);

describe('taskListOf', () => {
  it('is empty for a transcript without checklist calls', () => {
    expect(listAfter(call('Bash', { command: 'ls' }, 'a.txt'))).toEqual([]);
  });

  it('gives a create whose result it cannot read the next number, never one still in use after a delete', () => {
    const unreadable = call('TaskCreate', { subject: 'four', description: 'four' }, 'created');
    expect(states(create('one', '1'), create('two', '2'), create('three', '3'), update('2', { status: 'deleted' }), unreadable)).toEqual([
      '1 one: pending',
      '3 three: pending',
      '4 four: pending',
    ]);
  });

  it('gives the same list when read as the rows grow as when read from scratch', () => {
    const items = [create('a', '1'), create('b', '2'), update('1', { status: 'in_progress' }), create('c', '3'), update('2', { status: 'deleted' }), update('1', { status: 'completed' })].flat();
    let state = EMPTY_TRANSCRIPT;
    for (const item of items) {
      state = applyItems(state, [item]);
      const grown = taskListOf(state.rows);
      const fresh = taskListOf(state.rows.map((row) => ({ ...row })));
      expect(grown).toEqual(fresh);
    }
    expect(taskListOf(state.rows).map((item) => `${item.id}:${item.status}`)).toEqual(['1:completed', '3:pending']);
  });

  it('adds an item per TaskCreate, with the id the CLI gave it, pending', () => {
    expect(listAfter(create('lint', '1'), create('test', '2'))).toEqual([
      { id: '1', subject: 'lint', status: 'pending', activeForm: 'Working on lint' },
      { id: '2', subject: 'test', status: 'pending', activeForm: 'Working on test' },
    ]);
  });

  it('uses the id from the result, not the order of the calls', () => {
    expect(states(create('later', '7'), update('7', { status: 'completed' }))).toEqual(['7 later: completed']);
  });

  it('changes the status and subject of the item a TaskUpdate names, in place', () => {
    expect(states(create('a', '1'), create('b', '2'), create('c', '3'), update('1', { status: 'in_progress' }), update('2', { subject: 'b, renamed' }), update('1', { status: 'completed' }))).toEqual([
      '1 a: completed',
      '2 b, renamed: pending',
      '3 c: pending',
    ]);
  });

  it('removes a deleted item, and ignores updates of items it does not hold', () => {
    expect(states(create('a', '1'), create('b', '2'), update('1', { status: 'deleted' }), update('9', { status: 'completed' }))).toEqual(['2 b: pending']);
  });

  it('lets a TodoWrite replace the whole list', () => {
    const todos = [
      { content: 'Write tests', status: 'completed', activeForm: 'Writing tests' },
      { content: 'Fix the bug', status: 'in_progress', activeForm: 'Fixing the bug' },
      { content: 'Release', status: 'pending', activeForm: 'Releasing' },
    ];
    expect(states(create('old item', '1'), call('TodoWrite', { todos }, 'Todos have been modified successfully'))).toEqual(['1 Write tests: completed', '2 Fix the bug: in_progress', '3 Release: pending']);
  });

  it('counts only calls that succeeded: a failed, a stopped or a running call changes nothing', () => {
    const running = [ev({ type: 'tool_use', tool: 'TaskCreate', input: { subject: 'still running' }, tool_use_id: 'open' })];
    expect(states(create('a', '1'), call('TaskUpdate', { taskId: '1', status: 'completed' }, '<tool_use_error>Task not found</tool_use_error>', true), call('TaskCreate', { subject: 'cut off' }, "The user doesn't want to proceed with this tool use.", true), running)).toEqual([
      '1 a: pending',
    ]);
  });

  it('numbers an item whose result it cannot read after the ones before it', () => {
    expect(states(create('a', '1'), call('TaskCreate', { subject: 'b' }, 'created'))).toEqual(['1 a: pending', '2 b: pending']);
  });

  it('sameTaskList tells an unchanged list from a changed one', () => {
    const before = listAfter(create('a', '1'));
    expect(sameTaskList(before, listAfter(create('a', '1')))).toBe(true);
    expect(sameTaskList(before, listAfter(create('a', '1'), update('1', { status: 'in_progress' })))).toBe(false);
  });
});
