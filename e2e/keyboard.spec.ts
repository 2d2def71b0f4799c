/** The keyboard alone: the palette jumps between sessions, Enter sends, Esc stops. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './harness.js';
import { transcriptOf } from './ui.js';

test('palette jump, next session, send with Enter and stop with Esc', async ({ app, page }) => {
  const api = path.join(app.workDir, 'api');
  const web = path.join(app.workDir, 'web');
  await Promise.all([mkdir(api), mkdir(web)]);
  await app.open(page);
  await expect(page.getByRole('listitem', { name: 'Host This computer' }).getByText('Connected')).toBeVisible();
  const first = await app.call('sessions.create', { hostId: 'local', path: api });
  await app.call('sessions.rename', { key: first.key, name: 'api server' });
  const second = await app.call('sessions.create', { hostId: 'local', path: web });
  await app.call('sessions.rename', { key: second.key, name: 'web client' });
  await expect(page.getByRole('list', { name: 'Sessions', exact: true }).getByRole('listitem')).toHaveCount(2);

  await page.keyboard.press('Control+K');
  await expect(page.getByRole('combobox', { name: 'Command palette', exact: true })).toBeFocused();
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type('web client');
  await app.screenshot(page, 'palette');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('heading', { name: 'web client' })).toBeVisible();

  // The composer has the focus: type, Enter sends.
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await page.keyboard.type('slow: 400 50');
  await page.keyboard.press('Enter');
  const answer = transcriptOf(page).getByRole('article', { name: 'Claude' });
  await expect(answer).toContainText('w3');
  await page.keyboard.press('Escape');
  await expect(transcriptOf(page).getByText('Interrupted.')).toBeVisible();
  await expect(answer).not.toContainText('w400');

  // Shift+Enter is a new line, not a send.
  await page.keyboard.type('line one');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('line two');
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('line one\nline two');

  // Alt+Down goes to the other session, which keeps its own (empty) draft; back again restores this one.
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { name: 'api server' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByRole('heading', { name: 'web client' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('line one\nline two');

  // The palette runs actions too.
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('combobox', { name: 'Command palette', exact: true })).toBeFocused();
  await page.keyboard.type('new session');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'New session' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Path' })).toBeFocused();

  // And actions on the session in view.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'New session' })).toBeHidden();
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('combobox', { name: 'Command palette', exact: true })).toBeFocused();
  await page.keyboard.type('destroy this');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Destroy session' })).toContainText('web client');
});
