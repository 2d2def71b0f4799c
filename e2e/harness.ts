/**
 * The end-to-end test API: Playwright's `test` with
 *   `app`            a fresh world per test (temp folders, model server, desk process; see app.ts)
 *   `ssh`            option: `test.use({ ssh: true })` adds the real sshd world (app.sshd)
 *   `browserErrors`  automatic: an uncaught exception in any page fails the test
 */
import { test as base, type Page } from '@playwright/test';
import type { DeskMethodName, DeskParams, DeskResult } from '../shared/desk-api.js';
import { App } from './app.js';
import { BrowserErrors } from './browser-errors.js';

export interface HarnessFixtures {
  ssh: boolean;
  browserErrors: BrowserErrors;
  app: App;
}

export const test = base.extend<HarnessFixtures>({
  ssh: [false, { option: true }],

  browserErrors: [
    async ({ context }, use, testInfo) => {
      const errors = new BrowserErrors(context);
      await use(errors);
      errors.seal();
      await errors.report(testInfo);
    },
    { auto: true },
  ],

  app: async ({ ssh, browserErrors }, use, testInfo) => {
    const app = await App.start({ ssh }, testInfo);
    try {
      await use(app);
    } finally {
      // The page sees the desk go away next; what it does about that is not the test's doing.
      browserErrors.seal();
      const failed = testInfo.status !== testInfo.expectedStatus || browserErrors.uncaught.length > 0;
      if (failed) await app.attachLogs();
      const problems = await app.dispose();
      if (problems.length > 0) {
        if (!failed) await app.attachLogs().catch(() => undefined);
        throw new Error(`the test world had problems (found at teardown):\n${problems.join('\n')}`);
      }
    }
  },
});

export { expect } from '@playwright/test';
export type { App } from './app.js';
export type { SshWorld } from './ssh-world.js';

/**
 * Calls a desk method from inside the page, as the renderer does: same origin, the cookie as
 * the credential. Throws with the desk's message when the call fails.
 */
export async function callInPage<M extends DeskMethodName>(page: Page, method: M, params: DeskParams<M>): Promise<DeskResult<M>> {
  const outcome = await page.evaluate(
    async ({ method, params }) => {
      const response = await fetch(`/api/${method}`, { method: 'POST', body: JSON.stringify(params), headers: { 'content-type': 'application/json' } });
      const text = await response.text();
      return { status: response.status, text };
    },
    { method, params },
  );
  let body: { result?: unknown; error?: { message?: string } } = {};
  try {
    body = JSON.parse(outcome.text) as typeof body;
  } catch {
    // Reported below with the raw text.
  }
  if (outcome.status !== 200 || !('result' in body)) {
    throw new Error(`${method} from the page failed (HTTP ${outcome.status}): ${body.error?.message ?? outcome.text.slice(0, 300)}`);
  }
  return body.result as DeskResult<M>;
}
