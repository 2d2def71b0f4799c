/** Light and dark follow the system; a choice made in the palette overrides it and is remembered. */
import { expect, test } from './harness.js';

const background = (page: import('@playwright/test').Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const isDark = (rgb: string) => {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
  return (r! + g! + b!) / 3 < 100;
};

test('the theme follows the system, and the palette can pin light or dark', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open(page);
  await expect(page.getByRole('listitem', { name: 'Host This computer' })).toBeVisible();
  expect(isDark(await background(page))).toBe(true);
  await app.screenshot(page, 'dark-theme');

  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(async () => isDark(await background(page))).toBe(false);

  await page.keyboard.press('Control+K');
  await expect(page.getByRole('combobox', { name: 'Command palette', exact: true })).toBeFocused();
  await page.keyboard.type('Theme: dark');
  await page.keyboard.press('Enter');
  await expect.poll(async () => isDark(await background(page))).toBe(true);
  await page.reload();
  await expect(page.getByRole('listitem', { name: 'Host This computer' })).toBeVisible();
  expect(isDark(await background(page))).toBe(true);
});
