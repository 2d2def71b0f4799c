/** Claude's output is untrusted: HTML in an answer is shown as text and never runs. */
import { expect, test } from './harness.js';
import { send, startSession, transcriptOf } from './ui.js';

test('HTML, scripts and javascript: links in an answer render as inert text', async ({ app, page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await app.open(page);
  await startSession(page, app);
  await send(
    page,
    [
      'say: Look: <img src=x onerror="window.__pwned=1;alert(1)"> and [click me](javascript:window.__pwned=2) and [docs](https://example.com/docs)',
      '',
      '<script>window.__pwned=3;alert(3)</script>',
      '',
      '```js',
      'const x = "<b>bold?</b>";',
      '```',
    ].join('\n'),
  );

  const answer = transcriptOf(page).getByRole('article', { name: 'Claude' });
  await expect(answer).toContainText('<img src=x onerror="window.__pwned=1;alert(1)">');
  await expect(answer).toContainText('<script>window.__pwned=3;alert(3)</script>');
  await expect(answer).toContainText('const x = "<b>bold?</b>";');
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();

  // Nothing became an element, and nothing ran.
  await expect(answer.locator('img, script, b, iframe, object')).toHaveCount(0);
  await expect(answer.getByText('click me')).toBeVisible();
  await expect(answer.locator('a', { hasText: 'click me' })).toHaveCount(0);
  const docs = answer.getByRole('link', { name: 'docs' });
  await expect(docs).toHaveAttribute('href', 'https://example.com/docs');
  await expect(docs).toHaveAttribute('target', '_blank');
  await expect(docs).toHaveAttribute('rel', /noopener/);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // The code block's copy button copies the literal text.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await answer.getByRole('button', { name: 'Copy code' }).click();
  await expect(answer.getByRole('button', { name: 'Copy code' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('const x = "<b>bold?</b>";');
  await app.screenshot(page, 'untrusted-output');
});
