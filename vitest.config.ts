import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three projects: `unit` (pure logic, fast), `e2e` (the committed bundles run as the runner runs
// them, against real servers, git repos and tools on loopback) and `e2e-slow`: the end-to-end suites
// that run heavy real tools (StrykerJS, the project linters and type checkers, vitest itself, npm
// pack and install), kept apart so `--project unit --project e2e` stays quick while developing.
// `npm test` runs all three.
const slow = [
  'actions/mutation-changed/test/**/*.e2e.test.ts',
  'actions/fast-gates/test/**/*.e2e.test.ts',
  'actions/diagnose/test/vitest-report.e2e.test.ts',
  'actions/diagnose/test/autofix.e2e.test.ts',
  'packages/cli/test/pack.e2e.test.ts',
  // `npm run demo` itself: three releases through `shipkit pipeline`, StrykerJS and vitest among them.
  'examples/demo.e2e.test.ts',
];
const e2e = {
  testTimeout: 120_000,
  hookTimeout: 120_000,
  setupFiles: ['./packages/testkit/src/vitest-setup.ts'],
};

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
          exclude: [...slow, '**/node_modules/**', '**/fixtures/**'],
          ...e2e,
        },
      },
      { extends: true, test: { name: 'e2e-slow', include: slow, ...e2e } },
    ],
    testTimeout: 20_000,
    // The suites wait on child processes far more than they compute: two workers even on two cores
    // (vitest's default there is one) halve the wall time (bench figures in the f1 closing note).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', './scripts/tally-reporter.mjs'],
    pool: 'forks',
  },
});
