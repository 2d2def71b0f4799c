// @vitest-environment happy-dom
/** Tool calls rendered for what they are: diffs, previews, one-line reads and searches, commands, checklist lines, failures and denials. */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TranscriptItem } from '../../../../shared/desk-api.js';
import type { StreamEvent } from '../../../../shared/protocol.js';
import { applyItems, EMPTY_TRANSCRIPT, type TranscriptRow } from '../../../../shared/transcript.js';
import { TranscriptRowView } from '../rows.js';
import { SessionKeyContext } from '../session-key.js';
import { buttonNamed, click, mount, type Mounted } from '../test-dom.js';
import { fakeWorld } from '../test-controller.js';
import { highlightWaitingNow } from '../../../lib/lazy-highlight.js';
import { DIFF_MAX_LINES } from './diff-view.js';

const KEY = 'local/a';
let n = 0;
let calls = 0;
const ev = (event: StreamEvent): TranscriptItem => ({ n: n++, kind: 'event', event });

/** The items of one tool call, with its result when given. */
function callItems(tool: string, input: unknown, result?: { content: string; isError?: boolean }): TranscriptItem[] {
  const id = `t${++calls}`;
  return [ev({ type: 'tool_use', tool, input, tool_use_id: id }), ...(result ? [ev({ type: 'tool_result', tool_use_id: id, content: result.content, is_error: result.isError ?? false })] : [])];
}
const toolRow = (tool: string, input: unknown, result?: { content: string; isError?: boolean }) => applyItems(EMPTY_TRANSCRIPT, callItems(tool, input, result)).rows.at(-1)!;

const world = fakeWorld([], []);
let mounted: Mounted | null = null;
function show(row: TranscriptRow): HTMLElement {
  mounted?.unmount();
  mounted = mount(world.wrap(<SessionKeyContext.Provider value={KEY}><TranscriptRowView row={row} /></SessionKeyContext.Provider>));
  return mounted.container;
}
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.useRealTimers();
});

const texts = (container: HTMLElement, selector: string) => [...container.querySelectorAll(selector)].map((element) => element.textContent);
const stateOf = (container: HTMLElement) => container.querySelector('.tool-state')?.textContent;
const EDIT_DONE = { content: 'The file /w/app.ts has been updated successfully. (file state is current in your context — no need to Read it back)' };

describe('Edit', () => {
  const input = { file_path: '/w/app.ts', old_string: 'const a = 1;\nconst b = 2;\nconst c = 3;', new_string: 'const a = 1;\nconst b = 20;\nconst c = 3;' };

  it('shows the change as a diff under the path: removed and added lines marked for screen readers, with context', () => {
    const card = show(toolRow('Edit', input, EDIT_DONE));
    expect(card.querySelector('.tool-subject')?.textContent).toBe('/w/app.ts');
    expect(texts(card, 'del')).toEqual(['const b = 2;']);
    expect(texts(card, 'ins')).toEqual(['const b = 20;']);
    // Each marked line is announced as what it is, just before its text.
    expect(card.querySelector('del')?.previousElementSibling?.textContent).toBe('removed: ');
    expect(card.querySelector('ins')?.previousElementSibling?.textContent).toBe('added: ');
    expect(texts(card, '.diff-context .diff-code')).toEqual(['const a = 1;', 'const c = 3;']);
    expect(card.querySelector('.tool-facts')?.textContent).toBe('+1 added, −1 removed');
    expect(stateOf(card)).toBe('done');
  });

  it('highlights the lines by the file’s language once the page is idle, plain until then', async () => {
    const row = toolRow('Edit', input, EDIT_DONE);
    const card = show(row);
    expect(card.querySelector('ins')?.textContent).toContain('const');
    expect(card.querySelector('.hljs-keyword')).toBeNull();
    await act(highlightWaitingNow);
    expect(card.querySelector('ins .hljs-keyword')?.textContent).toBe('const');
    // Shown again (scrolled back into view), it is coloured from the start.
    expect(show(row).querySelector('ins .hljs-keyword')?.textContent).toBe('const');
  });

  it('numbers the lines only when they are the file’s own (the CLI’s patch), not positions in the snippet', () => {
    expect(show(toolRow('Edit', input, EDIT_DONE)).querySelectorAll('.diff-num')).toHaveLength(0);
    const row = toolRow('Edit', input, EDIT_DONE) as Extract<TranscriptRow, { kind: 'tool' }>;
    const toolUseResult = { structuredPatch: [{ oldStart: 40, oldLines: 3, newStart: 40, newLines: 3, lines: [' const a = 1;', '-const b = 2;', '+const b = 20;', ' const c = 3;'] }] };
    const card = show({ ...row, result: Object.assign({}, row.result, { toolUseResult }) });
    expect(texts(card, '.diff-removed .diff-num-old')).toEqual(['41']);
    expect(texts(card, '.diff-added .diff-num-new')).toEqual(['41']);
    expect(texts(card, '.diff-context .diff-num-old')).toEqual(['40', '42']);
  });

  it(`shows at most ${DIFF_MAX_LINES} lines until the reader asks for the rest`, () => {
    const before = Array.from({ length: 1100 }, (_, i) => `old ${i}`).join('\n');
    const after = Array.from({ length: 1100 }, (_, i) => `new ${i}`).join('\n');
    const card = show(toolRow('Edit', { file_path: '/w/big.txt', old_string: before, new_string: after }, EDIT_DONE));
    expect(card.querySelectorAll('.diff-line')).toHaveLength(DIFF_MAX_LINES);
    const more = buttonNamed(card, /^Show 200 more lines$/);
    expect(more).toBeDefined();
    click(more);
    expect(card.querySelectorAll('del')).toHaveLength(1100);
    expect(card.querySelectorAll('ins')).toHaveLength(1100);
  });

  it('shows each change of a MultiEdit', () => {
    const card = show(toolRow('MultiEdit', { file_path: '/w/a.py', edits: [{ old_string: 'x = 1', new_string: 'x = 2' }, { old_string: 'y = 1', new_string: 'y = 2' }] }, EDIT_DONE));
    expect(texts(card, 'del')).toEqual(['x = 1', 'y = 1']);
    expect(texts(card, 'ins')).toEqual(['x = 2', 'y = 2']);
  });

  it("never shows the CLI's note to the model", () => {
    expect(show(toolRow('Edit', input, EDIT_DONE)).textContent).not.toMatch(/file state is current|Read it back/);
  });

  it('says a failed edit failed, with the error in its own words and without the CLI’s tags', () => {
    const card = show(toolRow('Edit', input, { content: '<tool_use_error>String to replace not found in file.\nString: const b = 2;</tool_use_error>', isError: true }));
    expect(stateOf(card)).toBe('failed');
    expect(card.querySelector('[aria-label="Tool error"]')?.textContent).toBe('String to replace not found in file.\nString: const b = 2;');
    expect(card.textContent).not.toContain('tool_use_error');
    // The change it asked for is there on request, not as if it had been made.
    expect(card.querySelector('details.tool-not-applied')?.hasAttribute('open')).toBe(false);
  });
});

describe('Write', () => {
  const content = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');

  it('shows the path, the size and the first lines of what it wrote, all of them on request', () => {
    const card = show(toolRow('Write', { file_path: '/w/notes.txt', content }, { content: 'File created successfully at: /w/notes.txt (file state is current in your context — no need to Read it back)' }));
    expect(card.querySelector('.tool-subject')?.textContent).toBe('/w/notes.txt');
    expect(card.querySelector('.tool-facts')?.textContent).toBe(`30 lines · ${content.length} B`);
    const preview = () => card.querySelector('[aria-label="Content of /w/notes.txt"]')!.textContent!.split('\n');
    expect(preview()).toHaveLength(20);
    expect(preview()[19]).toBe('line 20');
    click(buttonNamed(card, /^Show all 30 lines$/));
    expect(preview()).toHaveLength(30);
    expect(card.textContent).not.toMatch(/File created successfully|Read it back/);
  });

  it('keeps a one-line minified file short in the preview, and shows it whole on request', () => {
    const minified = 'var a=1;'.repeat(100_000);
    const card = show(toolRow('Write', { file_path: '/w/app.min.js', content: minified }, { content: 'File created successfully at: /w/app.min.js' }));
    const preview = () => card.querySelector('[aria-label="Content of /w/app.min.js"]')!.textContent!;
    expect(preview().length).toBeLessThanOrEqual(20 * 200);
    click(buttonNamed(card, /^Show all 800,000 characters$/));
    expect(preview()).toHaveLength(minified.length);
  });

  it('highlights the preview by the file’s extension', async () => {
    const card = show(toolRow('Write', { file_path: '/w/a.py', content: 'def main():\n    return 1\n' }, { content: 'File created successfully at: /w/a.py' }));
    await act(highlightWaitingNow);
    expect(card.querySelector('pre .hljs-keyword')?.textContent).toBe('def');
  });
});

describe('NotebookEdit', () => {
  it('shows the cell, how it changes and its new source', () => {
    const card = show(toolRow('NotebookEdit', { notebook_path: '/w/n.ipynb', cell_id: 'c7', new_source: 'print(1)', edit_mode: 'insert', cell_type: 'code' }, { content: 'Inserted cell c7' }));
    expect(card.querySelector('.tool-facts')?.textContent).toBe('cell c7 · code · insert');
    expect(card.querySelector('[aria-label="New source of the cell"]')?.textContent).toBe('print(1)');
  });
});

describe('reads and searches', () => {
  it('show a Read as one line with how much it read, the output on request', () => {
    const card = show(toolRow('Read', { file_path: '/w/a.txt' }, { content: '     1\tone\n     2\ttwo\n     3\tthree\n' }));
    expect(card.querySelector('.tool-head')?.textContent).toContain('/w/a.txt');
    expect(card.querySelector('.tool-facts')?.textContent).toBe('3 lines');
    expect(card.querySelector('[aria-label="Tool output"]')).toBeNull();
    const toggle = buttonNamed(card, /^Show output$/)!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    click(toggle);
    expect(card.querySelector('[aria-label="Tool output"]')?.textContent).toContain('3\tthree');
  });

  it('count what a search found', () => {
    expect(show(toolRow('Grep', { pattern: 'TODO', path: 'src' }, { content: 'Found 2 files\nsrc/a.ts\nsrc/b.ts' })).querySelector('.tool-facts')?.textContent).toBe('in src · 2 files');
    expect(show(toolRow('Grep', { pattern: 'TODO', output_mode: 'content' }, { content: 'src/a.ts:3:// TODO\nsrc/b.ts:9:// TODO\nsrc/b.ts:10:// TODO' })).querySelector('.tool-facts')?.textContent).toBe('3 lines');
    expect(show(toolRow('Glob', { pattern: '**/*.md' }, { content: 'No files found' })).querySelector('.tool-facts')?.textContent).toBe('no files');
  });

  it('show the first lines of a web answer, the rest on request', () => {
    const card = show(toolRow('WebFetch', { url: 'https://example.com/doc', prompt: 'summarise' }, { content: 'one\ntwo\nthree\nfour\nfive' }));
    expect(card.querySelector('.tool-subject')?.textContent).toBe('https://example.com/doc');
    expect(card.querySelector('.tool-excerpt')?.textContent).toBe('one\ntwo\nthree');
    click(buttonNamed(card, /^Show all$/));
    expect(card.querySelector('[aria-label="Tool output"]')?.textContent).toBe('one\ntwo\nthree\nfour\nfive');
  });
});

describe('Bash', () => {
  it('shows the command as code, its description and its output', () => {
    const card = show(toolRow('Bash', { command: 'echo hi', description: 'Say hi' }, { content: 'hi' }));
    expect(card.querySelector('.tool-subject')?.textContent).toBe('Say hi');
    expect(card.querySelector('[aria-label="Command"]')?.textContent).toBe('echo hi');
    expect(card.querySelector('[aria-label="Tool output"]')?.textContent).toBe('hi');
  });

  it('counts the seconds while the command runs', () => {
    vi.useFakeTimers();
    const card = show(toolRow('Bash', { command: 'sleep 5' }));
    expect(stateOf(card)).toBe('running…');
    expect(card.querySelector('.tool-elapsed')?.textContent).toBe('0 s');
    act(() => vi.advanceTimersByTime(3000));
    expect(card.querySelector('.tool-elapsed')?.textContent).toBe('3 s');
  });

  it('says a failed command failed, with its exit status and error output', () => {
    const card = show(toolRow('Bash', { command: 'ls /nope' }, { content: "Exit code 2\nls: cannot access '/nope': No such file or directory", isError: true }));
    expect(stateOf(card)).toBe('failed');
    expect(card.querySelector('.tool-exit')?.textContent).toBe('exit 2');
    expect(card.querySelector('[aria-label="Tool error"]')?.textContent).toBe("ls: cannot access '/nope': No such file or directory");
  });

  it('says a call the CLI refused was denied, not that it failed', () => {
    const card = show(toolRow('Bash', { command: 'rm -rf /' }, { content: 'Permission to use Bash with command rm -rf / has been denied.', isError: true }));
    expect(stateOf(card)).toBe('denied');
    expect(card.querySelector('.tool-problem')?.textContent).toBe('Denied: Permission to use Bash with command rm -rf / has been denied.');
    expect(card.querySelector('[aria-label="Tool error"]')).toBeNull();
  });

  it('says a call denied through its request was denied, once, with the message given', () => {
    const [use, result] = callItems('Bash', { command: 'touch x' }, { content: 'not now', isError: true });
    const rows = applyItems(EMPTY_TRANSCRIPT, [
      use!,
      ev({ type: 'permission', requestId: 'q1', kind: 'tool', tool: 'Bash', toolUseId: `t${calls}`, input: { command: 'touch x' } }),
      ev({ type: 'permission_resolved', requestId: 'q1', decision: 'deny', by: 'user', message: 'not now' }),
      result!,
    ]).rows;
    const card = show(rows.at(-1)!);
    expect(stateOf(card)).toBe('denied');
    expect(card.querySelector('[role="status"]')?.textContent).toBe('denied: not now');
    expect(card.textContent!.match(/not now/g)).toHaveLength(1);
  });
});

describe('checklist calls', () => {
  it('are quiet lines, not cards', () => {
    const card = show(toolRow('TaskCreate', { subject: 'Write tests', description: 'Write tests' }, { content: 'Task #1 created successfully: Write tests' }));
    expect(card.querySelector('article')).toBeNull();
    expect(card.textContent).toBe('Checklist: added ‘Write tests’');
  });

  it('name the item an update changes, from the session’s checklist', () => {
    const items = [...callItems('TaskCreate', { subject: 'Write tests' }, { content: 'Task #1 created successfully: Write tests' }), ...callItems('TaskUpdate', { taskId: '1', status: 'in_progress' }, { content: 'Updated task #1 status' })];
    world.controller.store.transcriptLoading(KEY);
    world.controller.store.receiveItems({ type: 'session.items', key: KEY, items: items.map((item, at) => ({ ...item, n: at })), caughtUp: true });
    const rows = world.controller.store.getState().transcripts.get(KEY)!.state.rows;
    expect(show(rows.at(-1)!).textContent).toBe('Checklist: ‘Write tests’ in progress');
    world.controller.store.forgetTranscript(KEY);
  });

  it('say when one failed', () => {
    expect(show(toolRow('TaskUpdate', { taskId: '4', status: 'completed' }, { content: '<tool_use_error>Task not found</tool_use_error>', isError: true })).textContent).toBe('Checklist: item #4 completed (failed: Task not found)');
  });
});

describe('other tools', () => {
  it('keep the generic card: the input on request and the result', () => {
    const card = show(toolRow('mcp__db__query', { sql: 'select 1' }, { content: '1 row' }));
    expect(card.querySelector('article')?.getAttribute('aria-label')).toBe('Tool call: mcp__db__query');
    expect(card.querySelector('summary')?.textContent).toBe('Input');
    expect(card.querySelector('[aria-label="Tool output"]')?.textContent).toBe('1 row');
  });
});
