/**
 * What the desk keeps on disk: a save that fails never ends the desk and is said in words, a
 * file or record that does not parse is set aside and named, and nothing else is lost.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv } from '../../daemon/testing/harness.js';
import type { DeskEvent, HostView, Notice, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import type { Desk } from './desk.js';
import type { DeskDispatch } from './desk-dispatch.js';
import { openTestDesk } from './testing/test-desk.js';

let env: ClaudeTestEnv;
let dataDir: string;
let desk: Desk | undefined;
let dispatch: DeskDispatch;
let notices: Notice[];

beforeEach(async () => {
  env = await claudeTestEnv();
  dataDir = path.join(env.root, 'app-data');
  await mkdir(dataDir, { recursive: true });
});
afterEach(async () => {
  await desk?.close();
  desk = undefined;
  await env.cleanup();
});

async function open(): Promise<void> {
  const opened = await openTestDesk(env, { dataDir, linkSettings: { healthIntervalMs: 500 }, saveRetryMs: 100 });
  desk = opened.desk;
  dispatch = opened.dispatch;
  notices = [];
  desk.onEvent((event: DeskEvent) => event.type === 'notice' && notices.push(event.notice));
}

const call = <T>(method: string, params: unknown = {}) => dispatch(method, params) as Promise<T>;
const connected = () => expect.poll(async () => (await call<HostView[]>('hosts.list'))[0]?.link.status, { timeout: 20_000 }).toBe('connected');

describe('saving', () => {
  it('stays up when the session list and a transcript cannot be written, says where, and saves them once it can', async () => {
    await open();
    await connected();
    // Writes fail: the session list's path is a folder, the transcripts' folder is a file.
    await mkdir(path.join(dataDir, 'sessions.json'));
    await writeFile(path.join(dataDir, 'transcripts'), 'not a folder');
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
    await call('sessions.send', { key: session.key, message: 'say: kept in memory' });
    await expect.poll(() => notices.some((n) => n.level === 'error' && n.message.includes(path.join(dataDir, 'sessions.json'))), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => notices.some((n) => n.level === 'error' && n.message.includes(path.join(dataDir, 'transcripts'))), { timeout: 10_000 }).toBe(true);
    // The desk still answers, and the transcript in memory is whole.
    await expect
      .poll(async () => (await call<{ items: TranscriptItem[] }>('sessions.transcript', { key: session.key })).items.some((i) => i.kind === 'event' && i.event.type === 'result'), { timeout: 20_000 })
      .toBe(true);
    expect((await call<{ level: string; message: string }[]>('app.notices')).some((n) => n.message.includes('Could not save the session list'))).toBe(true);

    // Space again: both are written, nothing of the turn missing.
    await rm(path.join(dataDir, 'sessions.json'), { recursive: true });
    await rm(path.join(dataDir, 'transcripts'));
    await expect.poll(() => notices.filter((n) => n.level === 'info' && /saved again/.test(n.message)).length, { timeout: 10_000 }).toBe(2);
    const file = path.join(dataDir, 'transcripts', `${session.key.replace(/[^\w.-]/g, '_')}.jsonl`);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.some((line) => line.includes('"type":"result"'))).toBe(true);
    expect(JSON.parse(await readFile(path.join(dataDir, 'sessions.json'), 'utf8'))).toMatchObject({ format: 'switchyard.sessions', version: 1, records: [{ key: session.key }] });
  });
});

describe('loading', () => {
  it('sets aside a host list that is not JSON, names it, and starts with This computer', async () => {
    await writeFile(path.join(dataDir, 'hosts.json'), '{ this is not json');
    await open();
    const hosts = await call<HostView[]>('hosts.list');
    expect(hosts.map((h) => h.id)).toEqual(['local']);
    const problem = (await call<Notice[]>('app.notices')).find((n) => n.message.includes('hosts.json'));
    expect(problem?.message).toMatch(/is not valid JSON; it was set aside as .*hosts\.json\.unreadable-/);
    expect((await readdir(dataDir)).some((name) => name.startsWith('hosts.json.unreadable-'))).toBe(true);
  });

  it('keeps the good records of a session list and sets the bad ones aside in a file it names', async () => {
    const good = {
      key: 'local/s-1', hostId: 'local', sessionId: 's-1', name: 'kept', path: env.workDir, mode: 'code', model: null, status: 'idle', sdkSessionId: null,
      createdAt: '2026-12-01T00:00:00Z', lastActivityAt: '2026-12-01T00:00:00Z', unread: false, lastOutcome: null, lost: false, transcriptLength: 0,
    };
    const bad = { ...good, key: 'local/s-2', sessionId: 's-2', mode: 42 };
    // A list from before format versions: a bare array.
    await writeFile(path.join(dataDir, 'sessions.json'), JSON.stringify([good, bad, 'junk']));
    await open();
    const sessions = await call<SessionView[]>('sessions.list');
    expect(sessions.map((s) => s.name)).toEqual(['kept']);
    const problem = (await call<Notice[]>('app.notices')).find((n) => n.message.includes('sessions.json'));
    expect(problem?.message).toMatch(/2 damaged entries of the session list .* set aside in .*sessions\.json\.rejected-.*\.json/);
    const aside = (await readdir(dataDir)).find((name) => name.startsWith('sessions.json.rejected-'))!;
    expect(JSON.parse(await readFile(path.join(dataDir, aside), 'utf8'))).toEqual([bad, 'junk']);
  });

  it('loads a transcript with a malformed line, sets the line aside and names it, and keeps the rest', async () => {
    const key = 'local/s-1';
    const record = {
      key, hostId: 'local', sessionId: 's-1', name: 'kept', path: env.workDir, mode: 'code', model: null, status: 'idle', sdkSessionId: null,
      createdAt: '2026-12-01T00:00:00Z', lastActivityAt: '2026-12-01T00:00:00Z', unread: false, lastOutcome: null, lost: false, transcriptLength: 3,
    };
    await writeFile(path.join(dataDir, 'sessions.json'), JSON.stringify({ format: 'switchyard.sessions', version: 1, records: [record] }));
    await mkdir(path.join(dataDir, 'transcripts'));
    const file = path.join(dataDir, 'transcripts', 'local_s-1.jsonl');
    await writeFile(file, [
      JSON.stringify({ n: 0, kind: 'sent', message: 'hello', at: 'x' }),
      '{"kind":"event"}',
      JSON.stringify({ n: 2, kind: 'event', event: { type: 'text', content: 'Hi there.' } }),
      '',
    ].join('\n'));
    await open();
    const { items } = await call<{ items: TranscriptItem[] }>('sessions.transcript', { key });
    expect(items).toEqual([
      { n: 0, kind: 'sent', message: 'hello', at: 'x' },
      { n: 1, kind: 'event', event: { type: 'text', content: 'Hi there.' } },
    ]);
    const problem = notices.find((n) => n.message.includes('local_s-1.jsonl'));
    expect(problem?.message).toMatch(/1 damaged line of the transcript .* set aside in .*rejected-/);
    // The file now holds what loaded, so the next start reads it cleanly.
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('{"format":"switchyard.transcript","version":1}');
  });
});

describe('one desk and one daemon per data folder', () => {
  it('refuses a second desk on the same data, naming the one that runs', async () => {
    await open();
    await expect(openTestDesk(env, { dataDir })).rejects.toThrow(new RegExp(`Switchyard is already running on this data: the data folder ${dataDir} is in use by the Switchyard desk \\(pid ${process.pid}`));
  });

  it('stops a daemon an earlier desk left running on its data, says so, and starts its own', async () => {
    const leftover = await startDaemon({ env: env.env, dataDir: path.join(dataDir, 'local-daemon') });
    await open();
    await connected();
    expect(leftover.child.exitCode !== null || leftover.child.signalCode !== null).toBe(true);
    const { health } = await call<{ health: { pid: number } }>('health.current', { hostId: 'local' });
    expect(health.pid).not.toBe(leftover.pid);
    expect((await call<Notice[]>('app.notices')).some((n) => n.message.includes(`pid ${leftover.pid}`) && /still running/.test(n.message))).toBe(true);
  });
});

describe('errors the window can act on', () => {
  it('refuses a send to a paused host at once, with not_connected and the reason', async () => {
    await open();
    await connected();
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
    await call('hosts.pause', { hostId: 'local' });
    await expect(call('sessions.send', { key: session.key, message: 'hi' })).rejects.toMatchObject({ code: 'not_connected', message: expect.stringContaining('paused') });
    expect((await call<{ items: TranscriptItem[] }>('sessions.transcript', { key: session.key })).items).toEqual([]);
  });

  it('answers session_lost for a session its daemon forgot, and the window is told it can be restored', async () => {
    await open();
    await connected();
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
    // The daemon forgets it behind the desk's back.
    const { health } = await call<{ health: { pid: number } }>('health.current', { hostId: 'local' });
    expect(health.pid).toBeGreaterThan(0);
    const port = desk!.hosts.get('local')!.link.state.status === 'connected' ? (desk!.hosts.get('local')!.link.state as { localPort: number }).localPort : 0;
    await desk!.hosts.get('local')!.link.client.destroySession(port, session.sessionId);
    await expect(call('sessions.send', { key: session.key, message: 'hi' })).rejects.toMatchObject({ code: 'session_lost' });
    expect((await call<SessionView[]>('sessions.list')).find((s) => s.key === session.key)?.lost).toBe(true);
  });
});
