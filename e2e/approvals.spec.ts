/**
 * Supervising Claude: its requests as cards at their tool calls, answered with the mouse or the
 * keyboard, from the board, from a notification, and across a dropped tunnel. The real CLI asks;
 * the scripted model only decides which tool it calls.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { callInPage, expect, test } from './harness.js';
import { addConnectedSshHost, send, startSession, transcriptOf } from './ui.js';

const toolCard = (page: Page, tool: string) => transcriptOf(page).getByRole('article', { name: `Tool call: ${tool}` });
const lastAnswer = (page: Page) => transcriptOf(page).getByRole('article', { name: 'Claude' }).last();
const sessionKeyOf = (page: Page) => decodeURIComponent(new URL(page.url()).hash.replace('#/session/', ''));

/** The page's own Notification, observed: each one shown is kept so the test can read and click it. */
function observeNotifications(): void {
  const Real = window.Notification;
  const shown: Notification[] = [];
  (window as unknown as { shownNotifications: Notification[] }).shownNotifications = shown;
  window.Notification = class extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push(this);
    }
  } as typeof Notification;
}
const shownNotifications = (page: Page) =>
  page.evaluate(() => (window as unknown as { shownNotifications: Notification[] }).shownNotifications.map((note) => ({ title: note.title, body: note.body })));

test('ask mode: Allow on a Bash card runs the command and shows its real output', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app, app.workDir, 'Ask');
  // touch is not read-only, so the CLI asks (it runs echo alone without asking).
  await send(page, 'bash: touch allowed.txt && echo "allowed $((40 + 2))"');

  const card = toolCard(page, 'Bash');
  const request = card.getByRole('region', { name: 'Claude asks to run a command' });
  await expect(request).toContainText('touch allowed.txt && echo "allowed $((40 + 2))"');
  await expect(card).toContainText('waiting for you');
  await expect(page).toHaveTitle('(1 waiting) work — Switchyard');
  await app.screenshot(page, 'approval-card');

  await request.getByRole('button', { name: /^Allow A$/ }).click();
  await expect(card.getByLabel('Tool output')).toHaveText('allowed 42');
  await expect(card.getByRole('status').filter({ hasText: 'allowed' })).toBeVisible();
  await expect(request).toHaveCount(0);
  await expect(lastAnswer(page)).toContainText('Tool said: allowed 42');
  await expect(page).toHaveTitle('work — Switchyard');
  expect(existsSync(path.join(app.workDir, 'allowed.txt'))).toBe(true);
});

test('ask mode: Deny on an Edit leaves the file as it was, and Claude reads why', async ({ app, page }) => {
  const file = path.join(app.workDir, 'notes.txt');
  await writeFile(file, 'keep this line\n');
  await app.open(page);
  await startSession(page, app, app.workDir, 'Ask');
  await send(page, 'edit: notes.txt | keep this line | replaced');

  const card = toolCard(page, 'Edit');
  const request = card.getByRole('region', { name: `Claude asks to change ${file}` });
  await expect(request.getByLabel('Removed')).toHaveText('keep this line');
  await expect(request.getByLabel('Added')).toHaveText('replaced');
  await request.getByRole('textbox', { name: /Tell Claude why/ }).fill('that line stays; add a new one instead');
  await request.getByRole('button', { name: /^Deny D$/ }).click();

  await expect(card.getByRole('status')).toHaveText('denied: that line stays; add a new one instead');
  await expect(lastAnswer(page)).toContainText('that line stays; add a new one instead');
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();
  expect(await readFile(file, 'utf8')).toBe('keep this line\n');
});

test('plan mode: the plan is approved into Code mode, and the coding that follows asks nothing', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app, app.workDir, 'Plan');
  await send(page, 'plan: ## Plan\n1. Write **hello.txt**\n2. Say done');

  const request = toolCard(page, 'ExitPlanMode').getByRole('region', { name: "Claude's plan waits for your approval" });
  await expect(request.getByRole('heading', { name: 'Plan', exact: true })).toBeVisible();
  await expect(request.locator('strong')).toHaveText('hello.txt');
  await app.screenshot(page, 'approval-plan');
  await request.getByRole('button', { name: /^Approve and switch to Code C$/ }).click();

  await expect(toolCard(page, 'ExitPlanMode').getByRole('status')).toHaveText('approved; Claude goes on in Code mode');
  await expect(page.getByRole('combobox', { name: 'Mode', exact: true })).toHaveValue('code');
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();

  await send(page, 'write: hello.txt | written in Code mode');
  await expect(toolCard(page, 'Write')).toContainText('done');
  await expect(toolCard(page, 'Write').getByRole('region')).toHaveCount(0);
  expect(await readFile(path.join(app.workDir, 'hello.txt'), 'utf8')).toBe('written in Code mode');
});

test('a question is answered with one of its options, from the keyboard', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  await send(page, 'ask: Which colour should the button be? | Red | Blue | Green');

  const request = toolCard(page, 'AskUserQuestion').getByRole('region', { name: 'Claude asks you' });
  await expect(request).toContainText('Which colour should the button be?');
  // Typing in the composer never answers a card.
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.focus();
  await page.keyboard.type('2 a d');
  await expect(box).toHaveValue('2 a d');
  await expect(request).toBeVisible();

  await request.focus();
  await page.keyboard.press('2');
  await expect(toolCard(page, 'AskUserQuestion').getByRole('status')).toHaveText('answered');
  await expect(lastAnswer(page)).toContainText('You chose: Blue');
});

test('keyboard: the focused card answers with the keys on its buttons', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app, app.workDir, 'Ask');
  await send(page, 'bash: touch first.txt');
  const request = toolCard(page, 'Bash').first().getByRole('region', { name: 'Claude asks to run a command' });
  await expect(request).toBeVisible();
  await expect(request.getByRole('button', { name: /^Allow for this session S$/ })).toBeVisible();
  await request.focus();
  await page.keyboard.press('d');
  await expect(toolCard(page, 'Bash').first().getByRole('status')).toHaveText('denied');
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();
  expect(existsSync(path.join(app.workDir, 'first.txt'))).toBe(false);
});

test('the board puts a session waiting for an answer first, with how long it has waited', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  await send(page, 'say: finished and unread');
  await expect(lastAnswer(page)).toContainText('finished and unread');

  await startSession(page, app, app.workDir, 'Ask');
  await send(page, 'bash: touch waiting.txt');
  await expect(toolCard(page, 'Bash').getByRole('region')).toBeVisible();

  await page.getByRole('button', { name: 'Session board' }).click();
  const rows = page.getByRole('list', { name: 'Sessions', exact: true }).getByRole('listitem');
  await expect(rows.first()).toContainText(/Needs approval, waiting (\d+ s|a moment)/);
  await expect(page.getByRole('navigation').getByLabel('1 waiting for your approval')).toBeVisible();
  await app.screenshot(page, 'board-needs-approval');

  await page.keyboard.press(process.platform === 'darwin' ? 'Meta+K' : 'Control+K');
  await page.getByRole('option', { name: /Go to next approval/ }).click();
  await expect(toolCard(page, 'Bash').getByRole('region', { name: 'Claude asks to run a command' })).toBeFocused();
});

test('a request in a session not on screen raises a notification, and its click opens the request', async ({ app, page, context }) => {
  await context.grantPermissions(['notifications'], { origin: app.url });
  await page.addInitScript(observeNotifications);
  await app.open(page);
  await startSession(page, app, app.workDir, 'Ask');
  const askingKey = sessionKeyOf(page);
  await page.getByRole('button', { name: 'Session board' }).click();
  // The board is shown, not the session: its request is news.
  await callInPage(page, 'sessions.send', { key: askingKey, message: 'bash: touch background.txt' });

  await expect.poll(() => shownNotifications(page), { timeout: 30_000 }).toEqual([{ title: expect.stringContaining('on This computer'), body: 'Claude asks to use Bash' }]);
  await page.evaluate(() => (window as unknown as { shownNotifications: Notification[] }).shownNotifications[0]!.dispatchEvent(new Event('click')));
  await expect(page).toHaveURL(new RegExp(`#/session/${encodeURIComponent(askingKey)}$`));
  await expect(toolCard(page, 'Bash').getByRole('region', { name: 'Claude asks to run a command' })).toBeFocused();
});

test('a request in the session on screen raises a notification while the window is not focused', async ({ app, page, context }) => {
  await context.grantPermissions(['notifications'], { origin: app.url });
  await page.addInitScript(observeNotifications);
  await app.open(page);
  await startSession(page, app, app.workDir, 'Ask');
  // Playwright tells every page it has focus; turn that off, then put another window in front.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  const other = await context.newPage();
  await other.bringToFront();
  await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(false);

  await callInPage(page, 'sessions.send', { key: sessionKeyOf(page), message: 'bash: touch unfocused.txt' });
  await expect.poll(() => shownNotifications(page), { timeout: 30_000 }).toEqual([{ title: expect.stringContaining('on This computer'), body: 'Claude asks to use Bash' }]);
  await other.close();
});

test.describe('over SSH', () => {
  test.use({ ssh: true });

  test('a request waiting while the tunnel is killed is shown once after recovery, and answered', async ({ app, page }) => {
    await app.open(page);
    const hostId = await addConnectedSshHost(page, app, 'remote box');
    const session = await app.call('sessions.create', { hostId, path: app.sshd.remoteHome, mode: 'ask' });
    await page.goto(`${app.url}#/session/${encodeURIComponent(session.key)}`);
    await send(page, 'bash: touch dropped.txt && echo "answered after the drop"');
    const request = toolCard(page, 'Bash').getByRole('region', { name: 'Claude asks to run a command' });
    await expect(request).toBeVisible({ timeout: 30_000 });

    expect(app.sshd.killTunnels().length).toBeGreaterThan(0);
    const host = page.getByRole('listitem', { name: 'Host remote box' });
    await expect(host.getByText(/Reconnecting|Connecting/)).toBeVisible();
    await expect(host.getByText('Connected')).toBeVisible({ timeout: 30_000 });

    await expect(transcriptOf(page).getByRole('region', { name: 'Claude asks to run a command' })).toHaveCount(1);
    await request.getByRole('button', { name: /^Allow A$/ }).click();
    await expect(toolCard(page, 'Bash').getByLabel('Tool output')).toHaveText('answered after the drop');
    await expect(toolCard(page, 'Bash')).toHaveCount(1);
  });
});
