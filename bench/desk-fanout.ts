/**
 * What streaming costs the desk and the renderer when the window shows only one session:
 * SESSIONS sessions on the embedded daemon stream at RATE events/s each (a stand-in CLI),
 * while Chromium shows one of them. Prints the CPU time of the desk process, the local daemon
 * and Chromium's renderer processes over the streaming window, per second of wall time.
 * Idle windows should cost nothing for sessions they do not show.
 * Knobs: BENCH_SESSIONS (20), BENCH_RATE (200 events/s per session), BENCH_SECONDS (8).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { chromium } from '@playwright/test';
import { processTree } from '../shared/node/process-tree.js';
import { CHROMIUM_ARGS, deskCall, startBenchDesk, waitFor, runBench } from './bench-util.js';
import { cpuSeconds } from './proc-stats.js';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Chromium's renderer processes (the page's JS, layout and paint run there), started by this process. */
function rendererPids(): number[] {
  return processTree(process.pid).filter((entry) => commandLine(entry.pid).includes('--type=renderer')).map((entry) => entry.pid);
}

async function main(): Promise<void> {
  // BENCH_PROFILE=<dir>: a CPU profile of the desk (node --cpu-prof), for finding where the time goes.
  const { desk, root, stop } = await startBenchDesk({ name: 'fanout', rate: RATE, profileDir: process.env.BENCH_PROFILE });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(desk.url);
    await waitFor(async () => (await deskCall(desk, 'hosts.list', {}))[0]?.link.status === 'connected', 'the local daemon', 30_000);
    // Session 0 is the one on screen; it streams only in the second phase.
    const keys: string[] = [];
    for (let i = 0; i <= SESSIONS; i++) keys.push((await deskCall(desk, 'sessions.create', { hostId: 'local', path: root })).key);
    await page.goto(`${new URL(desk.url).origin}/#/session/${encodeURIComponent(keys[0]!)}`);
    await page.getByRole('region', { name: 'Transcript' }).waitFor();
    const daemonPid = processTree(desk.pid).find((entry) => commandLine(entry.pid).includes('daemon.mjs'))?.pid ?? 0;
    const renderers = rendererPids();
    const events = RATE * SECONDS;
    const sample = () => ({ desk: cpuSeconds(desk.pid), daemon: cpuSeconds(daemonPid), renderer: renderers.reduce((sum, pid) => sum + cpuSeconds(pid), 0) });

    const phase = async (streaming: string[]) => {
      const before = sample();
      const started = performance.now();
      const outcomes = new Map((await deskCall(desk, 'sessions.list', {})).map((s) => [s.key, s.transcriptLength]));
      await Promise.all(streaming.map((key) => deskCall(desk, 'sessions.send', { key, message: `events: ${events}` })));
      await waitFor(async () => {
        const sessions = await deskCall(desk, 'sessions.list', {});
        return streaming.every((key) => {
          const session = sessions.find((s) => s.key === key);
          return session?.status === 'idle' && session.transcriptLength >= (outcomes.get(key) ?? 0) + events;
        });
      }, 'every session to finish', SECONDS * 1000 + 120_000);
      const wall = (performance.now() - started) / 1000;
      const after = sample();
      const perSecond = (what: keyof typeof before) => Number(((after[what] - before[what]) / wall).toFixed(3));
      return { wallSeconds: Number(wall.toFixed(2)), deskCpuPerSecond: perSecond('desk'), daemonCpuPerSecond: perSecond('daemon'), rendererCpuPerSecond: perSecond('renderer') };
    };

    console.log(`desk fan-out: ${SESSIONS} sessions × ${RATE} events/s for ${SECONDS} s; ${os.cpus().length} cores, Chromium ${browser.version()}`);
    const hidden = await phase(keys.slice(1));
    console.log(`  shown session idle:      wall ${hidden.wallSeconds} s; CPU s per wall s: desk ${hidden.deskCpuPerSecond}, daemon ${hidden.daemonCpuPerSecond}, renderer ${hidden.rendererCpuPerSecond}`);
    const shown = await phase(keys.slice(0, SESSIONS));
    console.log(`  shown session streaming: wall ${shown.wallSeconds} s; CPU s per wall s: desk ${shown.deskCpuPerSecond}, daemon ${shown.daemonCpuPerSecond}, renderer ${shown.rendererCpuPerSecond}`);
    console.log(JSON.stringify({ bench: 'desk-fanout', sessions: SESSIONS, eventsPerSession: events, hidden, shown }));
  } finally {
    await browser.close();
    await stop();
  }
}

runBench(main);
