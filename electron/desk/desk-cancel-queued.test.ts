/**
 * `sessions.cancelQueued` on the embedded daemon and the real CLI: a queued message taken back
 * never runs, every window is told by a `cancelled` item, and what cannot be cancelled says why.
 * Also the host's slash commands in `HostView.commands`.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEvent, HostView, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import { claudeTestEnv, type ClaudeTestEnv } from '../../daemon/testing/harness.js';
import { DeskError } from './desk-error.js';
import { openTestDesk, type TestDesk } from './testing/test-desk.js';

let env: ClaudeTestEnv;
let opened: TestDesk;
const events: DeskEvent[] = [];

beforeAll(async () => {
  env = await claudeTestEnv();
  opened = await openTestDesk(env, { dataDir: path.join(env.root, 'app-data'), linkSettings: { healthIntervalMs: 300 } });
  opened.desk.onEvent((event) => events.push(event));
});
afterAll(async () => {
  await opened?.desk.close();
  await env?.cleanup();
});

const call = <T>(method: string, params: unknown = {}) => opened.call<T>(method, params);
const transcript = async (key: string) => (await call<{ items: TranscriptItem[] }>('sessions.transcript', { key })).items;
const sentItem = async (key: string, message: string) => (await transcript(key)).find((item) => item.kind === 'sent' && item.message === message)!;
const queuedCount = async (key: string) => (await transcript(key)).filter((item) => item.kind === 'event' && item.event.type === 'queued').length;
const turnsEnded = async (key: string) => (await transcript(key)).filter((item) => item.kind === 'event' && item.event.type === 'result').length;
const startedMessages = async (key: string) =>
  (await transcript(key)).flatMap((item) => (item.kind === 'event' && item.event.type === 'system' && item.event.subtype === 'user_message' ? [item.event.content] : []));
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as DeskError);

/** A session on This computer, busy with a slow turn (about 4 s). */
async function busySession(): Promise<string> {
  await expect.poll(async () => (await call<HostView[]>('hosts.list'))[0]?.link.status, { timeout: 20_000 }).toBe('connected');
  const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir, mode: 'auto' });
  await call('sessions.send', { key: session.key, message: 'slow: 80 50' });
  await expect.poll(async () => (await transcript(session.key)).some((item) => item.kind === 'event' && item.event.type === 'partial'), { timeout: 20_000 }).toBe(true);
  return session.key;
}

describe('cancelling a queued message from the desk', () => {
  it('Stop clears the queue: every queued message is marked cancelled, so none waits on screen for a turn that never comes', async () => {
    const key = await busySession();
    await call('sessions.send', { key, message: 'say: dropped one' });
    await call('sessions.send', { key, message: 'say: dropped two' });
    await expect.poll(() => queuedCount(key), { timeout: 10_000 }).toBe(2);
    const sent = [await sentItem(key, 'say: dropped one'), await sentItem(key, 'say: dropped two')];
    expect(await call('sessions.interrupt', { key })).toEqual({ interrupted: true });
    const cancelled = (await transcript(key)).flatMap((item) => (item.kind === 'cancelled' ? [item.sent] : []));
    expect(cancelled.sort()).toEqual(sent.map((item) => item.n).sort());
    await expect.poll(async () => (await call<SessionView[]>('sessions.list')).find((s) => s.key === key)?.status, { timeout: 10_000 }).toBe('idle');
    expect(await startedMessages(key)).toEqual(['slow: 80 50']);
  });

  it('takes it back before its turn: it answers the text, every window gets a `cancelled` item, it never runs and the one behind it does', async () => {
    const key = await busySession();
    expect(await call('sessions.send', { key, message: 'say: cancel me' })).toEqual({ queued: true });
    expect(await call('sessions.send', { key, message: 'say: keep me' })).toEqual({ queued: true });
    await expect.poll(() => queuedCount(key), { timeout: 10_000 }).toBe(2);
    const sent = await sentItem(key, 'say: cancel me');

    expect(await call('sessions.cancelQueued', { key, n: sent.n })).toEqual({ message: 'say: cancel me' });
    const pushed = events.flatMap((event) => (event.type === 'session.items' && event.key === key ? event.items : []));
    expect(pushed.at(-1)).toMatchObject({ kind: 'cancelled', sent: sent.n });
    expect((await transcript(key)).at(-1)).toMatchObject({ kind: 'cancelled', sent: sent.n, at: expect.any(String) });

    // Twice is refused, and never takes the message behind it instead.
    const again = await failureOf(call('sessions.cancelQueued', { key, n: sent.n }));
    expect(again).toMatchObject({ code: 'not_queued', message: expect.stringContaining('no longer queued') });

    await expect.poll(() => turnsEnded(key), { timeout: 30_000 }).toBe(2);
    expect(await startedMessages(key)).toEqual(['slow: 80 50', 'say: keep me']);
    expect(JSON.stringify(env.model.requests.map((request) => request.messages))).not.toContain('cancel me');
  });

  it('refuses once the turn began, and for an item that is not a message sent', async () => {
    const key = await busySession();
    await call('sessions.send', { key, message: 'say: too late to cancel' });
    await expect.poll(() => startedMessages(key), { timeout: 30_000 }).toContain('say: too late to cancel');
    const sent = await sentItem(key, 'say: too late to cancel');
    expect(await failureOf(call('sessions.cancelQueued', { key, n: sent.n }))).toMatchObject({ code: 'not_queued', message: expect.stringContaining('turn has begun') });
    const notSent = (await transcript(key)).find((item) => item.kind === 'event')!;
    expect(await failureOf(call('sessions.cancelQueued', { key, n: notSent.n }))).toMatchObject({ code: 'not_found' });
    expect(await failureOf(call('sessions.cancelQueued', { key, n: 100_000 }))).toMatchObject({ code: 'not_found' });
    expect((await transcript(key)).some((item) => item.kind === 'cancelled')).toBe(false);
  });

  it("shows the host CLI's slash commands once its daemon knows them", async () => {
    await expect.poll(async () => (await call<HostView[]>('hosts.list'))[0]?.commands?.map((command) => command.name) ?? [], { timeout: 10_000 }).toContain('compact');
  });
});
