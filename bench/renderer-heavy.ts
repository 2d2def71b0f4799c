/**
 * The heavy part of bench:renderer: two sessions of BENCH_HEAVY_TURNS turns each, every turn a
 * Markdown answer with a code block, an Edit with its patch and a TaskCreate/TaskUpdate pair
 * (heavy-turns.mjs). Measures opening one (page reload to its newest rows painted), scrolling
 * it from the top (reading pace, then top to bottom), the renderer's heap, switching between
 * the two in the sidebar, and frames while a long diff streams in.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { DeskProcess } from '../e2e/desk-process.js';
import { deskCall, percentile } from './bench-util.js';
// @ts-expect-error plain ESM script without types
import { roundMarker } from './heavy-turns.mjs';
import { frameStats, heapMb, ms, nextFrame, paintedAt, paintOnNextLoad, paintProbeNow, PAINT_PROBE, profiled, startFrameProbe, stopFrameProbe, type FrameSample, type FrameStats } from './page-probes.js';

export const HEAVY_TURNS = Number(process.env.BENCH_HEAVY_TURNS ?? 2000);
const SWITCHES = Number(process.env.BENCH_HEAVY_SWITCHES ?? 6);
const SCROLL_STEPS = Number(process.env.BENCH_HEAVY_SCROLL_STEPS ?? 200);
const READ_STEPS = Number(process.env.BENCH_HEAVY_READ_STEPS ?? 120);
const READ_STEP_PX = 500;
const DIFF_LINES = Number(process.env.BENCH_DIFF_LINES ?? 500);
const DIFF_RATE = Number(process.env.BENCH_DIFF_RATE ?? 250);
/** A folder for renderer CPU profiles of the opening, the switches and the streaming diff (read them with profile-top.ts). */
const PROFILE_DIR = process.env.BENCH_HEAVY_PROFILE;
const profileFile = (name: string) => (PROFILE_DIR ? path.join(PROFILE_DIR, `heavy-${name}.cpuprofile`) : undefined);

export const HEAVY_TARGETS = { firstPaintMs: 300, frameP95Ms: 1000 / 60, heapMb: 150, switchMs: 100 };
/** rAF intervals are whole vsyncs give or take timer jitter: up to this much over one still dropped no frame. */
const FRAME_JITTER_MS = 1;

export interface HeavyFigures {
  turns: number;
  /** Turns sent only to make the desk catch up with the daemon (a desk bug; see buildSession). */
  extraTurns: number;
  items: number;
  /** Rows of the opened transcript. */
  rows: number;
  buildSeconds: number;
  firstRowPaintMs: number;
  firstPaintMs: number;
  /** From navigation start until the earlier part was read and the whole transcript shows (the newest part paints first). */
  wholeMs: number;
  /** Frames from first paint until the whole transcript shows: what reading the earlier part costs the reader meanwhile. */
  whileLoading: FrameStats;
  heapAfterOpenMb: number;
  readingScroll: FrameStats & { px: number };
  topToBottomScroll: FrameStats & { steps: number; stepPx: number; reachedPercent: number };
  heapAfterScrollMb: number;
  switchMedianMs: number;
  switchMs: number[];
  diffStream: FrameStats & { lines: number; seconds: number };
}

const TIMEOUT_MS = Number(process.env.BENCH_HEAVY_TIMEOUT_MS ?? 180_000);

interface HeavySession {
  key: string;
  name: string;
  turns: number;
  /** The closing words of its newest turn. */
  marker: string;
  /** Turns added because the desk's transcript had stopped short of the daemon's (see below). */
  extraTurns: number;
}

/** A turn's result text, as the stand-in CLI writes it for `heavy: 1 from <turn>`. */
const resultOf = (turn: number) => `Finished steps ${turn} to ${turn}.`;
const STALL_MS = 3_000;
const MAX_EXTRA_TURNS = 5;

/** Whether turn `turn`'s result reaches the desk's transcript before the transcript stops growing for STALL_MS. */
async function reachesDesk(desk: DeskProcess, key: string, turn: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  let length = -1;
  let grewAt = Date.now();
  while (Date.now() < until) {
    const tail = await deskCall(desk, 'sessions.transcript', { key, limit: 20 });
    if (JSON.stringify(tail.items).includes(resultOf(turn))) return true;
    if (tail.total !== length) [length, grewAt] = [tail.total, Date.now()];
    if (Date.now() - grewAt > STALL_MS) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for turn ${turn} of ${key}`);
}

/**
 * A session of HEAVY_TURNS heavy turns, one message per turn (queued at the daemon), so each is
 * a turn of its own. The desk can stop following a session whose queue drains between two of its
 * checks (it asks "busy?" and "anything queued?" separately) and then misses the turns after;
 * one more turn makes it fetch what it missed, so such a session gets one (counted in `extraTurns`).
 */
async function buildSession(desk: DeskProcess, root: string, folder: string): Promise<HeavySession> {
  const session = await deskCall(desk, 'sessions.create', { hostId: 'local', path: `${root}/${folder}`, createFolder: true });
  const send = (turn: number) => deskCall(desk, 'sessions.send', { key: session.key, message: `heavy: 1 from ${turn}` });
  for (let turn = 1; turn <= HEAVY_TURNS; turn++) await send(turn);
  let turns = HEAVY_TURNS;
  while (!(await reachesDesk(desk, session.key, turns, HEAVY_TURNS * 200 + 120_000))) {
    if (turns - HEAVY_TURNS >= MAX_EXTRA_TURNS) throw new Error(`the desk's transcript of ${folder} stays short of the daemon's`);
    await send(++turns);
  }
  return { key: session.key, name: session.name, turns, marker: roundMarker(turns, folder) as string, extraTurns: turns - HEAVY_TURNS };
}

interface ScrollState {
  top: number;
  height: number;
  client: number;
}

const scrollerState = (page: Page) =>
  page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => {
    const element = document.querySelector('.transcript-scroll');
    resolve({ top: element.scrollTop, height: element.scrollHeight, client: element.clientHeight });
  }))`) as Promise<ScrollState>;

async function toTheTop(page: Page): Promise<void> {
  await page.evaluate("document.querySelector('.transcript-scroll').scrollTop = 0");
  await page.locator('.transcript-row[data-index="0"]').waitFor({ timeout: TIMEOUT_MS });
  for (let i = 0; i < 5; i++) await nextFrame(page);
}

/** Wheel steps of `stepPx(state, stepsLeft)`, one a frame, frame intervals measured throughout. */
async function wheelDown(page: Page, steps: number, stepPx: (state: ScrollState, stepsLeft: number) => number): Promise<{ sample: FrameSample; moved: number[]; last: ScrollState }> {
  await page.getByRole('region', { name: 'Transcript' }).locator('.transcript-scroll').hover();
  await startFrameProbe(page);
  const moved: number[] = [];
  let state = await scrollerState(page);
  for (let i = 0; i < steps; i++) {
    const px = Math.max(1, Math.round(stepPx(state, steps - i)));
    moved.push(px);
    await page.mouse.wheel(0, px);
    state = await scrollerState(page);
  }
  for (let i = 0; i < 3; i++) state = await scrollerState(page);
  return { sample: await stopFrameProbe(page), moved, last: state };
}

export async function heavyPart(page: Page, desk: DeskProcess, root: string): Promise<HeavyFigures> {
  const origin = new URL(desk.url).origin;
  const built = performance.now();
  const [a, b] = await Promise.all([buildSession(desk, root, 'heavy-a'), buildSession(desk, root, 'heavy-b')]);
  const buildSeconds = (performance.now() - built) / 1000;
  const { total: items } = await deskCall(desk, 'sessions.transcript', { key: a.key, limit: 1 });
  console.log(`heavy: built 2 sessions of ${a.turns} and ${b.turns} turns (${items.toLocaleString('en-US')} items in the first) in ${buildSeconds.toFixed(1)} s`);
  const extraTurns = a.extraTurns + b.extraTurns;
  if (extraTurns > 0) console.log(`heavy: the desk's transcript stopped short of the daemon's; ${extraTurns} more turn(s) made it catch up`);

  // Opening: shown once, then the page reloads on it and the paint is timed from navigation start.
  await page.addInitScript(PAINT_PROBE);
  await page.goto(`${origin}/#/session/${encodeURIComponent(a.key)}`);
  await page.getByText(a.marker).waitFor({ timeout: TIMEOUT_MS });
  await paintOnNextLoad(page, a.marker);
  const opened = await profiled(page, profileFile('open'), async () => {
    await page.reload();
    return paintedAt(page, TIMEOUT_MS);
  });
  await startFrameProbe(page);
  await page.locator('.transcript[data-whole="true"]').waitFor({ timeout: TIMEOUT_MS });
  const wholeMs = (await page.evaluate('performance.now()')) as number;
  const whileLoading = await stopFrameProbe(page);
  const heapAfterOpenMb = await heapMb(page);
  const rows = 1 + ((await page.evaluate("Math.max(...[...document.querySelectorAll('.transcript-row')].map((row) => Number(row.dataset.index)))")) as number);

  // Reading pace from the top, then the whole transcript top to bottom in a bounded number of steps.
  await toTheTop(page);
  const reading = await wheelDown(page, READ_STEPS, () => READ_STEP_PX);
  await toTheTop(page);
  const traversal = await wheelDown(page, SCROLL_STEPS, (state, stepsLeft) => Math.max(READ_STEP_PX, (state.height - state.client - state.top) / stepsLeft));
  const heapAfterScrollMb = await heapMb(page);
  const reachedPercent = Math.round((100 * (traversal.last.top + traversal.last.client)) / traversal.last.height);

  // Switching: a click on the other session in the sidebar, until its newest turn is painted. Each
  // session opens where it was left, so the scrolled one goes back to its newest rows first.
  const jump = page.getByRole('button', { name: 'Jump to latest' });
  if (await jump.isVisible()) await jump.click();
  await page.getByText(a.marker).waitFor({ timeout: TIMEOUT_MS });
  const sidebar = page.getByRole('list', { name: /^Sessions on / });
  const switchMs: number[] = [];
  await profiled(page, profileFile('switches'), async () => {
    for (let i = 0; i < SWITCHES; i++) {
      const target = i % 2 === 0 ? b : a;
      await paintProbeNow(page, target.marker);
      await sidebar.getByRole('link', { name: new RegExp(`^${target.name}\\b`) }).click();
      const painted = await paintedAt(page, TIMEOUT_MS);
      switchMs.push(painted.text - (painted.clickedAt ?? painted.text));
      // The first switch opens the other session: its earlier part is read before the switches that are timed.
      if (i === 0) await page.locator('.transcript[data-whole="true"]').waitFor({ timeout: TIMEOUT_MS });
      for (let frame = 0; frame < 10; frame++) await nextFrame(page);
    }
  });
  if (SWITCHES % 2 === 1) {
    await sidebar.getByRole('link', { name: new RegExp(`^${a.name}\\b`) }).click();
    await page.getByText(a.marker).waitFor({ timeout: TIMEOUT_MS });
  }

  // A long diff streaming into the open session, pinned to its newest output.
  const closing = `Rewrote ${DIFF_LINES} lines of`;
  await paintProbeNow(page, closing);
  const { diffSeconds, diffFrames } = await profiled(page, profileFile('diff-stream'), async () => {
    await startFrameProbe(page);
    const streamed = performance.now();
    await deskCall(desk, 'sessions.send', { key: a.key, message: `diff-stream: ${DIFF_LINES} at ${DIFF_RATE}/s` });
    await paintedAt(page, TIMEOUT_MS);
    return { diffSeconds: (performance.now() - streamed) / 1000, diffFrames: await stopFrameProbe(page) };
  });

  return {
    turns: a.turns,
    extraTurns,
    items,
    rows,
    buildSeconds: Math.round(buildSeconds * 10) / 10,
    firstRowPaintMs: Math.round(opened.firstRow),
    firstPaintMs: Math.round(opened.text),
    wholeMs: Math.round(wholeMs),
    whileLoading: frameStats(whileLoading),
    heapAfterOpenMb,
    readingScroll: { ...frameStats(reading.sample), px: reading.moved.reduce((sum, px) => sum + px, 0) },
    topToBottomScroll: { ...frameStats(traversal.sample), steps: SCROLL_STEPS, stepPx: Math.round(percentile(traversal.moved, 50)), reachedPercent },
    heapAfterScrollMb,
    switchMedianMs: Math.round(percentile(switchMs, 50)),
    switchMs: switchMs.map((value) => Math.round(value)),
    diffStream: { ...frameStats(diffFrames), lines: DIFF_LINES, seconds: Math.round(diffSeconds * 10) / 10 },
  };
}

/** The heavy part's figures as a table, each next to its target. */
export function heavyTable(figures: HeavyFigures): string {
  const verdict = (value: number, target: number) => (value < target ? 'met' : 'MISSED');
  const t = HEAVY_TARGETS;
  const scroll = (label: string, stats: FrameStats, note: string) => [label, `p95 ${ms(stats.p95Ms)}, p99 ${ms(stats.p99Ms)} (p50 ${ms(stats.p50Ms)}, max ${ms(stats.maxMs)}, ${stats.frames} frames, ${stats.longTasks} long tasks) ${note}`, `p95 < ${ms(t.frameP95Ms)}`, verdict(stats.p95Ms, t.frameP95Ms + FRAME_JITTER_MS)];
  const rows: string[][] = [
    ['figure', 'value', 'target', ''],
    ['first paint (reload → newest rows painted)', `${figures.firstPaintMs} ms (first row painted at ${figures.firstRowPaintMs} ms)`, `< ${t.firstPaintMs} ms`, verdict(figures.firstPaintMs, t.firstPaintMs)],
    ['whole transcript shown (earlier part read behind)', `${figures.wholeMs} ms; frames meanwhile p95 ${ms(figures.whileLoading.p95Ms)}, ${figures.whileLoading.longTasks} long tasks (longest ${ms(figures.whileLoading.longestTaskMs)})`, '', ''],
    ['renderer JS heap after opening (after GC)', `${figures.heapAfterOpenMb} MB`, `< ${t.heapMb} MB`, verdict(figures.heapAfterOpenMb, t.heapMb)],
    scroll('scroll from the top, reading pace', figures.readingScroll, `over ${figures.readingScroll.px.toLocaleString('en-US')} px`),
    scroll('scroll top to bottom', figures.topToBottomScroll, `in ${figures.topToBottomScroll.steps} steps of ~${figures.topToBottomScroll.stepPx.toLocaleString('en-US')} px, reached ${figures.topToBottomScroll.reachedPercent}%`),
    ['renderer JS heap after scrolling (after GC)', `${figures.heapAfterScrollMb} MB`, `< ${t.heapMb} MB`, verdict(figures.heapAfterScrollMb, t.heapMb)],
    ['switch sessions (click → newest rows painted)', `median ${figures.switchMedianMs} ms (in order ${figures.switchMs.join(', ')}; the first loads the other session)`, `< ${t.switchMs} ms`, verdict(figures.switchMedianMs, t.switchMs)],
    scroll(`${figures.diffStream.lines}-line diff streaming in`, figures.diffStream, `over ${figures.diffStream.seconds} s`),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
