/**
 * Turn latency with the real Claude CLI (pinned) and the scripted model server: the time from
 * session.send to the stream's first event and to Claude's first text, for the first turn of a
 * session (the CLI starts) and BENCH_TURNS - 1 later turns, with the daemon's persistent CLI and
 * with one CLI process per message. Prints a table, then one JSON line.
 * Target: a later turn's first text within 100 ms (persistent CLI, the slowest later turn).
 */
import os from 'node:os';
import { DaemonClient } from '../electron/client/index.js';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv } from '../daemon/testing/harness.js';
import { percentile, runBench } from './bench-util.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 8);
const TARGET_MS = 100;

interface TurnTimes {
  firstEventMs: number;
  firstTextMs: number;
}

async function turns(env: ClaudeTestEnv, mode: 'persistent' | 'per-message'): Promise<TurnTimes[]> {
  const daemon = await startDaemon({ env: env.env, dataDir: `${env.dataDir}-${mode}`, args: ['--cli-mode', mode] });
  const client = new DaemonClient();
  try {
    const id = await client.createSession(daemon.port, env.workDir);
    const times: TurnTimes[] = [];
    for (let turn = 0; turn < TURNS; turn++) {
      const started = performance.now();
      let firstEvent = 0;
      let firstText = 0;
      for await (const event of client.sendMessage(daemon.port, id, `say: turn ${turn} answer`)) {
        if (event.type === 'error') throw new Error(event.message);
        if (event.type === 'ping') continue;
        firstEvent ||= performance.now();
        if (!firstText && (event.type === 'partial' || event.type === 'text')) firstText = performance.now();
      }
      if (!firstText) throw new Error(`turn ${turn} (${mode}) had no text`);
      times.push({ firstEventMs: firstEvent - started, firstTextMs: firstText - started });
    }
    return times;
  } finally {
    await client.close();
    await daemon.stop();
  }
}

interface ModeFigures {
  mode: string;
  firstTurnTextMs: number;
  laterFirstEventP50Ms: number;
  laterTextP50Ms: number;
  laterTextMaxMs: number;
}

async function main(): Promise<void> {
  const env = await claudeTestEnv();
  try {
    const rows: ModeFigures[] = [];
    for (const mode of ['persistent', 'per-message'] as const) {
      const times = await turns(env, mode);
      const later = times.slice(1);
      const text = later.map((t) => t.firstTextMs);
      rows.push({
        mode,
        firstTurnTextMs: Math.round(times[0]!.firstTextMs),
        laterFirstEventP50Ms: Math.round(percentile(later.map((t) => t.firstEventMs), 50)),
        laterTextP50Ms: Math.round(percentile(text, 50)),
        laterTextMaxMs: Math.round(Math.max(...text)),
      });
    }
    const persistent = rows[0]!;
    const met = persistent.laterTextMaxMs < TARGET_MS;
    console.log(`turn latency: real Claude CLI, scripted model, ${TURNS} turns a session, ${os.cpus().length} cores`);
    console.log('| CLI | first turn: first text | later turns: first event p50 | first text p50 | first text max |');
    console.log('|---|---|---|---|---|');
    for (const row of rows) console.log(`| ${row.mode} | ${row.firstTurnTextMs} ms | ${row.laterFirstEventP50Ms} ms | ${row.laterTextP50Ms} ms | ${row.laterTextMaxMs} ms |`);
    console.log(`later turns' first text (persistent): max ${persistent.laterTextMaxMs} ms, target < ${TARGET_MS} ms: ${met ? 'MET' : 'MISSED'}`);
    console.log(JSON.stringify({ bench: 'turn-latency', turns: TURNS, modes: rows, targetMs: TARGET_MS, met, cores: os.cpus().length }));
  } finally {
    await env.cleanup();
  }
}

runBench(main);
