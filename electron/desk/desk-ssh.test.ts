import path from 'node:path';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEvent, HostView, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import { CLAUDE_BIN, claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from '../../daemon/testing/harness.js';
import { processesMatching, terminate } from '../../daemon/testing/stream-helpers.js';
import { startSshFixture, type SshFixture } from '../ssh/testing/sshd.js';
import { freeLocalPort } from '../ssh/tunnel.js';
import type { Desk } from './desk.js';
import type { DeskDispatch } from './desk-dispatch.js';
import { openTestDesk } from './testing/test-desk.js';

let env: ClaudeTestEnv;
let ssh: SshFixture;
let daemon: RunningDaemon;
let desk: Desk;
let dispatch: DeskDispatch;
const events: DeskEvent[] = [];
const installed: number[] = [];

beforeAll(async () => {
  [env, ssh] = await Promise.all([claudeTestEnv(), startSshFixture()]);
  daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
  ({ desk, dispatch } = await openTestDesk(env, {
    dataDir: path.join(env.root, 'app-data'),
    sshConfigFile: ssh.configFile,
    linkSettings: { healthIntervalMs: 500, backoffBaseMs: 200, maxAttemptsPerMinute: 30 },
  }));
  desk.onEvent((event) => events.push(event));
});
afterAll(async () => {
  await desk?.close();
  // Everything started from this test's private remote folder, whatever pid health reported.
  terminate([...installed, ...processesMatching(ssh.root)]);
  await daemon?.stop();
  await ssh?.cleanup();
  await env?.cleanup();
});

const call = <T>(method: string, params: unknown = {}) => dispatch(method, params) as Promise<T>;
const hostState = async (hostId: string) => (await call<HostView[]>('hosts.list')).find((h) => h.id === hostId)?.link;

describe('the desk through a real sshd', () => {
  let host: HostView;
  let session: SessionView;

  it('lists the SSH config aliases and adds a host from one', async () => {
    expect((await call<{ aliases: string[] }>('hosts.sshAliases')).aliases).toContain(ssh.aliases.ok);
    host = await call<HostView>('hosts.add', { target: ssh.aliases.ok, name: 'Build box', daemonPort: daemon.port });
    expect(host).toMatchObject({ name: 'Build box', kind: 'ssh', ssh: { host: ssh.aliases.ok }, daemonPort: daemon.port });
    await expect.poll(async () => (await hostState(host.id))?.status, { timeout: 20_000 }).toBe('connected');
  });

  it('runs a session on it: create, send, interrupt, resume', async () => {
    session = await call<SessionView>('sessions.create', { hostId: host.id, path: env.workDir, mode: 'auto' });
    await call('sessions.send', { key: session.key, message: 'slow: 200 50' });
    await expect.poll(() => events.some((e) => e.type === 'session.items' && e.key === session.key && e.items.some((i) => i.kind === 'event' && i.event.type === 'partial')), { timeout: 20_000 }).toBe(true);
    expect(await call('sessions.interrupt', { key: session.key })).toEqual({ interrupted: true });
    await expect.poll(async () => (await call<SessionView[]>('sessions.list')).find((s) => s.key === session.key)?.lastOutcome, { timeout: 20_000 }).toBe('interrupted');
    expect(await call('sessions.resume', { key: session.key })).toEqual({ ok: true, fallback: false });
  });

  it('offers to restore a session the daemon forgot, and the transcript goes on above', async () => {
    const before = (await call<{ total: number }>('sessions.transcript', { key: session.key })).total;
    await daemon.stop();
    await rm(env.dataDir, { recursive: true, force: true });
    daemon = await startDaemon({ env: env.env, dataDir: env.dataDir, args: ['--port', String(host.daemonPort)] });
    await expect.poll(async () => (await call<SessionView[]>('sessions.list')).find((s) => s.key === session.key)?.lost, { timeout: 30_000 }).toBe(true);
    await expect(call('sessions.send', { key: session.key, message: 'hi' })).rejects.toThrow(/restore it before sending/);
    const restored = await call<SessionView>('sessions.restore', { key: session.key });
    expect(restored).toMatchObject({ key: session.key, lost: false });
    expect(restored.sessionId).not.toBe(session.sessionId);
    await call('sessions.send', { key: session.key, message: 'say: after the restore' });
    await expect.poll(async () => {
      const page = await call<{ items: TranscriptItem[] }>('sessions.transcript', { key: session.key });
      return page.items.some((i) => i.kind === 'event' && i.event.type === 'text' && i.event.content === 'after the restore');
    }, { timeout: 20_000 }).toBe(true);
    const page = await call<{ items: TranscriptItem[] }>('sessions.transcript', { key: session.key });
    expect(page.items.length).toBeGreaterThan(before);
    expect(page.items.some((i) => i.kind === 'notice' && i.message.startsWith('Restored:'))).toBe(true);
  });

  it('pauses, resumes, edits and removes a host', async () => {
    await call('hosts.pause', { hostId: host.id });
    expect((await hostState(host.id))?.status).toBe('paused');
    await call('hosts.resume', { hostId: host.id });
    await expect.poll(async () => (await hostState(host.id))?.status, { timeout: 20_000 }).toBe('connected');
    expect((await call<HostView>('hosts.edit', { hostId: host.id, name: 'Renamed box' })).name).toBe('Renamed box');
    expect(await call('hosts.remove', { hostId: host.id })).toEqual({ ok: true });
    expect((await call<HostView[]>('hosts.list')).some((h) => h.id === host.id)).toBe(false);
    expect((await call<SessionView[]>('sessions.list')).some((s) => s.hostId === host.id)).toBe(false);
  });

  it('shows an unknown host key, trusts the approved fingerprint, then connects', async () => {
    const unknown = await call<HostView>('hosts.add', { target: ssh.aliases.unknownHostKey, daemonPort: daemon.port });
    await expect.poll(async () => (await hostState(unknown.id))?.status, { timeout: 20_000 }).toBe('failed');
    expect(await hostState(unknown.id)).toMatchObject({ kind: 'host_key_unknown', action: 'trust-host-key' });
    const { keys } = await call<{ keys: { fingerprint: string }[] }>('hosts.hostKeys', { hostId: unknown.id });
    await call('hosts.trustHostKey', { hostId: unknown.id, fingerprint: keys[0]!.fingerprint });
    await expect.poll(async () => (await hostState(unknown.id))?.status, { timeout: 20_000 }).toBe('connected');
    await call('hosts.remove', { hostId: unknown.id });
  });

  it('installs the daemon on a host that has none, then connects to it', async () => {
    const port = await freeLocalPort();
    const bare = await call<HostView>('hosts.add', {
      target: ssh.aliases.ok,
      daemonPort: port,
      claudeCommand: CLAUDE_BIN,
      remoteDir: path.join(ssh.root, 'remote-home', 'switchyard-daemon'),
    });
    await expect.poll(async () => (await hostState(bare.id))?.status, { timeout: 20_000 }).toBe('failed');
    expect(await hostState(bare.id)).toMatchObject({ kind: 'no_daemon', action: 'install-daemon' });
    expect(await call('hosts.installDaemon', { hostId: bare.id })).toEqual({ daemonPort: port });
    await expect.poll(async () => (await hostState(bare.id))?.status, { timeout: 20_000 }).toBe('connected');
    const { health } = await call<{ health: { pid: number } }>('health.current', { hostId: bare.id });
    installed.push(health.pid);
    expect(events.some((e) => e.type === 'notice' && e.notice.hostId === bare.id && /Copying the daemon/.test(e.notice.message))).toBe(true);
  });

  it('reads a daemon\'s token over SSH when it asks for one, and says to reinstall when there is none to read', async () => {
    const remoteDir = path.join(ssh.root, 'remote-home', 'tokened-daemon');
    await mkdir(remoteDir, { recursive: true });
    await writeFile(path.join(remoteDir, 'token'), 'token-the-desk-has-never-seen\n', { mode: 0o600 });
    const guarded = await startDaemon({ env: env.env, dataDir: path.join(remoteDir, 'data'), args: ['--token-file', path.join(remoteDir, 'token')] });
    try {
      const host = await call<HostView>('hosts.add', { target: ssh.aliases.ok, daemonPort: guarded.port, remoteDir });
      await expect.poll(async () => (await hostState(host.id))?.status, { timeout: 20_000 }).toBe('connected');
      expect((await call<HostView[]>('hosts.list')).find((h) => h.id === host.id)).not.toHaveProperty('daemonToken');

      // The daemon gets a token nobody left on the host: the desk cannot find it and says what to do.
      await guarded.stop();
      await writeFile(path.join(remoteDir, 'other-token'), 'a-token-that-is-nowhere-else\n', { mode: 0o600 });
      await rm(path.join(remoteDir, 'token'));
      const other = await startDaemon({ env: env.env, dataDir: path.join(remoteDir, 'data'), args: ['--port', String(guarded.port), '--token-file', path.join(remoteDir, 'other-token')] });
      try {
        await expect.poll(async () => (await hostState(host.id))?.status, { timeout: 30_000 }).toBe('failed');
        expect(await hostState(host.id)).toMatchObject({ kind: 'unauthorized', action: 'install-daemon', reason: expect.stringContaining('access token') });
      } finally {
        await other.stop();
      }
      await call('hosts.remove', { hostId: host.id });
    } finally {
      await guarded.stop();
    }
  });
});
