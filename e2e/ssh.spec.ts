/** An SSH host added from a config alias; its tunnel dropped mid-turn; the transcript complete after recovery. */
import { expect, test } from './harness.js';
import { send, transcriptOf } from './ui.js';

test.use({ ssh: true });

test('an SSH host from an alias, a session on it, the tunnel killed mid-turn and caught up', async ({ app, page }) => {
  await app.open(page);
  await page.getByRole('button', { name: 'Add host' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add host' });
  await dialog.getByRole('group', { name: 'Aliases from your SSH config' }).getByRole('button', { name: app.sshd.alias, exact: true }).click();
  await expect(dialog.getByRole('textbox', { name: 'SSH host' })).toHaveValue(app.sshd.alias);
  // The test finds no daemon there; adding it anyway leaves the install to the host's card.
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await dialog.getByRole('button', { name: 'Add anyway' }).click();
  await expect(dialog).toBeHidden();

  // No daemon runs there yet: the host says so and offers to install one.
  const host = page.getByRole('listitem', { name: `Host ${app.sshd.alias}` });
  await host.getByRole('button', { name: 'Install daemon' }).click();
  await expect(host.getByText('Connected')).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('combobox', { name: 'Host', exact: true }).selectOption({ label: app.sshd.alias });
  await page.getByRole('textbox', { name: 'Path' }).fill(app.sshd.remoteHome);
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(page.getByRole('main', { name: /^Session / })).toContainText(app.sshd.alias);

  await send(page, 'slow: 60 80');
  const answer = transcriptOf(page).getByRole('article', { name: 'Claude' });
  await expect(answer).toContainText('w5');
  const killed = app.sshd.killTunnels();
  expect(killed.length).toBeGreaterThan(0);

  await expect(host.getByText(/Reconnecting|Connecting/)).toBeVisible();
  await app.screenshot(page, 'ssh-reconnecting');
  await expect(host.getByText('Connected')).toBeVisible({ timeout: 30_000 });
  await expect(transcriptOf(page).getByText(/caught up, \d+ events? replayed/)).toBeVisible({ timeout: 30_000 });
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toContainText('Turn complete', { timeout: 30_000 });

  // Every word once, in order: nothing lost, nothing doubled across the drop.
  const words = (await answer.innerText()).trim().split(/\s+/);
  expect(words).toEqual(Array.from({ length: 60 }, (_, i) => `w${i + 1}`));
  await app.screenshot(page, 'ssh-recovered');
});
