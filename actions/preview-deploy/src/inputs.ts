import { defineInputs, defineOutputs } from '@shipkit/kit';
import { providerInputs } from '@shipkit/deploy/inputs';

/** Declared once; `test/action-yml.test.ts` checks these against action.yml. The provider's inputs are the deploy lane's shared fragment. */
export const inputs = defineInputs({
  ...providerInputs,
  mode: { type: 'enum', values: ['deploy', 'destroy', 'gc'], default: 'deploy' },
  name: { type: 'string' },
  environment: { type: 'string' },
  alias: { type: 'string' },
  comment: { type: 'boolean', default: 'true' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
  ttl: { type: 'duration', default: '7d', min: 60_000 },
});

export const outputs = defineOutputs(['url', 'alias-url', 'deployment-id', 'github-deployment-id', 'environment', 'skipped', 'report']);
