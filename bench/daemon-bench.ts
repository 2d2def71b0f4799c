/**
 * The daemon's throughput: a stand-in CLI (fake-claude.mjs) replays recorded stream-json as fast
 * as it can; events per second from its stdout to an SSE client, seq and the disk log on. Runs
 * alternate, after a warm-up of each, BENCH_RUNS (default 5) each, medians:
 * 1. the daemon, read by DaemonClient (as the desk reads it), with each event's latency;
 * 2. the daemon, read by a bare undici + eventsource-parser loop;
 * 3. the reference relay (reference-relay.mjs): the same CLI, each stdout line written as an SSE
 *    frame and nothing else, read by the same bare loop. The ratio 2/3 says how close the daemon
 *    comes to doing nothing but relaying.
 * Prints a table, then one JSON line. Target: >= 110,000 events/s (1).
 * BENCH_DAEMON_PROFILE=<folder>: the daemon writes a V8 CPU profile there on exit (read it with
 * profile-top.ts).
 * The time from send to Claude's first text with the real CLI is turn-latency.ts.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { DaemonClient } from '../electron/client/index.js';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv } from '../daemon/testing/harness.js';
import { bareSseLoop } from './bare-sse.js';
import { runBench } from './bench-util.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FAKE_CLI = fileURLToPath(new URL('./fake-claude.mjs', import.meta.url));
const RELAY = fileURLToPath(new URL('./reference-relay.mjs', import.meta.url));
const TARGET = 110_000;
const now = () => performance.timeOrigin + performance.now();
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Events per second from the first text delta to the last, read by DaemonClient; and each delta's latency. */
async function viaClient(client: DaemonClient, port: number, id: string): Promise<{ rate: number; latencies: number[] }> {
  let partials = 0;
  let first = 0;
  const latencies: number[] = [];
  for await (const event of client.sendMessage(port, id, 'go')) {
    if (event.type === 'error') throw new Error(event.message);
    if (event.type !== 'partial') continue;
    const received = now();
    if (partials === 0) first = performance.now();
    partials++;
    latencies.push(received - Number(/t=([\d.]+);/.exec(event.content)?.[1]));
  }
  if (partials !== EVENTS) throw new Error(`expected ${EVENTS} partial events, got ${partials}`);
  return { rate: partials / ((performance.now() - first) / 1000), latencies };
}

/** The same through a bare undici + eventsource-parser loop: frames holding a text delta, first to last. */
async function viaBareLoop(pool: Pool, body: string): Promise<number> {
  let deltas = 0;
  let first = 0;
  let last = 0;
  await bareSseLoop(pool, body, (data) => {
    if (!data.includes('t=')) return;
    JSON.parse(data);
    last = performance.now();
    if (deltas++ === 0) first = last;
  });
  if (deltas !== EVENTS) throw new Error(`expected ${EVENTS} text deltas, got ${deltas}`);
  return deltas / ((last - first) / 1000);
}

async function startRelay(env: NodeJS.ProcessEnv): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [RELAY, process.execPath, FAKE_CLI], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').once('data', (text: string) => resolve(Number(text.trim())));
    child.once('exit', (code) => reject(new Error(`the reference relay exited with ${code}`)));
  });
  return {
    port,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface DaemonFigures {
  events: number;
  runs: number;
  daemonViaClient: number;
  daemonViaBareLoop: number;
  referenceRelay: number;
  ratioToRelay: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

async function throughput(env: ClaudeTestEnv): Promise<DaemonFigures> {
  const cliEnv = { ...env.env, FAKE_CLAUDE_EVENTS: String(EVENTS) };
  const profile = process.env.BENCH_DAEMON_PROFILE;
  const daemon = await startDaemon({ ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profile}`] } : {}), env: cliEnv, dataDir: `${env.dataDir}-throughput`, claude: `${process.execPath} ${FAKE_CLI}` });
  const relay = await startRelay(cliEnv);
  const client = new DaemonClient();
  const daemonPool = new Pool(`http://127.0.0.1:${daemon.port}`, { connections: 1, bodyTimeout: 0, headersTimeout: 0 });
  const relayPool = new Pool(`http://127.0.0.1:${relay.port}`, { connections: 1, bodyTimeout: 0, headersTimeout: 0 });
  try {
    const id = await client.createSession(daemon.port, env.workDir);
    const send = JSON.stringify({ jsonrpc: '2.0', method: 'session.send', params: { sessionId: id, message: 'go' }, id: 1 });
    const series = { client: [] as number[], bare: [] as number[], relay: [] as number[] };
    let latencies: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const measured = await viaClient(client, daemon.port, id);
      const bare = await viaBareLoop(daemonPool, send);
      const floor = await viaBareLoop(relayPool, '{}');
      if (run === 0) continue; // warm-up
      series.client.push(measured.rate);
      series.bare.push(bare);
      series.relay.push(floor);
      latencies = latencies.concat(measured.latencies);
      console.log(`run ${run}: daemon via DaemonClient ${fmt(measured.rate)}, via bare loop ${fmt(bare)}, reference relay ${fmt(floor)} events/s`);
    }
    latencies.sort((a, b) => a - b);
    const figures: DaemonFigures = {
      events: EVENTS,
      runs: RUNS,
      daemonViaClient: Math.round(median(series.client)),
      daemonViaBareLoop: Math.round(median(series.bare)),
      referenceRelay: Math.round(median(series.relay)),
      ratioToRelay: Math.round((median(series.bare) / median(series.relay)) * 100) / 100,
      latencyP50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      latencyP99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
    };
    return figures;
  } finally {
    await client.close();
    await daemonPool.destroy();
    await relayPool.destroy();
    await relay.stop();
    await daemon.stop();
  }
}

async function main(): Promise<void> {
  const env = await claudeTestEnv();
  try {
    const figures = await throughput(env);
    console.log(`daemon throughput: stand-in CLI, ${fmt(EVENTS)} text deltas a turn, seq + disk log on, median of ${RUNS} alternating runs, ${os.cpus().length} cores`);
    console.log('| path | events/s | |');
    console.log('|---|---|---|');
    console.log(`| CLI stdout → daemon → DaemonClient | ${fmt(figures.daemonViaClient)} | target >= ${fmt(TARGET)}: ${figures.daemonViaClient >= TARGET ? 'MET' : 'MISSED'} |`);
    console.log(`| CLI stdout → daemon → bare undici loop | ${fmt(figures.daemonViaBareLoop)} | ratio to the relay ${figures.ratioToRelay.toFixed(2)} |`);
    console.log(`| CLI stdout → reference relay → bare undici loop | ${fmt(figures.referenceRelay)} | the floor |`);
    console.log(`per-event latency via DaemonClient: p50 ${figures.latencyP50Ms} ms, p99 ${figures.latencyP99Ms} ms`);
    console.log(JSON.stringify({ bench: 'daemon', ...figures, target: TARGET, met: figures.daemonViaClient >= TARGET, cores: os.cpus().length }));
  } finally {
    await env.cleanup();
  }
}

runBench(main);
