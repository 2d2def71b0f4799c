/**
 * `npm run bench`: every benchmark in turn, each in a process of its own (its output shown as it
 * runs), then one table of the figures with a target, each met or missed, and one JSON line with
 * every benchmark's own JSON line. BENCH_ONLY picks some (comma-separated names below).
 * Run it on a quiet machine: another process on the same cores changes every figure.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { REPO_ROOT } from '../e2e/desk-process.js';

interface Bench {
  name: string;
  script: string;
  env?: Record<string, string>;
}

const BENCHES: Bench[] = [
  { name: 'client', script: 'bench/client-throughput.ts' },
  { name: 'daemon', script: 'bench/daemon-bench.ts' },
  { name: 'pipeline', script: 'bench/pipeline-ssh.ts' },
  { name: 'long-transcript', script: 'bench/renderer-pipeline.ts', env: { BENCH_PARTS: 'heavy' } },
  { name: 'scale', script: 'bench/scale.ts' },
  { name: 'turn-latency', script: 'bench/turn-latency.ts' },
];

type Json = Record<string, unknown>;

/** Runs one benchmark; resolves with its JSON line (the last line that parses as one), or an error. */
function run(bench: Bench): Promise<Json | Error> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(REPO_ROOT, bench.script)], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...bench.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.once('close', (code) => {
      const line = output
        .split('\n')
        .reverse()
        .find((text) => text.startsWith('{"bench"'));
      if (code !== 0 || !line) return resolve(new Error(`${bench.name} failed (exit ${code})`));
      resolve(JSON.parse(line) as Json);
    });
  });
}

interface Row {
  measure: string;
  value: string;
  target: string;
  met: boolean;
}

const at = (value: unknown, ...keys: (string | number)[]): number => {
  let node: unknown = value;
  for (const key of keys) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return typeof node === 'number' ? node : NaN;
};

/** The figures with a target, from each benchmark's JSON line. */
function rows(results: Map<string, Json | Error>): Row[] {
  const out: Row[] = [];
  const each = (name: string, pick: (json: Json) => Row[]) => {
    const result = results.get(name);
    if (!result) return;
    if (result instanceof Error) out.push({ measure: name, value: result.message, target: '', met: false });
    else out.push(...pick(result));
  };
  each('client', (json) => [{ measure: 'client: DaemonClient / bare undici loop', value: at(json, 'ratio').toFixed(3), target: '>= 0.9', met: at(json, 'ratio') >= 0.9 }]);
  each('daemon', (json) => [
    { measure: 'daemon: CLI stdout → SSE client (DaemonClient)', value: `${at(json, 'daemonViaClient').toLocaleString('en-US')} events/s`, target: '>= 110,000', met: at(json, 'daemonViaClient') >= 110_000 },
    { measure: 'daemon / reference relay, same bare reader', value: at(json, 'ratioToRelay').toFixed(2), target: '(printed)', met: true },
  ]);
  each('pipeline', (json) => {
    const rates = (json.rates as Json[]) ?? [];
    return rates.map((rate) => {
      const p99 = at(rate, 'p99Ms');
      const fps = at(rate, 'frames', 'fps');
      const tasks = at(rate, 'frames', 'longTasks');
      const lossless = at(rate, 'lost') === 0 && at(rate, 'duplicated') === 0;
      const targeted = at(rate, 'rate') === 1000;
      return {
        measure: `pipeline through sshd at ${at(rate, 'rate').toLocaleString('en-US')} events/s`,
        value: `p99 ${p99} ms, ${fps} fps, ${tasks} long tasks, ${at(rate, 'lost')} lost, ${at(rate, 'duplicated')} duplicated`,
        target: targeted ? 'p99 < 50 ms, >= 55 fps, no task > 50 ms, none lost' : 'none lost or duplicated',
        met: lossless && (!targeted || (p99 < 50 && fps >= 55 && tasks === 0)),
      };
    });
  });
  each('long-transcript', (json) => {
    const heavy = json.heavy as Json;
    const scroll = heavy.topToBottomScroll as Json;
    return [
      { measure: 'long transcript: first rows after opening', value: `${at(heavy, 'firstPaintMs')} ms`, target: '< 300 ms', met: at(heavy, 'firstPaintMs') < 300 },
      { measure: 'long transcript: scrolling top to bottom', value: `${at(scroll, 'fps')} fps, p95 ${at(scroll, 'p95Ms')} ms, p99 ${at(scroll, 'p99Ms')} ms`, target: '>= 58 fps, p99 <= 20 ms', met: at(scroll, 'fps') >= 58 && at(scroll, 'p99Ms') <= 20 },
      { measure: 'long transcript: switching sessions', value: `${at(heavy, 'switchMedianMs')} ms`, target: '< 100 ms', met: at(heavy, 'switchMedianMs') < 100 },
      { measure: 'long transcript: renderer JS heap', value: `${at(heavy, 'heapAfterScrollMb')} MB`, target: '< 150 MB', met: at(heavy, 'heapAfterScrollMb') < 150 },
    ];
  });
  each('scale', (json) => (json.rows as Row[]) ?? []);
  each('turn-latency', (json) => {
    const persistent = (json.modes as Json[])[0]!;
    return [{ measure: 'turn latency: later turns, first text (slowest)', value: `${at(persistent, 'laterTextMaxMs')} ms (median ${at(persistent, 'laterTextP50Ms')} ms)`, target: '< 100 ms', met: at(persistent, 'laterTextMaxMs') < 100 }];
  });
  return out;
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  const chosen = BENCHES.filter((bench) => !only || only.includes(bench.name));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' }).catch(() => undefined);
  const chromiumVersion = browser?.version() ?? 'unknown';
  await browser?.close();
  console.log(`npm run bench: ${chosen.map((bench) => bench.name).join(', ')}; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.versions.node}, Chromium ${chromiumVersion}`);
  const results = new Map<string, Json | Error>();
  for (const bench of chosen) {
    console.log(`\n=== ${bench.name} (${bench.script}) ===`);
    results.set(bench.name, await run(bench));
  }
  const table = rows(results);
  console.log('\n| measure | value | target | |');
  console.log('|---|---|---|---|');
  for (const row of table) console.log(`| ${row.measure} | ${row.value} | ${row.target} | ${row.met ? 'met' : 'MISSED'} |`);
  const missed = table.filter((row) => !row.met).length;
  console.log(missed === 0 ? 'every target met' : `${missed} of ${table.length} missed`);
  console.log(JSON.stringify({ bench: 'all', cores: os.cpus().length, chromium: chromiumVersion, missed, results: Object.fromEntries([...results].map(([name, result]) => [name, result instanceof Error ? { error: result.message } : result])) }));
  if ([...results.values()].some((result) => result instanceof Error)) process.exitCode = 1;
}

void main();
