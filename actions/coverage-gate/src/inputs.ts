import { defineInputs, defineOutputs } from '@shipkit/kit';

/** Declared once; `test/action-yml.test.ts` checks these against action.yml. */
export const inputs = defineInputs({
  files: { type: 'list', required: true },
  base: { type: 'string' },
  'diff-file': { type: 'string' },
  'min-new-lines': { type: 'percent', default: '90' },
  'min-new-branches': { type: 'percent', default: '80' },
  'min-lines': { type: 'percent' },
  'min-branches': { type: 'percent' },
  baseline: { type: 'string' },
  'baseline-artifact': { type: 'string' },
  'max-drop': { type: 'number', default: '0', min: 0, max: 100 },
  'path-map': { type: 'list' },
  exclude: { type: 'list' },
  annotate: { type: 'boolean', default: 'true' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
});

export const outputs = defineOutputs([
  'passed',
  'lines',
  'branches',
  'new-lines',
  'new-branches',
  'new-lines-covered',
  'new-lines-total',
  'new-branches-covered',
  'new-branches-total',
  'drop',
  'report',
  'summary-path',
]);
