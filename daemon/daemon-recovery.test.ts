import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../shared/protocol.js';
import { DaemonClient } from '../electron/client/index.js';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from './testing/harness.js';
import { collect, partialText, readUntil, seqs, texts } from './testing/stream-helpers.js';

let env: ClaudeTestEnv;
let daemon: RunningDaemon;
const client = new DaemonClient();

beforeAll(async () => {
  env = await claudeTestEnv();
});
afterEach(async () => {
  await daemon?.stop();
});
afterAll(async () => {
  await client.close();
  await env?.cleanup();
});

const start = async () => {
  daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
  return daemon.port;
};
const contiguous = (events: StreamEvent[], from: number) => {
  const numbers = seqs(events);
  expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => from + i));
};

describe('daemon recovery', () => {
  it('keeps a turn running when the client drops the stream; session.reconnect hands over the rest once', async () => {
    const port = await start();
    const id = await client.createSession(port, env.workDir);
    const stream = client.sendMessage(port, id, 'slow: 12 60');
    const before = await readUntil(stream, (_event, seen) => seen.filter((event) => event.type === 'partial').length >= 3);
    await stream.return();
    await expect.poll(async () => (await client.listSessions(port)).find((s) => s.sessionId === id)?.status, { timeout: 10_000 }).toBe('idle');
    const stats = await client.getQueueStats(port, id);
    expect(stats.clientConnected).toBe(false);
    expect(stats.responsePending).toBeGreaterThan(0);
    const rest = await client.reconnectSession(port, id);
    const all = [...before, ...rest];
    contiguous(all, 1);
    expect(partialText(all)).toBe('w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 ');
    expect(all.at(-1)?.type).toBe('result');
    expect(await client.reconnectSession(port, id)).toEqual([]);
  });

  it('re-attaches to a running turn from the last seq with no gap and no duplicate', async () => {
    const port = await start();
    const id = await client.createSession(port, env.workDir);
    const stream = client.sendMessage(port, id, 'slow: 15 60');
    const before = await readUntil(stream, (_event, seen) => seen.filter((event) => event.type === 'partial').length >= 4);
    await stream.return();
    const lastSeen = Math.max(...seqs(before));
    const attached = client.attachSession(port, id, lastSeen);
    const after = await readUntil(attached, (event) => event.type === 'result');
    await attached.return();
    contiguous([...before, ...after], 1);
    expect(partialText([...before, ...after])).toBe(Array.from({ length: 15 }, (_, i) => `w${i + 1} `).join(''));
  });

  it('keeps sessions, history and the Claude session across a daemon restart', async () => {
    let port = await start();
    const id = await client.createSession(port, env.workDir);
    const first = await collect(client.sendMessage(port, id, 'say: remembered'));
    await daemon.stop();
    port = await start();
    const info = (await client.listSessions(port)).find((session) => session.sessionId === id);
    expect(info).toMatchObject({ sessionId: id, status: 'idle', sdkSessionId: expect.any(String) });
    const history = await client.sessionHistory(port, id);
    expect(history.events).toEqual(first);
    expect(history.nextSeq).toBe(first.length + 1);
    expect(await client.resumeSession(port, id)).toEqual({ ok: true, fallback: false });
    const next = await collect(client.sendMessage(port, id, 'say: after restart'));
    expect(texts(next)).toEqual(['after restart']);
    contiguous(next, first.length + 1);
    expect(JSON.stringify(env.model.requests.at(-1)!.messages)).toContain('say: remembered');
  });

  it('answers fallback:true for a stale Claude session and primes a fresh one with the history', async () => {
    const port = await start();
    const id = await client.createSession(port, env.workDir);
    await collect(client.sendMessage(port, id, 'say: the answer is 42'));
    expect(await client.resumeSession(port, id, '00000000-0000-4000-8000-000000000000')).toEqual({ ok: true, fallback: true });
    const next = await collect(client.sendMessage(port, id, 'say: working again'));
    expect(texts(next)).toEqual(['working again']);
    const system = JSON.stringify(env.model.requests.at(-1)!.system);
    expect(system).toContain('continues an earlier Claude Code session');
    expect(system).toContain('say: the answer is 42');
  });

  it('falls back during a turn when --resume fails, and the turn still answers', async () => {
    let port = await start();
    const id = await client.createSession(port, env.workDir);
    await collect(client.sendMessage(port, id, 'say: before the loss'));
    await daemon.stop();
    // Claude's own session files are gone; the daemon still has its sdkSessionId.
    await rm(path.join(env.env.CLAUDE_CONFIG_DIR!, 'projects'), { recursive: true, force: true });
    port = await start();
    const events = await collect(client.sendMessage(port, id, 'say: after the loss'));
    expect(events.find((event) => event.type === 'system' && event.subtype === 'fallback')).toBeDefined();
    expect(texts(events)).toEqual(['after the loss']);
  });

  it('answers ok:false for a session it does not know', async () => {
    const port = await start();
    expect(await client.resumeSession(port, 'no-such-session')).toEqual({ ok: false, fallback: false });
  });

  it('stops every turn on SIGTERM and keeps the log: the interrupted turn is in history after a restart', async () => {
    let port = await start();
    const id = await client.createSession(port, env.workDir);
    const stream = client.sendMessage(port, id, 'slow: 100 100');
    await readUntil(stream, (event) => event.type === 'partial');
    expect(await daemon.stop('SIGTERM')).toBe(0);
    const rest = await collect(stream);
    expect(rest.some((event) => event.type === 'interrupted')).toBe(true);
    port = await start();
    const history = await client.sessionHistory(port, id);
    expect(history.events.at(-1)).toMatchObject({ type: 'interrupted' });
    contiguous(history.events, 1);
  });
});
