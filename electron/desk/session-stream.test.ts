import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/protocol.js';
import { DaemonClient } from '../client/index.js';
import { SSE_HEAD, ScriptedServer, jsonRpcError, jsonRpcResult, writeAndFlush } from '../client/testing/scripted-server.js';
import { SessionStream, type RecoveryNotice } from './session-stream.js';

const partial = (seq: number) => ({ type: 'partial', content: `p${seq}`, seq });
const frame = (event: unknown) => `data: ${JSON.stringify(event)}\n\n`;

let server: ScriptedServer | undefined;
const client = new DaemonClient();
afterEach(async () => {
  await server?.stop();
});

/** A stream on the scripted server's port, with what it delivers and says collected. */
function streamOn(port: number, capabilities: string[]) {
  const delivered: StreamEvent[] = [];
  const notices: RecoveryNotice[] = [];
  const stream = new SessionStream({
    sessionId: 's-1',
    link: { client, whenConnected: async () => port, capabilities: () => new Set(capabilities), reportBroken: () => undefined },
    onEvents: (events) => delivered.push(...events),
    onNotice: (notice) => notices.push(notice),
  });
  return { stream, delivered, notices };
}

describe('SessionStream', () => {
  it('drops duplicates by seq and fills a gap from history, saying so', async () => {
    server = await ScriptedServer.start(async (request, socket) => {
      const { method, params, id } = request.json as { method: string; params: { afterSeq?: number; limit?: number }; id: string };
      if (method === 'session.send') {
        await writeAndFlush(socket, SSE_HEAD + [1, 2, 2, 1, 5, 6].map((seq) => frame(partial(seq))).join('') + 'data: [DONE]\n\n');
        socket.end();
      } else if (method === 'session.history') {
        const after = params.afterSeq ?? 0;
        const events = [3, 4].filter((seq) => seq > after).slice(0, params.limit ?? 1000).map(partial);
        socket.write(jsonRpcResult({ events, nextSeq: 7 }, id));
      }
    });
    const { stream, delivered, notices } = streamOn(server.port, ['seq', 'history', 'attach']);
    await stream.send('go', () => undefined);
    await stream.settled();
    expect(delivered.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stream.duplicatesDropped).toBe(2);
    expect(stream.lastSeq).toBe(6);
    // Filled from history: nothing was lost, so there is nothing to tell the user.
    expect(notices).toEqual([]);
  });

  it('reports a gap it cannot fill when the daemon keeps no history', async () => {
    server = await ScriptedServer.start(async (_request, socket) => {
      await writeAndFlush(socket, SSE_HEAD + [1, 4].map((seq) => frame(partial(seq))).join('') + 'data: [DONE]\n\n');
      socket.end();
    });
    const { stream, delivered, notices } = streamOn(server.port, ['seq']);
    await stream.send('go', () => undefined);
    await stream.settled();
    expect(delivered.map((event) => event.seq)).toEqual([1, 4]);
    expect(notices).toEqual([{ kind: 'gap', from: 2, to: 3, message: expect.stringContaining('events 2..3 from the daemon are missing') }]);
  });

  it('runs one recovery when a broken send and a host resync both ask to catch up', async () => {
    let historyCalls = 0;
    server = await ScriptedServer.start(async (request, socket) => {
      const { method, params, id } = request.json as { method: string; params: { afterSeq?: number }; id: string };
      if (method === 'session.list') {
        socket.write(jsonRpcResult({ sessions: [{ sessionId: 's-1', path: '/w', status: 'idle', mode: 'auto', sdkSessionId: null, model: null, createdAt: 'x', lastActivityAt: 'x' }] }, id));
      } else if (method === 'session.history') {
        historyCalls++;
        const events = [1, 2, 3].filter((seq) => seq > (params.afterSeq ?? 0)).map(partial);
        socket.write(jsonRpcResult({ events, nextSeq: 4 }, id));
      } else {
        socket.write(jsonRpcResult({ userPending: 0, responsePending: 0, clientConnected: false }, id));
      }
    });
    const { stream, delivered, notices } = streamOn(server.port, ['seq', 'history', 'attach']);
    await Promise.all([stream.catchUp(), stream.catchUp()]);
    expect(delivered.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(notices).toEqual([{ kind: 'caught_up', replayed: 3, message: 'caught up, 3 events replayed' }]);
    expect(historyCalls).toBe(1);
    // Following again with nothing missed is no news.
    await stream.catchUp();
    expect(notices).toHaveLength(1);
  });

  it('runs again when asked while it judged the session idle, so a turn queued at that moment is not missed', async () => {
    let listCalls = 0;
    let releaseList: () => void = () => {};
    const listGate = new Promise<void>((resolve) => (releaseList = resolve));
    let historyCalls = 0;
    server = await ScriptedServer.start(async (request, socket) => {
      const { method, params, id } = request.json as { method: string; params: { afterSeq?: number }; id: string };
      if (method === 'session.list') {
        // The first answer is held until a second catch-up has been asked for meanwhile.
        if (++listCalls === 1) await listGate;
        socket.write(jsonRpcResult({ sessions: [{ sessionId: 's-1', path: '/w', status: 'idle', mode: 'auto', sdkSessionId: null, model: null, createdAt: 'x', lastActivityAt: 'x' }] }, id));
      } else if (method === 'session.history') {
        historyCalls++;
        // The queued turn's events exist by the second read.
        const last = historyCalls === 1 ? 3 : 5;
        const events = [1, 2, 3, 4, 5].filter((seq) => seq <= last && seq > (params.afterSeq ?? 0)).map(partial);
        socket.write(jsonRpcResult({ events, nextSeq: last + 1 }, id));
      } else {
        socket.write(jsonRpcResult({ userPending: 0, responsePending: 0, clientConnected: false }, id));
      }
    });
    const { stream, delivered } = streamOn(server.port, ['seq', 'history', 'attach']);
    const first = stream.catchUp();
    await expect.poll(() => listCalls).toBe(1);
    const second = stream.catchUp();
    releaseList();
    await Promise.all([first, second]);
    expect(delivered.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes a queued turn that ran to its end while the turn before it was being judged: nothing after that turn is left behind', async () => {
    // Turn 1 is seqs 1..3 (3 its result); the queued turn 2 is 4..6. Under load, the attach stream
    // brings both turns in one read, and by the time the desk asks, the session is idle again.
    const result = (seq: number) => ({ type: 'result', raw: { type: 'result', subtype: 'success' }, seq });
    const log = [partial(1), partial(2), result(3), { type: 'system', subtype: 'user_message', content: 'the one that stays', seq: 4 }, partial(5), result(6)];
    let listCalls = 0;
    let historyCalls = 0;
    server = await ScriptedServer.start(async (request, socket) => {
      const { method, params, id } = request.json as { method: string; params: { afterSeq?: number; limit?: number }; id: string };
      if (method === 'session.list') {
        const status = ++listCalls === 1 ? 'busy' : 'idle';
        socket.write(jsonRpcResult({ sessions: [{ sessionId: 's-1', path: '/w', status, mode: 'auto', sdkSessionId: null, model: null, createdAt: 'x', lastActivityAt: 'x' }] }, id));
      } else if (method === 'session.history') {
        // The first read, while turn 1 runs, holds only its start.
        const through = ++historyCalls === 1 ? 1 : 6;
        socket.write(jsonRpcResult({ events: log.filter((event) => event.seq > (params.afterSeq ?? 0) && event.seq <= through), nextSeq: through + 1 }, id));
      } else if (method === 'session.attach') {
        await writeAndFlush(socket, SSE_HEAD + frame({ type: 'system', subtype: 'attached', status: 'busy' }) + log.slice(1).map(frame).join(''));
      } else {
        socket.write(jsonRpcResult({ userPending: 0, responsePending: 0, clientConnected: true }, id));
      }
    });
    const { stream, delivered } = streamOn(server.port, ['seq', 'history', 'attach']);
    await stream.catchUp();
    expect(delivered.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('says so when the recovery after a broken send fails, instead of failing out of sight', async () => {
    server = await ScriptedServer.start(async (request, socket) => {
      const { method, id } = request.json as { method: string; id: string };
      if (method === 'session.send') {
        // The stream breaks mid-turn (no [DONE]); the daemon then forgets the session.
        await writeAndFlush(socket, SSE_HEAD + frame(partial(1)));
        socket.end();
      } else if (method === 'session.list') {
        socket.write(jsonRpcResult({ sessions: [{ sessionId: 's-1', path: '/w', status: 'idle', mode: 'auto', sdkSessionId: null, model: null, createdAt: 'x', lastActivityAt: 'x' }] }, id));
      } else {
        socket.write(jsonRpcError(-32004, 'Session not found: s-1', id));
      }
    });
    const { stream, delivered, notices } = streamOn(server.port, ['seq', 'history', 'attach']);
    await stream.send('go', () => undefined);
    await stream.settled();
    expect(delivered.map((event) => event.seq)).toEqual([1]);
    expect(notices).toEqual([{ kind: 'lost', message: expect.stringContaining('no longer knows this session') }]);
  });

  it('delivers nothing and says nothing once stopped', async () => {
    server = await ScriptedServer.start(async (request, socket) => {
      const { id } = request.json as { id: string };
      socket.write(jsonRpcResult({ sessions: [] }, id));
    });
    const { stream, delivered, notices } = streamOn(server.port, ['seq', 'history', 'attach']);
    stream.stop();
    await stream.catchUp();
    expect(delivered).toEqual([]);
    expect(notices).toEqual([]);
  });
});
