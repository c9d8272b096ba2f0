import { defineInputs, defineOutputs } from '@shipkit/kit';

export const PROVIDERS = ['local', 'command', 'vercel', 'cloudflare-pages', 'cloudflare-workers', 'netlify'] as const;

/** Declared once; `test/action-yml.test.ts` checks these against action.yml. */
export const inputs = defineInputs({
  provider: { type: 'enum', values: PROVIDERS, default: 'local' },
  mode: { type: 'enum', values: ['deploy', 'destroy', 'gc'], default: 'deploy' },
  name: { type: 'string' },
  directory: { type: 'string', default: '.' },
  'start-command': { type: 'string' },
  'deploy-command': { type: 'string' },
  'destroy-command': { type: 'string' },
  environment: { type: 'string' },
  token: { type: 'string', secret: true },
  project: { type: 'string' },
  account: { type: 'string' },
  'api-url': { type: 'url' },
  alias: { type: 'string' },
  'wait-timeout': { type: 'duration', default: '5m', min: 1000, max: 3_600_000 },
  comment: { type: 'boolean', default: 'true' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
  ttl: { type: 'duration', default: '168h', min: 60_000 },
});

export const outputs = defineOutputs(['url', 'alias-url', 'deployment-id', 'github-deployment-id', 'environment', 'skipped', 'report']);
