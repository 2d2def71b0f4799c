/** Measuring inside the page: frame intervals, when a text is painted, the renderer's JS heap. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { percentile } from './bench-util.js';

export const ms = (value: number) => `${value.toFixed(1)} ms`;

// In-page probes are plain source text: tsx would wrap named functions in a helper the page lacks.
/** Frame intervals from requestAnimationFrame and long tasks, until `stopFrames` is called in the page. */
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

export interface FrameSample {
  frames: number[];
  longTasks: number[];
}

export async function startFrameProbe(page: Page): Promise<void> {
  await page.evaluate(FRAME_PROBE);
}

export const stopFrameProbe = (page: Page) => page.evaluate('window.stopFrames()') as Promise<FrameSample>;

export interface FrameStats {
  frames: number;
  fps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  longTasks: number;
  longestTaskMs: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export function frameStats({ frames, longTasks }: FrameSample): FrameStats {
  return {
    frames: frames.length,
    fps: round1(frames.length / (frames.reduce((sum, frame) => sum + frame, 0) / 1000)),
    p50Ms: round1(percentile(frames, 50)),
    p95Ms: round1(percentile(frames, 95)),
    p99Ms: round1(percentile(frames, 99)),
    maxMs: round1(Math.max(...frames)),
    longTasks: longTasks.length,
    longestTaskMs: round1(longTasks.length === 0 ? 0 : Math.max(...longTasks)),
  };
}

export function frameFigures(sample: FrameSample): string {
  const stats = frameStats(sample);
  const long = sample.frames.filter((frame) => frame > 1000 / 60 + 8).length;
  const tasks = stats.longTasks === 0 ? 'no long tasks' : `${stats.longTasks} long tasks (main thread busy > 50 ms), longest ${ms(stats.longestTaskMs)}`;
  return `${stats.fps.toFixed(1)} fps, frame p50 ${ms(stats.p50Ms)}, p95 ${ms(stats.p95Ms)}, p99 ${ms(stats.p99Ms)}, max ${ms(stats.maxMs)}, ${long} of ${stats.frames} frames over 24.7 ms, ${tasks}`;
}

/** Resolves in the page's next animation frame. */
export const nextFrame = (page: Page) => page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve()))');

/**
 * Watches the transcript until `text` is in it, then notes the time (performance.now(), so from
 * navigation start) in the task after the next frame, once that frame is painted; also when the
 * first transcript row was painted. Read with `paintedAt`. As an init script it watches the page
 * that loads next, when sessionStorage holds its text under `bench-paint` (set by `paintOnNextLoad`).
 */
export const PAINT_PROBE = `(() => {
  const text = sessionStorage.getItem('bench-paint') ?? window.benchPaintText;
  if (!text) return;
  sessionStorage.removeItem('bench-paint');
  window.benchPaintText = undefined;
  const painted = { firstRow: null, text: null, clickedAt: null };
  window.benchPainted = painted;
  document.addEventListener('click', (event) => { painted.clickedAt ??= event.timeStamp; }, { capture: true, once: true });
  const noteAfterPaint = (key) => requestAnimationFrame(() => setTimeout(() => { painted[key] = performance.now(); }, 0));
  let firstRow = false;
  const observer = new MutationObserver(() => {
    if (!firstRow && document.querySelector('.transcript-row')) {
      firstRow = true;
      noteAfterPaint('firstRow');
    }
    if (document.querySelector('.transcript-inner')?.textContent.includes(text)) {
      observer.disconnect();
      noteAfterPaint('text');
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})()`;

export interface Painted {
  firstRow: number;
  text: number;
  /** When a click started it (the event's time), if one did. */
  clickedAt: number | null;
}

/** Arms PAINT_PROBE in the page now (for a click or what follows), watching for `text`. */
export async function paintProbeNow(page: Page, text: string): Promise<void> {
  await page.evaluate(`window.benchPaintText = ${JSON.stringify(text)}; ${PAINT_PROBE}`);
}

/** Arms PAINT_PROBE for the next page load (install it once with page.addInitScript(PAINT_PROBE)). */
export async function paintOnNextLoad(page: Page, text: string): Promise<void> {
  await page.evaluate(`sessionStorage.setItem('bench-paint', ${JSON.stringify(text)})`);
}

export async function paintedAt(page: Page, timeoutMs: number): Promise<Painted> {
  // A function, not source text: the page's CSP forbids eval.
  await page.waitForFunction(() => (window as unknown as { benchPainted?: Partial<Painted> }).benchPainted?.text != null, undefined, { timeout: timeoutMs, polling: 50 });
  return (await page.evaluate('window.benchPainted')) as Painted;
}

/** The renderer's live JS heap after a full garbage collection, in MB. */
export async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return round1(usedSize / 2 ** 20);
  } finally {
    await cdp.detach();
  }
}

/** Runs `run` under the renderer's CPU profiler when `file` is given, writing the profile there (for profile-top.ts). */
export async function profiled<T>(page: Page, file: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!file) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(profile));
    await cdp.detach();
    console.log(`renderer CPU profile: ${file}`);
  }
}
