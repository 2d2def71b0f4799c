/** Steps many specs share, written as a user would do them. */
import type { Page } from '@playwright/test';
import { expect, type App } from './harness.js';

/** Starts a session on "This computer" in the test's work folder (in Auto mode unless told) and waits for its view. */
export async function startSession(page: Page, app: App, folder: string = app.workDir, mode?: 'Auto' | 'Code' | 'Plan' | 'Ask'): Promise<void> {
  await expect(page.getByRole('listitem', { name: 'Host This computer' }).getByText('Connected')).toBeVisible();
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('textbox', { name: 'Path' }).fill(folder);
  if (mode) await page.getByRole('radio', { name: new RegExp(`^${mode} `) }).check();
  const before = page.url();
  await page.getByRole('button', { name: 'Start session' }).click();
  // The new session's screen, not the one shown before it (whose composer would take what is typed next).
  await expect(page).not.toHaveURL(before);
  await expect(page).toHaveURL(/#\/session\//);
  await expect(page.getByRole('region', { name: 'Transcript' })).toBeVisible();
}

export async function send(page: Page, message: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(message);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

export const transcriptOf = (page: Page) => page.getByRole('region', { name: 'Transcript' });

/** Adds the SSH world's host under `name` (through the API), installs its daemon, waits until the sidebar says Connected. */
export async function addConnectedSshHost(page: Page, app: App, name: string): Promise<string> {
  const host = await app.call('hosts.add', { target: app.sshd.alias, name });
  await app.call('hosts.installDaemon', { hostId: host.id });
  await expect(page.getByRole('listitem', { name: `Host ${name}` }).getByText('Connected')).toBeVisible({ timeout: 30_000 });
  return host.id;
}

/** The composer's message box. */
export const messageBox = (page: Page) => page.getByRole('textbox', { name: 'Message' });

/** The failure blocks of the transcript, one per failed turn. */
export const failureBlocks = (page: Page) => transcriptOf(page).getByRole('note', { name: 'Turn failed' });

/** The id of the host called `name` ("This computer" unless told). */
export async function hostIdNamed(app: App, name = 'This computer'): Promise<string> {
  const host = (await app.call('hosts.list', {})).find((each) => each.name === name);
  if (!host) throw new Error(`no host named "${name}"`);
  return host.id;
}
