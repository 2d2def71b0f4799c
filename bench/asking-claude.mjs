#!/usr/bin/env node
// A stand-in for the persistent Claude CLI (--input-format stream-json) that asks for permission,
// with the control messages the real CLI uses (docs/claude-cli.md): for a user message
// "asks: <n>" it calls Bash n times, each as a tool_use line followed by a can_use_tool
// control_request, and waits for the control_response before the next. It appends one JSON line
// per answer to ASKING_CLAUDE_LOG: {requestId, askedAt, answeredAt, behavior}, wall-clock ms, so
// a benchmark can time the way from this process to the screen and back.
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const logFile = process.env.ASKING_CLAUDE_LOG;
const sessionId = `asking-${process.pid}`;
const now = () => performance.timeOrigin + performance.now();
const write = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const waiting = new Map();
let turnNumber = 0;

function init() {
  write({ type: 'system', subtype: 'init', cwd: process.cwd(), session_id: sessionId, tools: ['Bash'], model: 'stand-in', permissionMode: 'default' });
}

function assistant(content) {
  write({ type: 'assistant', message: { id: `msg_${turnNumber}_${now()}`, type: 'message', role: 'assistant', model: 'stand-in', content }, session_id: sessionId });
}

async function ask(index) {
  const toolUseId = `toolu_bench_${turnNumber}_${index}`;
  const requestId = `bench-${turnNumber}-${index}`;
  const input = { command: `touch bench-${index}.txt`, description: `Stand-in command ${index}` };
  assistant([{ type: 'tool_use', id: toolUseId, name: 'Bash', input }]);
  const answered = new Promise((resolve) => waiting.set(requestId, resolve));
  const askedAt = now();
  write({ type: 'control_request', request_id: requestId, request: { subtype: 'can_use_tool', tool_name: 'Bash', display_name: 'Bash', input, description: input.description, tool_use_id: toolUseId } });
  const { answeredAt, behavior } = await answered;
  if (logFile) appendFileSync(logFile, `${JSON.stringify({ requestId, askedAt, answeredAt, behavior })}\n`);
  const content = behavior === 'allow' ? '(Bash completed with no output)' : 'denied';
  write({ type: 'user', message: { role: 'user', content: [{ tool_use_id: toolUseId, type: 'tool_result', content, is_error: behavior !== 'allow' }] }, session_id: sessionId });
}

async function turn(text) {
  turnNumber += 1;
  const count = Number(/asks: (\d+)/.exec(text)?.[1] ?? 1);
  init();
  const started = now();
  for (let index = 1; index <= count; index++) await ask(index);
  assistant([{ type: 'text', text: `Asked ${count} times.` }]);
  write({ type: 'result', subtype: 'success', is_error: false, duration_ms: Math.round(now() - started), result: `Asked ${count} times.`, session_id: sessionId, total_cost_usd: 0, usage: { input_tokens: 1, output_tokens: 1 } });
}

let turns = Promise.resolve();
for await (const line of createInterface({ input: process.stdin })) {
  const receivedAt = now();
  const message = JSON.parse(line);
  if (message.type === 'control_response') {
    const id = message.response?.request_id;
    waiting.get(id)?.({ answeredAt: receivedAt, behavior: message.response?.response?.behavior });
    waiting.delete(id);
  } else if (message.type === 'control_request') {
    // initialize, set_permission_mode, set_model, interrupt: taken as asked.
    write({ type: 'control_response', response: { subtype: 'success', request_id: message.request_id, response: {} } });
  } else if (message.type === 'user') {
    const content = message.message?.content;
    turns = turns.then(() => turn(typeof content === 'string' ? content : JSON.stringify(content)));
  }
}
