import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from '../../daemon/testing/harness.js';
import { collect, processesMatching, texts } from '../../daemon/testing/stream-helpers.js';
import { DaemonClient } from '../client/index.js';
import { scanHostKeys, trustHostKey } from './host-keys.js';
import { SYSTEM_SSH } from './ssh-command.js';
import { resolveHost } from './ssh-config.js';
import { SshError } from './ssh-errors.js';
import { Opened } from './testing/helpers.js';
import { startSshFixture, type SshFixture } from './testing/sshd.js';
import { freeLocalPort, openDaemonTunnel } from './tunnel.js';

let ssh: SshFixture;
let env: ClaudeTestEnv;
let daemon: RunningDaemon;
const client = new DaemonClient();
const opened = new Opened();

beforeAll(async () => {
  [ssh, env] = await Promise.all([startSshFixture(), claudeTestEnv()]);
  daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
});
afterAll(async () => {
  await opened.stopAll();
  await client.close();
  await daemon?.stop();
  await ssh?.cleanup();
  await env?.cleanup();
});

async function tunnelTo(alias: string, daemonPort = daemon.port) {
  return opened.add(
    await openDaemonTunnel({
      target: { host: alias, configFile: ssh.configFile },
      daemonPort,
      tools: SYSTEM_SSH,
      controlDir: path.join(ssh.root, 'control'),
    }),
  );
}

async function failure(alias: string): Promise<SshError> {
  const error = await tunnelTo(alias).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SshError);
  return error as SshError;
}

describe('SSH tunnels through a real sshd', () => {
  it('reaches the daemon through the tunnel, and every DaemonClient call works through it', async () => {
    const tunnel = await tunnelTo(ssh.aliases.ok);
    expect(tunnel.localPort).not.toBe(daemon.port);
    const port = tunnel.localPort;
    expect((await client.healthCheck(port)).pid).toBe(daemon.pid);
    const id = await client.createSession(port, env.workDir, 'auto');
    const events = await collect(client.sendMessage(port, id, 'say: through the tunnel'));
    expect(texts(events)).toEqual(['through the tunnel']);
    expect((await client.listSessions(port)).some((s) => s.sessionId === id)).toBe(true);
    expect(await client.setMode(port, id, 'code')).toBe(true);
    expect(await client.getQueueStats(port, id)).toEqual({ userPending: 0, responsePending: 0, clientConnected: false });
    expect(await client.interruptSession(port, id)).toEqual({ ok: true, interrupted: false });
    expect(await client.reconnectSession(port, id)).toEqual([]);
    expect((await client.monitorSessions(port)).sessions.some((s) => s.sessionId === id)).toBe(true);
    expect((await client.sessionHistory(port, id)).events).toEqual(events);
    const attached = client.attachSession(port, id, events.length - 1);
    expect((await attached.next()).value).toEqual(events.at(-1));
    await attached.return();
    expect(await client.resumeSession(port, id)).toEqual({ ok: true, fallback: false });
    expect(await client.destroySession(port, id)).toBe(true);
  });

  it('is a forward carried by a master connection: commands run through it', async () => {
    const tunnel = await tunnelTo(ssh.aliases.ok);
    expect(tunnel.connection.forwards).toEqual([{ localPort: tunnel.localPort, remotePort: daemon.port }]);
    expect(tunnel.connection.multiplexed).toBe(true);
    expect(await tunnel.connection.exec('echo remote-says-hi')).toMatchObject({ code: 0, stdout: 'remote-says-hi\n' });
  });

  it('works through ProxyJump', async () => {
    const tunnel = await tunnelTo(ssh.aliases.viaJump);
    expect((await client.healthCheck(tunnel.localPort)).ok).toBe(true);
  });

  it('reports a wrong key as an authentication error that is not retried', async () => {
    const error = await failure(ssh.aliases.wrongKey);
    expect(error.kind).toBe('auth_failed');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('refused the login');
  });

  it('refuses a changed host key and says why', async () => {
    const error = await failure(ssh.aliases.changedHostKey);
    expect(error.kind).toBe('host_key_changed');
    expect(error.message).toContain('CHANGED');
  });

  it('shows the fingerprint of an unknown host key; trusting it records that key for that host only, then it connects', async () => {
    const error = await failure(ssh.aliases.unknownHostKey);
    expect(error.kind).toBe('host_key_unknown');
    const resolved = await resolveHost(SYSTEM_SSH, { host: ssh.aliases.unknownHostKey, configFile: ssh.configFile });
    expect(resolved).toMatchObject({ hostname: '127.0.0.1', port: ssh.main.port, knownHostsFiles: [ssh.unknownKnownHostsFile] });
    const [key] = await scanHostKeys(SYSTEM_SSH, resolved);
    expect(key!.fingerprint).toMatch(/^SHA256:[\w+/]{43}$/);
    const before = await readFile(ssh.unknownKnownHostsFile, 'utf8');
    await trustHostKey(SYSTEM_SSH, { hostname: resolved.hostname, port: resolved.port, knownHostsFile: resolved.knownHostsFiles[0]! }, key!.fingerprint);
    const after = await readFile(ssh.unknownKnownHostsFile, 'utf8');
    expect(after.slice(before.length).trim().split('\n')).toEqual([key!.line]);
    expect(key!.line.startsWith(`[127.0.0.1]:${ssh.main.port} `)).toBe(true);
    const tunnel = await tunnelTo(ssh.aliases.unknownHostKey);
    expect((await client.healthCheck(tunnel.localPort)).ok).toBe(true);
  });

  it('refuses to trust a key whose fingerprint is not the one the user approved', async () => {
    await expect(
      trustHostKey(SYSTEM_SSH, { hostname: '127.0.0.1', port: ssh.jump.port, knownHostsFile: path.join(ssh.root, 'kh-never') }, 'SHA256:not-what-was-shown'),
    ).rejects.toThrow(/nothing was trusted/);
  });

  it('comes up even when no daemon listens, and the tunnel output says the forward found nothing', async () => {
    const nothing = await freeLocalPort();
    const tunnel = await tunnelTo(ssh.aliases.ok, nothing);
    const error = await client.healthCheck(tunnel.localPort).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    await expect.poll(() => tunnel.recentOutput()).toMatch(/open failed: connect failed/);
  });

  it('tells the caller when a live tunnel dies', async () => {
    const tunnel = await tunnelTo(ssh.aliases.ok);
    const closed = new Promise<SshError | undefined>((resolve) => tunnel.onClose(resolve));
    process.kill(tunnel.connection.pid!, 'SIGKILL');
    expect(await closed).toBeInstanceOf(SshError);
  });

  it('does not call onClose for a tunnel that was stopped', async () => {
    const tunnel = await tunnelTo(ssh.aliases.ok);
    const calls: unknown[] = [];
    tunnel.onClose((error) => calls.push(error));
    await tunnel.stop();
    expect(tunnel.connection.pid).toBeDefined();
    expect(processesMatching(ssh.configFile)).not.toContain(tunnel.connection.pid);
    expect(calls).toEqual([]);
  });

  it('leaves no ssh process behind once its tunnels are stopped', async () => {
    await opened.stopAll();
    await expect.poll(() => processesMatching(ssh.configFile)).toEqual([]);
  });
});
