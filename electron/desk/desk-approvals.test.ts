/**
 * Approvals as the desk keeps them, with a daemon reached through a real sshd: a request
 * answered by another head node is settled on the desk too, and a desk that restarts while a
 * request waits shows it waiting and can answer it. The real CLI asks; only the model is scripted.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView, TranscriptItem } from '../../shared/desk-api.js';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from '../../daemon/testing/harness.js';
import { DaemonClient } from '../client/daemon-client.js';
import { startSshFixture, type SshFixture } from '../ssh/testing/sshd.js';
import { openTestDesk, type TestDesk } from './testing/test-desk.js';

let env: ClaudeTestEnv;
let ssh: SshFixture;
let daemon: RunningDaemon;
let opened: TestDesk;
let dataDir: string;
let hostId: string;

const open = async () =>
  (opened = await openTestDesk(env, { dataDir, sshConfigFile: ssh.configFile, linkSettings: { healthIntervalMs: 500, backoffBaseMs: 200, maxAttemptsPerMinute: 30 } }));
const linkStatus = async () => (await opened.call<{ id: string; link: { status: string } }[]>('hosts.list')).find((host) => host.id === hostId)?.link.status;
const viewOf = async (key: string) => (await opened.call<SessionView[]>('sessions.list')).find((session) => session.key === key);
const eventsOf = async (key: string) =>
  (await opened.call<{ items: TranscriptItem[] }>('sessions.transcript', { key })).items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));

beforeAll(async () => {
  [env, ssh] = await Promise.all([claudeTestEnv(), startSshFixture()]);
  daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
  dataDir = path.join(env.root, 'app-data');
  await open();
});
afterAll(async () => {
  await opened?.desk.close();
  await daemon?.stop();
  await ssh?.cleanup();
  await env?.cleanup();
});

async function askedSession(file: string): Promise<{ key: string; requestId: string }> {
  const session = await opened.call<SessionView>('sessions.create', { hostId, path: env.workDir, mode: 'ask' });
  await opened.call('sessions.send', { key: session.key, message: `bash: touch ${file}` });
  await expect.poll(async () => (await viewOf(session.key))?.approvals.length, { timeout: 30_000 }).toBe(1);
  return { key: session.key, requestId: (await viewOf(session.key))!.approvals[0]!.requestId };
}

describe('approvals on the desk', () => {
  it('adds the host through sshd', async () => {
    hostId = (await opened.call<{ id: string }>('hosts.add', { target: ssh.aliases.ok, name: 'Build box', daemonPort: daemon.port })).id;
    await expect.poll(linkStatus, { timeout: 20_000 }).toBe('connected');
  });

  it('a request answered by another head node is settled on the desk, and the desk cannot answer it again', async () => {
    const { key, requestId } = await askedSession('other-head.txt');
    const otherHead = new DaemonClient();
    try {
      await otherHead.answerRequest(daemon.port, key.split('/')[1]!, { requestId, decision: 'allow' });
    } finally {
      await otherHead.close();
    }
    await expect.poll(async () => (await viewOf(key))?.approvals, { timeout: 20_000 }).toEqual([]);
    await expect.poll(async () => (await eventsOf(key)).some((event) => event.type === 'permission_resolved' && event.requestId === requestId && event.decision === 'allow')).toBe(true);
    await expect.poll(() => existsSync(path.join(env.workDir, 'other-head.txt')), { timeout: 20_000 }).toBe(true);
    await expect(opened.call('sessions.answer', { key, requestId, decision: 'deny' })).rejects.toThrow(/not waiting|already settled/);
  });

  it('a desk restarted while a request waits shows it waiting, and answers it', async () => {
    const { key, requestId } = await askedSession('after-desk-restart.txt');
    await opened.desk.close();
    await open();
    expect((await viewOf(key))?.approvals.map((approval) => approval.requestId)).toEqual([requestId]);
    await expect.poll(linkStatus, { timeout: 20_000 }).toBe('connected');
    await opened.call('sessions.answer', { key, requestId, decision: 'allow' });
    await expect.poll(() => existsSync(path.join(env.workDir, 'after-desk-restart.txt')), { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await viewOf(key))?.approvals, { timeout: 20_000 }).toEqual([]);
  });
});
