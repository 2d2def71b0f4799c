import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../shared/protocol.js';
import { useDaemonFixture } from './testing/harness.js';
import { collect, partialText, processesMatching, readUntil, seqs, texts, uniqueSleep } from './testing/stream-helpers.js';

const fx = useDaemonFixture({ beforeAll, afterAll });
const client = fx.client;

const newSession = (mode: 'auto' | 'code' | 'plan' | 'ask' = 'auto') => client.createSession(fx.daemon.port, fx.env.workDir, mode);
const initOf = (events: StreamEvent[]) => events.find((event) => event.type === 'system' && event.subtype === 'init') as { raw: { permissionMode: string; session_id: string } } | undefined;

describe('daemon turns with the real Claude CLI', () => {
  it('streams a turn: user message, init, live partials, the text and the result, numbered without gaps', async () => {
    const id = await newSession();
    const events = await collect(client.sendMessage(fx.daemon.port, id, 'say: Hello from the scripted model'));
    expect(events[0]).toMatchObject({ type: 'system', subtype: 'user_message', content: 'say: Hello from the scripted model', seq: 1 });
    expect(initOf(events)).toBeDefined();
    expect(partialText(events)).toBe('Hello from the scripted model');
    expect(events.filter((event) => event.type === 'partial').length).toBeGreaterThan(1);
    expect(texts(events)).toEqual(['Hello from the scripted model']);
    expect(events.at(-1)).toMatchObject({ type: 'result', raw: { is_error: false, duration_ms: expect.any(Number), usage: expect.any(Object) } });
    const numbers = seqs(events);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    const [info] = (await client.listSessions(fx.daemon.port)).filter((session) => session.sessionId === id);
    expect(info).toMatchObject({ status: 'idle', sdkSessionId: initOf(events)!.raw.session_id, model: expect.any(String) });
  });

  it('runs a tool for real: the command runs in the session folder and its output comes back', async () => {
    const id = await newSession();
    const events = await collect(client.sendMessage(fx.daemon.port, id, 'bash: echo made-by-tool > tool-output.txt && cat tool-output.txt'));
    const toolUse = events.find((event) => event.type === 'tool_use');
    expect(toolUse).toMatchObject({ tool: 'Bash', input: { command: 'echo made-by-tool > tool-output.txt && cat tool-output.txt' } });
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ content: 'made-by-tool', is_error: false });
    expect(readFileSync(path.join(fx.env.workDir, 'tool-output.txt'), 'utf8')).toBe('made-by-tool\n');
    expect(texts(events).at(-1)).toBe('Tool said: made-by-tool');
  });

  it.each([
    ['code', 'acceptEdits'],
    ['plan', 'plan'],
    ['ask', 'default'],
    ['auto', 'default'],
  ] as const)('mode %s reaches the CLI as permission mode %s', async (mode, permissionMode) => {
    const id = await newSession(mode === 'auto' ? 'ask' : 'auto');
    await collect(client.sendMessage(fx.daemon.port, id, 'say: before'));
    expect(await client.setMode(fx.daemon.port, id, mode)).toBe(true);
    const events = await collect(client.sendMessage(fx.daemon.port, id, 'say: after the mode change'));
    expect(initOf(events)?.raw.permissionMode).toBe(permissionMode);
    expect(texts(events)).toEqual(['after the mode change']);
  });

  it('keeps the conversation in one Claude session across turns (the persistent CLI, then --resume)', async () => {
    const id = await newSession();
    const first = await collect(client.sendMessage(fx.daemon.port, id, 'say: one'));
    const second = await collect(client.sendMessage(fx.daemon.port, id, 'say: two'));
    expect(initOf(second)!.raw.session_id).toBe(initOf(first)!.raw.session_id);
    const lastRequest = fx.env.model.requests.at(-1)!;
    expect(JSON.stringify(lastRequest.messages)).toContain('say: one');
  });

  it('queues a message sent while busy, runs it next and keeps its answer for the client', async () => {
    const id = await newSession();
    const first = client.sendMessage(fx.daemon.port, id, 'slow: 8 80');
    const started = await readUntil(first, (event) => event.type === 'partial');
    const queued = await collect(client.sendMessage(fx.daemon.port, id, 'say: the queued answer'));
    expect(queued).toEqual([{ type: 'queued', position: 1, seq: expect.any(Number) }]);
    expect((await client.getQueueStats(fx.daemon.port, id)).userPending).toBe(1);
    const rest = [...started, ...(await collect(first))];
    expect(partialText(rest)).toBe('w1 w2 w3 w4 w5 w6 w7 w8 ');
    expect(rest.at(-1)?.type).toBe('result');
    const lastOfFirst = Math.max(...seqs(rest));
    const attached = client.attachSession(fx.daemon.port, id, lastOfFirst);
    const second = await readUntil(attached, (event) => event.type === 'result');
    await attached.return();
    expect(texts(second)).toContain('the queued answer');
    expect(second[0]).toMatchObject({ type: 'system', subtype: 'user_message', content: 'say: the queued answer' });
  });

  it('interrupts mid-stream: the turn ends with "interrupted" and the next message works', async () => {
    const id = await newSession();
    const stream = client.sendMessage(fx.daemon.port, id, 'slow: 100 100');
    await readUntil(stream, (_event, seen) => seen.filter((event) => event.type === 'partial').length >= 3);
    const started = performance.now();
    expect(await client.interruptSession(fx.daemon.port, id)).toEqual({ ok: true, interrupted: true });
    const rest = await collect(stream);
    expect(rest.at(-1)).toMatchObject({ type: 'interrupted' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await client.interruptSession(fx.daemon.port, id)).toEqual({ ok: true, interrupted: false });
    expect(texts(await collect(client.sendMessage(fx.daemon.port, id, 'say: still here')))).toEqual(['still here']);
  });

  it('interrupts mid-tool and leaves no tool process running', async () => {
    const marker = uniqueSleep();
    const id = await newSession();
    const stream = client.sendMessage(fx.daemon.port, id, `bash: sleep ${marker}`);
    await readUntil(stream, (event) => event.type === 'tool_use');
    await expect.poll(() => processesMatching(`sleep ${marker}`).length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await client.interruptSession(fx.daemon.port, id)).interrupted).toBe(true);
    const rest = await collect(stream);
    expect(rest.at(-1)).toMatchObject({ type: 'interrupted' });
    await expect.poll(() => processesMatching(`sleep ${marker}`), { timeout: 10_000 }).toEqual([]);
  });

  it('clears queued messages on interrupt', async () => {
    const id = await newSession();
    const stream = client.sendMessage(fx.daemon.port, id, 'slow: 100 100');
    await readUntil(stream, (event) => event.type === 'partial');
    await collect(client.sendMessage(fx.daemon.port, id, 'say: never runs'));
    expect((await client.getQueueStats(fx.daemon.port, id)).userPending).toBe(1);
    await client.interruptSession(fx.daemon.port, id);
    await collect(stream);
    expect(await client.getQueueStats(fx.daemon.port, id)).toMatchObject({ userPending: 0 });
    const history = await client.sessionHistory(fx.daemon.port, id);
    expect(history.events.some((event) => event.type === 'system' && event.content === 'say: never runs')).toBe(false);
  });

  it('destroys a busy session: its turn and tool processes end and it is gone', async () => {
    const marker = uniqueSleep();
    const id = await newSession();
    const stream = client.sendMessage(fx.daemon.port, id, `bash: sleep ${marker}`);
    await readUntil(stream, (event) => event.type === 'tool_use');
    await expect.poll(() => processesMatching(`sleep ${marker}`).length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await client.destroySession(fx.daemon.port, id)).toBe(true);
    await collect(stream);
    await expect.poll(() => processesMatching(`sleep ${marker}`), { timeout: 10_000 }).toEqual([]);
    expect((await client.listSessions(fx.daemon.port)).map((session) => session.sessionId)).not.toContain(id);
    expect(existsSync(path.join(fx.env.dataDir, 'sessions', id))).toBe(false);
  });

  it('reports an API error as the result and a readable error event', async () => {
    const id = await newSession();
    const events = await collect(client.sendMessage(fx.daemon.port, id, 'api-error please'));
    expect(events.find((event) => event.type === 'result')).toMatchObject({ raw: { is_error: true } });
    expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('Claude reported an error') });
    expect((await client.listSessions(fx.daemon.port)).find((session) => session.sessionId === id)?.status).toBe('error');
  });
});
