/**
 * Faults, each with "nothing earlier lost" checked: the daemon SIGKILLed mid-turn and under a
 * firehose, the CLI SIGKILLed, the desk's and the daemon's disk full. The desk runs in this
 * process on its embedded daemon; after each fault the transcript still holds every event it
 * had, once and in order, and the next message's answer arrives (no new event is taken for a
 * duplicate of an old one).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeTestEnv, worldProcesses, type ClaudeTestEnv } from '../../daemon/testing/harness.js';
import { processTree } from '../../shared/node/process-tree.js';
import type { HostView, Notice, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import type { StreamEvent } from '../../shared/protocol.js';
import { openTestDesk, type TestDesk } from './testing/test-desk.js';

const FAKE_CLI = `${process.execPath} ${fileURLToPath(new URL('../../bench/fake-claude.mjs', import.meta.url))}`;

let env: ClaudeTestEnv;
let opened: TestDesk | undefined;
let notices: Notice[];
const mounts: string[] = [];

beforeEach(async () => {
  env = await claudeTestEnv();
  notices = [];
});
afterEach(async () => {
  await opened?.desk.close();
  opened = undefined;
  for (const pid of worldProcesses(env)) signal(pid, 'SIGKILL');
  for (const mount of mounts.splice(0)) execFileSync('umount', ['-l', mount]);
  await env.cleanup();
});

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone.
  }
}

async function open(dataDir: string, claude?: { command: string; env: NodeJS.ProcessEnv }): Promise<TestDesk> {
  opened = await openTestDesk(env, {
    dataDir,
    linkSettings: { healthIntervalMs: 300, backoffBaseMs: 100, backoffMaxMs: 500, maxAttemptsPerMinute: 120 },
    saveRetryMs: 200,
    ...(claude ? { localClaudeCommand: claude.command, localDaemonEnv: { ...env.env, ...claude.env } } : {}),
  });
  opened.desk.onEvent((event) => event.type === 'notice' && notices.push(event.notice));
  await opened.desk.host('local').link.whenConnected(20_000);
  return opened;
}

const call = <T>(method: string, params: unknown = {}) => opened!.call<T>(method, params);
const items = async (key: string) => (await call<{ items: TranscriptItem[] }>('sessions.transcript', { key, limit: 5000 })).items;
const events = (list: TranscriptItem[]): StreamEvent[] => list.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
const seqs = (list: TranscriptItem[]) => events(list).flatMap((event) => (event.seq === undefined ? [] : [event.seq]));
const localDaemonPid = () => opened!.desk.hosts.get('local')!.link.health!.pid;

/** Seqs strictly increasing: nothing doubled, nothing out of order. */
function expectOnceInOrder(list: TranscriptItem[]): void {
  const all = seqs(list);
  expect(all).toEqual([...new Set(all)].sort((a, b) => a - b));
}

/** Every item held before the fault is still there, unchanged, at the start of the transcript. */
async function expectKept(key: string, before: TranscriptItem[]): Promise<void> {
  expect((await items(key)).slice(0, before.length)).toEqual(before);
}

async function answered(key: string, words: string): Promise<void> {
  await expect
    .poll(async () => events(await items(key)).some((event) => event.type === 'text' && event.content.includes(words)), { timeout: 40_000, interval: 200 })
    .toBe(true);
}

describe('faults', () => {
  it('the daemon SIGKILLed mid-turn: the cut turn is marked, what came before stays, the next message is answered', async () => {
    await open(path.join(env.root, 'desk'));
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
    await call('sessions.send', { key: session.key, message: 'say: before the fault' });
    await answered(session.key, 'before the fault');
    await call('sessions.send', { key: session.key, message: 'slow: 200 20' });
    await expect.poll(async () => events(await items(session.key)).filter((e) => e.type === 'partial').length, { timeout: 20_000 }).toBeGreaterThan(5);
    const before = await items(session.key);
    signal(localDaemonPid(), 'SIGKILL');
    await expect.poll(async () => events(await items(session.key)).some((e) => e.type === 'error' && /stopped while/i.test(e.message)), { timeout: 30_000, interval: 200 }).toBe(true);
    await call('sessions.send', { key: session.key, message: 'say: after the fault' });
    await answered(session.key, 'after the fault');
    await expectKept(session.key, before);
    expectOnceInOrder(await items(session.key));
  }, 90_000);

  it('the daemon SIGKILLed under a firehose: events after the restart are never taken for ones seen before it', async () => {
    await open(path.join(env.root, 'desk'), { command: FAKE_CLI, env: { FAKE_CLAUDE_EVENTS: '40000' } });
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
    await call('sessions.send', { key: session.key, message: 'events: 40000' });
    await expect.poll(async () => seqs(await items(session.key)).length, { timeout: 20_000, interval: 20 }).toBeGreaterThan(2_000);
    const killed = localDaemonPid();
    signal(killed, 'SIGKILL');
    const before = await items(session.key);
    const highest = Math.max(...seqs(before));
    // The desk notices, starts its daemon again and connects to the new one.
    await expect.poll(() => opened!.desk.hosts.get('local')!.link.health?.pid, { timeout: 30_000 }).not.toBe(killed);
    await expect.poll(() => opened!.desk.hosts.get('local')!.link.state.status, { timeout: 30_000 }).toBe('connected');
    await call('sessions.send', { key: session.key, message: 'events: 30' });
    await expect
      .poll(async () => events(await items(session.key)).filter((e) => e.type === 'result').length, { timeout: 60_000, interval: 200 })
      .toBeGreaterThanOrEqual(1);
    const after = await items(session.key);
    // Nothing the desk holds went missing: the daemon's jump in numbering is not a loss.
    expect(after.filter((item) => item.kind === 'notice' && /missing/.test(item.message))).toEqual([]);
    const fresh = events(after.slice(before.length)).filter((event) => event.seq !== undefined);
    // The new turn's events all arrived, with seqs above everything seen before the kill.
    expect(fresh.some((event) => event.type === 'result')).toBe(true);
    expect(Math.min(...fresh.map((event) => event.seq!))).toBeGreaterThan(highest);
    await expectKept(session.key, before);
    expectOnceInOrder(after);
  }, 120_000);

  it('the CLI SIGKILLed mid-turn: the turn fails with a reason, what came before stays, the next message is answered', async () => {
    await open(path.join(env.root, 'desk'));
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
    await call('sessions.send', { key: session.key, message: 'say: first answer' });
    await answered(session.key, 'first answer');
    await call('sessions.send', { key: session.key, message: 'slow: 200 20' });
    await expect.poll(async () => events(await items(session.key)).filter((e) => e.type === 'partial').length, { timeout: 20_000 }).toBeGreaterThan(5);
    const before = await items(session.key);
    const cli = processTree(localDaemonPid()).find((entry) => entry.pid !== localDaemonPid());
    expect(cli).toBeDefined();
    signal(cli!.pid, 'SIGKILL');
    await expect.poll(async () => (await call<SessionView[]>('sessions.list')).find((s) => s.key === session.key)?.lastOutcome, { timeout: 30_000 }).toBe('failed');
    await call('sessions.send', { key: session.key, message: 'say: after the crash' });
    await answered(session.key, 'after the crash');
    await expectKept(session.key, before);
    expectOnceInOrder(await items(session.key));
  }, 90_000);

  it('the model erroring: the turn fails with the API\'s status, what came before stays, the next message is answered', async () => {
    await open(path.join(env.root, 'desk'));
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
    await call('sessions.send', { key: session.key, message: 'say: before the outage' });
    await answered(session.key, 'before the outage');
    const before = await items(session.key);
    await call('sessions.send', { key: session.key, message: 'http-error: 529' });
    await expect.poll(async () => (await call<SessionView[]>('sessions.list')).find((s) => s.key === session.key)?.lastOutcome, { timeout: 30_000 }).toBe('failed');
    expect(events((await items(session.key)).slice(before.length)).some((e) => e.type === 'result' && e.raw.api_error_status === 529)).toBe(true);
    await call('sessions.send', { key: session.key, message: 'say: after the outage' });
    await answered(session.key, 'after the outage');
    await expectKept(session.key, before);
    expectOnceInOrder(await items(session.key));
  }, 90_000);

  it('the model stalling: Stop ends the turn, what came before stays, the next message is answered', async () => {
    await open(path.join(env.root, 'desk'));
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
    await call('sessions.send', { key: session.key, message: 'stall: 3' });
    await expect.poll(async () => events(await items(session.key)).filter((e) => e.type === 'partial').length, { timeout: 20_000 }).toBe(3);
    const before = await items(session.key);
    expect(await call('sessions.interrupt', { key: session.key })).toEqual({ interrupted: true });
    await expect.poll(async () => (await call<SessionView[]>('sessions.list')).find((s) => s.key === session.key)?.lastOutcome, { timeout: 30_000 }).toBe('interrupted');
    await call('sessions.send', { key: session.key, message: 'say: after the stall' });
    await answered(session.key, 'after the stall');
    await expectKept(session.key, before);
    expectOnceInOrder(await items(session.key));
  }, 90_000);

  it('a full disk for the desk and its daemon: both stay up and say so, and save everything once there is space', async () => {
    const disk = path.join(env.root, 'small-disk');
    await mkdir(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk]);
    mounts.push(disk);
    await open(path.join(disk, 'desk'));
    const session = await call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
    await call('sessions.send', { key: session.key, message: 'say: written before the disk filled' });
    await answered(session.key, 'written before the disk filled');
    // Fill what is left of the disk.
    await writeFile(path.join(disk, 'filler'), Buffer.alloc(4 * 1024 * 1024)).catch(() => undefined);
    await call('sessions.send', { key: session.key, message: 'say: answered while the disk is full' });
    await answered(session.key, 'answered while the disk is full');
    await expect.poll(() => notices.some((n) => n.level === 'error' && /Could not save the transcript/.test(n.message)), { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await call<HostView[]>('hosts.list'))[0]?.storage?.ok, { timeout: 20_000 }).toBe(false);
    await rm(path.join(disk, 'filler'));
    await expect.poll(() => notices.some((n) => n.level === 'info' && /transcript is saved again/.test(n.message)), { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await call<HostView[]>('hosts.list'))[0]?.storage?.ok, { timeout: 20_000 }).toBe(true);
    const held = await items(session.key);
    await opened!.desk.close();
    opened = undefined;
    // What the desk and the daemon hold on disk now is everything.
    await open(path.join(disk, 'desk'));
    expect(await items(session.key)).toEqual(held);
  }, 120_000);
});
