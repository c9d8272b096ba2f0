import { defineInputs, defineOutputs } from '@shipkit/kit';
import { providerInputs } from '@shipkit/deploy/inputs';
import { analysisInputs } from '@shipkit/analysis/inputs';

/**
 * Declared once; `test/action-yml.test.ts` checks these against action.yml. The provider inputs
 * are the deploy lane's shared fragment, the analysis inputs the one slo-watch spreads too; only
 * `source` differs: with the local provider it may be left out (the traffic proxy's own counts).
 */
export const inputs = defineInputs({
  ...providerInputs,
  ...analysisInputs,
  source: { ...analysisInputs.source, required: false },
  candidate: { type: 'string', required: true },
  stable: { type: 'string' },
  steps: { type: 'list', default: '5,25,100' },
  bake: { type: 'duration', default: '10m', min: 1000, max: 6 * 3_600_000 },
  weight: { type: 'int', min: 0, max: 100 },
  interval: { type: 'duration', default: '10s', min: 1000, max: 600_000 },
  'on-inconclusive': { type: 'enum', values: ['pause', 'abort', 'promote'], default: 'pause' },
  resume: { type: 'boolean', default: 'false' },
  name: { type: 'string' },
  environment: { type: 'string', default: 'production' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
});

export const outputs = defineOutputs(['verdict', 'weight', 'step', 'reason', 'report']);
