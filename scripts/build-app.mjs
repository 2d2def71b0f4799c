#!/usr/bin/env node
// Builds what the app runs: the daemon bundle, the Electron main process and preload, the
// browser-mode server, and the renderer (vite).
import { build } from 'esbuild';
import { rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildDaemon } from './build-daemon.mjs';

const at = (file) => fileURLToPath(new URL(`../${file}`, import.meta.url));
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none' };

export async function buildPreload(outfile = at('dist/electron/preload.cjs')) {
  // Sandboxed preloads load as CommonJS with electron as their only import.
  await build({ ...common, entryPoints: [at('electron/shell/preload.ts')], outfile, format: 'cjs', external: ['electron'] });
  return outfile;
}

export async function buildApp() {
  await buildDaemon();
  await buildPreload();
  await build({ ...common, entryPoints: [at('electron/shell/main.ts')], outfile: at('dist/electron/main.mjs'), format: 'esm', packages: 'external' });
  await build({ ...common, entryPoints: [at('electron/web/main.ts')], outfile: at('dist/app/serve.mjs'), format: 'esm', packages: 'external' });
}

/** The renderer, built beside dist/renderer and swapped in whole: a running desk never serves a half-written folder. */
export async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  const target = at('dist/renderer');
  const staging = at(`dist/.renderer-build-${process.pid}`);
  const previous = at(`dist/.renderer-old-${process.pid}`);
  try {
    await viteBuild({ configFile: at('vite.config.ts'), logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
    await rename(target, previous).catch((error) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, target);
  } finally {
    await Promise.all([staging, previous].map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildApp();
  await buildRenderer();
  console.log('built dist/daemon.mjs, dist/electron/{main.mjs,preload.cjs}, dist/app/serve.mjs, dist/renderer/');
}
