export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.mjs' },
  coverageAnalysis: 'perTest',
  reporters: ['clear-text'],
  concurrency: 2,
};
