/**
 * Load: 50 sessions streaming at once through one SSH tunnel, three rounds of about 20 s. The
 * desk runs as its own process (browser mode) with a real sshd and a daemon whose CLI is the
 * stand-in writing stamped deltas. Checked by seq against the daemon's own history: no event
 * lost, none doubled. Reported: daemon and desk memory before, during and after each round;
 * the memory after the last round must not have grown past the first's by more than a margin.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from '../daemon/testing/harness.js';
import { deskCall, startDesk, type DeskProcess } from '../e2e/desk-process.js';
import { startSshFixture, type SshFixture } from '../electron/ssh/testing/sshd.js';
import { DaemonClient } from '../electron/client/index.js';
import type { DeskMethodName, DeskParams, DeskResult, HostView, SessionView, TranscriptItem } from '../shared/desk-api.js';
import type { StreamEvent } from '../shared/protocol.js';

const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 50);
const RATE = Number(process.env.SOAK_RATE ?? 40);
const ROUND_SECONDS = Number(process.env.SOAK_ROUND_SECONDS ?? 20);
const ROUNDS = 3;
const FAKE_CLI = `${process.execPath} ${fileURLToPath(new URL('../bench/fake-claude.mjs', import.meta.url))}`;

let env: ClaudeTestEnv;
let ssh: SshFixture;
let daemon: RunningDaemon;
let desk: DeskProcess;

const call = <M extends DeskMethodName>(method: M, params: DeskParams<M>): Promise<DeskResult<M>> => deskCall(desk, method, params);

/** Resident memory of a process, in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  [env, ssh] = await Promise.all([claudeTestEnv(), startSshFixture()]);
  // Every session's CLI runs at once (the daemon's default caps live CLIs at 8).
  daemon = await startDaemon({
    env: { ...env.env, FAKE_CLAUDE_RATE: String(RATE), FAKE_CLAUDE_PARAGRAPH: '20' },
    dataDir: env.dataDir,
    claude: FAKE_CLI,
    args: ['--max-clis', String(SESSIONS)],
  });
  desk = await startDesk({
    env: { PATH: process.env.PATH, HOME: env.root, TMPDIR: path.join(env.root, 'tmp'), SWITCHYARD_DATA_DIR: path.join(env.root, 'desk-data'), SWITCHYARD_SSH_CONFIG: ssh.configFile, SWITCHYARD_CLAUDE: FAKE_CLI },
  });
}, 120_000);

afterAll(async () => {
  await desk?.stop();
  await daemon?.stop();
  await ssh?.cleanup();
  await env?.cleanup();
});

describe('load through one tunnel', () => {
  it(`${SESSIONS} sessions stream at once for ${ROUNDS} rounds: nothing lost or doubled, memory does not grow`, async () => {
    const host = await call('hosts.add', { target: ssh.aliases.ok, name: 'loaded', daemonPort: daemon.port });
    await until(async () => (await call('hosts.list', {})).find((h: HostView) => h.id === host.id)?.link.status === 'connected', 'the host to connect', 30_000);
    const sessions: SessionView[] = [];
    for (let i = 0; i < SESSIONS; i++) sessions.push(await call('sessions.create', { hostId: host.id, path: env.workDir }));
    const events = RATE * ROUND_SECONDS;
    const figures: string[] = [];
    const after: { desk: number; daemon: number }[] = [];
    const client = new DaemonClient();
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        const before = { desk: rssMb(desk.pid), daemon: rssMb(daemon.pid) };
        const started = Date.now();
        await Promise.all(sessions.map((session) => call('sessions.send', { key: session.key, message: `events: ${events}` })));
        let peak = { ...before };
        await until(
          async () => {
            peak = { desk: Math.max(peak.desk, rssMb(desk.pid)), daemon: Math.max(peak.daemon, rssMb(daemon.pid)) };
            const listed = await call('sessions.list', {});
            return sessions.every((session) => {
              const now = listed.find((s) => s.key === session.key);
              return now?.status === 'idle' && now.lastOutcome === 'completed' && now.unread;
            });
          },
          `round ${round} to finish`,
          ROUND_SECONDS * 1000 * 6 + 60_000,
        );
        // Checked by seq: the desk's transcript holds exactly the daemon's events, once each.
        let checked = 0;
        for (const session of sessions) {
          const { items } = await call('sessions.transcript', { key: session.key, limit: 5000 });
          const seen = eventsOf(items);
          const logged = await fullHistory(client, session.sessionId);
          expect(seen.map((event) => event.seq)).toEqual(logged.map((event) => event.seq));
          checked += seen.length;
          await call('sessions.markRead', { key: session.key });
        }
        const end = { desk: rssMb(desk.pid), daemon: rssMb(daemon.pid) };
        after.push(end);
        figures.push(
          `round ${round}: ${SESSIONS} × ${events} deltas in ${((Date.now() - started) / 1000).toFixed(1)} s; ${checked} events (all rounds so far) checked by seq against the daemon's history, 0 lost, 0 doubled; ` +
            `desk RSS ${before.desk} → peak ${peak.desk} → ${end.desk} MB, daemon RSS ${before.daemon} → peak ${peak.daemon} → ${end.daemon} MB`,
        );
      }
    } finally {
      await client.close();
    }
    for (const line of figures) console.log(`[figure] load: ${line}`);
    // No growth over the rounds beyond what the transcripts themselves hold (kept in memory by design).
    expect(after.at(-1)!.daemon).toBeLessThan(after[0]!.daemon * 1.5 + 50);
    expect(after.at(-1)!.desk).toBeLessThan(after[0]!.desk * 1.5 + 100);

    async function fullHistory(daemonClient: DaemonClient, sessionId: string): Promise<StreamEvent[]> {
      const all: StreamEvent[] = [];
      for (let afterSeq = 0; ; ) {
        const page = await daemonClient.sessionHistory(daemon.port, sessionId, afterSeq, 5000);
        all.push(...page.events);
        if (page.events.length < 5000) return all;
        afterSeq = page.nextSeq - 1;
      }
    }
  }, 600_000);
});

function eventsOf(items: TranscriptItem[]): StreamEvent[] {
  return items.flatMap((item) => (item.kind === 'event' && item.event.seq !== undefined ? [item.event] : []));
}
