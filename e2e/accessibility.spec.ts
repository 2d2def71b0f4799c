/** Every view and dialog passes axe's WCAG 2 A/AA rules, in light and dark. */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './harness.js';
import { send, transcriptOf } from './ui.js';

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`board, session, dialogs, palette and health have no WCAG A/AA violations (${colorScheme})`, async ({ app, page }) => {
    await page.emulateMedia({ colorScheme });
    await app.open(page);
    await expect(page.getByRole('listitem', { name: 'Host This computer' }).getByText('Connected')).toBeVisible();
    expect(await violations(page), 'empty board').toEqual([]);

    await page.getByRole('button', { name: 'New session' }).click();
    await expect(page.getByRole('dialog', { name: 'New session' })).toBeVisible();
    expect(await violations(page), 'new session dialog').toEqual([]);
    await page.getByRole('textbox', { name: 'Path' }).fill(app.workDir);
    await page.getByRole('button', { name: 'Start session' }).click();

    await send(page, 'bash: echo accessible');
    await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();
    await send(page, 'say: Some **bold** text, a [link](https://example.com) and `code`.\n\n```js\nconst a = 1;\n```');
    await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toHaveCount(2);
    expect(await violations(page), 'session view').toEqual([]);

    await page.keyboard.press('Control+K');
    await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
    expect(await violations(page), 'palette').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Add host' }).click();
    await expect(page.getByRole('dialog', { name: 'Add host' })).toBeVisible();
    expect(await violations(page), 'add host dialog').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Session board' }).click();
    await expect(page.getByRole('list', { name: 'Sessions', exact: true })).toBeVisible();
    expect(await violations(page), 'board with a session').toEqual([]);

    await page.getByRole('button', { name: 'Health of This computer' }).click();
    await expect(page.getByRole('group', { name: 'PID' })).toBeVisible();
    expect(await violations(page), 'health view').toEqual([]);
    await app.screenshot(page, `accessibility-${colorScheme}`);
  });
}
