import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DaemonClient, DaemonConnectionError, DaemonError } from './index.js';
import { SSE_HEAD, ScriptedServer, httpResponse, jsonRpcError, jsonRpcResult, useScriptedClient, type ScriptedHandler } from './testing/scripted-server.js';

const session = {
  sessionId: 's-1',
  path: '/home/dev/proj',
  status: 'idle',
  mode: 'auto',
  sdkSessionId: null,
  model: null,
  createdAt: '2026-11-25T04:00:00.000Z',
  lastActivityAt: '2026-11-25T04:00:00.000Z',
};
const queue = { userPending: 1, responsePending: 2, clientConnected: true };
const health = {
  ok: true,
  sessions: 1,
  sessionsByStatus: { idle: 1 },
  uptime: 12.5,
  memory: { rss: 80, heapUsed: 20, heapTotal: 40 },
  nodeVersion: 'v20.20.2',
  version: '0.1.0',
  pid: 4242,
  capabilities: ['seq', 'attach'],
  limits: { maxMessageBytes: 1_000_000, maxBufferedEvents: 10_000 },
};

const setup = useScriptedClient(afterEach);

/** Answers each method with the given result. */
function answering(results: Record<string, unknown>): ScriptedHandler {
  return (request, socket) => {
    const { method, id } = request.json as { method: string; id: string };
    socket.write(jsonRpcResult(results[method], id));
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('DaemonClient requests', () => {
  it('builds the URL from the local port', () => {
    expect(new DaemonClient().url(9123)).toBe('http://127.0.0.1:9123/rpc');
  });

  it('sends every method to POST /rpc with the exact params of the original client', async () => {
    const { client, server, port } = await setup(
      answering({
        'session.create': { sessionId: 's-1' },
        'session.resume': { ok: true, fallback: false },
        'session.destroy': { ok: true },
        'session.list': { sessions: [] },
        'session.set_mode': { ok: true },
        'session.interrupt': { ok: true, interrupted: false },
        'session.queue_stats': queue,
        'session.reconnect': { bufferedEvents: [] },
        'health.check': health,
        'monitor.sessions': { sessions: [], totalSessions: 0, uptime: 1 },
        'session.history': { events: [], nextSeq: 1 },
      }),
    );
    await client.createSession(port, '~/proj', 'plan');
    await client.resumeSession(port, 's-1', 'sdk-9');
    await client.resumeSession(port, 's-1');
    await client.destroySession(port, 's-1');
    await client.listSessions(port);
    await client.setMode(port, 's-1', 'code');
    await client.interruptSession(port, 's-1');
    await client.getQueueStats(port, 's-1');
    await client.reconnectSession(port, 's-1');
    await client.healthCheck(port);
    await client.monitorSessions(port);
    await client.sessionHistory(port, 's-1', 5, 100);

    for (const request of server.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/rpc');
      expect(request.headers['content-type']).toBe('application/json');
    }
    const bodies = server.requests.map((r) => {
      const { id, ...rest } = r.json as { id: string };
      expect(typeof id).toBe('string');
      return rest;
    });
    expect(bodies).toEqual([
      { method: 'session.create', params: { path: '~/proj', mode: 'plan' } },
      { method: 'session.resume', params: { sessionId: 's-1', sdkSessionId: 'sdk-9' } },
      { method: 'session.resume', params: { sessionId: 's-1' } },
      { method: 'session.destroy', params: { sessionId: 's-1' } },
      { method: 'session.list' },
      { method: 'session.set_mode', params: { sessionId: 's-1', mode: 'code' } },
      { method: 'session.interrupt', params: { sessionId: 's-1' } },
      { method: 'session.queue_stats', params: { sessionId: 's-1' } },
      { method: 'session.reconnect', params: { sessionId: 's-1' } },
      { method: 'health.check' },
      { method: 'monitor.sessions' },
      { method: 'session.history', params: { sessionId: 's-1', afterSeq: 5, limit: 100 } },
    ]);
    // Ids are unique per request, so answers can be matched to calls.
    expect(new Set(server.requests.map((r) => (r.json as { id: string }).id)).size).toBe(server.requests.length);
  });

  it('sends the extra headers of its options with every call and stream (a bearer token)', async () => {
    const { client, server, port } = await setup(
      (request, socket) => {
        const { method, id } = request.json as { method: string; id: string };
        if (method === 'session.send') socket.end(`${SSE_HEAD}data: {"type":"text","content":"hi"}\n\ndata: [DONE]\n\n`);
        else socket.write(jsonRpcResult(health, id));
      },
      { headers: { authorization: 'Bearer s3cret-token-value' } },
    );
    await client.healthCheck(port);
    for await (const _event of client.sendMessage(port, 's-1', 'hi')) void _event;
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer s3cret-token-value', 'Bearer s3cret-token-value']);
    // The options' headers never replace the content type the protocol needs.
    expect(server.requests.every((request) => request.headers['content-type'] === 'application/json')).toBe(true);
  });

  it('takes a base URL in place of 127.0.0.1:<port>, and names it in errors', async () => {
    const scripted = await ScriptedServer.start((request, socket) => socket.write(jsonRpcError(-32000, 'nope', (request.json as { id: string }).id)));
    const client = new DaemonClient({ baseUrl: `http://localhost:${scripted.port}/daemon` });
    try {
      const error = (await failure(client.listSessions(0))) as DaemonError;
      expect(scripted.requests[0]).toMatchObject({ method: 'POST', path: '/daemon/rpc' });
      expect(error.message).toBe('nope');
      expect(client.url(0)).toBe(`http://localhost:${scripted.port}/daemon/rpc`);
    } finally {
      await client.close();
      await scripted.stop();
    }
  });

  it('creates sessions in auto mode unless told otherwise', async () => {
    const { client, server, port } = await setup(answering({ 'session.create': { sessionId: 'abc' } }));
    expect(await client.createSession(port, '/srv/app')).toBe('abc');
    expect(server.requests[0]?.json).toMatchObject({ params: { path: '/srv/app', mode: 'auto' } });
  });

  it('returns every result in its documented shape and keeps unknown members', async () => {
    const { client, port } = await setup(
      answering({
        'session.resume': { ok: true, fallback: true },
        'session.destroy': { ok: true },
        'session.list': { sessions: [{ ...session, cliType: 'claude', version: '2' }] },
        'session.set_mode': { ok: false },
        'session.interrupt': { ok: true, interrupted: true },
        'session.queue_stats': queue,
        'session.reconnect': { bufferedEvents: [{ type: 'text', content: 'hi', seq: 3 }, { type: 'result', session_id: 'x', raw: { duration_ms: 5 } }] },
        'health.check': health,
        'monitor.sessions': { sessions: [{ ...session, queue }], totalSessions: 1, uptime: 3 },
        'session.history': { events: [{ type: 'partial', content: 'a', seq: 1 }], nextSeq: 2 },
      }),
    );
    expect(await client.resumeSession(port, 's-1')).toEqual({ ok: true, fallback: true });
    expect(await client.destroySession(port, 's-1')).toBe(true);
    expect(await client.listSessions(port)).toEqual([{ ...session, cliType: 'claude', version: '2' }]);
    expect(await client.setMode(port, 's-1', 'ask')).toBe(false);
    expect(await client.interruptSession(port, 's-1')).toEqual({ ok: true, interrupted: true });
    expect(await client.getQueueStats(port, 's-1')).toEqual(queue);
    expect(await client.reconnectSession(port, 's-1')).toEqual([
      { type: 'text', content: 'hi', seq: 3 },
      { type: 'result', session_id: 'x', raw: { duration_ms: 5 } },
    ]);
    expect(await client.healthCheck(port)).toEqual(health);
    expect(await client.monitorSessions(port)).toEqual({ sessions: [{ ...session, queue }], totalSessions: 1, uptime: 3 });
    expect(await client.sessionHistory(port, 's-1')).toEqual({ events: [{ type: 'partial', content: 'a', seq: 1 }], nextSeq: 2 });
  });

  it('treats a resume answer without "fallback" (old daemons) as no fallback', async () => {
    const { client, port } = await setup(answering({ 'session.resume': { ok: false } }));
    expect(await client.resumeSession(port, 's-1')).toEqual({ ok: false, fallback: false });
  });

  it('passes a raw result through rpcCall untouched', async () => {
    const { client, server, port } = await setup(answering({ 'custom.thing': { anything: [1, 2] } }));
    expect(await client.rpcCall(port, 'custom.thing', { a: 1 })).toEqual({ anything: [1, 2] });
    expect(server.requests[0]?.json).toMatchObject({ method: 'custom.thing', params: { a: 1 } });
  });

  it('reuses keep-alive connections instead of opening one per call', async () => {
    let connections = 0;
    const { client, port } = await setup((request, socket) => {
      if (!(socket as net.Socket & { seen?: boolean }).seen) {
        (socket as net.Socket & { seen?: boolean }).seen = true;
        connections++;
      }
      socket.write(jsonRpcResult({ sessions: [] }, (request.json as { id: string }).id));
    });
    for (let i = 0; i < 20; i++) await client.listSessions(port);
    // undici may open a second connection while the first is being released; never one per call.
    expect(connections).toBeLessThanOrEqual(2);
  });
});

describe('DaemonClient errors', () => {
  it.each([
    [-32600, 'Invalid request: method is required'],
    [-32601, 'Method not found: session.nope'],
    [-32602, 'Missing required param: sessionId'],
    [-32000, 'Session not found: s-404'],
  ])('a JSON-RPC error %i becomes DaemonError with that code', async (code, message) => {
    const { client, port } = await setup((_request, socket) => socket.write(jsonRpcError(code, message)));
    const error = await failure(client.destroySession(port, 's-404'));
    expect(error).toBeInstanceOf(DaemonError);
    expect(error).toMatchObject({ code, message, method: 'session.destroy', port });
  });

  it('reports HTTP 413 (the old daemon body limit) with status, port, method and an excerpt', async () => {
    const { client, port } = await setup((_r, socket) =>
      socket.write(httpResponse(413, 'text/plain', 'Payload Too Large: body exceeds 100kb', 'Payload Too Large')),
    );
    const error = (await failure(client.createSession(port, '/x'))) as DaemonConnectionError;
    expect(error).toBeInstanceOf(DaemonConnectionError);
    expect(error.status).toBe(413);
    expect(error.failure).toBe('http_status');
    expect(error.message).toContain(`session.create on 127.0.0.1:${port}`);
    expect(error.message).toContain('HTTP 413');
    expect(error.message).toContain('100 kB');
    expect(error.message).toContain('Payload Too Large: body exceeds 100kb');
  });

  it('reports HTTP 500 with the body excerpt', async () => {
    const { client, port } = await setup((_r, socket) =>
      socket.write(httpResponse(500, 'text/plain', 'Internal error\n   at handler (server.js:10)', 'Internal Server Error')),
    );
    const error = (await failure(client.listSessions(port))) as DaemonConnectionError;
    expect(error).toBeInstanceOf(DaemonConnectionError);
    expect(error.status).toBe(500);
    expect(error.message).toContain('Internal error at handler (server.js:10)');
  });

  it('reports an HTML page answered with 200 as not JSON', async () => {
    const { client, port } = await setup((_r, socket) =>
      socket.write(httpResponse(200, 'text/html', '<!doctype html><html><body>Welcome to nginx!</body></html>')),
    );
    const error = (await failure(client.healthCheck(port))) as DaemonConnectionError;
    expect(error).toBeInstanceOf(DaemonConnectionError);
    expect(error.failure).toBe('not_json');
    expect(error.message).toMatch(/answer is not JSON \(text\/html\): <!doctype html>/);
  });

  it('reports a result that does not match its schema, naming the member', async () => {
    const { client, port } = await setup((_r, socket) => socket.write(jsonRpcResult({ ...health, pid: 'four' })));
    const error = (await failure(client.healthCheck(port))) as DaemonConnectionError;
    expect(error).toBeInstanceOf(DaemonConnectionError);
    expect(error.failure).toBe('bad_result');
    expect(error.message).toContain('"pid"');
  });

  it('keeps every session of a list that has an odd one: an unknown status or mode is kept as text, a non-session left out', async () => {
    const odd = { ...session, sessionId: 's-2', status: 'hibernating', mode: 'turbo', createdAt: undefined };
    const { client, port } = await setup((_r, socket) => socket.write(jsonRpcResult({ sessions: [session, { sessionId: 7 }, odd, 'nonsense'] })));
    const sessions = await client.listSessions(port);
    expect(sessions.map((s) => s.sessionId)).toEqual(['s-1', 's-2']);
    expect(sessions[1]).toMatchObject({ status: 'hibernating', mode: 'turbo', createdAt: '' });
  });

  it('reports an answer with neither result nor error', async () => {
    const { client, port } = await setup((_r, socket) => socket.write(httpResponse(200, 'application/json', '{"id":"1"}')));
    const error = (await failure(client.rpcCall(port, 'session.list'))) as DaemonConnectionError;
    expect(error.failure).toBe('bad_result');
  });

  it('reports a refused connection as a DaemonConnectionError that says nothing listens there', async () => {
    const { client, port, server } = await setup(() => undefined);
    await server.stop();
    const error = (await failure(client.listSessions(port))) as DaemonConnectionError;
    expect(error).toBeInstanceOf(DaemonConnectionError);
    expect(error.failure).toBe('refused');
    expect(error.message).toBe(`session.list on 127.0.0.1:${port}: connection refused: no daemon or tunnel is listening on this port`);
  });

  it('reports a connection reset in the middle of the body', async () => {
    const { client, port } = await setup((_r, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"result":{"sess');
      setImmediate(() => socket.resetAndDestroy());
    });
    const error = (await failure(client.listSessions(port))) as DaemonConnectionError;
    expect(error).toBeInstanceOf(DaemonConnectionError);
    expect(error.failure).toBe('reset');
    expect(error.message).toContain(`session.list on 127.0.0.1:${port}`);
  });

  it('gives up on an ordinary call after its limit and says so', async () => {
    const { client, port } = await setup(() => undefined, { callTimeoutMs: 150 });
    const error = (await failure(client.healthCheck(port))) as DaemonConnectionError;
    expect(error).toBeInstanceOf(DaemonConnectionError);
    expect(error.failure).toBe('timeout');
    expect(error.message).toBe(`health.check on 127.0.0.1:${port}: no answer within 150 ms`);
  });

  it('close() releases the pools and later calls fail at once with a clear error', async () => {
    const { client, server, port } = await setup(answering({ 'session.list': { sessions: [] } }));
    await client.listSessions(port);
    expect(server.openSockets).toBe(1);
    await client.close();
    await expect.poll(() => server.openSockets).toBe(0);
    const error = (await failure(client.listSessions(port))) as DaemonConnectionError;
    expect(error).toBeInstanceOf(DaemonConnectionError);
    expect(error.failure).toBe('closed');
    expect(error.message).toContain('the client was closed');
  });

  it('close() ends a call that is waiting for an answer', async () => {
    const { client, port, server } = await setup(() => undefined);
    const pending = failure(client.healthCheck(port));
    await expect.poll(() => server.requests.length).toBe(1);
    await client.close();
    const error = (await pending) as DaemonConnectionError;
    expect(error.failure).toBe('closed');
  });
});
