import type { FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';

/**
 * Ends the run with one plain line, `e2e: N passed, N failed, N skipped`, and fails the run
 * when any test was skipped (or never ran): a skipped test must never look like a pass.
 */
export default class SummaryReporter implements Reporter {
  private root: Suite | undefined;

  onBegin(_config: unknown, suite: Suite): void {
    this.root = suite;
  }

  printsToStdio(): boolean {
    return true;
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skipped: TestCase[] = [];
    for (const test of this.root?.allTests() ?? []) {
      const outcome = test.outcome();
      if (outcome === 'expected') counts.passed++;
      else if (outcome === 'skipped') {
        counts.skipped++;
        skipped.push(test);
      }
      // "flaky" passed only on a retry: not a pass either.
      else counts.failed++;
    }
    if (skipped.length > 0) {
      process.stdout.write(`\ne2e: these tests did not run, which fails the run:\n${skipped.map((test) => `  - ${test.titlePath().filter(Boolean).join(' › ')}`).join('\n')}\n`);
    }
    process.stdout.write(`\ne2e: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    if (skipped.length > 0 && result.status === 'passed') return { status: 'failed' };
    return undefined;
  }
}
