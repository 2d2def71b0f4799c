/**
 * Approvals with the real CLI: each request the CLI asks becomes a permission event, waits for
 * session.answer, and is settled by exactly one permission_resolved; what Claude did is
 * checked on disk and in its next words.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonError } from '../electron/client/index.js';
import { permissions, resolutions, sessionCalls, untilPermission } from './testing/approval-calls.js';
import { useTestWorld, worldClis } from './testing/harness.js';
import { collect, readUntil, seqs, texts } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;
const inWork = (name: string) => path.join(world.env.workDir, name);

async function askSession() {
  const { port } = await world.start();
  const id = await client.createSession(port, world.env.workDir, 'ask');
  return { port, id, calls: sessionCalls(client, port, id) };
}

describe('approvals (ask mode)', () => {
  it('allow: the request carries the tool call, the tool runs, and one allow settles it', async () => {
    const { port, id, calls } = await askSession();
    const stream = client.sendMessage(port, id, 'bash: touch approved.txt');
    const { seen, request } = await untilPermission(stream);
    const toolUse = seen.find((event) => event.type === 'tool_use');
    expect(request).toMatchObject({ kind: 'tool', tool: 'Bash', input: { command: 'touch approved.txt' }, toolUseId: toolUse?.tool_use_id, seq: expect.any(Number) });
    expect(request.requestId).toEqual(expect.any(String));
    expect(request.suggestions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'addRules' })]));
    expect(existsSync(inWork('approved.txt'))).toBe(false);
    expect(await calls.info()).toMatchObject({ status: 'busy', pendingApprovals: 1 });
    expect(await calls.answer({ requestId: request.requestId, decision: 'allow' })).toEqual({ ok: true });
    const rest = await collect(stream);
    expect(resolutions(rest)).toEqual([{ type: 'permission_resolved', requestId: request.requestId, decision: 'allow', by: 'user', seq: expect.any(Number) }]);
    expect(rest.find((event) => event.type === 'tool_result')).toMatchObject({ is_error: false });
    expect(rest.at(-1)).toMatchObject({ type: 'result' });
    expect(existsSync(inWork('approved.txt'))).toBe(true);
    expect(await calls.info()).toMatchObject({ status: 'idle', pendingApprovals: 0 });
    const logged = await calls.history();
    expect(permissions(logged)).toHaveLength(1);
    expect(resolutions(logged)).toHaveLength(1);
  });

  it("deny with a message: the tool does not run and Claude's next words show it read the message", async () => {
    const { port, id, calls } = await askSession();
    const stream = client.sendMessage(port, id, 'bash: touch denied.txt');
    const { request } = await untilPermission(stream);
    await calls.answer({ requestId: request.requestId, decision: 'deny', message: 'Not there: use the scratch folder' });
    const rest = await collect(stream);
    expect(resolutions(rest)).toEqual([expect.objectContaining({ decision: 'deny', by: 'user', message: 'Not there: use the scratch folder' })]);
    expect(texts(rest).at(-1)).toBe('Tool said: Not there: use the scratch folder');
    expect(rest.at(-1)).toMatchObject({ type: 'result' });
    expect(existsSync(inWork('denied.txt'))).toBe(false);
  });

  it('deny that stops the turn: the turn ends as interrupted, not failed, and the tool did not run', async () => {
    const { port, id, calls } = await askSession();
    const stream = client.sendMessage(port, id, 'bash: touch stopped.txt');
    const { request } = await untilPermission(stream);
    await calls.answer({ requestId: request.requestId, decision: 'deny', message: 'Stop here', interrupt: true });
    const rest = await collect(stream);
    expect(resolutions(rest)).toEqual([expect.objectContaining({ decision: 'deny', message: 'Stop here' })]);
    expect(rest.at(-1)).toMatchObject({ type: 'interrupted' });
    expect(rest.some((event) => event.type === 'error')).toBe(false);
    expect(existsSync(inWork('stopped.txt'))).toBe(false);
    expect(await calls.info()).toMatchObject({ status: 'idle' });
  });

  it('allow for this session: the same call later in the session is not asked again', async () => {
    const { port, id, calls } = await askSession();
    const first = client.sendMessage(port, id, 'bash: touch remembered.txt');
    const { request } = await untilPermission(first);
    await calls.answer({ requestId: request.requestId, decision: 'allow', remember: true });
    await collect(first);
    expect(existsSync(inWork('remembered.txt'))).toBe(true);
    const second = await collect(client.sendMessage(port, id, 'bash: touch remembered.txt'));
    expect(permissions(second)).toEqual([]);
    expect(second.find((event) => event.type === 'tool_result')).toMatchObject({ is_error: false });
    // Only that call: another command is still asked.
    const third = client.sendMessage(port, id, 'bash: touch other.txt');
    const asked = await untilPermission(third);
    await calls.answer({ requestId: asked.request.requestId, decision: 'deny' });
    await collect(third);
  });

  it('a second answer is refused with -32005 naming the request, and the CLI got only the first', async () => {
    const { port, id, calls } = await askSession();
    const stream = client.sendMessage(port, id, 'bash: touch once.txt');
    const { request } = await untilPermission(stream);
    // Two head nodes answer at once: whichever the daemon takes first wins, the other is refused.
    const answers = await Promise.allSettled([
      calls.answer({ requestId: request.requestId, decision: 'deny', message: 'first answer wins' }),
      calls.answer({ requestId: request.requestId, decision: 'deny', message: 'second answer wins' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = (answers.find((answer) => answer.status === 'rejected') as PromiseRejectedResult).reason as DaemonError;
    expect(refused).toBeInstanceOf(DaemonError);
    expect(refused).toMatchObject({ code: -32005, message: expect.stringContaining(request.requestId) });
    const winner = answers[0]!.status === 'fulfilled' ? 'first answer wins' : 'second answer wins';
    const rest = await collect(stream);
    expect(resolutions(rest)).toEqual([expect.objectContaining({ decision: 'deny', message: winner })]);
    expect(texts(rest).at(-1)).toBe(`Tool said: ${winner}`);
    expect(existsSync(inWork('once.txt'))).toBe(false);
    await expect(calls.answer({ requestId: 'no-such-request', decision: 'allow' })).rejects.toMatchObject({ code: -32005, message: expect.stringContaining('no-such-request') });
  });

  it('interrupt while a request waits: it is withdrawn before the turn ends, and no tool ran', async () => {
    const { port, id, calls } = await askSession();
    const stream = client.sendMessage(port, id, 'bash: touch interrupted.txt');
    const { request } = await untilPermission(stream);
    expect(await client.interruptSession(port, id)).toEqual({ ok: true, interrupted: true });
    const rest = await collect(stream);
    expect(resolutions(rest)).toEqual([expect.objectContaining({ requestId: request.requestId, decision: 'withdrawn', by: 'daemon', reason: 'interrupted' })]);
    expect(rest.at(-1)).toMatchObject({ type: 'interrupted' });
    expect(existsSync(inWork('interrupted.txt'))).toBe(false);
    expect(await calls.pending()).toEqual([]);
    await expect(calls.answer({ requestId: request.requestId, decision: 'allow' })).rejects.toMatchObject({ code: -32005 });
    expect(existsSync(inWork('interrupted.txt'))).toBe(false);
  });

  it('the CLI killed while a request waits: withdrawn (exited), and the next message works', async () => {
    const { port, id, calls } = await askSession();
    const stream = client.sendMessage(port, id, 'bash: touch never.txt');
    const { request } = await untilPermission(stream);
    const clis = worldClis(world.env);
    expect(clis).toHaveLength(1);
    process.kill(clis[0]!, 'SIGKILL');
    const rest = await collect(stream);
    expect(resolutions(rest)).toEqual([expect.objectContaining({ requestId: request.requestId, decision: 'withdrawn', reason: 'exited' })]);
    expect(rest.at(-1)).toMatchObject({ type: 'error' });
    expect(await calls.info()).toMatchObject({ pendingApprovals: 0 });
    await expect(calls.answer({ requestId: request.requestId, decision: 'allow' })).rejects.toMatchObject({ code: -32005 });
    expect(texts(await collect(client.sendMessage(port, id, 'say: back again')))).toEqual(['back again']);
    expect(existsSync(inWork('never.txt'))).toBe(false);
  });

  it('a client that drops while a request waits and attaches from its last seq gets the request once, and can answer it', async () => {
    const { port, id, calls } = await askSession();
    const sent = client.sendMessage(port, id, 'bash: touch after-drop.txt');
    const before = await readUntil(sent, (event) => event.type === 'tool_use');
    await sent.return();
    await expect.poll(async () => (await calls.pending()).length, { timeout: 10_000 }).toBe(1);
    const attached = client.attachSession(port, id, Math.max(...seqs(before)));
    const replay = await readUntil(attached, (event) => event.type === 'system' && event.subtype === 'attached');
    expect(replay.at(-1)).toEqual({ type: 'system', subtype: 'attached', status: 'busy' });
    const [request] = permissions(replay);
    expect(permissions(replay)).toHaveLength(1);
    expect(await calls.pending()).toEqual([request]);
    expect((await client.monitorSessions(port)).sessions.find((session) => session.sessionId === id)).toMatchObject({ status: 'busy', pendingApprovals: 1 });
    await calls.answer({ requestId: request!.requestId, decision: 'allow' });
    const live = await readUntil(attached, (event) => event.type === 'result');
    await attached.return();
    expect(permissions(live)).toEqual([]);
    expect(resolutions(live)).toEqual([expect.objectContaining({ requestId: request!.requestId, decision: 'allow' })]);
    expect(existsSync(inWork('after-drop.txt'))).toBe(true);
    expect(await calls.pending()).toEqual([]);
  });

  it("a question: answered with the chosen label, and Claude's next words show the answer", async () => {
    const { port, id, calls } = await askSession();
    const stream = client.sendMessage(port, id, 'ask: Which colour should the button be? | Red | Blue');
    const { request } = await untilPermission(stream);
    expect(request).toMatchObject({ kind: 'question', tool: 'AskUserQuestion', input: { questions: [{ question: 'Which colour should the button be?', options: [{ label: 'Red' }, { label: 'Blue' }] }] } });
    const input = request.input as Record<string, unknown>;
    await calls.answer({ requestId: request.requestId, decision: 'allow', updatedInput: { ...input, answers: { 'Which colour should the button be?': 'Blue' } } });
    const rest = await collect(stream);
    expect(texts(rest).at(-1)).toBe('You chose: Blue');
  });

  it('switching to auto while a request waits: the daemon allows it, and the tool runs', async () => {
    const { port, id, calls } = await askSession();
    const stream = client.sendMessage(port, id, 'bash: touch switched.txt');
    const { request } = await untilPermission(stream);
    expect(await client.setMode(port, id, 'auto')).toBe(true);
    const rest = await collect(stream);
    expect(resolutions(rest)).toEqual([expect.objectContaining({ requestId: request.requestId, decision: 'allow', by: 'daemon' })]);
    expect(existsSync(inWork('switched.txt'))).toBe(true);
    expect(await calls.pending()).toEqual([]);
  });

  it('destroying the session withdraws what waits (destroyed) for the clients still attached', async () => {
    const { port, id } = await askSession();
    const stream = client.sendMessage(port, id, 'bash: touch destroyed.txt');
    const { request } = await untilPermission(stream);
    expect(await client.destroySession(port, id)).toBe(true);
    const rest = await collect(stream);
    expect(resolutions(rest)).toEqual([expect.objectContaining({ requestId: request.requestId, decision: 'withdrawn', reason: 'destroyed' })]);
    expect(existsSync(inWork('destroyed.txt'))).toBe(false);
  });
});
