#!/usr/bin/env node
// A stand-in for the Claude CLI whose tools outlive it, which the real CLI does only by
// accident (a tool started just as an interrupt comes). Each turn prints init, HOLDER_DELTAS
// text deltas, the assistant line and the result. In the message:
//   `leave`  starts `sleep $HOLDER_SLEEP` in a process group of its own with the CLI's stdout,
//            so the pipe stays open after the CLI exits, then ends the turn;
//   `crash`  starts that sleep and exits 1 before any result;
//   `tool`   starts that sleep (own group, no stdout) as a running tool and waits; an interrupt
//            then ends the turn as the CLI does (error_during_execution) and leaves it running.
// Persistent form (--input-format stream-json): one turn per user line, control requests
// answered, exit at the end of stdin; otherwise one turn for the prompt after `--`, then exit.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const sessionId = '00000000-0000-4000-8000-00000000e0e0';
const deltas = Number(process.env.HOLDER_DELTAS ?? 0);
const line = (value) => `${JSON.stringify({ ...value, session_id: sessionId })}\n`;
let toolRunning = false;

function startSleep(stdout) {
  spawn('sleep', [process.env.HOLDER_SLEEP ?? '600'], { detached: true, stdio: ['ignore', stdout, 'ignore'] }).unref();
}

function write(text) {
  return new Promise((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once('drain', resolve)));
}

async function turn(message) {
  await write(line({ type: 'system', subtype: 'init', model: 'stand-in', permissionMode: 'bypassPermissions' }));
  if (message.includes('tool')) {
    startSleep('ignore');
    toolRunning = true;
    await write(line({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'sleep' } }] } }));
    return;
  }
  if (/leave|crash/.test(message)) startSleep(1);
  if (message.includes('crash')) process.exit(1);
  let text = '';
  for (let i = 0; i < deltas; i++) text += line({ type: 'stream_event', event: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `d${i} ` } } });
  await write(text);
  await write(line({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text: 'held' }] } }));
  await write(line({ type: 'result', subtype: 'success', is_error: false, result: 'held', duration_ms: 1 }));
}

async function control(request) {
  await write(`${JSON.stringify({ type: 'control_response', response: { subtype: 'success', request_id: request.request_id } })}\n`);
  if (request.request?.subtype === 'interrupt' && toolRunning) {
    toolRunning = false;
    await write(line({ type: 'result', subtype: 'error_during_execution', is_error: true, duration_ms: 1 }));
  }
}

if (process.argv.includes('--input-format')) {
  for await (const input of createInterface({ input: process.stdin })) {
    const message = JSON.parse(input);
    if (message.type === 'user') await turn(String(message.message?.content ?? ''));
    if (message.type === 'control_request') await control(message);
  }
} else {
  await turn(process.argv.at(-1) ?? '');
}
process.exit(0);
