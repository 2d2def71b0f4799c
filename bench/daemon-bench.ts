/**
 * The daemon's figures:
 * 1. throughput: a stand-in CLI replays recorded stream-json as fast as it can; events per
 *    second from CLI stdout to one SSE client (seq and the disk log on), and per-event latency.
 * 2. first text: with the real Claude CLI and the scripted model server, the time from
 *    session.send to the first text, first turn and later turns, persistent process vs one
 *    process per message.
 * Targets: >= 110,000 events/s; a later turn's first text within 100 ms.
 */
import { fileURLToPath } from 'node:url';
import { DaemonClient } from '../electron/client/index.js';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv } from '../daemon/testing/harness.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TURNS = Number(process.env.BENCH_TURNS ?? 6);
const FAKE_CLI = `${process.execPath} ${fileURLToPath(new URL('./fake-claude.mjs', import.meta.url))}`;
const now = () => performance.timeOrigin + performance.now();
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function throughput(env: ClaudeTestEnv): Promise<void> {
  const daemon = await startDaemon({
    env: { ...env.env, FAKE_CLAUDE_EVENTS: String(EVENTS) },
    dataDir: `${env.dataDir}-throughput`,
    claude: FAKE_CLI,
  });
  const client = new DaemonClient();
  try {
    const id = await client.createSession(daemon.port, env.workDir);
    const rates: number[] = [];
    let latencies: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      let partials = 0;
      let first = 0;
      const runLatencies: number[] = [];
      for await (const event of client.sendMessage(daemon.port, id, 'go')) {
        if (event.type === 'error') throw new Error(event.message);
        if (event.type !== 'partial') continue;
        const received = now();
        if (partials === 0) first = performance.now();
        partials++;
        const stamp = Number(/t=([\d.]+);/.exec(event.content)?.[1]);
        runLatencies.push(received - stamp);
      }
      const seconds = (performance.now() - first) / 1000;
      if (partials !== EVENTS) throw new Error(`expected ${EVENTS} partial events, got ${partials}`);
      if (run === 0) continue; // warm-up
      rates.push(partials / seconds);
      latencies = latencies.concat(runLatencies);
    }
    latencies.sort((a, b) => a - b);
    rates.sort((a, b) => a - b);
    const rate = rates[Math.floor(rates.length / 2)]!;
    console.log(`throughput (stand-in CLI, ${fmt(EVENTS)} events a turn, seq + disk log on, median of ${RUNS}):`);
    console.log(`  ${fmt(rate)} events/s CLI stdout -> SSE client (target >= 110,000) ${rate >= 110_000 ? 'MET' : 'MISSED'}`);
    console.log(`  per-event latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  } finally {
    await client.close();
    await daemon.stop();
  }
}

async function firstText(env: ClaudeTestEnv, mode: 'persistent' | 'per-message'): Promise<number[]> {
  const daemon = await startDaemon({ env: env.env, dataDir: `${env.dataDir}-${mode}`, args: ['--cli-mode', mode] });
  const client = new DaemonClient();
  try {
    const id = await client.createSession(daemon.port, env.workDir);
    const times: number[] = [];
    for (let turn = 0; turn < TURNS; turn++) {
      const started = performance.now();
      let firstAt = 0;
      for await (const event of client.sendMessage(daemon.port, id, `say: turn ${turn} answer`)) {
        if (!firstAt && (event.type === 'partial' || event.type === 'text')) firstAt = performance.now();
        if (event.type === 'error') throw new Error(event.message);
      }
      times.push(firstAt - started);
    }
    return times;
  } finally {
    await client.close();
    await daemon.stop();
  }
}

const env = await claudeTestEnv();
try {
  await throughput(env);
  console.log(`first text after session.send (real Claude CLI ${TURNS} turns, scripted model):`);
  for (const mode of ['persistent', 'per-message'] as const) {
    const times = await firstText(env, mode);
    const later = times.slice(1).sort((a, b) => a - b);
    console.log(
      `  ${mode.padEnd(11)} first turn ${fmt(times[0]!)} ms; later turns median ${fmt(percentile(later, 50))} ms, max ${fmt(later.at(-1)!)} ms` +
        (mode === 'persistent' ? ` (target <= 100 ms) ${later.at(-1)! <= 100 ? 'MET' : 'MISSED'}` : ''),
    );
  }
} finally {
  await env.cleanup();
}
