/** `npm start` where Electron cannot start: it says why in one line and serves the built app in browser mode. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT, startDesk } from './desk-process.js';

test('npm start falls back to browser mode with the embedded daemon and the built interface', async ({ page }) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'switchyard-start-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, TMPDIR: root, SWITCHYARD_DATA_DIR: path.join(root, 'data'), SWITCHYARD_BROWSER: '1' };
  const desk = await startDesk({ env, entry: [path.join(REPO_ROOT, 'scripts', 'start.mjs')], readyTimeoutMs: 120_000 });
  try {
    expect(desk.log()).toContain('switchyard: Electron cannot start (SWITCHYARD_BROWSER=1 asks for browser mode); starting browser mode instead.');
    await page.goto(desk.url);
    await expect(page.getByRole('listitem', { name: 'Host This computer' }).getByText('Connected')).toBeVisible();
    await expect(page.getByRole('button', { name: 'New session' })).toBeVisible();
    await page.screenshot({ path: path.join(REPO_ROOT, 'e2e', 'screenshots', 'npm-start.png') });
  } finally {
    const { graceful } = await desk.stop();
    await rm(root, { recursive: true, force: true });
    expect(graceful, 'npm start passes SIGTERM on and exits').toBe(true);
  }
});
