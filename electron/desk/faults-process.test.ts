/**
 * Faults of the processes between the desk and a remote daemon: sshd restarted during a turn,
 * and the desk itself SIGKILLed while it writes. Afterwards the desk's transcript holds exactly
 * the daemon's events, once each and in order, the turn's end included.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from '../../daemon/testing/harness.js';
import { startDesk, type DeskProcess } from '../../e2e/desk-process.js';
import type { DeskMethodName, DeskParams, DeskResult, HostView, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import type { StreamEvent } from '../../shared/protocol.js';
import { DaemonClient } from '../client/index.js';
import { startSshFixture, type SshFixture } from '../ssh/testing/sshd.js';

let env: ClaudeTestEnv;
let ssh: SshFixture;
let daemon: RunningDaemon;
let desk: DeskProcess | undefined;
const client = new DaemonClient();

beforeAll(async () => {
  [env, ssh] = await Promise.all([claudeTestEnv(), startSshFixture()]);
  daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
}, 60_000);
afterAll(async () => {
  await desk?.stop();
  await client.close();
  await daemon?.stop();
  await ssh?.cleanup();
  await env?.cleanup();
});

const deskEnv = () => ({
  PATH: process.env.PATH,
  HOME: env.root,
  TMPDIR: path.join(env.root, 'tmp'),
  SWITCHYARD_DATA_DIR: path.join(env.root, 'desk-data'),
  SWITCHYARD_SSH_CONFIG: ssh.configFile,
  SWITCHYARD_CLAUDE: 'claude-is-not-used-here',
});

async function call<M extends DeskMethodName>(method: M, params: DeskParams<M>): Promise<DeskResult<M>> {
  const response = await fetch(`http://127.0.0.1:${desk!.port}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${desk!.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { result?: DeskResult<M>; error?: { message: string } };
  if (!response.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.result!;
}

const eventsOf = (items: TranscriptItem[]): StreamEvent[] => items.flatMap((item) => (item.kind === 'event' && item.event.seq !== undefined ? [item.event] : []));
const transcript = async (key: string) => eventsOf((await call('sessions.transcript', { key, limit: 5000 })).items);

async function history(sessionId: string): Promise<StreamEvent[]> {
  return (await client.sessionHistory(daemon.port, sessionId, 0, 10_000)).events;
}

async function connectedHost(): Promise<HostView> {
  const host = (await call('hosts.list', {})).find((h) => h.kind === 'ssh') ?? (await call('hosts.add', { target: ssh.aliases.ok, name: 'remote', daemonPort: daemon.port }));
  await expect.poll(async () => (await call('hosts.list', {})).find((h) => h.id === host.id)?.link.status, { timeout: 30_000 }).toBe('connected');
  return host;
}

/** The desk holds exactly what the daemon logged for the session, its last turn ended. */
async function expectWhole(session: SessionView): Promise<void> {
  await expect.poll(async () => (await call('sessions.list', {})).find((s) => s.key === session.key)?.status, { timeout: 60_000 }).toBe('idle');
  const logged = await history(session.sessionId);
  expect(logged.at(-1)?.type).toBe('result');
  await expect.poll(async () => (await transcript(session.key)).map((event) => event.seq), { timeout: 30_000 }).toEqual(logged.map((event) => event.seq));
  expect(await transcript(session.key)).toEqual(logged);
}

describe('faults between the desk and a remote daemon', () => {
  it('sshd restarted during a turn: the desk reconnects and holds every event once, the end included', async () => {
    desk = await startDesk({ env: deskEnv() });
    const host = await connectedHost();
    const session = await call('sessions.create', { hostId: host.id, path: env.workDir });
    await call('sessions.send', { key: session.key, message: 'slow: 80 25' });
    await expect.poll(async () => (await transcript(session.key)).filter((e) => e.type === 'partial').length, { timeout: 20_000 }).toBeGreaterThan(10);
    await ssh.main.stop();
    await expect.poll(async () => (await call('hosts.list', {})).find((h) => h.id === host.id)?.link.status, { timeout: 20_000 }).not.toBe('connected');
    await ssh.main.start();
    await expectWhole(session);
  }, 120_000);

  it('the desk SIGKILLed while it writes: after a restart it catches up, every event once, the end included', async () => {
    desk ??= await startDesk({ env: deskEnv() });
    const host = await connectedHost();
    const session = await call('sessions.create', { hostId: host.id, path: env.workDir });
    await call('sessions.send', { key: session.key, message: 'slow: 120 15' });
    await expect.poll(async () => (await transcript(session.key)).filter((e) => e.type === 'partial').length, { timeout: 20_000 }).toBeGreaterThan(20);
    process.kill(desk.pid, 'SIGKILL');
    await desk.stop();
    desk = await startDesk({ env: deskEnv() });
    await connectedHost();
    await expectWhole(session);
  }, 120_000);
});
