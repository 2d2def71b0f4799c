#!/usr/bin/env node
// Builds what the app runs: the daemon bundle, the Electron main process and preload, and the
// browser-mode server. (The renderer is built by vite.)
import { build } from 'esbuild';
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildApp();
  console.log('built dist/daemon.mjs, dist/electron/{main.mjs,preload.cjs}, dist/app/serve.mjs');
}
