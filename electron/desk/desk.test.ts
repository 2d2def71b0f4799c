import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEvent, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import { claudeTestEnv, type ClaudeTestEnv } from '../../daemon/testing/harness.js';
import { startWebServer, type WebServer } from '../web/serve.js';
import type { Desk } from './desk.js';
import type { DeskDispatch } from './desk-dispatch.js';
import { openTestDesk } from './testing/test-desk.js';

let env: ClaudeTestEnv;
let desk: Desk;
let dispatch: DeskDispatch;
let events: DeskEvent[] = [];
let dataDir: string;

async function openDesk(): Promise<void> {
  ({ desk, dispatch } = await openTestDesk(env, { dataDir, linkSettings: { healthIntervalMs: 500 } }));
  events = [];
  desk.onEvent((event) => events.push(event));
}

const call = <T>(method: string, params: unknown = {}) => dispatch(method, params) as Promise<T>;
const itemsOf = (key: string) =>
  events.flatMap((event) => (event.type === 'session.items' && event.key === key ? event.items : []));

beforeAll(async () => {
  env = await claudeTestEnv();
  dataDir = path.join(env.root, 'app-data');
  await openDesk();
});
afterAll(async () => {
  await desk?.close();
  await env?.cleanup();
});

describe('the desk on "This computer"', () => {
  it('starts the embedded local daemon when no host is configured', async () => {
    await expect.poll(async () => (await call<{ link: { status: string } }[]>('hosts.list'))[0]?.link.status, { timeout: 20_000 }).toBe('connected');
    const [host] = await call<{ id: string; name: string; kind: string }[]>('hosts.list');
    expect(host).toMatchObject({ id: 'local', name: 'This computer', kind: 'local' });
    const health = await call<{ health: { pid: number } }>('health.current', { hostId: 'local' });
    expect(health.health.pid).toBeGreaterThan(0);
  });

  it('creates a session named after its folder; send answers once the daemon has the message, and the answer arrives as ordered items', async () => {
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir, mode: 'auto' });
    expect(session.name).toBe(path.basename(env.workDir));
    expect(await call('sessions.send', { key: session.key, message: 'say: hello from the desk', id: 'w-1' })).toEqual({ queued: false });
    // By the time the call answers, the transcript holds the message.
    expect((await call<{ items: TranscriptItem[] }>('sessions.transcript', { key: session.key })).items[0]).toMatchObject({ kind: 'sent', id: 'w-1' });
    await expect.poll(() => itemsOf(session.key).some((item) => item.kind === 'event' && item.event.type === 'result'), { timeout: 20_000 }).toBe(true);
    const items = itemsOf(session.key);
    expect(items[0]).toMatchObject({ kind: 'sent', message: 'say: hello from the desk' });
    // Joined text deltas carry the n of the last one they hold: n only ever grows.
    const ns = items.map((item) => item.n);
    expect(ns).toEqual([...new Set(ns)].sort((a, b) => a - b));
    const seqs = items.flatMap((item) => (item.kind === 'event' && item.event.seq !== undefined ? [item.event.seq] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const text = items.flatMap((item) => (item.kind === 'event' && item.event.type === 'text' ? [item.event.content] : []));
    expect(text).toEqual(['hello from the desk']);
    const page = await call<{ items: TranscriptItem[]; total: number }>('sessions.transcript', { key: session.key });
    expect(page.total).toBeGreaterThanOrEqual(items.length);
    await expect.poll(async () => (await call<SessionView[]>('sessions.list')).find((s) => s.key === session.key)?.unread).toBe(true);
  });

  it('renames, reads queue stats, marks read, sets the mode and lists recent paths', async () => {
    const [session] = await call<SessionView[]>('sessions.list');
    expect((await call<SessionView>('sessions.rename', { key: session!.key, name: 'My work' })).name).toBe('My work');
    expect(await call('sessions.queueStats', { key: session!.key })).toMatchObject({ userPending: 0 });
    expect(await call('sessions.markRead', { key: session!.key })).toEqual({ ok: true });
    expect(await call('sessions.setMode', { key: session!.key, mode: 'plan' })).toEqual({ ok: true });
    expect(await call('sessions.recentPaths', { hostId: 'local' })).toEqual({ paths: [env.workDir] });
    expect((await call<{ version: string }>('app.info')).version).toBe('0.1.0');
  });

  it('keeps a time series of health samples for the charts', async () => {
    await expect.poll(async () => (await call<unknown[]>('health.series', { hostId: 'local' })).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  });

  it('refuses input that fails the schema with a message naming the field', async () => {
    await expect(call('sessions.create', { hostId: 'local', path: '', mode: 'auto' })).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringContaining('"path"') });
    await expect(call('sessions.setMode', { key: 'x', mode: 'turbo' })).rejects.toMatchObject({ code: 'invalid_params' });
    await expect(call('nope.nothing')).rejects.toMatchObject({ code: 'unknown_method' });
    await expect(call('sessions.send', { key: 'local/none', message: 'hi' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('No session') });
  });

  it('brings back hosts and transcripts after a restart, a torn last line skipped, before the daemon answers', async () => {
    const [before] = await call<SessionView[]>('sessions.list');
    const length = (await call<{ total: number }>('sessions.transcript', { key: before!.key })).total;
    await desk.close();
    const file = path.join(dataDir, 'transcripts', `${before!.key.replace(/[^\w.-]/g, '_')}.jsonl`);
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('{"format":"switchyard.transcript","version":1}');
    await appendFile(file, '{"n": 999, "kind": "sent", "mess');
    await openDesk();
    const sessions = await call<SessionView[]>('sessions.list');
    expect(sessions.find((s) => s.key === before!.key)).toMatchObject({ name: 'My work' });
    const page = await call<{ items: TranscriptItem[]; total: number }>('sessions.transcript', { key: before!.key });
    expect(page.total).toBe(length);
    expect((await readFile(file, 'utf8')).endsWith('\n')).toBe(true);
    await expect.poll(async () => (await call<{ link: { status: string } }[]>('hosts.list'))[0]?.link.status, { timeout: 20_000 }).toBe('connected');
  });

  it('destroys a session and forgets it', async () => {
    const [session] = await call<SessionView[]>('sessions.list');
    expect(await call('sessions.destroy', { key: session!.key })).toEqual({ ok: true });
    expect((await call<SessionView[]>('sessions.list')).some((s) => s.key === session!.key)).toBe(false);
  });
});

describe('browser mode', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({ dispatch, streams: desk.eventStreams(), staticDir: path.join(env.root, 'no-renderer'), maxStreamBacklog: 64 * 1024, stalledMs: 300 });
  });
  afterAll(async () => server?.close());

  const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    request(`http://127.0.0.1:${server.port}/api/${method}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

  it('answers calls with the token and refuses them without it (401)', async () => {
    const ok = await api('hosts.list', {}, { authorization: `Bearer ${server.token}` });
    expect(ok.statusCode).toBe(200);
    expect(((await ok.body.json()) as { result: unknown[] }).result).toHaveLength(1);
    const denied = await api('hosts.list', {});
    expect(denied.statusCode).toBe(401);
    await denied.body.dump();
  });

  it('lets the page keep its content-named assets, never the page itself', async () => {
    const staticDir = path.join(env.root, 'built-renderer');
    await mkdir(path.join(staticDir, 'assets'), { recursive: true });
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><script type="module" src="./assets/index-abc123.js"></script>');
    await writeFile(path.join(staticDir, 'assets', 'index-abc123.js'), 'console.log(1);');
    const withAssets = await startWebServer({ dispatch, streams: desk.eventStreams(), staticDir });
    try {
      const get = (pathname: string) => request(`http://127.0.0.1:${withAssets.port}${pathname}`, { headers: { authorization: `Bearer ${withAssets.token}` } });
      const asset = await get('/assets/index-abc123.js');
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('private, max-age=31536000, immutable');
      expect(await asset.body.text()).toBe('console.log(1);');
      const page = await get('/');
      expect(page.headers['cache-control']).toBe('no-store');
      await page.body.dump();
      const api = await request(`http://127.0.0.1:${withAssets.port}/api/hosts.list`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', authorization: `Bearer ${withAssets.token}` } });
      expect(api.headers['cache-control']).toBe('no-store');
      await api.body.dump();
    } finally {
      await withAssets.close();
    }
  });

  it('trades the token in the URL for an HttpOnly SameSite=Strict cookie', async () => {
    const first = await request(server.url);
    expect(first.statusCode).toBe(303);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    await first.body.dump();
    const next = await api('hosts.list', {}, { cookie: cookie.split(';')[0]! });
    expect(next.statusCode).toBe(200);
    await next.body.dump();
  });

  it('refuses a foreign Host or Origin (403)', async () => {
    const host = await api('hosts.list', {}, { authorization: `Bearer ${server.token}`, host: 'evil.example:80' });
    expect(host.statusCode).toBe(403);
    await host.body.dump();
    const origin = await api('hosts.list', {}, { authorization: `Bearer ${server.token}`, origin: 'http://evil.example' });
    expect(origin.statusCode).toBe(403);
    await origin.body.dump();
  });

  it('refuses an API call whose body is not JSON (a form or text/plain post from another page)', async () => {
    const plain = await request(`http://127.0.0.1:${server.port}/api/hosts.list`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/plain' } });
    expect(plain.statusCode).toBe(415);
    await plain.body.dump();
  });

  it('reports bad input with 400 and the field', async () => {
    const bad = await api('sessions.rename', { key: 'x', name: '' }, { authorization: `Bearer ${server.token}` });
    expect(bad.statusCode).toBe(400);
    expect(((await bad.body.json()) as { error: { message: string } }).error.message).toContain('"name"');
  });

  it('opens each stream with its id; a session\'s items reach only the streams that watch it', async () => {
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir, mode: 'auto' });
    await call('sessions.send', { key: session.key, message: 'say: watched words' });
    await expect.poll(async () => (await call<SessionView[]>('sessions.list')).find((s) => s.key === session.key)?.status, { timeout: 20_000 }).toBe('idle');
    const watching = await openStream(server);
    const idle = await openStream(server);
    expect(await api('sessions.watch', { stream: watching.id, key: session.key, after: -1 }, { authorization: `Bearer ${server.token}` }).then((r) => r.statusCode)).toBe(200);
    await expect.poll(() => watching.text(), { timeout: 10_000 }).toContain('watched words');
    desk.notice('warning', 'to every window');
    await expect.poll(() => idle.text(), { timeout: 10_000 }).toContain('to every window');
    expect(idle.text()).not.toContain('watched words');
    watching.close();
    idle.close();
  });

  it('cuts a stream whose reader stopped reading, instead of filling memory', async () => {
    const response = await request(`http://127.0.0.1:${server.port}/api/events`, { headers: { authorization: `Bearer ${server.token}` } });
    // Never read: the socket's buffers fill and the server's backlog passes its limit: the
    // stream is cut. Read afterwards, it ends early, without what came after the cut.
    response.body.pause();
    for (let i = 0; i < 600; i++) {
      desk.notice('warning', `flood ${i} ${'x'.repeat(10_000)}`);
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const received = await response.body.text().catch((error: Error) => `cut: ${error.message}`);
    expect(received).not.toContain('flood 599');
  });
});

/** An event stream read in the background: its id (from hello) and what it received so far. */
async function openStream(server: WebServer): Promise<{ id: string; text: () => string; close: () => void }> {
  const response = await request(`http://127.0.0.1:${server.port}/api/events`, { headers: { authorization: `Bearer ${server.token}` } });
  let text = '';
  let resolveId!: (id: string) => void;
  const id = new Promise<string>((resolve) => (resolveId = resolve));
  response.body.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    const hello = /event: hello\ndata: (.*)\n/.exec(text);
    if (hello) resolveId((JSON.parse(hello[1]!) as { stream: string }).stream);
  });
  response.body.on('error', () => undefined);
  return { id: await id, text: () => text, close: () => response.body.destroy() };
}
