/** The health view shows what the daemon's health.check says, charts over time and the queue table. */
import { expect, test } from './harness.js';
import { send, startSession, transcriptOf } from './ui.js';

test('the health view shows health.check figures, a chart of several samples and the monitor table', async ({ app, page }) => {
  await app.open(page);
  await startSession(page, app);
  await send(page, 'say: healthy');
  await expect(transcriptOf(page).getByRole('note', { name: 'Turn finished' })).toBeVisible();

  await page.getByRole('button', { name: 'Health of This computer' }).click();
  await expect(page.getByRole('heading', { name: 'Health', exact: true })).toBeVisible();

  const { health } = await app.call('health.current', { hostId: 'local' });
  expect(health).not.toBeNull();
  await expect(page.getByRole('group', { name: 'PID' })).toContainText(String(health!.pid));
  await expect(page.getByRole('group', { name: 'Daemon version' })).toContainText(health!.version!);
  await expect(page.getByRole('group', { name: 'Sessions by status' })).toContainText('1 idle');
  await expect(page.getByRole('group', { name: 'Memory (RSS)' })).toContainText(/\d+(\.\d)? MB/);

  const table = page.getByRole('table', { name: 'Sessions on this daemon' });
  const session = (await app.call('sessions.list', {}))[0]!;
  await expect(table.getByRole('row', { name: new RegExp(session.name) })).toContainText('idle');

  // Samples arrive every few seconds; the chart draws once there are two.
  const memory = page.getByRole('figure', { name: /^Memory: \d+ samples$/ });
  await expect
    .poll(async () => Number(await memory.getAttribute('data-samples')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(2);
  await expect(memory.locator('path.recharts-line-curve').first()).toBeVisible();
  const d = await memory.locator('path.recharts-line-curve').first().getAttribute('d');
  expect(d?.match(/[ML]/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  await app.screenshot(page, 'health');
});
