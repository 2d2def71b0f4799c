/**
 * The README's first run, as written: `npm start` (browser mode here), its SWITCHYARD_URL,
 * Claude logged in with ANTHROPIC_API_KEY, a new session in a folder, a message, an answer.
 * The Claude CLI is the one `npm install` put in node_modules, against the scripted model.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { claudeTestEnv } from '../daemon/testing/harness.js';
import { REPO_ROOT, startDesk } from './desk-process.js';

test('README first run: npm start, its URL, a session in a folder, an answer', async ({ page }) => {
  const world = await claudeTestEnv();
  // As a user's shell would have it: the model settings and ANTHROPIC_API_KEY, no SWITCHYARD_CLAUDE.
  const env: NodeJS.ProcessEnv = { ...world.env, HOME: world.root, SWITCHYARD_DATA_DIR: path.join(world.root, 'desk-data'), SWITCHYARD_BROWSER: '1' };
  delete env.SWITCHYARD_CLAUDE;
  const desk = await startDesk({ env, entry: [path.join(REPO_ROOT, 'scripts', 'start.mjs')], readyTimeoutMs: 120_000 });
  try {
    await page.goto(desk.url);
    const host = page.getByRole('listitem', { name: 'Host This computer' });
    await expect(host.getByText('Connected')).toBeVisible({ timeout: 30_000 });
    // Logged in with the key: no banner, Send is not held.
    await expect(page.getByRole('alert', { name: /Claude on This computer/ })).toHaveCount(0);

    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('textbox', { name: 'Path' }).fill(world.workDir);
    await page.getByRole('button', { name: 'Start session' }).click();
    const message = page.getByRole('textbox', { name: 'Message' });
    await message.fill('Hi Claude!');
    await message.press('Enter');
    const transcript = page.getByRole('region', { name: 'Transcript' });
    await expect(transcript.getByRole('article', { name: 'Claude' })).toHaveText('Echo: Hi Claude!', { timeout: 30_000 });
    await expect(transcript.getByRole('note', { name: 'Turn finished' })).toContainText('Turn complete');
  } finally {
    await desk.stop();
    await world.cleanup();
  }
});
