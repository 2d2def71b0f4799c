/** A first run on the embedded default: a session on "This computer", an answer streaming in. */
import { expect, test } from './harness.js';

test('first run: a session on This computer streams its answer and ends with a turn footer', async ({ app, page }) => {
  await app.open(page);
  const host = page.getByRole('listitem', { name: 'Host This computer' });
  await expect(host.getByText('Connected')).toBeVisible();
  await expect(page.getByText('No sessions yet')).toBeVisible();

  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('textbox', { name: 'Path' }).fill(app.workDir);
  await page.getByRole('button', { name: 'Start session' }).click();

  const transcript = page.getByRole('region', { name: 'Transcript' });
  await expect(transcript).toBeVisible();
  const message = page.getByRole('textbox', { name: 'Message' });
  await message.fill('slow: 60 60');
  await message.press('Enter');

  // The words arrive one by one: a partial state (some words, not all, with the cursor) comes first.
  const answer = transcript.getByRole('article', { name: 'Claude' });
  await expect(answer).toContainText('w3');
  const partial = await answer.innerText();
  expect(partial).not.toContain('w60');
  await expect(answer).toHaveAttribute('aria-busy', 'true');
  expect(await answer.locator('.markdown > :last-child').evaluate((element) => getComputedStyle(element, '::after').content)).not.toBe('none');

  // While text streams, the DOM changes only inside the growing row.
  await page.evaluate(() => {
    const touched = new Set<string>();
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const node = record.target instanceof Element ? record.target : record.target.parentElement;
        const row = node?.closest('.transcript-row');
        touched.add(row ? `row ${row.getAttribute('data-index')}` : 'outside rows');
      }
    });
    observer.observe(document.querySelector('.transcript-inner')!, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'aria-busy'] });
    // Read with the row's busy state in one step: once the turn has ended, other rows change too.
    (window as unknown as { touchedRows: () => { touched: string[]; busy: string | null } }).touchedRows = () => {
      observer.disconnect();
      const busy = document.querySelector('article[aria-label="Claude"]')?.getAttribute('aria-busy') ?? null;
      return { touched: [...touched], busy };
    };
  });
  await expect(answer).toContainText('w20');
  const streamingIndex = await answer.evaluate((element) => element.closest('.transcript-row')!.getAttribute('data-index'));
  expect(await page.evaluate(() => (window as unknown as { touchedRows: () => { touched: string[]; busy: string | null } }).touchedRows())).toEqual({ touched: [`row ${streamingIndex}`], busy: 'true' });

  await expect(answer).toContainText('w60');
  const footer = transcript.getByRole('note', { name: 'Turn finished' });
  await expect(footer).toContainText('Turn complete');
  await expect(footer).toContainText('tokens');
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeHidden();
  await app.screenshot(page, 'first-run-answer');

  await page.getByRole('button', { name: 'Session board' }).click();
  const board = page.getByRole('list', { name: 'Sessions', exact: true });
  await expect(board.getByRole('listitem')).toHaveCount(1);
  await expect(board).toContainText('This computer');
  await expect(board).toContainText(app.workDir);
  await app.screenshot(page, 'first-run-board');
});
