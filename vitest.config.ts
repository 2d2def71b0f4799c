import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'daemon/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts', './scripts/vitest-app-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Daemon and SSH tests start real processes; two cores are shared between files.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
