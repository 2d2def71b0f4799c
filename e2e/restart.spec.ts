/** Reloading the page, and restarting the desk: sessions and transcripts come back from disk before any daemon answers. */
import { expect, test } from './harness.js';
import { addConnectedSshHost, send, transcriptOf } from './ui.js';

test.use({ ssh: true });

test('after a reload and a desk restart, sessions and transcripts are back while the SSH daemon is unreachable', async ({ app, page }) => {
  await app.open(page);
  const remote = await addConnectedSshHost(page, app, 'build box');
  const session = await app.call('sessions.create', { hostId: remote, path: app.sshd.remoteHome });
  await app.call('sessions.rename', { key: session.key, name: 'nightly build' });

  await page.getByRole('list', { name: 'Sessions', exact: true }).getByRole('link', { name: /nightly build/ }).click();
  await send(page, 'say: the build is green');
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Message' }).fill('an unsent draft');

  // A reload: the same place, the same transcript, the draft kept.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'nightly build' })).toBeVisible();
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' })).toHaveText('the build is green');
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('an unsent draft');

  // The desk restarts while the host's sshd answers nothing: no daemon can be reached.
  app.sshd.freeze();
  await app.restart();
  // The open page notices: the new desk has a new access token, and says what to do.
  await expect(page.getByRole('alert').filter({ hasText: 'lost its access' })).toContainText('Open the SWITCHYARD_URL');
  await app.open(page);
  const host = page.getByRole('listitem', { name: 'Host build box' });
  const board = page.getByRole('list', { name: 'Sessions', exact: true });
  await expect(board.getByRole('link', { name: /nightly build/ })).toBeVisible();
  await expect(host).not.toContainText('Connected');
  await board.getByRole('link', { name: /nightly build/ }).click();
  await expect(transcriptOf(page).getByRole('article', { name: 'Your message' })).toHaveText('say: the build is green');
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' })).toHaveText('the build is green');
  await expect(page.getByRole('main', { name: 'Session nightly build' })).toContainText('the transcript below is what this computer has');
  await expect(host).not.toContainText('Connected');
  expect((await app.call('hosts.list', {})).find((h) => h.id === remote)?.link.status).not.toBe('connected');
  await app.screenshot(page, 'restart-offline');

  // Once the host answers again, the session is live.
  app.sshd.unfreeze();
  await expect(host.getByText('Connected')).toBeVisible({ timeout: 45_000 });
  await send(page, 'say: back online');
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' }).filter({ hasText: 'back online' })).toBeVisible();
});
