/**
 * The whole pipeline into the DOM: a stand-in CLI writes stamped text deltas at a fixed rate →
 * the daemon → the desk (browser mode) → SSE → the renderer in Chromium. Prints:
 * 1. live: events per second reaching the DOM, latency from the CLI's write to the DOM
 *    (p50/p99/max), and frame intervals while it streams. Target: 1,000 events/s, p99 < 50 ms.
 * 2. long transcript: a session of about 20,000 events (hundreds of turns) opened afresh: time
 *    until it shows, then frame intervals while scrolling through it. Target: 60 fps.
 * Knobs: BENCH_RATE (events/s), BENCH_SECONDS, BENCH_TURNS, BENCH_TURN_EVENTS.
 */
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import type { DeskProcess } from '../e2e/desk-process.js';
import { CHROMIUM_ARGS, deskCall, percentile, startBenchDesk, waitFor, runBench } from './bench-util.js';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TURNS = Number(process.env.BENCH_TURNS ?? 400);
const TURN_EVENTS = Number(process.env.BENCH_TURN_EVENTS ?? 47);

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Frame intervals from requestAnimationFrame, until `stop` is called in the page. */
// In-page probes are plain source text: tsx would wrap named functions in a helper the page lacks.
const FRAME_PROBE = `(() => {
  const frames = [];
  const longTasks = [];
  const tasks = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration)));
  tasks.observe({ type: 'longtask' });
  let last = performance.now();
  let running = true;
  const tick = (now) => {
    frames.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.stopFrames = () => {
    running = false;
    tasks.disconnect();
    return { frames: frames.slice(1), longTasks };
  };
})()`;

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

/** Frame intervals from requestAnimationFrame, until stopFrameProbe. */
async function startFrameProbe(page: Page): Promise<void> {
  await page.evaluate(FRAME_PROBE);
}

const stopFrameProbe = (page: Page) => page.evaluate('window.stopFrames()') as Promise<{ frames: number[]; longTasks: number[] }>;

function frameFigures({ frames, longTasks }: { frames: number[]; longTasks: number[] }): string {
  const long = frames.filter((frame) => frame > 1000 / 60 + 8).length;
  const fps = frames.length / (frames.reduce((sum, frame) => sum + frame, 0) / 1000);
  const tasks = longTasks.length === 0 ? 'no long tasks' : `${longTasks.length} long tasks (main thread busy > 50 ms), longest ${ms(Math.max(...longTasks))}`;
  return `${fps.toFixed(1)} fps, frame p50 ${ms(percentile(frames, 50))}, p99 ${ms(percentile(frames, 99))}, max ${ms(Math.max(...frames))}, ${long} of ${frames.length} frames over 24.7 ms, ${tasks}`;
}

async function live(page: Page, desk: DeskProcess, key: string): Promise<void> {
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
}

async function longTranscript(page: Page, desk: DeskProcess, key: string): Promise<void> {
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
}

async function main(): Promise<void> {
  const { desk, root, stop } = await startBenchDesk({ name: 'bench', rate: RATE });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(desk.url);
    await waitFor(async () => (await deskCall(desk, 'hosts.list', {}))[0]?.link.status === 'connected', 'the local daemon', 30_000);
    const session = await deskCall(desk, 'sessions.create', { hostId: 'local', path: root });
    await page.goto(`${new URL(desk.url).origin}/#/session/${encodeURIComponent(session.key)}`);
    await page.getByRole('region', { name: 'Transcript' }).waitFor();
    console.log(`renderer pipeline: stand-in CLI at ${RATE} events/s for ${SECONDS} s, Chromium ${browser.version()}, ${os.cpus().length} cores`);
    await live(page, desk, session.key);
    await longTranscript(page, desk, session.key);
  } finally {
    await browser.close();
    await stop();
  }
}

runBench(main);
