/**
 * Recovery over a real sshd: the tunnel's ssh is killed during streaming turns, and the next
 * message is sent while the host is still reconnecting. Whatever the timing, the transcript
 * must hold every daemon event exactly once, in order, and every turn's end.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delay } from '../../shared/clock.js';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from '../../daemon/testing/harness.js';
import { processesMatching } from '../../daemon/testing/stream-helpers.js';
import type { HostView, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import { startSshFixture, type SshFixture } from '../ssh/testing/sshd.js';
import type { Desk } from './desk.js';
import type { DeskDispatch } from './desk-dispatch.js';
import { openTestDesk } from './testing/test-desk.js';

let env: ClaudeTestEnv;
let ssh: SshFixture;
let daemon: RunningDaemon;
let desk: Desk;
let dispatch: DeskDispatch;

beforeAll(async () => {
  [env, ssh] = await Promise.all([claudeTestEnv(), startSshFixture()]);
  daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
  ({ desk, dispatch } = await openTestDesk(env, {
    dataDir: path.join(env.root, 'app-data'),
    sshConfigFile: ssh.configFile,
    linkSettings: { healthIntervalMs: 500, backoffBaseMs: 100, backoffMaxMs: 400, maxAttemptsPerMinute: 120 },
  }));
}, 60_000);

afterAll(async () => {
  await desk?.close();
  await daemon?.stop();
  await ssh?.cleanup();
  await env?.cleanup();
});

const call = <T>(method: string, params: unknown = {}) => dispatch(method, params) as Promise<T>;

/** The desk's tunnels through this fixture's config (`ssh -tt -L ...`). */
function tunnelPids(): number[] {
  return processesMatching(ssh.configFile).filter((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return args.includes('-L') && args.some((arg) => arg.startsWith('127.0.0.1:'));
    } catch {
      return false;
    }
  });
}

/** How many words of the answer to `message` the transcript holds so far. */
function wordsOfTurn(items: TranscriptItem[], message: string): number {
  const start = items.findIndex((i) => i.kind === 'event' && i.event.type === 'system' && i.event.subtype === 'user_message' && i.event.content === message);
  if (start < 0) return 0;
  let words = 0;
  for (const item of items.slice(start + 1)) {
    if (item.kind !== 'event') continue;
    if (item.event.type === 'result' || item.event.type === 'interrupted') break;
    if (item.event.type === 'partial' && item.event.content.startsWith('w')) words++;
  }
  return words;
}

async function transcript(key: string): Promise<TranscriptItem[]> {
  return (await call<{ items: TranscriptItem[] }>('sessions.transcript', { key, limit: 5000 })).items;
}

describe('recovery through a real sshd', () => {
  it('tunnel kills during turns and sends while reconnecting: every event once, every turn ends', async () => {
    const host = await call<HostView>('hosts.add', { target: ssh.aliases.ok, name: 'flaky', daemonPort: daemon.port });
    await expect.poll(async () => (await call<HostView[]>('hosts.list')).find((h) => h.id === host.id)?.link.status, { timeout: 20_000 }).toBe('connected');
    const session = await call<SessionView>('sessions.create', { hostId: host.id, path: env.workDir, mode: 'auto' });
    const rounds = 6;
    const sent: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const streaming = `slow: 30 15 round ${round}`;
      sent.push(streaming);
      await call('sessions.send', { key: session.key, message: streaming });
      // Partway through this round's answer (or near its end, every other round), the tunnel dies.
      const wanted = round % 2 === 0 ? 5 : 26;
      await expect.poll(async () => wordsOfTurn(await transcript(session.key), streaming), { timeout: 20_000, interval: 10 }).toBeGreaterThanOrEqual(wanted);
      for (const pid of tunnelPids()) process.kill(pid, 'SIGKILL');
      // The next message goes while the host is reconnecting: this spacing is the condition under test.
      await delay(50 + (round % 3) * 50);
      const next = `say: reply ${round}`;
      sent.push(next);
      await call('sessions.send', { key: session.key, message: next });
    }
    // Everything settles: the session idle, no turn left open.
    await expect.poll(async () => (await call<SessionView[]>('sessions.list')).find((s) => s.key === session.key)?.status, { timeout: 60_000 }).toBe('idle');
    await expect
      .poll(async () => (await transcript(session.key)).filter((i) => i.kind === 'event' && i.event.type === 'result').length, { timeout: 60_000 })
      .toBe(sent.length);

    const items = await transcript(session.key);
    const seqs = items.flatMap((i) => (i.kind === 'event' && i.event.seq !== undefined ? [i.event.seq] : []));
    // Exactly once, in order, nothing missing.
    expect(seqs).toEqual(seqs.map((_, index) => seqs[0]! + index));
    expect(items.filter((i) => i.kind === 'notice' && /gap/.test(i.message))).toEqual([]);
    // Every message sent has its own turn with an end.
    const echoes = items.flatMap((i) => (i.kind === 'event' && i.event.type === 'system' && i.event.subtype === 'user_message' ? [i.event.content] : []));
    expect(echoes).toEqual(sent);
  }, 180_000);
});
