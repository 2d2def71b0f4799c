/** Interrupting Claude, changing mode, renaming and destroying a session. */
import { expect, test } from './harness.js';
import { send, startSession, transcriptOf } from './ui.js';

test('Stop interrupts a slow stream, and a tool that is still running', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  const transcript = transcriptOf(page);
  const stop = page.getByRole('button', { name: 'Stop' });

  await send(page, 'slow: 400 50');
  await expect(transcript.getByRole('article', { name: 'Claude' })).toContainText('w3');
  // Esc while renaming cancels the rename, not Claude's turn.
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Session name' }).press('Escape');
  await expect(page.getByRole('textbox', { name: 'Session name' })).toBeHidden();
  await expect(stop).toBeVisible();
  await expect(transcript.getByText('Interrupted.')).toHaveCount(0);
  await stop.click();
  await expect(transcript.getByText('Interrupted.')).toHaveCount(1);
  await expect(transcript.getByRole('article', { name: 'Claude' })).not.toContainText('w400');
  await expect(stop).toBeHidden();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();

  await send(page, 'bash: sleep 45');
  const card = transcript.getByRole('article', { name: 'Tool call: Bash' });
  await expect(card).toContainText('running…');
  await expect(stop).toBeVisible();
  await stop.click();
  await expect(transcript.getByText('Interrupted.')).toHaveCount(2);
  // The cut-off tool reads as stopped by the user, not as a failing command.
  await expect(card).toContainText('Stopped before it finished');
  await expect(card.getByLabel('Tool error')).toHaveCount(0);
  await expect(stop).toBeHidden();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await app.screenshot(page, 'interrupted');

  // The session goes on after both interrupts.
  await send(page, 'say: still here');
  await expect(transcript.getByRole('article', { name: 'Claude' }).filter({ hasText: 'still here' })).toBeVisible();
});

test('mode switch, rename and destroy with confirmation', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);

  const mode = page.getByRole('combobox', { name: 'Mode', exact: true });
  await mode.selectOption('plan');
  await expect(page.getByText('Claude reads and plans, then asks you to approve the plan before it changes anything.')).toBeVisible();
  await expect.poll(async () => (await app.call('sessions.list', {}))[0]?.mode).toBe('plan');

  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Session name' }).fill('release checklist');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'release checklist' })).toBeVisible();

  await page.getByRole('button', { name: 'Session board' }).click();
  const board = page.getByRole('list', { name: 'Sessions', exact: true });
  await expect(board).toContainText('release checklist');
  await expect(board).toContainText('Plan');
  await board.getByRole('link', { name: /release checklist/ }).click();

  await page.getByRole('button', { name: 'Destroy' }).click();
  const confirm = page.getByRole('dialog', { name: 'Destroy session' });
  await expect(confirm).toContainText('release checklist');
  await app.screenshot(page, 'destroy-confirmation');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('heading', { name: 'release checklist' })).toBeVisible();

  await page.getByRole('button', { name: 'Destroy' }).click();
  await page.getByRole('dialog', { name: 'Destroy session' }).getByRole('button', { name: 'Destroy' }).click();
  await expect(page.getByText('No sessions yet')).toBeVisible();
  expect(await app.call('sessions.list', {})).toEqual([]);
});

test('a folder that does not exist is asked about in the dialog, keeping the path; Resume is not offered where it cannot help', async ({ app, page }) => {
  await app.open(page);
  await expect(page.getByRole('listitem', { name: 'Host This computer' }).getByText('Connected')).toBeVisible();
  await page.keyboard.press('Alt+N');
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await dialog.getByRole('textbox', { name: 'Path' }).fill('/no/such/folder');
  await dialog.getByRole('button', { name: 'Start session' }).click();
  // A missing folder is a question, not a dead end; saying no keeps what was typed.
  const missing = dialog.getByRole('group', { name: 'Folder does not exist' });
  await expect(missing).toContainText('/no/such/folder does not exist on This computer. Create it?');
  await app.screenshot(page, 'new-session-error');
  await missing.getByRole('button', { name: 'No', exact: true }).click();
  await expect(missing).toBeHidden();
  await expect(dialog.getByRole('textbox', { name: 'Path' })).toHaveValue('/no/such/folder');
  await dialog.getByRole('textbox', { name: 'Path' }).fill(app.workDir);
  await dialog.getByRole('button', { name: 'Start session' }).click();
  await expect(dialog).toBeHidden();

  await send(page, 'say: remember the number 7');
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();
  // The daemon still knows the Claude conversation: Resume could not help, so it is not offered.
  await expect(page.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await send(page, 'say: still the same session');
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' }).filter({ hasText: 'still the same session' })).toBeVisible();
});
