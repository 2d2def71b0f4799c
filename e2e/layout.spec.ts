/**
 * The frame around the work: the sidebar's sessions per host, its collapse, a 1024×700 window
 * where nothing is pushed out of sight sideways, and the palette's commands for the session on
 * screen.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './harness.js';
import { send, startSession, transcriptOf } from './ui.js';

const sessionsOn = (page: Page, host: string) => page.getByRole('list', { name: `Sessions on ${host}`, exact: true });
const sidebarLink = (page: Page, name: string) => sessionsOn(page, 'This computer').getByRole('link', { name: new RegExp(`^${name}\\b`) });
const keyOf = (page: Page) => decodeURIComponent(new URL(page.url()).hash.replace('#/session/', ''));
const lastAnswer = (page: Page) => transcriptOf(page).getByRole('article', { name: 'Claude' }).last();

/** axe's WCAG A/AA findings in light and in dark, as e2e/accessibility.spec.ts checks the views. */
async function violations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    found.push(...result.violations.map((violation) => `${colorScheme}: ${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`));
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/**
 * What is pushed out of sight sideways: the page wider than the window, or an element whose
 * content is wider than the element and cut off. Text shortened on purpose (text-overflow:
 * ellipsis, with the whole text in a title), code, which scrolls sideways, and text fields,
 * whose text scrolls inside them, do not count.
 */
function clippedSideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) problems.push(`the page is ${root.scrollWidth}px wide in a ${window.innerWidth}px window`);
    const describe = (element: HTMLElement) => {
      const classes = typeof element.className === 'string' && element.className.trim() ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
      const label = element.getAttribute('aria-label');
      return `${element.tagName.toLowerCase()}${classes}${label ? `[aria-label="${label}"]` : ''} "${(element.textContent ?? '').trim().slice(0, 60)}"`;
    };
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element.closest('pre, .sr-only, input, textarea')) continue;
      const style = getComputedStyle(element);
      // Not shown, or there for screen readers only (a 1px box).
      if (element.offsetParent === null || element.clientWidth <= 1) continue;
      if (style.overflowX === 'visible' || style.textOverflow === 'ellipsis') continue;
      if (element.scrollWidth > element.clientWidth + 1) problems.push(`${describe(element)} cuts off ${element.scrollWidth - element.clientWidth}px of its content`);
    }
    return problems;
  });
}

/** Whether every visible child of `row` sits on one line, inside the row's left and right edges. */
function onOneRow(row: Locator): Promise<{ oneRow: boolean; inside: boolean; children: number }> {
  return row.evaluate((element) => {
    const outer = element.getBoundingClientRect();
    const boxes = [...element.children].map((child) => child.getBoundingClientRect()).filter((box) => box.width > 0 && box.height > 0);
    return {
      // One row: every child's vertical extent overlaps every other's.
      oneRow: Math.max(...boxes.map((box) => box.top)) < Math.min(...boxes.map((box) => box.bottom)),
      inside: boxes.every((box) => box.left >= outer.left - 0.5 && box.right <= outer.right + 0.5),
      children: boxes.length,
    };
  });
}

test('the sidebar lists each host’s sessions with unread and approval badges, marks the open one, and collapses', async ({ app, page }) => {
  await mkdir(path.join(app.workDir, 'docs'));
  await mkdir(path.join(app.workDir, 'tools'));
  await app.open(page);
  await startSession(page, app, path.join(app.workDir, 'docs'));
  const docs = keyOf(page);
  await startSession(page, app, path.join(app.workDir, 'tools'), 'Ask');

  // A turn that ends while another session is on screen leaves its session unread.
  await app.call('sessions.send', { key: docs, message: 'say: the docs are done' });
  await expect(sidebarLink(page, 'docs').getByRole('img', { name: 'Unread' })).toBeVisible({ timeout: 30_000 });
  // A request waiting for an answer shows as a count on its session.
  await send(page, 'bash: touch x');
  await expect(transcriptOf(page).getByRole('region', { name: 'Claude asks to run a command' })).toBeVisible();
  const tools = sidebarLink(page, 'tools');
  await expect(tools.getByRole('img', { name: '1 request waiting' })).toHaveText('1');
  await expect(tools).toHaveAttribute('aria-current', 'page');
  await expect(sidebarLink(page, 'docs')).not.toHaveAttribute('aria-current', 'page');
  await expect(sessionsOn(page, 'This computer').getByRole('listitem')).toHaveCount(2);
  await app.screenshot(page, 'sidebar-sessions');
  expect(await violations(page)).toEqual([]);

  // A click opens the session, which is then current and read.
  await sidebarLink(page, 'docs').click();
  await expect(lastAnswer(page)).toContainText('the docs are done');
  await expect(sidebarLink(page, 'docs')).toHaveAttribute('aria-current', 'page');
  await expect(sidebarLink(page, 'docs').getByRole('img', { name: 'Unread' })).toHaveCount(0);
  await expect(tools).not.toHaveAttribute('aria-current', 'page');

  // A long list (by name) shows its first eight and "N more"; the open one and the one waiting
  // for an answer, both past the eighth, stay in sight.
  for (let n = 1; n <= 9; n++) {
    const extra = await app.call('sessions.create', { hostId: 'local', path: app.workDir });
    await app.call('sessions.rename', { key: extra.key, name: `batch ${n}` });
  }
  const list = sessionsOn(page, 'This computer');
  const names = () => list.locator('.side-session-name').allInnerTexts();
  await expect.poll(names).toEqual(['batch 1', 'batch 2', 'batch 3', 'batch 4', 'batch 5', 'batch 6', 'batch 7', 'batch 8', 'docs', 'tools']);
  await page.getByRole('button', { name: '1 more session on This computer' }).click();
  await expect.poll(names).toEqual(['batch 1', 'batch 2', 'batch 3', 'batch 4', 'batch 5', 'batch 6', 'batch 7', 'batch 8', 'batch 9', 'docs', 'tools']);

  // Collapsed by its button: the essentials stay, with names; the choice survives a reload.
  await page.getByRole('button', { name: 'Collapse sidebar' }).click();
  await expect(list).toBeHidden();
  await expect(page.getByRole('button', { name: 'Expand sidebar' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'New session' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('button', { name: /^Session board/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'docs' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Expand sidebar' })).toBeVisible();
  await expect(list).toBeHidden();
  await page.getByRole('button', { name: 'New session' }).click();
  await expect(page.getByRole('dialog', { name: 'New session' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'New session' })).toBeHidden();

  // Ctrl+B, also from the composer, expands and collapses it.
  await page.getByRole('textbox', { name: 'Message' }).focus();
  await page.keyboard.press('Control+B');
  await expect(list).toBeVisible();
  await expect(page.getByRole('button', { name: 'Collapse sidebar' })).toBeVisible();
  await page.keyboard.press('Control+B');
  await expect(list).toBeHidden();
  await page.getByRole('button', { name: 'Expand sidebar' }).click();
  await expect(list).toBeVisible();
  await page.reload();
  await expect(sessionsOn(page, 'This computer')).toBeVisible();
});

test('at 1024×700 nothing is cut off sideways: board, session, health and the dialogs', async ({ app, page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const deep = path.join(app.workDir, 'clients', 'acme-corporation', 'monorepo', 'packages', 'backend-services', 'payments', 'src');
  await app.open(page);
  await expect(page.getByRole('listitem', { name: 'Host This computer' }).getByText('Connected')).toBeVisible();
  const long = await app.call('sessions.create', { hostId: 'local', path: deep, createFolder: true, mode: 'ask' });
  await app.call('sessions.rename', { key: long.key, name: 'a session whose name goes on and on, well past what any column can hold' });
  const longModel = 'claude-experimental-extended-context-reasoning-model-20991231-preview';
  await app.call('sessions.setModel', { key: long.key, model: longModel });
  const keys = new Map<string, string>();
  for (const name of ['api', 'web', 'infrastructure-as-code-for-the-staging-environment']) {
    const session = await app.call('sessions.create', { hostId: 'local', path: path.join(app.workDir, name), createFolder: true });
    await app.call('sessions.rename', { key: session.key, name });
    keys.set(name, session.key);
  }

  // The board, with long names and paths.
  const board = page.getByRole('list', { name: 'Sessions', exact: true });
  await expect(board.getByRole('listitem')).toHaveCount(4);
  expect(await clippedSideways(page)).toEqual([]);
  const longRow = board.getByRole('link', { name: /^a session whose name/ });
  await expect(longRow.locator('.board-path')).toHaveAttribute('title', deep);

  // The session: a long name, path and model name, the mode's explanation, Send.
  await longRow.click();
  await expect(transcriptOf(page)).toBeVisible();
  const header = page.locator('.session-header');
  const shownPath = header.getByTitle(`Folder on the host: ${deep}`);
  await expect(shownPath).toContainText('…');
  await expect(shownPath).toContainText('payments/src');
  await expect(header).toContainText(longModel);
  expect(await clippedSideways(page)).toEqual([]);
  expect(await onOneRow(page.locator('.session-meta'))).toMatchObject({ oneRow: true, inside: true });
  expect(await onOneRow(page.locator('.title-line'))).toMatchObject({ oneRow: true, inside: true });
  const toolbar = page.getByRole('form', { name: 'Composer' }).locator('.composer-bar');
  await expect(toolbar.getByRole('button', { name: 'Send' })).toBeVisible();
  expect(await onOneRow(toolbar)).toMatchObject({ oneRow: true, inside: true });
  await app.screenshot(page, 'layout-1024');

  // Health.
  await page.getByRole('button', { name: 'Health of This computer' }).click();
  await expect(page.getByRole('main', { name: 'Health of This computer' }).getByRole('region', { name: 'Current figures' })).toBeVisible();
  expect(await clippedSideways(page)).toEqual([]);

  // The dialogs.
  await page.getByRole('button', { name: 'New session' }).click();
  await expect(page.getByRole('dialog', { name: 'New session' })).toBeVisible();
  expect(await clippedSideways(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(page.getByRole('dialog', { name: 'Add host' })).toBeVisible();
  expect(await clippedSideways(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  expect(await clippedSideways(page)).toEqual([]);
  await page.keyboard.press('Escape');

  // A session at work: Stop and the queueing hint join the toolbar, still one row.
  await app.call('sessions.send', { key: keys.get('api')!, message: 'slow: 900 100' });
  await sidebarLink(page, 'api').click();
  await expect(toolbar.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(toolbar).toContainText('Enter queues your message');
  expect(await onOneRow(toolbar)).toMatchObject({ oneRow: true, inside: true });
  expect(await clippedSideways(page)).toEqual([]);
});

test('the palette renames the session on screen, changes its mode and model, and copies its path', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await app.open(page);
  await startSession(page, app);
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const command = async (text: string, option: RegExp) => {
    await page.keyboard.press('Control+K');
    await expect(palette).toBeVisible();
    await page.keyboard.type(text);
    await palette.getByRole('option', { name: option }).click();
    await expect(palette).toBeHidden();
  };

  await command('rename', /^Rename this session/);
  const nameBox = page.getByRole('textbox', { name: 'Session name' });
  await expect(nameBox).toBeFocused();
  await nameBox.fill('nightly build');
  await nameBox.press('Enter');
  await expect(page.getByRole('heading', { name: 'nightly build' })).toBeVisible();
  await expect(page).toHaveTitle('nightly build — Switchyard');
  await expect(sidebarLink(page, 'nightly build')).toHaveAttribute('aria-current', 'page');

  await command('mode to plan', /^Change mode to Plan/);
  await expect(page.getByRole('combobox', { name: 'Mode', exact: true })).toHaveValue('plan');
  await expect.poll(async () => (await app.call('sessions.list', {}))[0]?.mode).toBe('plan');

  // The host's models are known once its Claude has run; the header then shows what the session cost.
  const cost = page.locator('.session-header').getByTitle(/cost so far/);
  await expect(cost).toHaveCount(0);
  await send(page, 'say: ready');
  await expect(lastAnswer(page)).toContainText('ready');
  await expect(cost).toHaveText(/^Cost \$\d+\.(\d{2}|\d{4})$/);
  const hostModels = async () => (await app.call('hosts.list', {})).find((host) => host.id === 'local')?.models ?? [];
  await expect.poll(async () => (await hostModels()).length, { timeout: 30_000 }).toBeGreaterThan(1);
  const target = (await hostModels()).find((model) => model.value !== 'default')!;
  const escaped = (target.displayName ?? target.value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await command('model', new RegExp(`^Change model to ${escaped}( \\(now\\))?$`));
  await expect.poll(async () => (await app.call('sessions.list', {}))[0]?.model).toBe(target.value);
  await expect(page.getByRole('combobox', { name: 'Model', exact: true })).toHaveValue(target.value);

  await command('copy path', /^Copy the folder’s path/);
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(app.workDir);
  await expect(page.getByRole('list', { name: 'Notifications' })).toContainText(`Copied ${app.workDir}`);
});
