#!/usr/bin/env node
// Bundles the daemon into one file, dist/daemon.mjs, that runs on any host with Node >= 20.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function buildDaemon(outfile = fileURLToPath(new URL('../dist/daemon.mjs', import.meta.url))) {
  await build({
    entryPoints: [fileURLToPath(new URL('../daemon/main.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildDaemon(process.argv[2]);
  console.log(`built ${out}`);
}
