/**
 * What the benchmarks through sshd share: a daemon whose Claude is a stand-in CLI, the real sshd
 * in front of it, the desk in browser mode with that daemon added as a host through the tunnel,
 * and Chromium with the desk's page open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
// @ts-expect-error plain ESM script without types
import { buildApp, buildRenderer } from '../scripts/build-app.mjs';
import { startDaemon } from '../daemon/testing/harness.js';
import { REPO_ROOT, startDesk, type DeskProcess } from '../e2e/desk-process.js';
import { startSshFixture } from '../electron/ssh/testing/sshd.js';
import { CHROMIUM_ARGS, deskCall, waitFor } from './bench-util.js';

export interface SshBenchWorld {
  root: string;
  desk: DeskProcess;
  browser: Browser;
  page: Page;
  hostId: string;
  stop: () => Promise<void>;
}

/** `cli`: the stand-in CLI's script in bench/; `cliEnv(root)`: what it is told by its environment. */
export async function startSshBenchWorld(options: { name: string; cli: string; cliEnv?: (root: string) => Record<string, string> }): Promise<SshBenchWorld> {
  await (buildApp as () => Promise<void>)();
  await (buildRenderer as () => Promise<void>)();
  const root = await mkdtemp(path.join(os.tmpdir(), `switchyard-bench-${options.name}-`));
  const ssh = await startSshFixture();
  const daemon = await startDaemon({
    env: { PATH: process.env.PATH, HOME: root, TMPDIR: root, ...options.cliEnv?.(root) },
    dataDir: path.join(root, 'daemon-data'),
    claude: `${process.execPath} ${path.join(REPO_ROOT, 'bench', options.cli)}`,
  });
  const desk = await startDesk({
    env: { PATH: process.env.PATH, HOME: root, TMPDIR: root, SWITCHYARD_DATA_DIR: path.join(root, 'desk-data'), SWITCHYARD_SSH_CONFIG: ssh.configFile },
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const stop = async () => {
    await browser.close();
    await desk.stop();
    await daemon.stop();
    await ssh.cleanup();
    await rm(root, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(desk.url);
    const host = await deskCall(desk, 'hosts.add', { target: ssh.aliases.ok, name: 'bench box', daemonPort: daemon.port });
    await waitFor(async () => (await deskCall(desk, 'hosts.list', {})).find((h) => h.id === host.id)?.link.status === 'connected', 'the host through sshd', 30_000);
    return { root, desk, browser, page, hostId: host.id, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
