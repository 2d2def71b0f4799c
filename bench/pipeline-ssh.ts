/**
 * The pipeline the way a user has it: a stand-in CLI (fake-claude.mjs) writes numbered, stamped
 * text deltas at a fixed rate → the daemon → an SSH tunnel through the real sshd → the desk
 * (browser mode) → the DOM in Chromium. For each rate (BENCH_PIPELINE_RATES, default 100, 1000,
 * 5000 events/s; each for BENCH_PIPELINE_SECONDS, default 8, in a turn of its own) it prints:
 * - the delay from the CLI's write to the text in the DOM: p50, p95, p99, max;
 * - events lost (a number not in the row's text once the last one shows) and duplicated (a number
 *   there twice), and how many shown had no delay measured (first shown away from the row's end);
 * - fps and long tasks while it streams;
 * - the renderer's main-thread CPU time per 1,000 events (Chromium's TaskDuration).
 * BENCH_PIPELINE_PROFILE=<folder> writes the renderer's CPU profile of each rate there.
 * Then a table, and one JSON line. Targets at 1,000 events/s: p99 < 50 ms, >= 55 fps, no task over 50 ms.
 */
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { deskCall, percentile, runBench, waitFor } from './bench-util.js';
import { startSshBenchWorld } from './ssh-bench-world.js';
import { frameStats, profiled, startFrameProbe, stopFrameProbe, type FrameStats } from './page-probes.js';

const RATES = (process.env.BENCH_PIPELINE_RATES ?? '100,1000,5000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_PIPELINE_SECONDS ?? 8);

/**
 * In the page: each delta's number is noted the first time a mutation shows it, with the delay
 * from its stamp. Only the changed nodes and the row's end are read while it streams; once the last number shows,
 * the streaming row's whole text is read once, to count numbers shown twice.
 */
const STREAM_PROBE = (last: number) => `(() => {
  const seen = new Map();
  const pattern = /t=(\\d+\\.\\d+);#(\\d+)/g;
  let duplicated = null;
  let inText = null;
  const note = (text, at) => {
    if (!text || !text.includes('#')) return;
    for (const match of text.matchAll(pattern)) {
      const n = Number(match[2]);
      if (!seen.has(n)) seen.set(n, at - Number(match[1]));
    }
  };
  const observer = new MutationObserver((records) => {
    const at = performance.timeOrigin + performance.now();
    for (const record of records) {
      if (record.type === 'characterData') note(record.target.data, at);
      else for (const node of record.addedNodes) note(node.textContent, at);
    }
    // A number can straddle two of the nodes a record names: the row's last 8,000 characters are read in order too.
    const row = document.querySelector('.row-assistant[aria-busy="true"]');
    if (row) {
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      const parts = [];
      let length = 0;
      for (let node = walker.lastChild(); node && length < 8000; node = walker.previousNode()) {
        parts.push(node.data);
        length += node.data.length;
      }
      note(parts.reverse().join(''), at);
    }
    if (duplicated === null && seen.has(${last})) {
      const counts = new Map();
      const text = document.querySelector('.row-assistant[aria-busy="true"]')?.textContent ?? '';
      for (const match of text.matchAll(pattern)) counts.set(match[2], (counts.get(match[2]) ?? 0) + 1);
      duplicated = [...counts.values()].filter((count) => count > 1).length;
      inText = counts.size;
    }
  });
  observer.observe(document.querySelector('.transcript-inner') ?? document.body, { subtree: true, childList: true, characterData: true });
  window.stopStreamProbe = () => {
    observer.disconnect();
    return { delays: [...seen.values()], timed: seen.size, duplicated, inText };
  };
})()`;

interface RateFigures {
  rate: number;
  events: number;
  /** Numbers in the streaming row's text once the last one shows. */
  shown: number;
  lost: number;
  /** Shown, but first in a part of the row the probe did not read as it changed: no delay for them. */
  untimed: number;
  duplicated: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  frames: FrameStats;
  rendererCpuMsPer1000: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? NaN;
}

async function atRate(page: Page, cdp: CDPSession, send: (message: string) => Promise<void>, isIdle: () => Promise<boolean>, rate: number): Promise<RateFigures> {
  const events = rate * SECONDS;
  await page.evaluate(STREAM_PROBE(events));
  await startFrameProbe(page);
  const cpuBefore = await taskSeconds(cdp);
  await send(`events: ${events} at ${rate}/s`);
  await waitFor(async () => (await page.evaluate(`window.stopStreamProbe && document.querySelector('.row-assistant[aria-busy="true"]')?.textContent.includes('#${events}')`)) === true, `#${events} on screen`, SECONDS * 1000 + 60_000);
  const cpuAfter = await taskSeconds(cdp);
  const frames = frameStats(await stopFrameProbe(page));
  const { delays, timed, duplicated, inText } = (await page.evaluate('window.stopStreamProbe()')) as { delays: number[]; timed: number; duplicated: number; inText: number };
  await waitFor(isIdle, 'the turn to end', 30_000);
  return {
    rate,
    events,
    shown: inText,
    lost: events - inText,
    untimed: inText - timed,
    duplicated,
    p50Ms: round1(percentile(delays, 50)),
    p95Ms: round1(percentile(delays, 95)),
    p99Ms: round1(percentile(delays, 99)),
    maxMs: round1(Math.max(...delays)),
    frames,
    rendererCpuMsPer1000: round1(((cpuAfter - cpuBefore) * 1000 * 1000) / events),
  };
}

export function pipelineTable(rows: readonly RateFigures[]): string {
  const lines = [
    '| events/s | shown / sent | lost | duplicated | delay p50 | p95 | p99 | max | fps | long tasks (longest) | renderer CPU per 1,000 events |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.rate.toLocaleString('en-US')} | ${row.shown.toLocaleString('en-US')} / ${row.events.toLocaleString('en-US')} | ${row.lost} | ${row.duplicated} | ${row.p50Ms} ms | ${row.p95Ms} ms | ${row.p99Ms} ms | ${row.maxMs} ms | ${row.frames.fps} | ${row.frames.longTasks} (${row.frames.longestTaskMs} ms) | ${row.rendererCpuMsPer1000} ms |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { root, desk, browser, page, hostId, stop } = await startSshBenchWorld({ name: 'pipeline', cli: 'fake-claude.mjs', cliEnv: () => ({ FAKE_CLAUDE_PARAGRAPH: '20' }) });
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    console.log(`pipeline through sshd: ${RATES.join(', ')} events/s, ${SECONDS} s each; Chromium ${browser.version()}, ${os.cpus().length} cores`);
    const rows: RateFigures[] = [];
    for (const rate of RATES) {
      // A session per rate: each starts from an empty transcript.
      const session = await deskCall(desk, 'sessions.create', { hostId, path: root });
      await page.goto(`${new URL(desk.url).origin}/#/session/${encodeURIComponent(session.key)}`);
      await page.getByRole('region', { name: 'Transcript' }).waitFor();
      const send = async (message: string) => void (await deskCall(desk, 'sessions.send', { key: session.key, message }));
      const isIdle = async () => (await deskCall(desk, 'sessions.list', {})).find((s) => s.key === session.key)?.status === 'idle';
      const profileDir = process.env.BENCH_PIPELINE_PROFILE;
      const figures = await profiled(page, profileDir ? path.join(profileDir, `renderer-${rate}.cpuprofile`) : undefined, () => atRate(page, cdp, send, isIdle, rate));
      rows.push(figures);
      console.log(
        `${rate} events/s: ${figures.shown} of ${figures.events} shown (${figures.untimed} untimed), ${figures.lost} lost, ${figures.duplicated} duplicated; delay p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms; ${figures.frames.fps} fps, ${figures.frames.longTasks} long tasks; renderer ${figures.rendererCpuMsPer1000} ms CPU per 1,000 events`,
      );
    }
    console.log(pipelineTable(rows));
    console.log(JSON.stringify({ bench: 'pipeline-ssh', seconds: SECONDS, rates: rows, cores: os.cpus().length, chromium: browser.version() }));
  } finally {
    await stop();
  }
}

runBench(main);
