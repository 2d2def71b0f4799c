import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonConnectionError, DaemonError } from '../electron/client/index.js';
import { DAEMON_VERSION } from './version.js';
import { DAEMON_BUNDLE, startDaemon, useDaemonFixture } from './testing/harness.js';
import { collect, texts } from './testing/stream-helpers.js';

const fx = useDaemonFixture({ beforeAll, afterAll });
const client = fx.client;

async function post(port: number, body: string, headers: Record<string, string> = {}) {
  const response = await request(`http://127.0.0.1:${port}/rpc`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.statusCode, type: String(response.headers['content-type']), text: await response.body.text() };
}

async function rpcFailure(promise: Promise<unknown>): Promise<DaemonError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DaemonError);
  return error as DaemonError;
}

describe('daemon RPC: bad input gets a clear error and the daemon keeps serving', () => {
  it('a body that is not JSON: -32700 with HTTP 200', async () => {
    const answer = await post(fx.daemon.port, '{"method": "session.list"');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ error: { code: -32700, message: 'Parse error: the request body is not JSON' }, id: null });
  });

  it('no method: -32600; an unknown method: -32601 naming it', async () => {
    expect(JSON.parse((await post(fx.daemon.port, '{"id":"7"}')).text)).toMatchObject({ error: { code: -32600 }, id: '7' });
    const error = await rpcFailure(client.rpcCall(fx.daemon.port, 'session.teleport'));
    expect(error).toMatchObject({ code: -32601, message: 'Method not found: session.teleport' });
  });

  it('missing params: -32602 naming the param, for ordinary calls and for session.send', async () => {
    const error = await rpcFailure(client.rpcCall(fx.daemon.port, 'session.create', {}));
    expect(error).toMatchObject({ code: -32602, message: 'Missing required param: path (session.create)' });
    const send = await post(fx.daemon.port, JSON.stringify({ method: 'session.send', params: { sessionId: 'x' }, id: 1 }));
    expect(send.type).toContain('application/json');
    expect(JSON.parse(send.text)).toMatchObject({ error: { code: -32602, message: 'Missing required param: message (session.send)' }, id: 1 });
    expect(await rpcFailure(client.setMode(fx.daemon.port, 'x', 'turbo' as never))).toMatchObject({ code: -32602, message: expect.stringContaining('"mode"') });
    expect(await rpcFailure(client.rpcCall(fx.daemon.port, 'session.set_model', { sessionId: 'x' }))).toMatchObject({
      code: -32602,
      message: 'Missing required param: model (session.set_model)',
    });
    for (const bad of [{ model: 5 }, { cli_type: 7 }]) {
      const error = await rpcFailure(client.rpcCall(fx.daemon.port, 'session.create', { path: fx.env.workDir, ...bad }));
      expect(error).toMatchObject({ code: -32602, message: expect.stringContaining(`"${Object.keys(bad)[0]}"`) });
    }
  });

  it('an unknown session: destroy and reconnect answer as Part 1 daemons do, other calls -32004, session.send an error event with -32004', async () => {
    const port = fx.daemon.port;
    expect(await client.destroySession(port, 'nope')).toBe(false);
    expect(await client.reconnectSession(port, 'nope')).toEqual([]);
    const calls: [string, object][] = [
      ['session.queue_stats', {}],
      ['session.interrupt', {}],
      ['session.set_mode', { mode: 'code' }],
      ['session.history', {}],
      ['session.attach', {}],
    ];
    for (const [method, params] of calls) {
      expect(await rpcFailure(client.rpcCall(port, method, { sessionId: 'nope', ...params }))).toMatchObject({ code: -32004, message: 'Session not found: nope' });
    }
    expect(await collect(client.sendMessage(port, 'nope', 'hi'))).toEqual([{ type: 'error', code: -32004, message: 'Session not found: nope' }]);
    const destroyed = await client.createSession(port, fx.env.workDir);
    expect(await client.destroySession(port, destroyed)).toBe(true);
    expect(await collect(client.sendMessage(port, destroyed, 'hi'))).toEqual([{ type: 'error', code: -32004, message: `Session not found: ${destroyed}` }]);
  });

  it('a path that does not exist (-32006, folderMissing) or is a file (-32000): saying so', async () => {
    expect(await rpcFailure(client.createSession(fx.daemon.port, '/no/such/folder'))).toMatchObject({ code: -32006, message: expect.stringContaining('Path does not exist: /no/such/folder') });
    const file = path.join(fx.env.root, 'plain-file');
    await writeFile(file, 'x');
    expect(await rpcFailure(client.createSession(fx.daemon.port, file))).toMatchObject({ message: expect.stringContaining('not a directory') });
  });

  it('expands ~ in the path', async () => {
    const id = await client.createSession(fx.daemon.port, '~');
    expect((await client.listSessions(fx.daemon.port)).find((s) => s.sessionId === id)?.path).toBe(fx.env.env.HOME);
    await client.destroySession(fx.daemon.port, id);
  });

  it('an over-size message and an over-size body: -32602 with the limit, nothing else touched', async () => {
    const health = await client.healthCheck(fx.daemon.port);
    const { maxMessageBytes, maxBodyBytes } = health.limits!;
    const id = await client.createSession(fx.daemon.port, fx.env.workDir);
    const big = await collect(client.sendMessage(fx.daemon.port, id, 'x'.repeat(maxMessageBytes! + 1)));
    expect(big).toEqual([{ type: 'error', reason: 'rpc_error', code: -32602, message: expect.stringContaining(`at most ${maxMessageBytes} (limits.maxMessageBytes)`) }]);
    const huge = await post(fx.daemon.port, JSON.stringify({ method: 'session.send', params: { sessionId: id, message: 'y'.repeat(maxBodyBytes! + 10) } }));
    expect(JSON.parse(huge.text)).toMatchObject({ error: { code: -32602, message: expect.stringContaining('limits.maxBodyBytes') } });
    expect((await client.sessionHistory(fx.daemon.port, id)).events).toEqual([]);
    expect((await client.healthCheck(fx.daemon.port)).ok).toBe(true);
  });

  it('answers only POST /rpc', async () => {
    const response = await request(`http://127.0.0.1:${fx.daemon.port}/`, { method: 'GET' });
    expect(response.statusCode).toBe(404);
    await response.body.dump();
  });
});

describe('daemon health and monitoring', () => {
  it('health.check reports sessions by status, memory in MB, version, capabilities and limits', async () => {
    const health = await client.healthCheck(fx.daemon.port);
    expect(health).toMatchObject({ ok: true, pid: fx.daemon.pid, version: DAEMON_VERSION, nodeVersion: process.version });
    expect(health.capabilities).toEqual(['seq', 'attach', 'history', 'modes', 'partial', 'tool_result', 'persist', 'fallback', 'queue-buffer', 'models', 'approvals', 'claude-status', 'dequeue']);
    expect(health.memory.rss).toBeGreaterThan(10);
    expect(health.memory.rss).toBeLessThan(2000);
    expect(health.sessions).toBe(Object.values(health.sessionsByStatus).reduce((a, b) => a + b, 0));
  });

  it('monitor.sessions lists each session with its queue', async () => {
    const id = await client.createSession(fx.daemon.port, fx.env.workDir);
    const monitor = await client.monitorSessions(fx.daemon.port);
    expect(monitor.sessions.find((s) => s.sessionId === id)).toMatchObject({ status: 'idle', queue: { userPending: 0, responsePending: 0, clientConnected: false } });
    expect(monitor.totalSessions).toBe(monitor.sessions.length);
  });

  it('the daemon version equals the package version', async () => {
    const pkg = (await import('../package.json', { with: { type: 'json' } })).default as { version: string };
    expect(DAEMON_VERSION).toBe(pkg.version);
  });
});

describe('keep-alive', () => {
  it('sends ping events on a quiet stream (every second here; 30 s by default)', async () => {
    const id = await client.createSession(fx.daemon.port, fx.env.workDir);
    const types: string[] = [];
    for await (const event of client.sendMessage(fx.daemon.port, id, 'slow: 5 500')) types.push(event.type);
    expect(types).toContain('ping');
    expect(types.at(-1)).toBe('result');
  });
});

describe('an old head node that speaks only Part 1', () => {
  it('creates, sends, reads the SSE stream to [DONE], checks queue stats and reconnects, ignoring seq and capabilities', async () => {
    const call = async (method: string, params?: object) => JSON.parse((await post(fx.daemon.port, JSON.stringify(params ? { method, params } : { method }))).text) as { result: any };
    const { result: created } = await call('session.create', { path: fx.env.workDir });
    const sendAnswer = await post(fx.daemon.port, JSON.stringify({ method: 'session.send', params: { sessionId: created.sessionId, message: 'say: part one' } }));
    expect(sendAnswer.type).toContain('text/event-stream');
    const frames = sendAnswer.text.split('\n\n').filter(Boolean).map((frame) => frame.replace(/^data: /, ''));
    expect(frames.at(-1)).toBe('[DONE]');
    const events = frames.slice(0, -1).map((frame) => JSON.parse(frame) as { type: string; content?: string });
    expect(events.filter((e) => e.type === 'text').map((e) => e.content)).toEqual(['part one']);
    expect(events.at(-1)?.type).toBe('result');
    expect((await call('session.queue_stats', { sessionId: created.sessionId })).result).toEqual({ userPending: 0, responsePending: 0, clientConnected: false });
    expect((await call('session.reconnect', { sessionId: created.sessionId })).result).toEqual({ bufferedEvents: [] });
    expect((await call('session.list')).result.sessions.some((s: { sessionId: string }) => s.sessionId === created.sessionId)).toBe(true);
    expect((await call('health.check')).result.ok).toBe(true);
  });
});

describe('daemon start-up and safety', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [DAEMON_BUNDLE, ...args], { encoding: 'utf8', env: fx.env.env, timeout: 15_000 });

  it('--help prints the usage on stdout and exits 0', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--max-clis');
  });

  it('refuses a non-loopback bind without a token file', () => {
    const result = run(['--bind', '0.0.0.0', '--port', '0', '--data-dir', path.join(fx.env.root, 'x')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('refusing to listen on 0.0.0.0 without --token-file');
  });

  it('names a busy port', () => {
    const result = run(['--port', String(fx.daemon.port), '--data-dir', path.join(fx.env.root, 'y')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`port ${fx.daemon.port} on 127.0.0.1 is already in use`);
  });

  it('requires the bearer token when started with --token-file (401 otherwise)', async () => {
    const tokenFile = path.join(fx.env.root, 'token');
    await writeFile(tokenFile, 'correct-horse-battery-staple-42\n');
    const guarded = await startDaemon({ env: fx.env.env, dataDir: path.join(fx.env.root, 'guarded'), args: ['--token-file', tokenFile] });
    try {
      const error = await client.healthCheck(guarded.port).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DaemonConnectionError);
      expect((error as DaemonConnectionError).status).toBe(401);
      const wrong = await post(guarded.port, '{"method":"health.check"}', { authorization: 'Bearer correct-horse-battery-staple-41' });
      expect(wrong.status).toBe(401);
      const right = await post(guarded.port, '{"method":"health.check"}', { authorization: 'Bearer correct-horse-battery-staple-42' });
      expect(JSON.parse(right.text).result.ok).toBe(true);
    } finally {
      await guarded.stop();
    }
  });
});

describe('one CLI process per message', () => {
  it('answers every turn and keeps a message that starts with dashes as the message', async () => {
    const perMessage = await startDaemon({ env: fx.env.env, dataDir: path.join(fx.env.root, 'per-message'), args: ['--cli-mode', 'per-message'] });
    try {
      const id = await client.createSession(perMessage.port, fx.env.workDir);
      expect(texts(await collect(client.sendMessage(perMessage.port, id, 'say: first')))).toEqual(['first']);
      expect(texts(await collect(client.sendMessage(perMessage.port, id, '--version is not a flag here')))).toEqual(['Echo: --version is not a flag here']);
    } finally {
      await perMessage.stop();
    }
  });
});

describe('the CLI refusing to run', () => {
  it('says when the CLI command does not exist', async () => {
    const missing = await startDaemon({ env: fx.env.env, dataDir: path.join(fx.env.root, 'missing'), claude: '/no/such/claude' });
    try {
      const id = await client.createSession(missing.port, fx.env.workDir);
      const events = await collect(client.sendMessage(missing.port, id, 'hi'));
      expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('could not be started') });
    } finally {
      await missing.stop();
    }
  });
});

describe('a session whose folder is gone', () => {
  it('says that the folder no longer exists on this host and what to do, instead of blaming the CLI', async () => {
    const folder = path.join(fx.env.root, 'project-to-delete');
    await mkdir(folder);
    const id = await client.createSession(fx.daemon.port, folder);
    await rm(folder, { recursive: true });
    const events = await collect(client.sendMessage(fx.daemon.port, id, 'say: hi'));
    expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining(`folder ${folder} no longer exists on this host`) });
    expect(events.at(-1)).toMatchObject({ message: expect.stringMatching(/recreate it.*new session/i) });
    expect((await client.listSessions(fx.daemon.port)).find((session) => session.sessionId === id)?.status).toBe('error');
  });
});
