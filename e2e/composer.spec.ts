/**
 * The composer: slash commands from the real CLI's list picked with the keyboard, a queued
 * message cancelled before its turn (it never runs), and a message box that grows with its text
 * up to half the window.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { SessionView, TranscriptItem } from '../shared/desk-api.js';
import { expect, test, type App } from './harness.js';
import { messageBox, send, startSession, transcriptOf } from './ui.js';

const transcript = async (app: App, key: string) => (await app.call('sessions.transcript', { key, limit: 5000 })).items as TranscriptItem[];
const onlySession = async (app: App): Promise<SessionView> => (await app.call('sessions.list', {}))[0]!;
const wcagViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
const boxHeight = (page: Page) => messageBox(page).evaluate((box) => box.getBoundingClientRect().height);

test("typing / suggests the host CLI's slash commands; the keyboard picks one into the box", async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  // The daemon learns the commands from the first CLI it starts.
  await send(page, 'say: ready');
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();
  await expect.poll(async () => (await app.call('hosts.list', {}))[0]?.commands?.map((command) => command.name) ?? [], { timeout: 20_000 }).toContain('compact');

  const box = messageBox(page);
  const field = page.getByRole('combobox', { name: 'Message and slash commands' });
  await box.fill('/');
  const list = page.getByRole('listbox', { name: 'Slash commands' });
  await expect(list).toBeVisible();
  await expect(field).toHaveAttribute('aria-expanded', 'true');
  await expect(list.getByRole('option', { name: /^\/compact/ })).toBeVisible();

  // Narrowed as you type; the arrow keys move the active option, which the box names.
  await box.pressSequentially('co');
  const options = list.getByRole('option');
  await expect(options.filter({ hasText: '/compact' })).toHaveCount(1);
  expect(await options.count()).toBeGreaterThan(1);
  const active = list.getByRole('option', { selected: true });
  await expect(active).toHaveAttribute('id', (await options.first().getAttribute('id'))!);
  await box.press('ArrowDown');
  await expect(active).toHaveAttribute('id', (await options.nth(1).getAttribute('id'))!);
  await expect(box).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id'))!);
  await app.screenshot(page, 'slash-suggestions');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await wcagViolations(page), `the open list (${colorScheme})`).toEqual([]);
  }

  await box.pressSequentially('mpa');
  await expect(options.first()).toContainText('/compact');
  await expect(active).toContainText('/compact');
  await box.press('Enter');
  await expect(box).toHaveValue('/compact ');
  await expect(list).toHaveCount(0);
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  expect(await wcagViolations(page), 'the closed list, with a hint').toEqual([]);
  // What it takes, as the CLI says it, while nothing is typed after it.
  await expect(page.locator('.composer-arg-hint')).toContainText('/compact takes');
  // Picking sent nothing: only the first turn is in the transcript.
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toHaveCount(1);

  await box.fill('/co');
  await expect(list).toBeVisible();
  await box.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue('/co');
});

test('a queued message cancelled before its turn never runs; every window drops it from the queue', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  await send(page, 'slow: 200 50');
  const rows = transcriptOf(page);
  await expect(rows.getByRole('article', { name: 'Claude' }).first()).toContainText('w2');
  const cancelled = rows.getByRole('article', { name: 'Your message' }).filter({ hasText: 'the cancelled one' });
  const stays = rows.getByRole('article', { name: 'Your message' }).filter({ hasText: 'the one that stays' });
  await send(page, 'say: the cancelled one');
  await expect(cancelled).toContainText('Queued, position 1');
  await send(page, 'say: the one that stays');
  await expect(stays).toContainText('Queued, position 2');

  const { key } = await onlySession(app);
  await expect.poll(async () => (await transcript(app, key)).filter((item) => item.kind === 'event' && item.event.type === 'queued').length).toBe(2);
  const sent = (await transcript(app, key)).find((item) => item.kind === 'sent' && item.message === 'say: the cancelled one')!;
  expect(await app.call('sessions.cancelQueued', { key, n: sent.n })).toEqual({ message: 'say: the cancelled one' });

  await expect(cancelled).toHaveCount(0);
  await expect(stays).toContainText('Queued, position 1');
  await expect(rows.getByRole('article', { name: 'Claude' }).filter({ hasText: 'the one that stays' })).toBeVisible({ timeout: 30_000 });
  await expect(rows.getByRole('note', { name: 'Turn finished' })).toHaveCount(2);

  const started = (await transcript(app, key)).flatMap((item) => (item.kind === 'event' && item.event.type === 'system' && item.event.subtype === 'user_message' ? [item.event.content] : []));
  expect(started).toEqual(['slow: 200 50', 'say: the one that stays']);
  expect(JSON.stringify(app.model.requests.map((request) => request.messages))).not.toContain('the cancelled one');
  await expect(rows).not.toContainText('the cancelled one');
});

test('the message box grows with its text, stops at half the window and scrolls, and shrinks back after sending', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  const box = messageBox(page);
  const empty = await boxHeight(page);
  const half = (page.viewportSize()!.height) / 2;

  await box.fill(Array.from({ length: 8 }, (_, i) => `line ${i + 1}`).join('\n'));
  await expect.poll(() => boxHeight(page)).toBeGreaterThan(empty + 40);
  expect(await boxHeight(page)).toBeLessThan(half);
  expect(await box.evaluate((element) => element.scrollHeight <= element.clientHeight)).toBe(true);

  await box.fill(Array.from({ length: 80 }, (_, i) => `line ${i + 1}`).join('\n'));
  await expect.poll(() => boxHeight(page)).toBeCloseTo(half, 0);
  expect(await box.evaluate((element) => element.scrollHeight > element.clientHeight && getComputedStyle(element).overflowY === 'auto')).toBe(true);
  await app.screenshot(page, 'composer-grown');

  await box.press('Enter');
  await expect(box).toHaveValue('');
  await expect.poll(() => boxHeight(page)).toBe(empty);
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();
});
