/** When a turn cannot run: one error block per failed turn with Retry and Edit and resend, a refused send kept in the box, a logged-out host held before anyone types. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLAUDE_BIN } from '../daemon/testing/harness.js';
import { REPO_ROOT } from './desk-process.js';
import { expect, test } from './harness.js';
import { failureBlocks, hostIdNamed, messageBox, send, startSession, transcriptOf } from './ui.js';

/** A Claude CLI whose `auth status` answers from a file; everything else is the real CLI. */
const LOGIN_SWITCH = path.join(REPO_ROOT, 'e2e', 'fixtures', 'claude-login-switch.sh');

test('a failed turn is one error block with its cause; Retry sends the same words again, Edit and resend fills the composer', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  const transcript = transcriptOf(page);
  const yours = transcript.getByRole('article', { name: 'Your message' });
  const claude = transcript.getByRole('article', { name: 'Claude' });

  await send(page, 'api-error');
  await expect(failureBlocks(page)).toHaveCount(1);
  const block = failureBlocks(page).first();
  await expect(block).toContainText('The turn failed: The API refused the request (HTTP 400).');
  await expect(block).toContainText('scripted API error: the request was refused');
  // The CLI's error text is said once, in the block, never as if Claude had said it; no second red box.
  await expect(claude).toHaveCount(0);
  await expect(transcript.getByText('API Error: 400')).toHaveCount(0);
  await expect(transcript.getByRole('note', { name: 'Turn finished' })).toHaveCount(0);

  await block.getByRole('button', { name: 'Retry' }).click();
  // The same words run again (the scripted model refuses them again): a second turn, its own block.
  await expect(yours).toHaveCount(2);
  await expect(yours.nth(1)).toHaveText('api-error');
  await expect(failureBlocks(page)).toHaveCount(2);
  await expect(claude).toHaveCount(0);
  await app.screenshot(page, 'failed-turn-retry');

  await failureBlocks(page).last().getByRole('button', { name: 'Edit and resend' }).click();
  await expect(messageBox(page)).toHaveValue('api-error');
  await expect(messageBox(page)).toBeFocused();
  await send(page, 'say: fixed it');
  await expect(claude.filter({ hasText: 'fixed it' })).toBeVisible();
  await expect(failureBlocks(page)).toHaveCount(2);
});

test('a message sent to a paused host stays in the composer with the reason, and goes once the host is back', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  const hostId = await hostIdNamed(app);
  await app.call('hosts.pause', { hostId });
  await expect(page.getByRole('listitem', { name: 'Host This computer' }).getByText('Paused')).toBeVisible();

  const box = messageBox(page);
  await box.fill('say: are you there');
  await box.press('Enter');
  const composer = page.getByRole('form', { name: 'Composer' });
  await expect(composer.getByRole('alert')).toContainText('Not sent to');
  await expect(box).toHaveValue('say: are you there');
  await expect(transcriptOf(page).getByRole('article', { name: 'Your message' })).toHaveCount(0);

  await app.call('hosts.resume', { hostId });
  await expect(page.getByRole('listitem', { name: 'Host This computer' }).getByText('Connected')).toBeVisible();
  await composer.getByRole('button', { name: 'Send' }).click();
  await expect(box).toHaveValue('');
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' }).filter({ hasText: 'are you there' })).toBeVisible();
});

test('a host whose Claude is logged out shows what to run and holds Send before any message; Check again after logging in clears it', async ({ app, page }) => {
  const loginFile = path.join(app.root, 'claude-login');
  Object.assign(app.env, { SWITCHYARD_CLAUDE: `sh ${LOGIN_SWITCH}`, SWITCHYARD_TEST_LOGIN_FILE: loginFile, SWITCHYARD_TEST_REAL_CLAUDE: CLAUDE_BIN });
  await app.restart();
  await app.open(page);
  await startSession(page, app);

  const session = page.getByRole('main');
  const banner = session.getByRole('alert', { name: 'Claude on This computer' });
  await expect(banner).toContainText('Claude is not logged in on This computer.');
  await expect(banner.locator('code').first()).toHaveText('npx claude');
  const box = messageBox(page);
  await box.fill('say: hello');
  const sendButton = page.getByRole('form', { name: 'Composer' }).getByRole('button', { name: 'Send' });
  await expect(sendButton).toBeDisabled();
  await expect(page.getByRole('form', { name: 'Composer' }).getByRole('status').filter({ hasText: 'Claude is not logged in on This computer' })).toBeVisible();
  await box.press('Enter');
  await expect(box).toHaveValue('say: hello');
  await app.screenshot(page, 'logged-out-banner');

  await writeFile(loginFile, 'in\n');
  await banner.getByRole('button', { name: 'Check again' }).click();
  await expect(banner).toBeHidden();
  await expect(sendButton).toBeEnabled();
  await sendButton.click();
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' }).filter({ hasText: 'hello' })).toBeVisible();
});
