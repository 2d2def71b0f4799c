#!/usr/bin/env node
// npm start: builds the app, then starts Electron where it can start; otherwise says why in one
// line and starts browser mode, printing SWITCHYARD_URL=<url>. Arguments go to browser mode
// (--port N); --help lists them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, buildRenderer } from './build-app.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function electronBinary() {
  const dir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile) && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    // npm does not run Electron's download script (package.json allowScripts); fetch it now.
    spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  }
  if (!existsSync(pathFile)) return { reason: 'its binary is not installed and could not be downloaded here' };
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { reason: `its binary ${binary} is missing` };
}

function whyNoElectron() {
  if (process.env.SWITCHYARD_BROWSER === '1') return 'SWITCHYARD_BROWSER=1 asks for browser mode';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  const found = electronBinary();
  return found.binary ? undefined : found.reason;
}

await buildApp();
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  // The options are browser mode's; the Electron window takes none.
  const help = spawnSync(process.execPath, [path.join(root, 'dist', 'app', 'serve.mjs'), '--help'], { stdio: 'inherit' });
  process.exit(help.status ?? 1);
}
await buildRenderer();
const reason = whyNoElectron();
const child = reason
  ? (console.error(`switchyard: Electron cannot start (${reason}); starting browser mode instead.`),
    spawn(process.execPath, [path.join(root, 'dist', 'app', 'serve.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' }))
  : spawn(electronBinary().binary, [root], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
