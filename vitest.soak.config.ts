import { defineConfig } from 'vitest/config';

// The long runs (load, soak): `npm run test:soak`. One file at a time: each loads the machine on purpose.
export default defineConfig({
  test: {
    include: ['soak/**/*.soak.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts', './scripts/vitest-app-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
