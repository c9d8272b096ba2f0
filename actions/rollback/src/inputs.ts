import { defineInputs, defineOutputs } from '@shipkit/kit';
import { providerInputs } from '@shipkit/deploy/inputs';

/** Declared once; `test/action-yml.test.ts` checks these against action.yml. The provider's inputs are the deploy lane's shared fragment. */
export const inputs = defineInputs({
  ...providerInputs,
  environment: { type: 'string', default: 'production' },
  to: { type: 'string' },
  reason: { type: 'string' },
  evidence: { type: 'list' },
  'verify-probes': { type: 'string' },
  'mark-bad': { type: 'boolean', default: 'true' },
  issue: { type: 'boolean', default: 'true' },
  'webhook-url': { type: 'url', secret: true },
  'dry-run': { type: 'boolean', default: 'false' },
  force: { type: 'boolean', default: 'false' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
});

export const outputs = defineOutputs(['rolled-back-to', 'rolled-back-from', 'url', 'verified', 'issue-url', 'duration-ms', 'report']);
