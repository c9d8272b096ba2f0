import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic, fast) and `e2e` (the committed bundles run as the runner runs
// them, against real servers, git repos and tools on loopback).
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'actions/*/test/**/*.unit.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.e2e.test.ts', '**/node_modules/**', '**/fixtures/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['actions/*/test/**/*.e2e.test.ts', 'packages/*/test/**/*.e2e.test.ts', 'examples/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          setupFiles: ['./packages/testkit/src/vitest-setup.ts'],
        },
      },
    ],
    testTimeout: 20_000,
    reporters: ['default', './scripts/tally-reporter.mjs'],
    pool: 'forks',
  },
});
