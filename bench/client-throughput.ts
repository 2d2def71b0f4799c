/**
 * Events per second through DaemonClient.sendMessage versus a bare undici + eventsource-parser
 * loop, against the same local server streaming 200,000 small events. Target: the client keeps
 * at least 0.9 of the bare loop's rate.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { Pool } from 'undici';
import { DaemonClient } from '../electron/client/index.js';
import { bareSseLoop } from './bare-sse.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function startServer(): Promise<{ port: number; totalBytes: number; stop: () => Promise<void> }> {
  const worker = new Worker(new URL('./stream-server-worker.mjs', import.meta.url), { workerData: { count: EVENTS } });
  const { port, totalBytes } = await new Promise<{ port: number; totalBytes: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    port,
    totalBytes,
    stop: async () => {
      worker.postMessage('stop');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/** The floor: undici, eventsource-parser and JSON.parse, counting events. */
async function bareLoop(pool: Pool): Promise<number> {
  let events = 0;
  const body = JSON.stringify({ method: 'session.send', params: { sessionId: 'bench', message: 'go' }, id: '1' });
  await bareSseLoop(pool, body, (data) => {
    JSON.parse(data);
    events++;
  });
  return events;
}

async function clientLoop(client: DaemonClient, port: number): Promise<number> {
  let events = 0;
  for await (const event of client.sendMessage(port, 'bench', 'go')) {
    if (event.type === 'error') throw new Error(event.message);
    events++;
  }
  return events;
}

async function timed(run: () => Promise<number>): Promise<number> {
  const start = performance.now();
  const events = await run();
  const seconds = (performance.now() - start) / 1000;
  if (events !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${events}`);
  return events / seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (rate: number) => `${Math.round(rate).toLocaleString('en-US')} events/s`;

const server = await startServer();
const pool = new Pool(`http://127.0.0.1:${server.port}`, { connections: 1, bodyTimeout: 0, headersTimeout: 0 });
const client = new DaemonClient();
try {
  // Warm-up: JIT both paths once.
  await timed(() => bareLoop(pool));
  await timed(() => clientLoop(client, server.port));
  const bare: number[] = [];
  const viaClient: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await timed(() => bareLoop(pool)));
    viaClient.push(await timed(() => clientLoop(client, server.port)));
  }
  const ratio = median(viaClient) / median(bare);
  console.log(`client throughput: ${EVENTS.toLocaleString('en-US')} events (${(server.totalBytes / 1e6).toFixed(1)} MB) per run, ${ROUNDS} rounds, medians`);
  console.log(`  bare undici + eventsource-parser: ${fmt(median(bare))}`);
  console.log(`  DaemonClient.sendMessage:         ${fmt(median(viaClient))}`);
  console.log(`  ratio: ${ratio.toFixed(3)} (target >= 0.90) ${ratio >= 0.9 ? 'MET' : 'MISSED'}`);
  console.log(JSON.stringify({ bench: 'client', events: EVENTS, rounds: ROUNDS, bareLoop: Math.round(median(bare)), daemonClient: Math.round(median(viaClient)), ratio: Math.round(ratio * 1000) / 1000, met: ratio >= 0.9, cores: os.cpus().length }));
} finally {
  await client.close();
  await pool.destroy();
  await server.stop();
}
