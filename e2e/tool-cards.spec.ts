/**
 * Tool calls rendered for what they are, with the real CLI: an Edit as a diff of what changed on
 * disk (side by side in a wide window), a Write as a preview of the file, the checklist kept once
 * above the composer while its calls are quiet lines in the transcript.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './harness.js';
import { send, startSession, transcriptOf } from './ui.js';

const toolCard = (page: Page, tool: string) => transcriptOf(page).getByRole('article', { name: `Tool call: ${tool}` });

async function violationsIn(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
}

const lines = (text: string) => text.replace(/\n$/, '').split('\n');
const box = async (locator: Locator) => (await locator.boundingBox())!;

test("an Edit shows as a diff of the file's change: the removed and added lines, highlighted, side by side when wide", async ({ app, page }) => {
  const file = path.join(app.workDir, 'settings.ts');
  const before = ['// Settings of the demo', 'export const name = "demo";', 'export const retries = 2;', 'export const timeoutMs = 1000;', 'export const verbose = false;', 'export const colour = "blue";', ''].join('\n');
  await writeFile(file, before);
  await app.open(page);
  await startSession(page, app, app.workDir, 'Code');
  await send(page, 'edit: settings.ts | export const retries = 2;\nexport const timeoutMs = 1000; | export const retries = 5;\nexport const timeoutMs = 30_000;\nexport const backoff = true;');

  const card = toolCard(page, 'Edit');
  await expect(card.locator('.tool-state')).toHaveText('done');
  const after = await readFile(file, 'utf8');
  expect(after).not.toBe(before);
  // What the diff says was removed is what left the file; what it says was added is in the file now.
  const gone = lines(before).filter((line) => !lines(after).includes(line));
  const arrived = lines(after).filter((line) => !lines(before).includes(line));
  await expect(card.locator('del')).toHaveText(gone);
  await expect(card.locator('ins')).toHaveText(arrived);
  await expect(card.locator('.sr-only').filter({ hasText: 'removed:' })).toHaveCount(gone.length);
  await expect(card.locator('.sr-only').filter({ hasText: 'added:' })).toHaveCount(arrived.length);
  await expect(card.locator('.tool-subject')).toHaveText(file);
  await expect(card.locator('.tool-facts')).toContainText(`+${arrived.length}`);
  await expect(card.locator('ins .hljs-keyword').first()).toHaveText('export');
  await expect(card).not.toContainText('Read it back');

  // The Read the CLI made first is one line: the file and how many lines it read.
  const read = toolCard(page, 'Read');
  await expect(read.locator('.tool-facts')).toHaveText(`${lines(before).length} lines`);
  await expect(read.getByLabel('Tool output')).toHaveCount(0);

  // Unified at this width: the added lines under the removed ones.
  const [del, ins] = [card.locator('del').first(), card.locator('ins').first()];
  expect((await box(ins)).y).toBeGreaterThan((await box(del)).y);
  await app.screenshot(page, 'diff-unified');
  // Side by side in a wide window: removed on the left, added on the right, on the same row.
  await page.setViewportSize({ width: 2000, height: 900 });
  await expect.poll(async () => (await box(ins)).x).toBeGreaterThan((await box(del)).x + 300);
  expect(Math.abs((await box(ins)).y - (await box(del)).y)).toBeLessThan(2);
  await card.scrollIntoViewIfNeeded();
  await app.screenshot(page, 'diff');

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await violationsIn(page, '[aria-label="Tool call: Edit"]'), colorScheme).toEqual([]);
  }
});

test('a Write shows the file, its size and a highlighted preview of what was written', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app, app.workDir, 'Code');
  const body = Array.from({ length: 30 }, (_, i) => `def step_${i + 1}():\n    return ${i + 1}`).join('\n');
  await send(page, `write: steps.py | ${body}`);

  const card = toolCard(page, 'Write');
  await expect(card.locator('.tool-state')).toHaveText('done');
  const file = path.join(app.workDir, 'steps.py');
  const written = await readFile(file, 'utf8');
  await expect(card.locator('.tool-subject')).toHaveText(file);
  await expect(card.locator('.tool-facts')).toHaveText(`${lines(written).length} lines · ${Buffer.byteLength(written)} B`);
  const preview = card.getByLabel(`Content of ${file}`);
  // The first lines, highlighted; all of them, as on disk, on request.
  await expect(preview).toHaveText(lines(written).slice(0, 20).join('\n'));
  await expect(preview.locator('.hljs-keyword').first()).toHaveText('def');
  await card.scrollIntoViewIfNeeded();
  await app.screenshot(page, 'write-preview');
  await card.getByRole('button', { name: `Show all ${lines(written).length} lines` }).click();
  await expect(preview).toHaveText(written.replace(/\n$/, ''));
  await expect(card).not.toContainText('File created successfully');
  expect(await violationsIn(page, '[aria-label="Tool call: Write"]')).toEqual([]);
});

test('the checklist shows once above the composer and changes in place; its calls are quiet lines, not cards', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  const transcript = transcriptOf(page);
  const checklist = page.getByRole('region', { name: 'Checklist' });
  const items = checklist.getByRole('listitem');

  await send(page, 'tasks: Write the parser | Test the parser | Ship it');
  await expect(transcript.getByRole('note', { name: 'Turn finished' })).toHaveCount(1);
  await expect(items).toHaveText([/Write the parser\s*pending/, /Test the parser\s*pending/, /Ship it\s*pending/]);
  for (const subject of ['Write the parser', 'Test the parser', 'Ship it']) await expect(transcript.getByText(`Checklist: added ‘${subject}’`, { exact: true })).toBeVisible();
  const first = await items.first().elementHandle();

  await send(page, 'task-start: 1');
  await expect(items.first()).toHaveText(/Write the parser\s*in progress/);
  await expect(transcript.getByText('Checklist: ‘Write the parser’ in progress', { exact: true })).toBeVisible();
  await send(page, 'task-done: 1');
  await expect(items).toHaveText([/Write the parser\s*completed/, /Test the parser\s*pending/, /Ship it\s*pending/]);
  await expect(transcript.getByText('Checklist: ‘Write the parser’ completed', { exact: true })).toBeVisible();
  await expect(checklist).toContainText('1 of 3 completed');

  // One checklist, the same one all along, and not one card per call.
  await expect(checklist).toHaveCount(1);
  expect(await first!.evaluate((element) => element.isConnected)).toBe(true);
  await expect(transcript.getByRole('article', { name: /^Tool call: (TaskCreate|TaskUpdate)$/ })).toHaveCount(0);
  // Above the composer.
  expect((await box(checklist)).y + (await box(checklist)).height).toBeLessThanOrEqual((await box(page.getByRole('textbox', { name: 'Message' }))).y);
  await app.screenshot(page, 'checklist');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await violationsIn(page, 'section[aria-label="Checklist"]'), colorScheme).toEqual([]);
  }
});
