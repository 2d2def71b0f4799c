/**
 * What went wrong in the test's pages: uncaught exceptions and crashes (which fail the test)
 * and console errors (attached to the report only: a failed request logs one, by design).
 */
import type { BrowserContext, Page, TestInfo } from '@playwright/test';

export class BrowserErrors {
  /** Uncaught exceptions, unhandled rejections and crashes while the test ran. */
  readonly uncaught: string[] = [];
  readonly console: string[] = [];
  /** Errors after the test body, while the world shut down under the page. */
  readonly afterTest: string[] = [];
  private sealed = false;

  constructor(context: BrowserContext) {
    for (const page of context.pages()) this.watch(page);
    context.on('page', (page) => this.watch(page));
  }

  /** From here on, errors are the shutdown's, not the test's. */
  seal(): void {
    this.sealed = true;
  }

  private record(kind: 'uncaught' | 'console', text: string): void {
    if (this.sealed) this.afterTest.push(`${kind}: ${text}`);
    else this[kind].push(text);
  }

  private watch(page: Page): void {
    page.on('pageerror', (error) => this.record('uncaught', `${page.url()}\n${error.stack ?? `${error.name}: ${error.message}`}`));
    page.on('crash', () => this.record('uncaught', `${page.url()}\nthe page crashed`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const { url, lineNumber } = message.location();
      this.record('console', `${message.text()}${url ? `  (${url}:${lineNumber})` : ''}`);
    });
  }

  /** Attaches what was seen, and throws if the page had an uncaught error. */
  async report(testInfo: TestInfo): Promise<void> {
    const attach = (name: string, lines: string[]) =>
      lines.length > 0 ? testInfo.attach(name, { body: lines.join('\n\n'), contentType: 'text/plain' }) : Promise.resolve();
    await attach('page-uncaught-errors', this.uncaught);
    await attach('page-console-errors', this.console);
    await attach('page-errors-after-test', this.afterTest);
    if (this.uncaught.length > 0) {
      throw new Error(`the page had ${this.uncaught.length} uncaught error(s); an uncaught exception in the renderer fails the test:\n\n${this.uncaught.join('\n\n')}`);
    }
  }
}
