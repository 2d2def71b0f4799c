/** Host keys are always verified: an unknown key is shown to the user and trusted only on their word; a changed one is refused. */
import { expect, test } from './harness.js';

test.use({ ssh: true });

test('an unknown host key is reviewed and trusted in the app; a changed key blocks the host with its reason', async ({ app, page }) => {
  await app.open(page);
  await app.call('hosts.add', { target: app.sshd.aliases.unknownHostKey, name: 'new server' });
  const host = page.getByRole('listitem', { name: 'Host new server' });
  await expect(host.getByText('Failed')).toBeVisible({ timeout: 30_000 });
  await host.getByRole('button', { name: 'Review host key' }).click();

  const dialog = page.getByRole('dialog', { name: 'Host key of new server' });
  await expect(dialog).toContainText(/SHA256:[A-Za-z0-9+/]{20,}/);
  await app.screenshot(page, 'host-key-review');
  await dialog.getByRole('button', { name: 'Trust this key' }).first().click();
  await expect(dialog).toBeHidden();
  // Trusted: SSH gets through; no daemon runs there yet, so the host offers to install one.
  await host.getByRole('button', { name: 'Install daemon' }).click({ timeout: 30_000 });
  await expect(host.getByText('Connected')).toBeVisible({ timeout: 30_000 });

  await app.call('hosts.add', { target: app.sshd.aliases.changedHostKey, name: 'tampered' });
  const tampered = page.getByRole('listitem', { name: 'Host tampered' });
  await expect(tampered.getByText('Failed')).toBeVisible({ timeout: 30_000 });
  await expect(tampered).toContainText(/host key.*changed|changed.*host key/i);
  await expect(tampered.getByRole('button', { name: 'Trust this key' })).toHaveCount(0);
  await app.screenshot(page, 'host-key-changed');
});
