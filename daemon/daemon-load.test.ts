/**
 * Hostile clients: many SSE clients that never read. The daemon's memory stays bounded, it
 * keeps answering, and SIGTERM still stops it.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestWorld } from './testing/harness.js';
import { collect, readUntil } from './testing/stream-helpers.js';

const FIREHOSE_CLI = `${process.execPath} ${fileURLToPath(new URL('../bench/fake-claude.mjs', import.meta.url))}`;
const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;
const sockets: net.Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** A client that sends `session.attach` and then never reads: its socket is paused. Resolves once the daemon answered with a stream. */
function stalledAttacher(port: number, sessionId: string, afterSeq: number): Promise<net.Socket> {
  const body = JSON.stringify({ method: 'session.attach', params: { sessionId, afterSeq }, id: 1 });
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      if (chunk.toString('latin1').includes('text/event-stream')) resolve(socket);
      else reject(new Error(`not a stream: ${chunk.toString('latin1').slice(0, 200)}`));
    });
    socket.write(`POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  });
}

const closed = (socket: net.Socket) => socket.destroyed || socket.readableEnded;

/** The daemon's peak resident memory so far, in MB (Linux). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** A session with a log of `count` events of about `size` bytes each, written straight to disk. */
async function sessionWithLog(count: number, size: number): Promise<string> {
  const sessionId = '22222222-0000-4000-8000-000000000001';
  const dir = path.join(world.env.dataDir, 'sessions', sessionId);
  await mkdir(dir, { recursive: true });
  const now = '2026-01-01T00:00:00.000Z';
  const record = { version: 1, sessionId, path: world.env.workDir, mode: 'auto', sdkSessionId: null, model: null, createdAt: now, lastActivityAt: now, status: 'idle' };
  await writeFile(path.join(dir, 'session.json'), JSON.stringify(record));
  const text = 'x'.repeat(size);
  const lines: string[] = [JSON.stringify({ type: 'system', subtype: 'user_message', content: 'go', seq: 1 })];
  for (let seq = 2; seq < count; seq++) lines.push(JSON.stringify({ type: 'text', content: `${seq} ${text}`, seq }));
  lines.push(JSON.stringify({ type: 'result', raw: { is_error: false }, seq: count }));
  await writeFile(path.join(dir, 'events.jsonl'), `${lines.join('\n')}\n`);
  return sessionId;
}

describe('many SSE clients that never read', () => {
  it('cuts the client furthest behind once all clients together hold more than --max-buffered-bytes, and says why', async () => {
    const daemon = await world.start({ claude: FIREHOSE_CLI, args: ['--max-buffered-bytes', String(8 * 1024 * 1024)] });
    const id = await client.createSession(daemon.port, world.env.workDir);
    const stalled = await Promise.all(Array.from({ length: 6 }, () => stalledAttacher(daemon.port, id, 0)));
    const events = await collect(client.sendMessage(daemon.port, id, 'events: 200000'));
    expect(events.filter((event) => event.type === 'partial')).toHaveLength(200_000);
    const cuts = () => daemon.stderr().match(/cut the session\.attach stream .* furthest behind .*--max-buffered-bytes/g)?.length ?? 0;
    expect(cuts()).toBeGreaterThan(0);
    // A paused socket notices its end only once it reads again.
    for (const socket of stalled) socket.resume();
    await expect.poll(() => stalled.filter(closed).length, { timeout: 20_000 }).toBe(cuts());
    // A client that was cut catches up from where it was, by seq.
    const attached = client.attachSession(daemon.port, id, 0);
    const replay = await readUntil(attached, (event) => event.type === 'system' && event.subtype === 'attached');
    await attached.return();
    expect(replay.filter((event) => event.type === 'partial')).toHaveLength(200_000);
  }, 60_000);

  it('60 attachers from seq 0 on a 40 MB log that never read: memory stays bounded, health.check answers, a reader gets everything, SIGTERM stops it', async () => {
    const count = 40_000;
    const id = await sessionWithLog(count, 1000);
    const daemon = await world.start();
    await Promise.all(Array.from({ length: 60 }, () => stalledAttacher(daemon.port, id, 0)));
    expect((await client.healthCheck(daemon.port)).ok).toBe(true);
    const attached = client.attachSession(daemon.port, id, 0);
    const replay = await readUntil(attached, (event) => event.type === 'system' && event.subtype === 'attached');
    await attached.return();
    expect(replay).toHaveLength(count + 1);
    expect((await client.healthCheck(daemon.port)).ok).toBe(true);
    // Bound: about 140 MB once the log is loaded (Node, the daemon, the ring of 10,000 parsed
    // 1 kB events), about 1 MB per stalled client (a 256 kB page and its frames, a few times
    // over until the kernel's socket buffers are full), and 100 MB of room: 300 MB (measured:
    // about 210). Reading the whole log per caller, as before, costs each of them the 40 MB
    // file, its text and its parsed events, and the daemon stopped answering.
    expect(peakRssMb(daemon.pid)).toBeLessThan(300);
    expect(await daemon.stop('SIGTERM')).toBe(0);
  }, 60_000);
});
