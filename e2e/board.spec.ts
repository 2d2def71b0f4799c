/** The board across hosts: what needs attention first, filters, and a session at work. */
import { expect, test } from './harness.js';
import { addConnectedSshHost, transcriptOf } from './ui.js';

test.use({ ssh: true });

test('sessions on two hosts, sorted by what needs attention, filtered by host, status and text', async ({ app, page }) => {
  await app.open(page);
  const remote = await addConnectedSshHost(page, app, 'gpu box');

  const create = async (hostId: string, path: string, name: string) => {
    const session = await app.call('sessions.create', { hostId, path });
    await app.call('sessions.rename', { key: session.key, name });
    return session.key;
  };
  const idle = await create('local', app.workDir, 'notes');
  const failed = await create('local', app.workDir, 'api client');
  const finished = await create('local', app.workDir, 'docs sweep');
  const running = await create(remote, app.sshd.remoteHome, 'training run');
  void idle;

  await app.call('sessions.send', { key: failed, message: 'api-error' });
  await app.call('sessions.send', { key: finished, message: 'say: the docs are updated' });
  await app.call('sessions.send', { key: running, message: 'bash: echo "epoch 1 of 3"' });
  await app.call('sessions.send', { key: running, message: 'say: Training is set up:\n\n```python\nfor epoch in range(3):\n    train(model, loader)\n```\n\nStarting the first epoch now.' });
  await app.call('sessions.send', { key: running, message: 'slow: 600 60' });

  const board = page.getByRole('list', { name: 'Sessions', exact: true });
  const names = () => board.locator('.board-name').allInnerTexts();
  await expect.poll(names, { timeout: 30_000 }).toEqual(['api client', 'docs sweep', 'training run', 'notes']);
  await expect(board.getByRole('link', { name: /api client/ })).toContainText('Failed');
  await expect(board.getByRole('link', { name: /docs sweep/ })).toContainText('Finished, unread');
  await expect(board.getByRole('link', { name: /training run/ })).toContainText('Running');
  await expect(board.getByRole('link', { name: /training run/ })).toContainText('gpu box');
  // The install's progress notices can be dismissed.
  const notifications = page.getByRole('list', { name: 'Notifications' });
  while ((await notifications.getByRole('button', { name: 'Dismiss' }).count()) > 0) await notifications.getByRole('button', { name: 'Dismiss' }).first().click();
  await expect(notifications.getByRole('listitem')).toHaveCount(0);
  await app.screenshot(page, 'board');

  await page.getByRole('combobox', { name: 'Filter by host' }).selectOption({ label: 'gpu box' });
  await expect.poll(names).toEqual(['training run']);
  await page.getByRole('combobox', { name: 'Filter by host' }).selectOption({ label: 'All hosts' });
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption({ label: 'Failed' });
  await expect.poll(names).toEqual(['api client']);
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption({ label: 'Any status' });
  await page.getByRole('searchbox', { name: 'Filter by text' }).fill('docs');
  await expect.poll(names).toEqual(['docs sweep']);
  await page.getByRole('searchbox', { name: 'Filter by text' }).fill('');

  // Opening a finished session marks it read; the board moves it down.
  await board.getByRole('link', { name: /docs sweep/ }).click();
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' })).toHaveText('the docs are updated');
  await page.getByRole('button', { name: 'Session board' }).click();
  await expect.poll(names).toEqual(['api client', 'training run', 'docs sweep', 'notes']);

  // The failed turn says what happened.
  await board.getByRole('link', { name: /api client/ }).click();
  await expect(transcriptOf(page).getByRole('note').filter({ hasText: 'The turn failed' })).toContainText('scripted API error');

  // A session at work: tool card, highlighted code, live text with its cursor.
  await page.getByRole('button', { name: 'Session board' }).click();
  await board.getByRole('link', { name: /training run/ }).click();
  const transcript = transcriptOf(page);
  await expect(transcript.getByRole('article', { name: 'Tool call: Bash' })).toContainText('epoch 1 of 3');
  await expect(transcript.locator('.hljs-keyword').first()).toBeVisible();
  await expect(transcript.getByRole('article', { name: 'Claude' }).last()).toContainText('w8');
  await expect(transcript.getByRole('article', { name: 'Claude' }).last()).toHaveAttribute('aria-busy', 'true');
  await app.screenshot(page, 'live-session');
});
