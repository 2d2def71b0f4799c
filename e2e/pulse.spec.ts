/**
 * A visible pulse and reading comfort: a live status from Send until output (and the running
 * tool with its seconds), each turn's own figures in its footer, actions on each message (Copy,
 * Edit and resend), queued messages taken back with Cancel or Edit, and Markdown with a type
 * scale and code bars that never cover the code.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { TranscriptItem } from '../shared/desk-api.js';
import { expect, test, type App } from './harness.js';
import { messageBox, send, startSession, transcriptOf } from './ui.js';

const onlySessionKey = async (app: App) => (await app.call('sessions.list', {}))[0]!.key;
const items = async (app: App) => (await app.call('sessions.transcript', { key: await onlySessionKey(app), limit: 5000 })).items as TranscriptItem[];
const results = async (app: App) => (await items(app)).flatMap((item) => (item.kind === 'event' && item.event.type === 'result' ? [item.event.raw] : []));
const footers = (page: Page) => transcriptOf(page).getByRole('note', { name: 'Turn finished' });
const status = (page: Page) => transcriptOf(page).getByRole('status');

/** When the Enter that sends was pressed, and when the thinking status first appeared, by the page's clock. */
async function watchSendToStatus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const marks: { sent: number | null; shown: number | null } = { sent: null, shown: null };
    (window as unknown as { __pulse: typeof marks }).__pulse = marks;
    document.addEventListener('keydown', (event) => event.key === 'Enter' && marks.sent === null && (marks.sent = performance.now()), { capture: true });
    const observer = new MutationObserver(() => {
      const row = document.querySelector('.transcript-row:last-child [role="status"], .transcript [role="status"]');
      if (marks.shown === null && row?.textContent?.includes('Claude is thinking')) {
        marks.shown = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

test('the thinking status shows within 200 ms of Send; a running tool is named with its seconds; both go at the turn’s end', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  const transcript = transcriptOf(page);

  await watchSendToStatus(page);
  await messageBox(page).fill('bash: sleep 3 && echo slept');
  await messageBox(page).press('Enter');
  const marks = () => page.evaluate(() => (window as unknown as { __pulse: { sent: number | null; shown: number | null } }).__pulse);
  await expect.poll(marks).toMatchObject({ sent: expect.any(Number), shown: expect.any(Number) });
  const { sent, shown } = await marks();
  expect(shown! - sent!).toBeLessThan(200);

  // The tool runs: the last row names it and counts its seconds.
  await expect(status(page)).toContainText('Running Bash…');
  await expect(status(page)).toContainText(/Running Bash…\s*[1-9] s/);
  await expect(transcript.locator('.transcript-row').last().getByRole('status')).toBeVisible();
  await app.screenshot(page, 'pulse');

  await expect(footers(page)).toHaveCount(1, { timeout: 30_000 });
  await expect(status(page)).toHaveCount(0);
  await expect(transcript.getByRole('article', { name: 'Claude' }).last()).toContainText('Tool said: slept');
});

test('each turn’s footer shows that turn’s own cost (the difference of the CLI’s totals) and tokens; an interrupted one what it used', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  for (const [index, words] of ['say: one', 'say: two, a little longer', 'say: three'].entries()) {
    await send(page, words);
    await expect(footers(page)).toHaveCount(index + 1, { timeout: 30_000 });
  }
  const raws = await results(app);
  const totals = raws.map((raw) => raw.total_cost_usd!);
  // One CLI served all three turns: its total only grows, so the footers must not repeat it.
  expect(totals[1]).toBeGreaterThan(totals[0]!);
  expect(totals[2]).toBeGreaterThan(totals[1]!);
  const texts = await footers(page).allInnerTexts();
  const costs = texts.map((text) => Number(/\$(\d+\.\d{4})\b/.exec(text)?.[1]));
  const expected = totals.map((total, at) => (at === 0 ? total : total - totals[at - 1]!));
  for (const [at, cost] of costs.entries()) expect(Math.abs(cost - expected[at]!)).toBeLessThanOrEqual(0.00005);
  // Tokens are the turn's own `usage`, as the CLI reported them.
  for (const [at, raw] of raws.entries()) {
    const usage = raw.usage as { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number };
    const input = usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
    expect(texts[at]).toContain(`${input.toLocaleString('en-US')} in · ${usage.output_tokens.toLocaleString('en-US')} out tokens`);
    expect(texts[at]).toMatch(/\d+\.\d s/);
  }

  // Interrupted mid-answer: it says what it used before it stopped, never nothing as zero.
  await send(page, 'slow: 300 50');
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' }).last()).toContainText('w3');
  await page.getByRole('button', { name: 'Stop' }).click();
  const stopped = footers(page).last();
  await expect(stopped).toContainText('Turn interrupted');
  await expect(stopped).not.toContainText(/\b0 in · 0 out/);
  await expect(stopped).toContainText(/used [\d,]+ in · [\d,]+ out tokens before it stopped/);
});

test('a user’s message offers Copy and Edit and resend on hover and by keyboard, and shows when it was sent', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  await send(page, 'say: **first** answer');
  await expect(footers(page)).toHaveCount(1, { timeout: 30_000 });
  // The article holds the message alone; its actions are beside it.
  const article = transcriptOf(page).getByRole('article', { name: 'Your message' });
  await expect(article).toHaveText('say: first answer');
  const mine = transcriptOf(page).locator('.message').filter({ has: page.getByRole('article', { name: 'Your message' }) });
  const actions = mine.locator('.message-actions');
  const opacity = () => actions.evaluate((element) => getComputedStyle(element).opacity);
  await expect.poll(opacity).toBe('0');

  // Reached by keyboard: the focused action is shown.
  const edit = mine.getByRole('button', { name: 'Edit and resend' });
  await edit.focus();
  await expect.poll(opacity).toBe('1');
  await expect(mine.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  await page.keyboard.press('Enter');
  await expect(messageBox(page)).toHaveValue('say: **first** answer');
  await expect(messageBox(page)).toBeFocused();

  await messageBox(page).fill('say: the edited answer');
  await messageBox(page).press('Enter');
  await expect(transcriptOf(page).getByRole('article', { name: 'Claude' }).filter({ hasText: 'the edited answer' })).toBeVisible();

  // Claude's answer offers Copy too, with what it shows.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const answer = transcriptOf(page).locator('.message').filter({ has: page.getByRole('article', { name: 'Claude' }) }).first();
  await answer.hover();
  await answer.getByRole('button', { name: 'Copy Claude’s message' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('**first** answer');
});

test('sending pins the transcript to the bottom again: the user sees their message and the answer', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  const transcript = transcriptOf(page);
  const scroller = transcript.locator('.transcript-scroll');
  const lines = Array.from({ length: 60 }, (_, index) => `line ${index + 1}`).join('\n\n');
  await send(page, `say: ${lines}`);
  await expect(footers(page)).toHaveCount(1, { timeout: 30_000 });

  await scroller.hover();
  await page.mouse.wheel(0, -2000);
  const jump = transcript.getByRole('button', { name: 'Jump to latest' });
  await expect(jump).toBeVisible();

  await send(page, 'say: pinned again');
  await expect(jump).toBeHidden();
  await expect(transcript.getByRole('article', { name: 'Your message' }).filter({ hasText: 'pinned again' })).toBeInViewport();
  await expect(transcript.getByRole('article', { name: 'Claude' }).filter({ hasText: 'pinned again' })).toBeInViewport();
  await expect.poll(() => scroller.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)).toBeLessThan(48);
});

test('a queued message can be cancelled (it never runs) or taken back to edit', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  const transcript = transcriptOf(page);
  await send(page, 'slow: 200 50');
  await expect(transcript.getByRole('article', { name: 'Claude' })).toContainText('w2');

  await send(page, 'say: this never runs');
  await send(page, 'say: this one is edited');
  const never = transcript.getByRole('article', { name: 'Your message' }).filter({ hasText: 'this never runs' });
  const edited = transcript.getByRole('article', { name: 'Your message' }).filter({ hasText: 'this one is edited' });
  await expect(never).toContainText('Queued, position 1');
  await expect(edited).toContainText('Queued, position 2');

  await never.getByRole('button', { name: 'Cancel' }).click();
  await expect(never).toHaveCount(0);
  await expect(edited).toContainText('Queued, position 1');
  await edited.getByRole('button', { name: 'Edit' }).click();
  await expect(edited).toHaveCount(0);
  await expect(messageBox(page)).toHaveValue('say: this one is edited');

  // Nothing is left in the queue: after the slow turn the next message runs, and the cancelled one never did.
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(footers(page)).toHaveCount(1);
  await messageBox(page).fill('say: after the cancel');
  await messageBox(page).press('Enter');
  await expect(transcript.getByRole('article', { name: 'Claude' }).filter({ hasText: 'after the cancel' })).toBeVisible();
  const echoes = (await items(app)).flatMap((item) => (item.kind === 'event' && item.event.type === 'system' && item.event.subtype === 'user_message' ? [item.event.content] : []));
  expect(echoes).toEqual(['slow: 200 50', 'say: after the cancel']);
  await expect(transcript.getByText('this never runs')).toHaveCount(0);
});

test('Markdown reads with a type scale and quotes; a code block’s bar names the language and its Copy never covers the code', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  await send(page, 'say: # Title\n\n## Section\n\n### Part\n\n> a quoted line\n\n```python\nprint("a line long enough to reach the right edge of the block, where a floating button used to sit")\n```');
  const answer = transcriptOf(page).getByRole('article', { name: 'Claude' }).last();
  await expect(answer.locator('pre')).toBeVisible();
  const size = (selector: string) => answer.locator(selector).evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  const [h1, h2, h3, body] = [await size('h1'), await size('h2'), await size('h3'), await size('blockquote p')];
  expect(h1).toBeGreaterThan(h2);
  expect(h2).toBeGreaterThan(h3);
  expect(h3).toBeGreaterThan(body);
  expect(await answer.locator('blockquote').evaluate((element) => parseFloat(getComputedStyle(element).borderLeftWidth))).toBeGreaterThanOrEqual(2);

  const block = answer.locator('.code-block');
  await expect(block.locator('.code-language')).toHaveText('python');
  const copy = (await block.getByRole('button', { name: 'Copy code' }).boundingBox())!;
  const code = (await block.locator('pre').boundingBox())!;
  expect(copy.y + copy.height).toBeLessThanOrEqual(code.y + 0.5);
  // The user's own message reads as Markdown too.
  const mine = transcriptOf(page).getByRole('article', { name: 'Your message' });
  await expect(mine.locator('h2')).toHaveText('Section');
  await expect(footers(page)).toHaveCount(1);
  await answer.hover();
  await app.screenshot(page, 'reading-comfort');
});

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('.transcript').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the live status, message actions, queued actions and Markdown have no WCAG A/AA violations (${colorScheme})`, async ({ app, page }) => {
    await page.emulateMedia({ colorScheme });
    await app.open(page);
    await startSession(page, app);
    const transcript = transcriptOf(page);
    await send(page, 'say: # Heading\n\n> a quote with `code`\n\n```ts\nconst a = 1;\n```');
    await expect(footers(page)).toHaveCount(1, { timeout: 30_000 });
    await send(page, 'bash: sleep 4');
    await expect(status(page)).toContainText('Running Bash…');
    await send(page, 'say: queued');
    const queued = transcript.getByRole('article', { name: 'Your message' }).filter({ hasText: 'queued' });
    await expect(queued).toContainText('Queued, position 1');
    // The actions shown, as a keyboard user sees them.
    await transcript.getByRole('button', { name: 'Copy Claude’s message' }).first().focus();
    expect(await violations(page)).toEqual([]);
  });
}
