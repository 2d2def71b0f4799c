import { readFileSync } from 'node:fs';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/protocol.js';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import { SSE_HEAD, httpResponse, jsonRpcError, useScriptedClient, writeAndFlush, type ScriptedHandler } from './testing/scripted-server.js';

const recorded = readFileSync(new URL('./fixtures/recorded-turn.sse', import.meta.url));
const expected = JSON.parse(readFileSync(new URL('./fixtures/recorded-turn.events.json', import.meta.url), 'utf8')) as StreamEvent[];
const frame = (event: unknown) => `data: ${JSON.stringify(event)}\n\n`;

const setup = useScriptedClient(afterEach);

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** A server whose open stream the test writes to step by step. */
function controlledStream() {
  let socket: net.Socket | undefined;
  let opened!: () => void;
  const ready = new Promise<void>((resolve) => (opened = resolve));
  const handler: ScriptedHandler = async (_request, s) => {
    socket = s;
    await writeAndFlush(s, SSE_HEAD);
    opened();
  };
  return {
    handler,
    ready,
    write: (text: string) => writeAndFlush(socket!, text),
    get socket() {
      return socket;
    },
    end: () => socket!.end(),
  };
}

describe('DaemonClient.sendMessage', () => {
  it('posts session.send and yields the recorded turn even when it arrives byte by byte', async () => {
    const { client, server, port } = await setup(async (_request, socket) => {
      await writeAndFlush(socket, SSE_HEAD);
      for (const byte of recorded) await writeAndFlush(socket, Uint8Array.of(byte));
      socket.end();
    });
    const events = await collect(client.sendMessage(port, 's-1', 'run a command'));
    expect(events).toEqual(expected);
    expect(server.requests[0]?.json).toMatchObject({ method: 'session.send', params: { sessionId: 's-1', message: 'run a command' } });
  });

  it('ends at [DONE] even when the daemon keeps the connection open', async () => {
    const { client, port } = await setup(async (_request, socket) => {
      await writeAndFlush(socket, SSE_HEAD + frame({ type: 'text', content: 'hi' }) + 'data: [DONE]\n\n');
    });
    expect(await collect(client.sendMessage(port, 's-1', 'hi'))).toEqual([{ type: 'text', content: 'hi' }]);
  });

  it('accepts chunked transfer encoding with CRLF frames and comments', async () => {
    const body = ': hello\r\n\r\ndata: {"type":"partial","content":"a"}\r\n\r\ndata: [DONE]\r\n\r\n';
    const { client, port } = await setup(async (_request, socket) => {
      const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n';
      const chunks = [body.slice(0, 7), body.slice(7, 40), body.slice(40)];
      await writeAndFlush(socket, head);
      for (const chunk of chunks) await writeAndFlush(socket, `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
      await writeAndFlush(socket, '0\r\n\r\n');
    });
    expect(await collect(client.sendMessage(port, 's-1', 'x'))).toEqual([{ type: 'partial', content: 'a' }]);
  });

  it('yields an "incomplete" error when the stream is cut before [DONE]', async () => {
    const { client, port } = await setup(async (_request, socket) => {
      await writeAndFlush(socket, SSE_HEAD + frame({ type: 'partial', content: 'half' }) + 'data: {"type":"par');
      socket.end();
    });
    const events = await collect(client.sendMessage(port, 's-1', 'x'));
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({ type: 'partial', content: 'half' });
    expect(events[1]).toMatchObject({ type: 'error', reason: 'incomplete' });
    expect((events[1] as { message: string }).message).toContain('ended before [DONE]');
  });

  it('yields a "connection" error when the connection is reset mid-stream', async () => {
    const { client, port } = await setup(async (_request, socket) => {
      const data = frame({ type: 'partial', content: 'a' });
      const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n';
      await writeAndFlush(socket, `${head}${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`);
      socket.resetAndDestroy();
    });
    const events = await collect(client.sendMessage(port, 's-1', 'x'));
    expect(events[0]).toEqual({ type: 'partial', content: 'a' });
    expect(events[1]).toMatchObject({ type: 'error', reason: 'connection' });
    expect(events).toHaveLength(2);
  });

  it('goes on after a malformed payload', async () => {
    const { client, port } = await setup(async (_request, socket) => {
      await writeAndFlush(socket, SSE_HEAD + 'data: not json\n\n' + frame({ type: 'text', content: 'ok' }) + 'data: [DONE]\n\n');
    });
    const events = await collect(client.sendMessage(port, 's-1', 'x'));
    expect(events[0]).toMatchObject({ type: 'error', reason: 'malformed' });
    expect(events[1]).toEqual({ type: 'text', content: 'ok' });
  });

  it('turns a JSON-RPC error answer into one rpc_error event with its code', async () => {
    const { client, port } = await setup((_request, socket) => socket.write(jsonRpcError(-32000, 'Session not found: s-9')));
    const events = await collect(client.sendMessage(port, 's-9', 'x'));
    expect(events).toEqual([
      { type: 'error', reason: 'rpc_error', code: -32000, message: `session.send on 127.0.0.1:${port}: Session not found: s-9` },
    ]);
  });

  it('turns a non-200 answer into one http_status event', async () => {
    const { client, port } = await setup((_request, socket) =>
      socket.write(httpResponse(413, 'text/html', '<html>413 Request Entity Too Large</html>', 'Payload Too Large')),
    );
    const events = await collect(client.sendMessage(port, 's-1', 'x'.repeat(200_000)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', reason: 'http_status' });
    expect((events[0] as { message: string }).message).toContain('HTTP 413');
  });

  it('turns a refused connection into one connection event', async () => {
    const { client, port, server } = await setup(() => undefined);
    await server.stop();
    const events = await collect(client.sendMessage(port, 's-1', 'x'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', reason: 'connection' });
    expect((events[0] as { message: string }).message).toContain('connection refused');
  });

  it('stops at the default 300 s idle limit, measured on the injected clock', async () => {
    const clock = new FakeClock();
    const stream = controlledStream();
    const { client, port } = await setup(stream.handler, { clock });
    const events = client.sendMessage(port, 's-1', 'x');
    const first = events.next();
    await stream.ready;
    await stream.write(frame({ type: 'partial', content: 'a' }));
    expect((await first).value).toEqual({ type: 'partial', content: 'a' });

    const next = events.next();
    clock.advance(299_999);
    let settled = false;
    void next.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    clock.advance(1);
    const { value } = await next;
    expect(value).toMatchObject({ type: 'error', reason: 'idle_timeout' });
    expect((value as { message: string }).message).toContain('no data for 300 s');
    expect((await events.next()).done).toBe(true);
  });

  it('treats pings as activity: a quiet turn with pings is not idle', async () => {
    const clock = new FakeClock();
    const stream = controlledStream();
    const { client, port } = await setup(stream.handler, { clock });
    const events = client.sendMessage(port, 's-1', 'x');
    const seen: StreamEvent[] = [];
    const first = events.next();
    await stream.ready;
    for (let i = 0; i < 3; i++) {
      clock.advance(200_000);
      await stream.write(frame({ type: 'ping' }));
      const result = i === 0 ? await first : await events.next();
      seen.push(result.value as StreamEvent);
    }
    await stream.write(frame({ type: 'text', content: 'done' }) + 'data: [DONE]\n\n');
    for await (const event of events) seen.push(event);
    expect(seen).toEqual([{ type: 'ping' }, { type: 'ping' }, { type: 'ping' }, { type: 'text', content: 'done' }]);
  });

  it('stops at the 15 minute total limit even while data keeps coming', async () => {
    const clock = new FakeClock();
    const stream = controlledStream();
    const { client, port } = await setup(stream.handler, { clock });
    const events = client.sendMessage(port, 's-1', 'x');
    let pending = events.next();
    await stream.ready;
    const seen: StreamEvent[] = [];
    for (let minute = 0; minute < 14; minute++) {
      clock.advance(60_000);
      await stream.write(frame({ type: 'ping' }));
      seen.push((await pending).value as StreamEvent);
      pending = events.next();
    }
    clock.advance(60_000);
    const last = (await pending).value as StreamEvent;
    expect(seen).toHaveLength(14);
    expect(last).toMatchObject({ type: 'error', reason: 'total_timeout' });
    expect((last as { message: string }).message).toContain('longer than 900 s');
  });

  it('takes a per-call idle limit', async () => {
    const stream = controlledStream();
    const { client, port } = await setup(stream.handler);
    const events = await collect(client.sendMessage(port, 's-1', 'x', 120));
    expect(events).toEqual([
      { type: 'error', reason: 'idle_timeout', message: `session.send on 127.0.0.1:${port}: no data for 120 ms (idle limit)` },
    ]);
  });

  it('takes the idle limit from the client\'s timeout option', async () => {
    const stream = controlledStream();
    const { client, port } = await setup(stream.handler, { timeout: 90 });
    const events = await collect(client.sendMessage(port, 's-1', 'x'));
    expect(events[0]).toMatchObject({ reason: 'idle_timeout', message: expect.stringContaining('90 ms') });
  });

  it('releases the connection when the caller stops reading early', async () => {
    const stream = controlledStream();
    const { client, port } = await setup(stream.handler);
    const events = client.sendMessage(port, 's-1', 'x');
    const first = events.next();
    await stream.ready;
    await stream.write(frame({ type: 'partial', content: 'a' }));
    await first;
    const closed = new Promise<void>((resolve) => stream.socket!.once('close', () => resolve()));
    await events.return();
    await closed;
    expect(stream.socket!.destroyed).toBe(true);
  });

  it('close() ends an open stream with a "closed" event and later streams at once', async () => {
    const stream = controlledStream();
    const { client, port } = await setup(stream.handler);
    const events = client.sendMessage(port, 's-1', 'x');
    const first = events.next();
    await stream.ready;
    await client.close();
    expect((await first).value).toMatchObject({ type: 'error', reason: 'closed' });
    expect((await events.next()).done).toBe(true);
    expect(await collect(client.sendMessage(port, 's-1', 'again'))).toEqual([
      { type: 'error', reason: 'closed', message: `session.send on 127.0.0.1:${port}: the client was closed` },
    ]);
  });
});

describe('DaemonClient.attachSession', () => {
  it('posts session.attach with afterSeq and streams like send', async () => {
    const { client, server, port } = await setup(async (_request, socket) => {
      await writeAndFlush(socket, SSE_HEAD + frame({ type: 'text', content: 'x', seq: 8 }) + 'data: [DONE]\n\n');
    });
    expect(await collect(client.attachSession(port, 's-1', 7))).toEqual([{ type: 'text', content: 'x', seq: 8 }]);
    expect(server.requests[0]?.json).toMatchObject({ method: 'session.attach', params: { sessionId: 's-1', afterSeq: 7 } });
  });
});
