/**
 * A first host that works, and failures that lead somewhere: Add host tests the connection step
 * by step before it saves anything (and installs the daemon from there), a failing target shows
 * the failed step with what to change, a missing folder is asked about and created, and the
 * mode chosen on a host is offered first next time.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './harness.js';

const stepOf = (dialog: Locator, label: string) => dialog.getByRole('list', { name: 'Connection test' }).getByRole('listitem', { name: label, exact: true });

async function openAddHost(page: Page, alias: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add host' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add host' });
  await dialog.getByRole('group', { name: 'Aliases from your SSH config' }).getByRole('button', { name: alias, exact: true }).click();
  await expect(dialog.getByRole('textbox', { name: 'SSH host' })).toHaveValue(alias);
  return dialog;
}

test.describe('Add host, step by step', () => {
  test.use({ ssh: true });

  test('tests the connection, installs the daemon from the dialog, and saves the host only on Add', async ({ app, page }) => {
    await app.open(page);
    const dialog = await openAddHost(page, app.sshd.alias);
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Build box');
    await expect(dialog.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Test connection' }).click();

    // SSH gets through; no daemon runs there yet, and the step says so and offers the install.
    await expect(stepOf(dialog, 'Connecting')).toContainText('OK', { timeout: 30_000 });
    await expect(stepOf(dialog, 'Host key')).toContainText('OK');
    const daemon = stepOf(dialog, 'Daemon');
    await expect(daemon).toContainText('Failed', { timeout: 30_000 });
    await expect(daemon).toContainText('no daemon runs there yet');
    await expect(stepOf(dialog, 'Claude')).toContainText('Not tested');
    await expect(dialog.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
    await expect(dialog.getByRole('button', { name: 'Add anyway' })).toBeVisible();

    await daemon.getByRole('button', { name: 'Install daemon' }).click();
    await expect(daemon).toContainText('OK', { timeout: 60_000 });
    await expect(daemon).toContainText(/Daemon \S+ answers on port \d+/);
    await expect(stepOf(dialog, 'Claude')).toContainText('OK', { timeout: 30_000 });
    await expect(stepOf(dialog, 'Claude')).toContainText('logged in');
    await app.screenshot(page, 'add-host-progress');

    // Nothing is saved by testing.
    await expect(page.getByRole('listitem', { name: 'Host Build box' })).toHaveCount(0);
    expect((await app.call('hosts.list', {})).map((host) => host.name)).toEqual(['This computer']);

    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(dialog).toBeHidden();
    // The daemon the test installed is the one the host uses, with its token: it connects without another install.
    const host = page.getByRole('listitem', { name: 'Host Build box' });
    await expect(host.getByText('Connected')).toBeVisible({ timeout: 30_000 });
    await expect(host.getByRole('button', { name: 'Install daemon' })).toHaveCount(0);
  });

  test('a failing target shows the failed step with what to change, and nothing is saved', async ({ app, page }) => {
    await app.open(page);
    let dialog = await openAddHost(page, app.sshd.aliases.wrongKey);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const connecting = stepOf(dialog, 'Connecting');
    await expect(connecting).toContainText('Failed', { timeout: 30_000 });
    await expect(connecting).toContainText('refused the login');
    await expect(connecting).toContainText('IdentityFile');
    await expect(stepOf(dialog, 'Daemon')).toContainText('Not tested');
    await expect(dialog.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
    await app.screenshot(page, 'add-host-failed');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    // An unknown host key: the step says so and offers the review; trusted, the test gets past it.
    dialog = await openAddHost(page, app.sshd.aliases.unknownHostKey);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const hostKey = stepOf(dialog, 'Host key');
    await expect(hostKey).toContainText('Failed', { timeout: 30_000 });
    await expect(hostKey).toContainText('not in your known_hosts');
    await hostKey.getByRole('button', { name: 'Review host key' }).click();
    await expect(hostKey).toContainText(/SHA256:[A-Za-z0-9+/]{20,}/);
    await hostKey.getByRole('button', { name: 'Trust this key' }).first().click();
    await expect(stepOf(dialog, 'Host key')).toContainText('OK', { timeout: 30_000 });
    await expect(stepOf(dialog, 'Daemon')).toContainText('Failed', { timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    expect((await app.call('hosts.list', {})).map((host) => host.name)).toEqual(['This computer']);
    await expect(page.getByRole('list', { name: 'Hosts' }).getByRole('listitem')).toHaveCount(1);
  });
});

test('a new session in a missing folder asks, creates it, and the mode chosen is offered next time', async ({ app, page }) => {
  await app.open(page);
  await expect(page.getByRole('listitem', { name: 'Host This computer' }).getByText('Connected')).toBeVisible();
  const folder = path.join(app.workDir, 'fresh', 'api');

  await page.getByRole('button', { name: 'New session' }).click();
  let dialog = page.getByRole('dialog', { name: 'New session' });
  await expect(dialog.getByRole('radio', { name: /^Auto / })).toBeChecked();
  await dialog.getByRole('textbox', { name: 'Path' }).fill(folder);
  await dialog.getByRole('radio', { name: /^Plan / }).check();
  await dialog.getByRole('button', { name: 'Start session' }).click();

  const ask = dialog.getByRole('group', { name: 'Folder does not exist' });
  await expect(ask).toContainText(`${folder} does not exist on This computer. Create it?`);
  await expect(stat(folder)).rejects.toMatchObject({ code: 'ENOENT' });
  await ask.getByRole('button', { name: 'Create it' }).click();

  // Named after its folder; the folder is there now.
  await expect(page.getByRole('main', { name: 'Session api' })).toBeVisible();
  expect((await stat(folder)).isDirectory()).toBe(true);

  await page.getByRole('button', { name: 'New session' }).click();
  dialog = page.getByRole('dialog', { name: 'New session' });
  await expect(dialog.getByRole('radio', { name: /^Plan / })).toBeChecked();
  await expect(dialog.getByRole('textbox', { name: 'Path' })).toHaveValue(folder);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Claude's state on the host: a mark with the version in the sidebar, the details in Health.
  const host = page.getByRole('listitem', { name: 'Host This computer' });
  await expect(host.getByRole('img', { name: /^Claude .* on This computer, logged in/ })).toBeVisible();
  await host.getByRole('button', { name: 'Health of This computer' }).click();
  const claude = page.getByRole('region', { name: 'Claude on This computer' });
  await expect(claude.getByRole('group', { name: 'Login' })).toContainText('logged in');
  await expect(claude.getByRole('group', { name: 'Version' })).toContainText(/version \d+\.\d+/);
  await expect(claude.getByRole('group', { name: 'Last checked' })).not.toContainText('not said');
  await claude.getByRole('button', { name: 'Check again' }).click();
  await expect(claude.getByRole('button', { name: 'Check again' })).toBeEnabled();
  await expect(claude.getByRole('alert')).toHaveCount(0);
});
