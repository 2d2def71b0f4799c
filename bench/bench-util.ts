/** What the benchmarks share: Chromium's flags on these machines, waiting for a condition, a desk to measure. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error plain ESM script without types
import { buildApp, buildRenderer } from '../scripts/build-app.mjs';
import { deskCall, REPO_ROOT, SERVE_BUNDLE, startDesk, type DeskProcess } from '../e2e/desk-process.js';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** A desk in browser mode on the embedded daemon, whose Claude is the stand-in CLI writing deltas at `rate` a second. */
export async function startBenchDesk(options: { name: string; rate: number; profileDir?: string | undefined }): Promise<{ desk: DeskProcess; root: string; stop: () => Promise<void> }> {
  await (buildApp as () => Promise<void>)();
  await (buildRenderer as () => Promise<void>)();
  const root = await mkdtemp(path.join(os.tmpdir(), `switchyard-${options.name}-`));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    TMPDIR: root,
    SWITCHYARD_DATA_DIR: path.join(root, 'data'),
    SWITCHYARD_CLAUDE: `${process.execPath} ${path.join(REPO_ROOT, 'bench', 'fake-claude.mjs')}`,
    FAKE_CLAUDE_RATE: String(options.rate),
    FAKE_CLAUDE_PARAGRAPH: '20',
  };
  const profile = options.profileDir;
  const desk = await startDesk({ env, ...(profile ? { entry: ['--cpu-prof', `--cpu-prof-dir=${profile}`, SERVE_BUNDLE] } : {}) });
  return {
    desk,
    root,
    stop: async () => {
      await desk.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export { deskCall };

/** Runs a benchmark's main; a failure prints its stack and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
