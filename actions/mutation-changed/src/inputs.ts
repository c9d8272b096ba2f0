import { defineInputs, defineOutputs } from '@shipkit/kit';

export const DEFAULT_MUTATE = 'src/**/*.{ts,tsx,js,jsx,mts,mjs}';

export const inputs = defineInputs({
  base: { type: 'string' },
  // A list splits on commas outside braces, so `{ts,tsx}` stays one glob.
  mutate: { type: 'list', default: DEFAULT_MUTATE },
  scope: { type: 'enum', values: ['lines', 'files'], default: 'lines' },
  command: { type: 'string', default: 'npx stryker run' },
  report: { type: 'string' },
  'min-score': { type: 'percent', default: '75' },
  'time-budget': { type: 'duration', default: '20m', min: 1000 },
  'on-budget-exhausted': { type: 'enum', values: ['fail', 'pass'], default: 'fail' },
  'shard-index': { type: 'int', default: '0', min: 0 },
  'shard-count': { type: 'int', default: '1', min: 1, max: 256 },
  merge: { type: 'list' },
  incremental: { type: 'boolean', default: 'true' },
  'working-directory': { type: 'string', default: '.' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
});

export const outputs = defineOutputs([
  'score',
  'killed',
  'survived',
  'no-coverage',
  'timed-out',
  'total',
  'passed',
  'changed-files',
  'report',
] as const);
