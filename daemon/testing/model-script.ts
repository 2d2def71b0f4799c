/**
 * The scripted model's directive table: what it answers to a Messages API request, decided
 * from the request's content only (never from a counter, so extra calls by the CLI cannot
 * desynchronise a script). The directive is in the user's latest own words (system reminders,
 * local-command notes and interruption markers are not the user's words). Directives:
 *
 *   say: <text>                        reply with exactly <text>
 *   bash: <command>                    call Bash with <command>
 *   write: <file> | <content>          call Write (a relative <file> is in the session's folder)
 *   edit: <file> | <old> | <new>       call Read on <file> (Edit needs it), then Edit <old> to <new>
 *   plan: <markdown plan>              call ExitPlanMode with the plan (`input.plan`)
 *   ask: <question> | <option> | ...   call AskUserQuestion: one question, its options (2 to 4)
 *   tasks: <item> | <item> ...         call TaskCreate once per item (the pinned CLI's checklist tool)
 *   task-start: <n>                    call TaskUpdate: task <n> in_progress
 *   task-done: <n>                     call TaskUpdate: task <n> completed
 *   slow: <n> <ms>                     stream n numbered words, one every <ms> ms (for interrupts and drops)
 *   stall: <n>                         stream n numbered words, then nothing more until the client goes
 *   api-error                          answer HTTP 400 with an API error body
 *   http-error: <status>               answer that HTTP status (500, 529...) with an API error body
 *   anything else                      reply `Echo: <the message>`
 *
 * A directive's tool calls run one per reply, in order; the next one is the count of tool calls
 * the conversation already holds after the user's words. Once they are done, or a result is an
 * error (a denied call's result is the deny message), the reply is `Tool said: <first line of
 * the last result>`; after AskUserQuestion it is `You chose: <answer>` when the result names one.
 */
import path from 'node:path';

export interface ContentBlock {
  type: string;
  text?: string;
  content?: unknown;
  tool_use_id?: string;
  is_error?: boolean;
  name?: string;
}
export interface Message {
  role: string;
  content: string | ContentBlock[];
}
export interface MessagesRequest {
  model?: string;
  messages?: Message[];
  system?: unknown;
  stream?: boolean;
}

export type Block = { kind: 'text'; text: string; delayMs?: number; pieces?: string[] } | { kind: 'tool'; name: string; input: unknown };
/** `stall`: after its blocks the reply sends nothing more, and never ends, until the client goes. */
export type Reply = { blocks: Block[]; stop: 'end_turn' | 'tool_use'; stall?: boolean } | { error: number; message: string };

interface ToolCall {
  name: string;
  input: Record<string, unknown>;
}

const DIRECTIVE = /^(say|bash|write|edit|plan|ask|tasks|task-start|task-done|slow|stall|http-error):\s?([\s\S]*)$/m;
const NOT_THE_USERS_WORDS = ['<system-reminder>', '[Request interrupted', '<local-command-', '<command-'];

function blocksOf(message: Message): ContentBlock[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/** The user's own words in a message: its last text block that the CLI did not add. */
function userWords(message: Message): string {
  if (message.role !== 'user') return '';
  const words = blocksOf(message).filter((block) => block.type === 'text' && typeof block.text === 'string' && !NOT_THE_USERS_WORDS.some((prefix) => block.text!.startsWith(prefix)));
  return words.at(-1)?.text?.trim() ?? '';
}

function resultText(block: ContentBlock): string {
  if (typeof block.content === 'string') return block.content;
  if (Array.isArray(block.content)) return block.content.map((part: { text?: string }) => part.text ?? '').join('');
  return '';
}

/** The session's folder, as the CLI's system prompt names it. */
function workingDirectory(request: MessagesRequest): string {
  return /Primary working directory: (.+)/.exec(JSON.stringify(request.system ?? ''))?.[1]?.replace(/\\n.*$/, '') ?? process.cwd();
}

const fields = (argument: string) => argument.split('|').map((field) => field.trim());

/** The tool calls a directive makes, in order. */
function toolCalls(name: string, argument: string, cwd: string): ToolCall[] {
  const [first = '', ...rest] = fields(argument);
  const file = path.resolve(cwd, first);
  switch (name) {
    case 'bash':
      return [{ name: 'Bash', input: { command: argument.trim(), description: 'Scripted command' } }];
    case 'write':
      return [{ name: 'Write', input: { file_path: file, content: rest.join(' | ') } }];
    case 'edit':
      return [
        { name: 'Read', input: { file_path: file } },
        { name: 'Edit', input: { file_path: file, old_string: rest[0] ?? '', new_string: rest[1] ?? '' } },
      ];
    case 'plan':
      return [{ name: 'ExitPlanMode', input: { plan: argument.trim() } }];
    case 'ask': {
      const options = rest.map((label) => ({ label, description: `Choose ${label}` }));
      return [{ name: 'AskUserQuestion', input: { questions: [{ question: first, header: 'Question', options, multiSelect: false }] } }];
    }
    case 'tasks':
      return fields(argument).map((item) => ({ name: 'TaskCreate', input: { subject: item, description: item, activeForm: `Working on ${item}` } }));
    case 'task-start':
    case 'task-done':
      return [{ name: 'TaskUpdate', input: { taskId: first, status: name === 'task-done' ? 'completed' : 'in_progress' } }];
    default:
      return [];
  }
}

const text = (content: string): Reply => ({ blocks: [{ kind: 'text', text: content }], stop: 'end_turn' });

/** What the conversation holds since the user's latest words: the calls made and the last result. */
function sinceUserWords(messages: Message[]): { words: string; calls: number; lastResult?: ContentBlock; lastTool?: string } {
  let at = messages.length - 1;
  while (at >= 0 && !userWords(messages[at]!)) at--;
  const after = messages.slice(at + 1);
  const uses = after.filter((message) => message.role === 'assistant').flatMap(blocksOf).filter((block) => block.type === 'tool_use');
  const lastResult = after.flatMap(blocksOf).filter((block) => block.type === 'tool_result').at(-1);
  return { words: at >= 0 ? userWords(messages[at]!) : '', calls: uses.length, ...(lastResult ? { lastResult } : {}), ...(uses.length > 0 ? { lastTool: uses.at(-1)!.name } : {}) };
}

function afterTools(lastResult: ContentBlock, lastTool: string | undefined): Reply {
  const output = resultText(lastResult).trim();
  if (lastTool === 'AskUserQuestion' && !lastResult.is_error) {
    const answer = /"[^"]*"="([^"]*)"/.exec(output)?.[1];
    if (answer !== undefined) return text(`You chose: ${answer}`);
  }
  return text(`Tool said: ${output.split('\n')[0] ?? ''}`);
}

const numberedWords = (count: number) => Array.from({ length: count }, (_, i) => `w${i + 1} `);

export function decideReply(request: MessagesRequest): Reply {
  const messages = (request.messages ?? []).filter((message) => message.role === 'user' || message.role === 'assistant');
  if (messages.length === 0) return text('Hello.');
  const { words, calls, lastResult, lastTool } = sinceUserWords(messages);
  if (words.includes('api-error')) return { error: 400, message: 'scripted API error: the request was refused' };
  const directive = DIRECTIVE.exec(words);
  const [name = '', argument = ''] = directive ? [directive[1]!, directive[2]!] : [];
  const planned = toolCalls(name, argument, workingDirectory(request));
  if (lastResult && (lastResult.is_error || calls >= planned.length)) return afterTools(lastResult, lastTool);
  const next = planned[calls];
  if (next) {
    const intro = calls === 0 ? [{ kind: 'text' as const, text: next.name === 'Bash' ? 'Running a command.' : `Calling ${next.name}.` }] : [];
    return { blocks: [...intro, { kind: 'tool', name: next.name, input: next.input }], stop: 'tool_use' };
  }
  switch (name) {
    case 'http-error': {
      const status = Number(argument.trim()) || 500;
      return { error: status, message: `scripted API error: HTTP ${status}` };
    }
    case 'stall': {
      const pieces = numberedWords(Number(argument.trim()) || 3);
      return { blocks: [{ kind: 'text', text: pieces.join(''), pieces, delayMs: 20 }], stop: 'end_turn', stall: true };
    }
    case 'slow': {
      const [count = 10, delayMs = 100] = argument.trim().split(/\s+/).map(Number);
      const pieces = numberedWords(count);
      return { blocks: [{ kind: 'text', text: pieces.join(''), pieces, delayMs }], stop: 'end_turn' };
    }
    case 'say':
      return text(argument);
    default:
      return text(`Echo: ${words}`);
  }
}
