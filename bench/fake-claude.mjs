#!/usr/bin/env node
// A stand-in for the Claude CLI that replays recorded stream-json as fast as stdout takes it:
// an init line, FAKE_CLAUDE_EVENTS text deltas (each stamped with the wall-clock time it was
// written, for latency), the assembled assistant line and a result. Persistent form
// (--input-format stream-json): one such turn per user line on stdin.
// FAKE_CLAUDE_RATE paces the deltas (events per second) instead; FAKE_CLAUDE_PARAGRAPH ends a
// paragraph every that many deltas, as real answers do.
// Heavy turns (heavy-turns.mjs) instead of deltas: `heavy: <n> from <first>` writes n rounds of
// Markdown with code, an Edit, TaskCreate/TaskUpdate (numbered from <first>, default 1) in one
// turn; `diff-stream: <lines> at <rate>/s` streams an Edit of that many lines a side, its input's
// partials paced at <rate> a second (default FAKE_CLAUDE_RATE, else 200).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliLines, diffStream, heavyRound } from './heavy-turns.mjs';

const fixture = new URL('../daemon/testing/fixtures/partial-sample.jsonl', import.meta.url);
const recorded = readFileSync(fixture, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const init = recorded.find((line) => line.type === 'system' && line.subtype === 'init');
const delta = recorded.find((line) => line.type === 'stream_event' && line.event?.delta?.type === 'text_delta');
const assistant = recorded.find((line) => line.type === 'assistant');
const result = recorded.find((line) => line.type === 'result');
const defaultCount = Number(process.env.FAKE_CLAUDE_EVENTS ?? 1000);
const rate = Number(process.env.FAKE_CLAUDE_RATE ?? 0);
const paragraph = Number(process.env.FAKE_CLAUDE_PARAGRAPH ?? 0);
const TICK_MS = 10;
const CHUNK_LINES = 200;
const now = () => performance.timeOrigin + performance.now();

/** A paced delta also carries its number (`#<n>`), so what reaches the page can be checked for gaps and repeats. */
function deltaLine(stamp, index = 1, numbered = false) {
  const end = paragraph > 0 && index % paragraph === 0 ? '\n\n' : ' ';
  const number = numbered ? `#${index}` : '';
  return JSON.stringify({ ...delta, event: { ...delta.event, delta: { type: 'text_delta', text: `t=${stamp.toFixed(3)};${number}${end}` } } });
}

async function write(text) {
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

/** Deltas at `rate` per second: each tick writes what is due by the wall clock, so a late tick catches up. */
async function pacedDeltas(count, perSecond) {
  const start = now();
  for (let sent = 0; sent < count; ) {
    const due = Math.min(count, Math.floor(((now() - start) / 1000) * perSecond) + 1);
    let text = '';
    for (; sent < due; sent++) text += `${deltaLine(now(), sent + 1, true)}\n`;
    if (text) await write(text);
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}

/** Lines at `perSecond` a second, by the wall clock as pacedDeltas does. */
async function pacedLines(lines, perSecond) {
  const start = now();
  for (let sent = 0; sent < lines.length; ) {
    const due = Math.min(lines.length, Math.floor(((now() - start) / 1000) * perSecond) + 1);
    if (due > sent) await write(`${lines.slice(sent, due).join('\n')}\n`);
    sent = due;
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}

const cli = new CliLines(init.session_id);

async function heavyTurn(rounds, first) {
  const started = now();
  await write(`${JSON.stringify(init)}\n`);
  for (let n = first; n < first + rounds; n++) await write(`${heavyRound(cli, n, process.cwd()).join('\n')}\n`);
  await write(`${cli.result(`Finished steps ${first} to ${first + rounds - 1}.`, rounds * 4, Math.round(now() - started))}\n`);
}

async function diffStreamTurn(count, perSecond) {
  const started = now();
  const { before, partials, after } = diffStream(cli, count, process.cwd(), 48);
  await write(`${[JSON.stringify(init), ...before].join('\n')}\n`);
  await pacedLines(partials, perSecond);
  await write(`${[...after, cli.result(`Rewrote ${count} lines.`, 2, Math.round(now() - started))].join('\n')}\n`);
}

/** `events: <n>` in the user's message overrides FAKE_CLAUDE_EVENTS for that turn; `events: <n> at <r>/s` also the rate. */
async function turn(message = '') {
  const heavy = /heavy: (\d+)(?: from (\d+))?/.exec(message);
  if (heavy) return heavyTurn(Number(heavy[1]), Number(heavy[2] ?? 1));
  const diff = /diff-stream: (\d+)(?: at (\d+)\/s)?/.exec(message);
  if (diff) return diffStreamTurn(Number(diff[1]), Number(diff[2] ?? (rate || 200)));
  const events = /events: (\d+)(?: at (\d+)\/s)?/.exec(message);
  const count = Number(events?.[1] ?? defaultCount);
  const perSecond = Number(events?.[2] ?? rate);
  await write(`${JSON.stringify(init)}\n`);
  if (perSecond > 0) {
    await pacedDeltas(count, perSecond);
    // A beat before the assembled message replaces the streamed text, so a page can check what streamed.
    if (events?.[2]) await new Promise((resolve) => setTimeout(resolve, 500));
    await write(`${JSON.stringify(assistant)}\n${JSON.stringify(result)}\n`);
    return;
  }
  for (let sent = 0; sent < count; ) {
    const n = Math.min(CHUNK_LINES, count - sent);
    const stamp = now();
    let text = '';
    for (let i = 0; i < n; i++) text += `${deltaLine(stamp)}\n`;
    await write(text);
    sent += n;
  }
  await write(`${JSON.stringify(assistant)}\n${JSON.stringify(result)}\n`);
}

if (process.argv.includes('--input-format')) {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const message = JSON.parse(line);
    if (message.type === 'user') await turn(JSON.stringify(message.message?.content ?? ''));
  }
} else {
  await turn();
}
