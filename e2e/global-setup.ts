// Builds what the app runs before any spec, so specs always test the code as it is now.
import { spawn } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
// @ts-expect-error plain ESM script without types
import { buildApp } from '../scripts/build-app.mjs';
import { REPO_ROOT } from './desk-process.js';

const RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer');

function viteBuild(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`vite build (the renderer) failed with code ${code}:\n${output.trim()}`));
    });
  });
}

/**
 * Builds the renderer beside dist/renderer and swaps it in: a desk of another run serving from
 * dist/renderer meanwhile never finds it empty (vite empties its output folder first).
 */
async function buildRenderer(): Promise<void> {
  const staging = path.join(REPO_ROOT, 'dist', `.renderer-build-${process.pid}`);
  const previous = path.join(REPO_ROOT, 'dist', `.renderer-old-${process.pid}`);
  try {
    await viteBuild(staging);
    // Another run's setup may swap its build in between our two renames: then go again.
    for (let attempt = 1; ; attempt++) {
      await rm(previous, { recursive: true, force: true });
      await rename(RENDERER_DIR, previous).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      try {
        await rename(staging, RENDERER_DIR);
        break;
      } catch (error) {
        if (attempt >= 3 || !['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      }
    }
  } finally {
    await Promise.all([staging, previous].map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  await (buildApp as () => Promise<void>)();
  await buildRenderer();
  process.stdout.write(`e2e: built dist/ (app and renderer) in ${Date.now() - started} ms\n`);
}
