import { existsSync } from 'node:fs';
/**
 * Testing a host before adding it, through a real sshd: each step reports as it goes, a failed
 * step says what to change and offers its fix, nothing is saved by a test, and a host added
 * after a test that installed the daemon connects with that daemon's token.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from '../../daemon/testing/harness.js';
import { processesMatching, terminate } from '../../daemon/testing/stream-helpers.js';
import type { DeskEvent, HostTestView, HostView } from '../../shared/desk-api.js';
import { startSshFixture, type SshFixture } from '../ssh/testing/sshd.js';
import { freeLocalPort } from '../ssh/tunnel.js';
import { openTestDesk, type TestDesk } from './testing/test-desk.js';

let env: ClaudeTestEnv;
let ssh: SshFixture;
let daemon: RunningDaemon;
let opened: TestDesk;
const events: DeskEvent[] = [];

beforeAll(async () => {
  [env, ssh] = await Promise.all([claudeTestEnv(), startSshFixture()]);
  daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
  opened = await openTestDesk(env, { dataDir: path.join(env.root, 'app-data'), sshConfigFile: ssh.configFile });
  opened.desk.onEvent((event) => events.push(event));
});
afterAll(async () => {
  await opened?.desk.close();
  terminate(processesMatching(ssh?.root ?? '/nonexistent-root'));
  await daemon?.stop();
  await ssh?.cleanup();
  await env?.cleanup();
});

const test = (params: { testId: string; target: string; daemonPort?: number; installDaemon?: boolean; remoteDir?: string; claudeCommand?: string }) =>
  opened.call<HostTestView>('hosts.test', params);
const states = (view: HostTestView) => Object.fromEntries(view.steps.map((step) => [step.step, step.state]));
const step = (view: HostTestView, name: string) => view.steps.find((s) => s.step === name)!;
const hostCount = async () => (await opened.call<HostView[]>('hosts.list')).length;

describe('hosts.test through a real sshd', () => {
  it('passes every step for a host with a daemon, reporting each step as it runs, and saves nothing', async () => {
    const before = await hostCount();
    const view = await test({ testId: 't-ok', target: ssh.aliases.ok, daemonPort: daemon.port });
    expect(states(view)).toEqual({ connect: 'ok', 'host-key': 'ok', daemon: 'ok', claude: 'ok' });
    expect(view).toMatchObject({ done: true, daemonPort: daemon.port, target: ssh.aliases.ok });
    expect(view.claude).toMatchObject({ found: true, loggedIn: true });
    expect(step(view, 'claude').detail).toMatch(/^Claude .*, logged in/);
    expect(step(view, 'daemon').detail).toContain(`port ${daemon.port}`);
    const progress = events.flatMap((event) => (event.type === 'host.test' && event.test.testId === 't-ok' ? [event.test] : []));
    expect(progress.some((p) => step(p, 'connect').state === 'running')).toBe(true);
    expect(progress.some((p) => step(p, 'daemon').state === 'running')).toBe(true);
    expect(progress.at(-1)).toEqual(view);
    expect(await hostCount()).toBe(before);
  });

  it('says a refused login is the key, with what to check, and goes no further', async () => {
    const view = await test({ testId: 't-wrong-key', target: ssh.aliases.wrongKey, daemonPort: daemon.port });
    expect(states(view)).toEqual({ connect: 'failed', 'host-key': 'ok', daemon: 'pending', claude: 'pending' });
    expect(step(view, 'connect')).toMatchObject({ action: 'check-credentials', detail: expect.stringContaining('refused the login') });
    expect(view.passed).toBe(false);
  });

  it('offers an unknown host key for review; once trusted the test gets through', async () => {
    const first = await test({ testId: 't-unknown', target: ssh.aliases.unknownHostKey, daemonPort: daemon.port });
    expect(states(first)).toMatchObject({ connect: 'ok', 'host-key': 'failed', daemon: 'pending' });
    expect(step(first, 'host-key')).toMatchObject({ action: 'trust-host-key', detail: expect.stringContaining('not in your known_hosts') });
    const { keys } = await opened.call<{ keys: { fingerprint: string }[] }>('hosts.targetHostKeys', { target: ssh.aliases.unknownHostKey });
    expect(keys[0]?.fingerprint).toMatch(/^SHA256:/);
    await opened.call('hosts.trustTargetHostKey', { target: ssh.aliases.unknownHostKey, fingerprint: keys[0]!.fingerprint });
    const again = await test({ testId: 't-unknown-2', target: ssh.aliases.unknownHostKey, daemonPort: daemon.port });
    expect(states(again)).toMatchObject({ connect: 'ok', 'host-key': 'ok', daemon: 'ok' });
  });

  it('refuses a changed host key without offering to trust it', async () => {
    const view = await test({ testId: 't-changed', target: ssh.aliases.changedHostKey, daemonPort: daemon.port });
    expect(step(view, 'host-key')).toMatchObject({ state: 'failed', detail: expect.stringContaining('CHANGED') });
    expect(step(view, 'host-key').action).toBeUndefined();
  });

  it('offers to install a missing daemon, installs it, and the host added after the test connects with its token', async () => {
    const port = await freeLocalPort();
    const remoteDir = path.join(ssh.root, 'remote-home', 'tested-daemon');
    const missing = await test({ testId: 't-bare', target: ssh.aliases.ok, daemonPort: port });
    expect(states(missing)).toMatchObject({ connect: 'ok', 'host-key': 'ok', daemon: 'failed', claude: 'pending' });
    expect(step(missing, 'daemon')).toMatchObject({ action: 'install-daemon', detail: expect.stringContaining(`port ${port}`) });

    const installed = await test({ testId: 't-install', target: ssh.aliases.ok, daemonPort: port, installDaemon: true, remoteDir, claudeCommand: CLAUDE_BIN });
    expect(states(installed)).toMatchObject({ connect: 'ok', 'host-key': 'ok', daemon: 'ok' });
    expect(installed.daemonPort).toBe(port);
    const progress = events.flatMap((event) => (event.type === 'host.test' && event.test.testId === 't-install' ? [step(event.test, 'daemon').detail ?? ''] : []));
    expect(progress.some((detail) => /Copying the daemon/.test(detail))).toBe(true);

    // The installed daemon wants its token: only a host added with the test's id has it.
    const host = await opened.call<HostView>('hosts.add', { target: ssh.aliases.ok, name: 'Tested box', testId: 't-install' });
    expect(host).toMatchObject({ daemonPort: port });
    expect(host).not.toHaveProperty('daemonToken');
    await expect.poll(async () => (await opened.call<HostView[]>('hosts.list')).find((h) => h.id === host.id)?.link.status, { timeout: 20_000 }).toBe('connected');
    await opened.call('hosts.remove', { hostId: host.id });
  });

  it('a test stopped while it runs (its dialog closed) ends at once and installs nothing', async () => {
    const port = await freeLocalPort();
    const remoteDir = path.join(ssh.root, 'remote-home', 'abandoned-daemon');
    const running = test({ testId: 't-cancel', target: ssh.aliases.ok, daemonPort: port, installDaemon: true, remoteDir, claudeCommand: CLAUDE_BIN });
    await expect.poll(() => events.some((event) => event.type === 'host.test' && event.test.testId === 't-cancel' && step(event.test, 'connect').state !== 'pending')).toBe(true);
    await opened.call('hosts.cancelTest', { testId: 't-cancel' });
    await expect(running).rejects.toThrow(/stopped before it ended/);
    expect(existsSync(path.join(remoteDir, 'daemon.mjs'))).toBe(false);
  });

  it('says what is wrong with a target ssh could not be given', async () => {
    const view = await test({ testId: 't-bad', target: '-oProxyCommand=touch' });
    expect(step(view, 'connect')).toMatchObject({ state: 'failed', detail: expect.stringContaining('starts with "-"') });
  });
});
