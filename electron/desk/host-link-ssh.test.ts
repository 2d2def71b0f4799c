import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/protocol.js';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import { DAEMON_BUNDLE, CLAUDE_BIN, claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from '../../daemon/testing/harness.js';
import { partialText } from '../../daemon/testing/stream-helpers.js';
import { DaemonClient } from '../client/index.js';
import { installDaemon, isOlderVersion, updateDaemon } from '../ssh/bootstrap.js';
import { openCommandConnection } from '../ssh/command-connection.js';
import { SYSTEM_SSH } from '../ssh/ssh-command.js';
import { startSshFixture, type SshFixture } from '../ssh/testing/sshd.js';
import { freeLocalPort, openDaemonTunnel, type SshDaemonTunnel } from '../ssh/tunnel.js';
import { HostLink, type HostLinkOptions } from './host-link.js';
import { SessionStream, type RecoveryNotice, type StreamLink } from './session-stream.js';

let ssh: SshFixture;
let env: ClaudeTestEnv;
let daemon: RunningDaemon;
const client = new DaemonClient();
const links: HostLink[] = [];

beforeAll(async () => {
  [ssh, env] = await Promise.all([startSshFixture(), claudeTestEnv()]);
  daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
});
afterAll(async () => {
  await Promise.all(links.map((link) => link.stop()));
  await client.close();
  await daemon?.stop();
  await ssh?.cleanup();
  await env?.cleanup();
});

function sshLink(daemonPort: number, overrides: Partial<HostLinkOptions> = {}, alias = ssh.aliases.ok) {
  let current: SshDaemonTunnel | undefined;
  let opened = 0;
  const link = new HostLink({
    name: alias,
    client,
    openTunnel: async () => {
      opened++;
      current = await openDaemonTunnel({ target: { host: alias, configFile: ssh.configFile }, daemonPort, tools: SYSTEM_SSH, controlDir: path.join(ssh.root, 'control') });
      return current;
    },
    healthIntervalMs: 1_000,
    backoffBaseMs: 100,
    backoffMaxMs: 1_000,
    maxAttemptsPerMinute: 60,
    ...overrides,
  });
  links.push(link);
  return { link, tunnel: () => current, opened: () => opened };
}

function streamFor(sessionId: string, link: StreamLink) {
  const delivered: StreamEvent[] = [];
  const notices: RecoveryNotice[] = [];
  const stream = new SessionStream({
    sessionId,
    link,
    onEvents: (events) => delivered.push(...events),
    onNotice: (notice) => notices.push(notice),
    pollIntervalMs: 100,
  });
  return { stream, delivered, notices };
}

const fullHistory = async (port: number, sessionId: string) => {
  const events: StreamEvent[] = [];
  for (let after = 0; ; ) {
    const page = await client.sessionHistory(port, sessionId, after, 1000);
    events.push(...page.events);
    if (page.events.length < 1000) return events;
    after = page.nextSeq - 1;
  }
};

describe('HostLink and SessionStream over a real sshd', () => {
  it('connects through SSH and reports the time to the first connected tunnel', async () => {
    const started = performance.now();
    const { link } = sshLink(daemon.port);
    link.start();
    const port = await link.whenConnected();
    const elapsed = performance.now() - started;
    console.log(`[figure] time to first connected tunnel: ${elapsed.toFixed(0)} ms`);
    expect(link.state).toEqual({ status: 'connected', localPort: port });
    expect(link.health?.pid).toBe(daemon.pid);
  });

  it('keeps one long turn whole while the ssh process is killed 20 times: every event once, in order', async () => {
    const { link, tunnel } = sshLink(daemon.port);
    link.start();
    const port = await link.whenConnected();
    const sessionId = await client.createSession(port, env.workDir);
    const { stream, delivered, notices } = streamFor(sessionId, link);
    const words = 400;
    await stream.send(`slow: ${words} 50`, () => undefined);
    const recoveries: number[] = [];
    for (let kill = 0; kill < 20; kill++) {
      const seen = delivered.length;
      await expect.poll(() => link.state.status === 'connected' && delivered.length > seen + 2, { timeout: 20_000, interval: 20 }).toBe(true);
      const killedAt = performance.now();
      process.kill(tunnel()!.connection.pid!, 'SIGKILL');
      await expect.poll(() => link.state.status, { timeout: 20_000, interval: 10 }).not.toBe('connected');
      await expect.poll(() => link.state.status, { timeout: 20_000, interval: 10 }).toBe('connected');
      recoveries.push(performance.now() - killedAt);
    }
    await stream.settled();
    const history = await fullHistory(await link.whenConnected(), sessionId);
    expect(delivered).toEqual(history);
    expect(new Set(delivered.map((event) => event.seq)).size).toBe(delivered.length);
    expect(partialText(delivered)).toBe(Array.from({ length: words }, (_, i) => `w${i + 1} `).join(''));
    expect(delivered.at(-1)?.type).toBe('result');
    // One report for each drop: what it missed, replayed.
    expect(notices.filter((n) => n.kind === 'caught_up')).toHaveLength(20);
    expect(notices.every((n) => n.kind === 'caught_up')).toBe(true);
    recoveries.sort((a, b) => a - b);
    console.log(
      `[figure] 20 drops: recovery (kill -> connected) median ${recoveries[10]!.toFixed(0)} ms, max ${recoveries.at(-1)!.toFixed(0)} ms; ` +
        `events ${delivered.length}, lost 0, delivered twice 0, duplicates received and dropped ${stream.duplicatesDropped}; ` +
        `recoveries reported: ${notices.map((n) => n.message).join(' | ')}`,
    );
  });

  it('recovers on a daemon that speaks only Part 1 by polling session.reconnect, reporting any event lost in the drop', async () => {
    const { link, tunnel } = sshLink(daemon.port);
    link.start();
    const port = await link.whenConnected();
    const sessionId = await client.createSession(port, env.workDir);
    const part1 = { client, whenConnected: () => link.whenConnected(), capabilities: () => new Set<string>(), reportBroken: () => link.reportBroken() };
    const { stream, delivered, notices } = streamFor(sessionId, part1);
    await stream.send('slow: 40 50', () => undefined);
    await expect.poll(() => delivered.filter((e) => e.type === 'partial').length, { timeout: 20_000 }).toBeGreaterThan(3);
    process.kill(tunnel()!.connection.pid!, 'SIGKILL');
    await stream.settled();
    // Part 1 has no replay: an event written into the connection as it died is gone. The
    // contract is that nothing arrives twice or out of order, and every hole is reported.
    const history = await fullHistory(await link.whenConnected(), sessionId);
    const deliveredSeqs = delivered.map((event) => event.seq);
    expect(deliveredSeqs).toEqual([...deliveredSeqs].sort((a, b) => a! - b!));
    expect(new Set(deliveredSeqs).size).toBe(deliveredSeqs.length);
    const missing = history.filter((event) => !deliveredSeqs.includes(event.seq)).map((event) => event.seq!);
    const reported = notices.flatMap((notice) => (notice.kind === 'gap' ? Array.from({ length: notice.to - notice.from + 1 }, (_, i) => notice.from + i) : []));
    expect(reported).toEqual(missing);
    expect(delivered.at(-1)).toEqual(history.at(-1));
    expect(notices.filter((notice) => notice.kind === 'caught_up')).toEqual([{ kind: 'caught_up', replayed: expect.any(Number), message: expect.stringMatching(/^caught up, \d+ events replayed$/) }]);
  });

  it('with sshd down: reconnecting within the attempt ceiling, paused without attempts, connected again once sshd is back', async () => {
    const clock = new FakeClock();
    const { link, opened } = sshLink(daemon.port, { clock, maxAttemptsPerMinute: 4, backoffBaseMs: 1_000, backoffMaxMs: 8_000 });
    const attemptTimes: number[] = [];
    const states: string[] = [];
    link.onState((state) => {
      states.push(state.status);
      if (state.status === 'connecting' || state.status === 'reconnecting') attemptTimes.push(clock.now());
    });
    link.start();
    await link.whenConnected();
    const openedBefore = opened();
    await ssh.main.stop();
    await expect.poll(() => link.state.status, { timeout: 10_000 }).toBe('reconnecting');
    const attemptsAt: number[] = [];
    for (let i = 0; i < 12; i++) {
      const state = link.state;
      if (state.status !== 'reconnecting') break;
      const before = opened();
      clock.advance(state.retryAt - clock.now());
      await expect.poll(() => opened() > before || (link.state.status === 'reconnecting' && link.state.retryAt > clock.now()), { timeout: 10_000 }).toBe(true);
      if (opened() > before) attemptsAt.push(clock.now());
      await expect.poll(() => link.state.status === 'reconnecting' && link.state.retryAt > clock.now(), { timeout: 10_000 }).toBe(true);
    }
    expect(attemptsAt.length).toBeGreaterThan(4);
    for (const start of attemptsAt) expect(attemptsAt.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(4);
    expect(link.state).toMatchObject({ status: 'reconnecting', reason: expect.stringMatching(/refused|closed|attempts a minute/) });

    await link.pause();
    const pausedAt = opened();
    clock.advance(60 * 60_000);
    await ssh.main.start();
    clock.advance(60 * 60_000);
    expect(opened()).toBe(pausedAt);
    expect(link.state.status).toBe('paused');

    link.resume();
    await expect.poll(() => link.state.status, { timeout: 10_000 }).toBe('connected');
    expect(opened()).toBe(pausedAt + 1);
    expect(opened()).toBeGreaterThan(openedBefore);
  });
});

describe('daemon bootstrap over SSH', () => {
  it('installs and starts the daemon on a host with none; it keeps running after the SSH connection closes', async () => {
    const port = await freeLocalPort();
    // The installed daemon requires the token it was given; without it every call is refused (401).
    const client = new DaemonClient({ headers: { authorization: 'Bearer a-test-token-of-enough-length' } });
    const { link, tunnel } = sshLink(port, { maxAttemptsPerMinute: 60, client });
    link.start();
    await expect.poll(() => link.state.status, { timeout: 15_000 }).toBe('failed');
    expect(link.state).toMatchObject({ kind: 'no_daemon', action: 'install-daemon' });

    const setup = await openCommandConnection({ target: { host: ssh.aliases.ok, configFile: ssh.configFile }, tools: SYSTEM_SSH, controlDir: path.join(ssh.root, 'control-setup') });
    const steps: string[] = [];
    const installed = await installDaemon({
      host: ssh.aliases.ok,
      exec: (command, input) => setup.exec(command, input),
      bundle: await readFile(DAEMON_BUNDLE),
      remoteDir: path.join(ssh.root, 'remote-home', '.switchyard', 'daemon'),
      preferredPort: port,
      claudeCommand: CLAUDE_BIN,
      token: 'a-test-token-of-enough-length',
      onProgress: (progress) => steps.push(progress.step),
    });
    expect(steps).toEqual(['check-node', 'copy', 'start', 'ready']);
    expect(installed.port).toBe(port);
    await setup.stop();

    link.resume();
    const localPort = await link.whenConnected();
    const health = await client.healthCheck(localPort);
    expect(health.version).toBeDefined();
    await link.stop();
    expect(tunnel()!.connection.pid).toBeDefined();

    // Every SSH connection is closed now; the daemon answers on the host all the same.
    const direct = await client.healthCheck(port);
    expect(direct.pid).toBe(health.pid);

    // "Restart on the new version": the running daemon is stopped and the shipped one started.
    const again = await openCommandConnection({ target: { host: ssh.aliases.ok, configFile: ssh.configFile }, tools: SYSTEM_SSH, controlDir: undefined });
    expect(again.multiplexed).toBe(false);
    const updated = await updateDaemon(
      { host: ssh.aliases.ok, exec: (command, input) => again.exec(command, input), bundle: await readFile(DAEMON_BUNDLE), remoteDir: installed.remoteDir, preferredPort: port, claudeCommand: CLAUDE_BIN, token: 'a-test-token-of-enough-length' },
      health.pid,
    );
    await again.stop();
    expect(updated.port).toBe(port);
    const restarted = await client.healthCheck(port);
    expect(restarted.pid).not.toBe(health.pid);
    const anonymous = new DaemonClient();
    await expect(anonymous.healthCheck(port)).rejects.toMatchObject({ status: 401 });
    await anonymous.close();
    process.kill(restarted.pid, 'SIGTERM');
    await client.close();
  });

  it('tells an older daemon from a current one', () => {
    expect(isOlderVersion('0.0.9', '0.1.0')).toBe(true);
    expect(isOlderVersion('0.1.0', '0.1.0')).toBe(false);
    expect(isOlderVersion('0.10.0', '0.9.1')).toBe(false);
    expect(isOlderVersion(undefined, '0.1.0')).toBe(true);
  });

  it('says clearly when the host has no suitable Node.js', async () => {
    const error = await installDaemon({
      host: 'devbox',
      exec: async () => ({ code: 0, stdout: '/usr/bin/node\nv18.19.0\n', stderr: '' }),
      bundle: Buffer.from(''),
      token: 'a-test-token-of-enough-length',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ step: 'check-node', message: expect.stringContaining('devbox has Node.js v18.19.0; the daemon needs 20 or newer') });
  });
});
