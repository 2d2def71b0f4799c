/**
 * Claude's output is untrusted text: bidi overrides and zero-width characters show as markers
 * instead of acting, the XSS corpus stays text, terminal colours show as coloured spans with no
 * escape character left, and pathological Markdown neither freezes nor hides the answer.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './harness.js';
import { send, startSession, transcriptOf } from './ui.js';

const RLO = '\u202E';
const LRI = '\u2066';
const PDI = '\u2069';
const ZWSP = '\u200B';
const ACTING = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\u2060\uFEFF\u001B]/;

/** Counts dialogs and marks anything that runs, for the checks at the end. */
function watchForScripts(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** Everything in the page that could run code or frame something, outside the app's own scripts. */
async function activeContent(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) if (/^on/i.test(attribute.name)) found.push(`${element.tagName}[${attribute.name}]`);
      const href = element.getAttribute('href') ?? element.getAttribute('src') ?? element.getAttribute('xlink:href');
      if (href && /^\s*(javascript|data|vbscript):/i.test(href)) found.push(`${element.tagName} ${href}`);
    }
    for (const element of document.querySelectorAll('iframe, frame, object, embed')) found.push(element.tagName);
    for (const script of document.scripts) if (!script.src || new URL(script.src).origin !== location.origin) found.push(`script ${script.src || script.textContent?.slice(0, 40)}`);
    for (const element of document.querySelectorAll('[role="region"][aria-label="Transcript"] :is(svg, img, script, style, math)')) found.push(element.tagName);
    return found;
  });
}

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

/** axe's WCAG A/AA findings (names, contrast) for the elements this spec is about, light and dark. */
async function violations(page: Page, selector: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    found.push(...result.violations.map((violation) => `${colorScheme}: ${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`));
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** The contrast ratio of an element's text colour on the background behind it (both drawn on a canvas, so any CSS colour reads as sRGB). */
async function contrast(element: Locator): Promise<number> {
  return element.evaluate((node) => {
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const luminance = (css: string) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = css;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b] = [...context.getImageData(0, 0, 1, 1).data].map((value) => {
        const channel = value / 255;
        return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    let behind: Element | null = node;
    while (behind && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') behind = behind.parentElement;
    const [text, background] = [luminance(getComputedStyle(node).color), luminance(getComputedStyle(behind ?? document.body).backgroundColor)];
    return (Math.max(text, background) + 0.05) / (Math.min(text, background) + 0.05);
  });
}

async function markers(scope: Locator): Promise<string[]> {
  return scope.locator('.invisible-mark').allTextContents();
}

test('bidi overrides, zero-width characters and the XSS corpus in an answer are inert and readable', async ({ app, page }) => {
  const dialogs = watchForScripts(page);
  await app.open(page);
  await startSession(page, app);
  await send(
    page,
    [
      `say: Pay the invoice ${RLO}exe.fdp${PDI} now. The admin check ${LRI}// is off${PDI} stays on; pass${ZWSP}word is hidden in plain sight.`,
      '',
      `Open [the ${RLO}txt.exe report](https://example.com/report) or [run me](javascript:window.__pwned=1) or [data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0yPC9zY3JpcHQ+) or ![pic](javascript:window.__pwned=3).`,
      '',
      '<script>window.__pwned=4;alert(4)</script> <img src=x onerror="window.__pwned=5;alert(5)"> <svg onload="window.__pwned=6;alert(6)"><circle r="9"/></svg>',
      '',
      '<iframe src="javascript:window.__pwned=7"></iframe> <a href="javascript:window.__pwned=8" onclick="window.__pwned=9">html link</a> <details open ontoggle="window.__pwned=10;alert(10)">x</details>',
      '',
      '```python',
      `if access_level != "user${RLO} ${LRI}# Check if admin${PDI} ${LRI}":`,
      '    grant()',
      '```',
    ].join('\n'),
  );

  const transcript = transcriptOf(page);
  const answer = transcript.getByRole('article', { name: 'Claude' });
  await expect(transcript.getByRole('note', { name: 'Turn finished' })).toBeVisible();

  // Readable: every invisible character is a visible marker with its code point and a name.
  const override = answer.getByRole('img', { name: 'invisible character U+202E, right-to-left override' }).first();
  await expect(override).toBeVisible();
  await expect(override).toHaveText('U+202E');
  await expect(answer.getByRole('img', { name: 'invisible character U+200B, zero width space' })).toHaveText('U+200B');
  expect(await markers(answer.locator('p').first())).toEqual(['U+202E', 'U+2069', 'U+2066', 'U+2069', 'U+200B']);
  const report = answer.getByRole('link', { name: /report/ });
  await expect(report).toHaveAttribute('href', 'https://example.com/report');
  expect(await markers(report)).toEqual(['U+202E']);
  expect(await markers(answer.locator('pre'))).toEqual(['U+202E', 'U+2066', 'U+2069', 'U+2066']);
  expect(await answer.evaluate((element, pattern) => new RegExp(pattern).test(element.textContent ?? ''), ACTING.source)).toBe(false);
  // The user's own message shows them too.
  expect(await markers(transcript.getByRole('article', { name: 'Your message' }))).toContain('U+202E');

  // Inert: the markup is text, and nothing ran.
  await expect(answer).toContainText('<script>window.__pwned=4;alert(4)</script>');
  await expect(answer).toContainText('<svg onload="window.__pwned=6;alert(6)">');
  await expect(answer).toContainText('<iframe src="javascript:window.__pwned=7"></iframe>');
  await expect(answer.locator('a')).toHaveCount(1);
  expect(await activeContent(page)).toEqual([]);
  await answer.getByText('run me').click();
  await answer.getByText('html link').click();
  expect(await pwned(page)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await violations(page, '.invisible-mark')).toEqual([]);
  await app.screenshot(page, 'untrusted-text');
});

test("a tool's ANSI colours show as coloured spans, other escape sequences are gone", async ({ app, page }) => {
  const dialogs = watchForScripts(page);
  await app.open(page);
  await startSession(page, app);
  await send(page, String.raw`bash: printf '\033]0;window title\007\033[2J\033[H\033[31mred\033[0m \033[1;32mbold green\033[0m \033[38;5;208morange\033[0m \033]8;;javascript:alert(1)\033\\link\033]8;;\033\\ <img src=x onerror=alert(2)>\n\033[2Kprogress 10%%\rprogress 100%%\n'`);

  const card = transcriptOf(page).getByRole('article', { name: 'Tool call: Bash' });
  const output = card.getByLabel('Tool output');
  await expect(output).toHaveText('red bold green orange link <img src=x onerror=alert(2)>\nprogress 100%');
  await expect(output.locator('span.ansi-red-fg')).toHaveText('red');
  await expect(output.locator('span.ansi-green-fg.ansi-bold')).toHaveText('bold green');
  // A program's own colour (orange, 208), its lightness kept readable in either theme.
  const orange = output.locator('span', { hasText: 'orange' });
  expect(await orange.evaluate((element) => element.style.color)).toContain('rgb(255, 135, 0)');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const span of [orange, output.locator('span.ansi-red-fg'), output.locator('span.ansi-green-fg')]) expect(await contrast(span), `${colorScheme}: ${await span.textContent()}`).toBeGreaterThanOrEqual(4.5);
  }
  await page.emulateMedia({ colorScheme: null });
  expect(await output.evaluate((element) => element.textContent?.includes('\u001B'))).toBe(false);
  // The model's answer quotes the raw first line: its escape characters show as markers there.
  const answer = transcriptOf(page).getByRole('article', { name: 'Claude' }).last();
  await expect(answer).toContainText('Tool said:');
  await expect(answer.getByRole('img', { name: 'invisible character U+001B, escape' }).first()).toBeVisible();
  expect(await answer.evaluate((element) => element.textContent?.includes('\u001B'))).toBe(false);

  expect(await activeContent(page)).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(await violations(page, '[aria-label="Tool output"]')).toEqual([]);
  await app.screenshot(page, 'untrusted-ansi');
});

test('pathological Markdown renders at once as readable text, and a huge word wraps', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  // 16 kB of nested emphasis blocked the window for 9.8 s and then hid the answer.
  await send(page, `say: ${'*a '.repeat(2700)}deepest${' b*'.repeat(2700)}`);
  const transcript = transcriptOf(page);
  const nested = transcript.getByRole('article', { name: 'Claude' }).last();
  await expect(nested.getByRole('note')).toHaveText(/shown as plain text: it nests lists, quotes or emphasis more than 32 levels deep/);
  await expect(nested).toContainText('*a *a *a');
  await expect(transcript.getByRole('note', { name: 'Turn finished' })).toHaveCount(1);

  // A 200 kB word: streamed in full (the reader follows it live), wrapped, and collapsible.
  await send(page, `say: ${'W'.repeat(200_000)}`);
  await expect(transcript.getByRole('note', { name: 'Turn finished' })).toHaveCount(2);
  const word = transcript.getByRole('article', { name: 'Claude' }).last();
  await expect(word.getByRole('note')).toHaveText(/shown as plain text: it is too long to format/);
  const shown = () => word.locator('.md-plain').evaluate((element) => element.textContent?.length);
  // Followed live it stays open; on a busy machine the whole word can arrive in one batch, not
  // followed, and then it starts collapsed (markdown-document.test.tsx covers both): open it.
  const showAll = word.getByRole('button', { name: /^Show all/ });
  if (await showAll.isVisible()) await showAll.click();
  await expect.poll(shown).toBe(200_000);
  const overflow = await word.evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await word.getByRole('button', { name: 'Show less' }).click();
  await expect.poll(shown).toBe(2000);
  await app.screenshot(page, 'untrusted-markdown');
  await word.getByRole('button', { name: 'Show all 200,000 characters' }).click();
  await expect.poll(shown).toBe(200_000);
  // The window still answers at once.
  const started = Date.now();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  expect(Date.now() - started).toBeLessThan(1000);
});
