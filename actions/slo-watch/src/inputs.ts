import { defineInputs, defineOutputs } from '@shipkit/kit';
import { analysisInputs } from '@shipkit/analysis/inputs';

/**
 * Declared once; `test/action-yml.test.ts` checks these against action.yml. The analysis inputs
 * (source and the probes, metrics, selectors, SLOs, statistics) are the shared declaration
 * canary-step uses too.
 */
export const inputs = defineInputs({
  ...analysisInputs,
  duration: { type: 'duration', default: '5m', min: 1000, max: 6 * 3_600_000 },
  interval: { type: 'duration', default: '10s', min: 1000, max: 600_000 },
  since: { type: 'string' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
  'fail-on-inconclusive': { type: 'boolean', default: 'false' },
});

export const outputs = defineOutputs(['verdict', 'reason', 'error-rate', 'p99-ms', 'requests', 'decided-after', 'report']);
