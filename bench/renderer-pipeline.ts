/**
 * The whole pipeline into the DOM: a stand-in CLI (fake-claude.mjs) → the daemon → the desk
 * (browser mode) → SSE → the renderer in Chromium. Three parts; BENCH_PARTS picks some
 * (comma-separated: live, long, heavy; default all). Prints each part's figures, then one JSON line.
 * 1. live: stamped text deltas at a fixed rate: events per second reaching the DOM, latency
 *    from the CLI's write to the DOM (p50/p99/max), and frame intervals while it streams.
 *    Target: 1,000 events/s, p99 < 50 ms. Knobs: BENCH_RATE (events/s), BENCH_SECONDS.
 * 2. long: a session of about 20,000 text events (hundreds of turns) opened afresh: time until
 *    it shows, then frame intervals while scrolling up through it. Target: 60 fps.
 *    Knobs: BENCH_TURNS, BENCH_TURN_EVENTS.
 * 3. heavy (renderer-heavy.ts): two sessions of BENCH_HEAVY_TURNS (2,000) turns, each turn a
 *    Markdown answer with a ~30-line code block, an Edit of 20–40 lines a side with the CLI's
 *    structuredPatch, and a TaskCreate/TaskUpdate pair, written as the real CLI's stream-json
 *    (`heavy: 1 from <n>` to the stand-in CLI; heavy-turns.mjs). Printed as a table, each figure
 *    next to its target:
 *    - first paint: the page reloads on one session; from navigation start until its newest
 *      rows are painted (< 300 ms); also when the first row was painted;
 *    - frame p95/p99 scrolling from the top at reading pace (BENCH_HEAVY_READ_STEPS wheel steps
 *      of 500 px, one a frame) and top to bottom (BENCH_HEAVY_SCROLL_STEPS steps) (p95 < 16.7 ms);
 *    - the renderer's JS heap after a GC, after opening and after scrolling (< 150 MB);
 *    - switching: a click on the other session in the sidebar until its newest rows are painted,
 *      median of BENCH_HEAVY_SWITCHES (< 100 ms);
 *    - frames while an Edit of BENCH_DIFF_LINES (500) lines a side streams in as input_json_delta
 *      partials at BENCH_DIFF_RATE (250) a second, then its tool_use and result (p95 < 16.7 ms).
 *    BENCH_PARTS=heavy runs it alone; BENCH_HEAVY_TIMEOUT_MS bounds each wait in the page
 *    (default 180 s); BENCH_HEAVY_PROFILE=<folder> also writes the renderer's CPU
 *    profiles of the switches and the streaming diff there (read them with profile-top.ts). A
 *    build whose session stops growing short of the end sends one more turn and counts it
 *    ("extraTurns"): it was 1 per build while the desk could miss a fast-draining queue's tail,
 *    and is 0 since that was fixed.
 */
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import type { DeskProcess } from '../e2e/desk-process.js';
import { CHROMIUM_ARGS, deskCall, percentile, startBenchDesk, waitFor, runBench } from './bench-util.js';
import { frameFigures, frameStats, ms, startFrameProbe, stopFrameProbe, type FrameStats } from './page-probes.js';
import { HEAVY_TURNS, heavyPart, heavyTable, type HeavyFigures } from './renderer-heavy.js';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TURNS = Number(process.env.BENCH_TURNS ?? 400);
const TURN_EVENTS = Number(process.env.BENCH_TURN_EVENTS ?? 47);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'live,long,heavy').split(',').map((part) => part.trim()));

const LATENCY_PROBE = `(() => {
  const latencies = [];
  const stamp = /t=(\\d+\\.\\d+);/g;
  // Counted, not indexed: a finished paragraph may re-render with its spacing trimmed.
  let seen = 0;
  const observer = new MutationObserver(() => {
    const now = performance.timeOrigin + performance.now();
    const text = document.querySelector('.row-assistant[aria-busy="true"]')?.textContent ?? '';
    const stamps = [...text.matchAll(stamp)];
    for (let i = seen; i < stamps.length; i++) latencies.push(now - Number(stamps[i][1]));
    seen = Math.max(seen, stamps.length);
  });
  observer.observe(document.querySelector('.transcript-inner') ?? document.body, { subtree: true, childList: true, characterData: true });
  window.stopLatencies = () => {
    observer.disconnect();
    return latencies;
  };
})()`;

interface LiveFigures {
  events: number;
  reachedDom: number;
  eventsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  frames: FrameStats;
}

async function live(page: Page, desk: DeskProcess, key: string): Promise<LiveFigures> {
  const events = RATE * SECONDS;
  await page.evaluate(LATENCY_PROBE);
  await startFrameProbe(page);
  const started = performance.now();
  await deskCall(desk, 'sessions.send', { key, message: `events: ${events}` });
  await waitFor(async () => (await deskCall(desk, 'sessions.list', {})).find((s) => s.key === key)?.status === 'idle' && performance.now() - started > 1000, 'the live turn to end', SECONDS * 1000 + 60_000);
  const elapsed = (performance.now() - started) / 1000;
  const latencies = (await page.evaluate('window.stopLatencies()')) as number[];
  const frames = await stopFrameProbe(page);
  console.log(`live: ${latencies.length.toLocaleString('en-US')} of ${events.toLocaleString('en-US')} events reached the DOM, ${Math.round(latencies.length / elapsed).toLocaleString('en-US')} events/s (target ${RATE}/s)`);
  console.log(`live: CLI write → DOM latency p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))} (target p99 < 50 ms)`);
  console.log(`live: while streaming ${frameFigures(frames)}`);
  const round1 = (value: number) => Math.round(value * 10) / 10;
  return {
    events,
    reachedDom: latencies.length,
    eventsPerSecond: Math.round(latencies.length / elapsed),
    latencyP50Ms: round1(percentile(latencies, 50)),
    latencyP99Ms: round1(percentile(latencies, 99)),
    latencyMaxMs: round1(Math.max(...latencies)),
    frames: frameStats(frames),
  };
}

interface LongFigures {
  items: number;
  shownMs: number;
  rowsInDom: number;
  scroll: FrameStats;
}

async function longTranscript(page: Page, desk: DeskProcess, key: string): Promise<LongFigures> {
  for (let i = 0; i < TURNS; i++) await deskCall(desk, 'sessions.send', { key, message: `events: ${TURN_EVENTS}` });
  await waitFor(async () => {
    const session = (await deskCall(desk, 'sessions.list', {})).find((s) => s.key === key);
    return session?.status === 'idle' && (session.queue?.userPending ?? 0) === 0 && session.transcriptLength >= TURNS * (TURN_EVENTS + 3);
  }, `${TURNS} turns`, TURNS * 2000 + 60_000);
  const { total } = await deskCall(desk, 'sessions.transcript', { key, limit: 1 });
  const opened = performance.now();
  await page.reload();
  await page.getByRole('region', { name: 'Transcript' }).locator('.turn-completed, .row-turn-end').last().waitFor({ timeout: 60_000 });
  const openMs = performance.now() - opened;
  const rows = (await page.evaluate("document.querySelectorAll('.transcript-row').length")) as number;
  console.log(`long transcript: ${total.toLocaleString('en-US')} items, shown ${ms(openMs)} after the page starts reloading, ${rows} rows in the DOM`);

  const scroller = page.getByRole('region', { name: 'Transcript' }).locator('.transcript-scroll');
  await scroller.hover();
  await startFrameProbe(page);
  const scrollStarted = performance.now();
  for (let i = 0; i < 120; i++) await page.mouse.wheel(0, -600);
  const top = (await page.evaluate("document.querySelector('.transcript-scroll').scrollTop")) as number;
  const frames = await stopFrameProbe(page);
  console.log(`long transcript: scrolling up 120 × 600 px (${Math.round(performance.now() - scrollStarted)} ms, now ${Math.round(top)} px from the top): ${frameFigures(frames)} (target 60 fps)`);
  return { items: total, shownMs: Math.round(openMs), rowsInDom: rows, scroll: frameStats(frames) };
}

async function main(): Promise<void> {
  const { desk, root, stop } = await startBenchDesk({ name: 'bench', rate: RATE });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const result: { bench: string; parts: string[]; cores: number; chromium: string; live?: LiveFigures; long?: LongFigures; heavy?: HeavyFigures } = {
    bench: 'renderer-pipeline',
    parts: [...PARTS],
    cores: os.cpus().length,
    chromium: browser.version(),
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(desk.url);
    await waitFor(async () => (await deskCall(desk, 'hosts.list', {}))[0]?.link.status === 'connected', 'the local daemon', 30_000);
    console.log(`renderer pipeline: parts ${[...PARTS].join(', ')}; stand-in CLI at ${RATE} events/s; Chromium ${browser.version()}, ${os.cpus().length} cores`);
    if (PARTS.has('live') || PARTS.has('long')) {
      const session = await deskCall(desk, 'sessions.create', { hostId: 'local', path: root });
      await page.goto(`${new URL(desk.url).origin}/#/session/${encodeURIComponent(session.key)}`);
      await page.getByRole('region', { name: 'Transcript' }).waitFor();
      if (PARTS.has('live')) result.live = await live(page, desk, session.key);
      if (PARTS.has('long')) result.long = await longTranscript(page, desk, session.key);
    }
    if (PARTS.has('heavy')) {
      console.log(`heavy: building 2 sessions of ${HEAVY_TURNS} turns`);
      result.heavy = await heavyPart(page, desk, root);
      console.log(`heavy: ${result.heavy.turns.toLocaleString('en-US')} turns, ${result.heavy.items.toLocaleString('en-US')} items, ${result.heavy.rows.toLocaleString('en-US')} rows`);
      console.log(heavyTable(result.heavy));
    }
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    await stop();
  }
}

runBench(main);
