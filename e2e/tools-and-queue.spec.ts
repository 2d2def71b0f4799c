/** Tool calls as cards with their real output; a message sent while Claude works waits in the queue. */
import { expect, test } from './harness.js';
import { send, startSession, transcriptOf } from './ui.js';

test('a Bash tool call shows as a card with the command and its real output', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  await send(page, 'bash: echo "hello from $((6 * 7))"');

  const card = transcriptOf(page).getByRole('article', { name: 'Tool call: Bash' });
  await expect(card).toContainText('echo "hello from $((6 * 7))"');
  await expect(card.getByLabel('Tool output')).toHaveText('hello from 42');
  await expect(card).toContainText('done');
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' }).last()).toContainText('Tool said: hello from 42');

  await card.getByText('Input').click();
  await expect(card.locator('.tool-input pre')).toContainText('"command"');
  await app.screenshot(page, 'tool-card');
});

test('a failing command shows its result as an error', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  await send(page, 'bash: ls /definitely/not/here');
  const card = transcriptOf(page).getByRole('article', { name: 'Tool call: Bash' });
  await expect(card.getByLabel('Tool error')).toContainText('No such file or directory');
  await expect(card).toContainText('The tool reported an error');
  await app.screenshot(page, 'tool-error');
});

test('a second message while Claude is busy is shown queued, then answered', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  await send(page, 'slow: 40 80');
  const transcript = transcriptOf(page);
  await expect(transcript.getByRole('article', { name: 'Claude' }).first()).toContainText('w2');

  await send(page, 'say: the queued one is answered');
  const queued = transcript.getByRole('article', { name: 'Your message' }).filter({ hasText: 'the queued one' });
  await expect(queued).toContainText('Queued, position 1');
  // It waits below the answer that is still streaming.
  await expect(transcript.locator('.transcript-row').last()).toContainText('the queued one');
  await app.screenshot(page, 'queued-message');

  await expect(transcript.getByRole('article', { name: 'Claude' }).filter({ hasText: 'the queued one is answered' })).toBeVisible();
  await expect(queued).not.toContainText('Queued');
  await expect(transcript.getByRole('note', { name: 'Turn finished' })).toHaveCount(2);
  // Once it ran, the transcript reads in the order things happened.
  const rows = (await transcript.locator('.transcript-row').allInnerTexts()).map((text) => text.split('\n')[0]!.trim());
  expect(rows).toEqual(['slow: 40 80', expect.stringMatching(/^w1 w2 .* w40$/), expect.stringMatching(/^Turn complete/), 'say: the queued one is answered', 'the queued one is answered', expect.stringMatching(/^Turn complete/)]);
});
