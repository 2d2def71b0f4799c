import { describe, expect, it } from 'vitest';
import { decideReply, type Message, type MessagesRequest } from './model-script.js';

const system = [{ type: 'text', text: 'You are Claude.\n - Primary working directory: /work/project\n - Is a git repository: false' }];
const request = (...messages: Message[]): MessagesRequest => ({ system, messages });
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text: '<system-reminder>context</system-reminder>' }, { type: 'text', text }] });
const call = (name: string): Message => ({ role: 'assistant', content: [{ type: 'tool_use', name }] });
const result = (content: string, isError = false): Message => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content, is_error: isError }] });
const tools = (reply: ReturnType<typeof decideReply>) => ('blocks' in reply ? reply.blocks.flatMap((block) => (block.kind === 'tool' ? [block] : [])) : []);
const said = (reply: ReturnType<typeof decideReply>) => ('blocks' in reply ? reply.blocks.flatMap((block) => (block.kind === 'text' ? [block.text] : [])).join('') : '');

describe('the scripted model decides from the conversation only', () => {
  it('edit: Read first, then Edit, then what the last tool said', () => {
    const words = user('edit: notes.md | old | new');
    expect(tools(decideReply(request(words)))).toEqual([{ kind: 'tool', name: 'Read', input: { file_path: '/work/project/notes.md' } }]);
    const second = decideReply(request(words, call('Read'), result('1\told')));
    expect(tools(second)).toEqual([{ kind: 'tool', name: 'Edit', input: { file_path: '/work/project/notes.md', old_string: 'old', new_string: 'new' } }]);
    expect(said(decideReply(request(words, call('Read'), result('1\told'), call('Edit'), result('updated\nmore'))))).toBe('Tool said: updated');
  });

  it('a failed or denied step ends the script with its message', () => {
    const words = user('edit: notes.md | old | new');
    expect(said(decideReply(request(words, call('Read'), result('Denied: not that file', true))))).toBe('Tool said: Denied: not that file');
  });

  it('write, plan, ask and the task tools call the tools the pinned CLI offers', () => {
    expect(tools(decideReply(request(user('write: /tmp/a.txt | one | two'))))).toEqual([{ kind: 'tool', name: 'Write', input: { file_path: '/tmp/a.txt', content: 'one | two' } }]);
    expect(tools(decideReply(request(user('plan: # Plan\n- step'))))).toEqual([{ kind: 'tool', name: 'ExitPlanMode', input: { plan: '# Plan\n- step' } }]);
    const question = tools(decideReply(request(user('ask: Which? | A | B'))))[0];
    expect(question).toMatchObject({ name: 'AskUserQuestion', input: { questions: [{ question: 'Which?', options: [{ label: 'A' }, { label: 'B' }], multiSelect: false }] } });
    const tasks = user('tasks: lint | test');
    expect(tools(decideReply(request(tasks)))).toMatchObject([{ name: 'TaskCreate', input: { subject: 'lint' } }]);
    expect(tools(decideReply(request(tasks, call('TaskCreate'), result('Task #1 created'))))).toMatchObject([{ name: 'TaskCreate', input: { subject: 'test' } }]);
    expect(tools(decideReply(request(user('task-done: 2'))))).toMatchObject([{ name: 'TaskUpdate', input: { taskId: '2', status: 'completed' } }]);
  });

  it('after a question, the reply names the chosen answer', () => {
    const reply = decideReply(request(user('ask: Which? | A | B'), call('AskUserQuestion'), result('Your questions have been answered: "Which?"="B". You can now continue.')));
    expect(said(reply)).toBe('You chose: B');
  });

  it("the user's new words win over an earlier tool's result", () => {
    const interrupted: Message = { role: 'user', content: [{ type: 'tool_result', content: 'rejected', is_error: true }, { type: 'text', text: 'say: fresh start' }] };
    expect(said(decideReply(request(user('bash: sleep 100'), call('Bash'), interrupted)))).toBe('fresh start');
  });
});
