/** The transcript stays pinned to the newest output, offers "Jump to latest" when scrolled up, and keeps only visible rows in the DOM. */
import { expect, test } from './harness.js';
import { send, startSession, transcriptOf } from './ui.js';

const distanceFromBottom = (scroller: HTMLElement) => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;

test('pinned while streaming, "Jump to latest" after scrolling up, and virtualised', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  const transcript = transcriptOf(page);
  const scroller = transcript.locator('.transcript-scroll');

  // Twenty short turns, queued one after another: sixty rows.
  for (let i = 1; i <= 20; i++) await send(page, `say: answer number ${i}`);
  await expect.poll(async () => (await app.call('sessions.list', {}))[0]?.status, { timeout: 60_000 }).toBe('idle');
  await expect(transcript.getByText('answer number 20', { exact: true })).toBeVisible();
  const rowsInDom = await transcript.locator('.transcript-row').count();
  expect(rowsInDom).toBeGreaterThan(0);
  expect(rowsInDom).toBeLessThan(60);

  // Streaming output keeps the view at the bottom. Long enough (9 s) to still stream after the reader scrolls up, even on a loaded machine.
  await send(page, 'slow: 300 30');
  const answer = transcript.getByRole('article', { name: 'Claude' }).last();
  await expect(answer).toContainText('w20');
  expect(await scroller.evaluate(distanceFromBottom)).toBeLessThan(48);
  await expect(answer).toContainText('w60');
  expect(await scroller.evaluate(distanceFromBottom)).toBeLessThan(48);

  // Scrolled up, the reader stays where they are while output continues.
  await scroller.hover();
  await page.mouse.wheel(0, -1500);
  const jump = transcript.getByRole('button', { name: 'Jump to latest' });
  await expect(jump).toBeVisible();
  const readingAt = await scroller.evaluate((element) => element.scrollTop);
  const length = async () => (await app.call('sessions.list', {}))[0]!.transcriptLength;
  const lengthThen = await length();
  await expect.poll(length).toBeGreaterThan(lengthThen + 10);
  expect(await scroller.evaluate((element) => element.scrollTop)).toBe(readingAt);
  await app.screenshot(page, 'jump-to-latest');

  await jump.click();
  await expect(jump).toBeHidden();
  await expect(answer).toContainText('w300');
  await expect(transcript.getByRole('note', { name: 'Turn finished' }).last()).toBeInViewport();
  await expect.poll(() => scroller.evaluate(distanceFromBottom)).toBeLessThan(48);
});
