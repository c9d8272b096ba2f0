import { defineInputs, defineOutputs } from '@shipkit/kit';

/** Declared once; `test/action-yml.test.ts` checks these against action.yml. */
export const inputs = defineInputs({
  url: { type: 'url' },
  probes: { type: 'string' },
  'wait-timeout': { type: 'duration', default: '60s', min: 0, max: 3_600_000 },
  retries: { type: 'int', default: '2', min: 0, max: 20 },
  'retry-delay': { type: 'duration', default: '1s', min: 0, max: 600_000 },
  timeout: { type: 'duration', default: '10s', min: 1, max: 600_000 },
  concurrency: { type: 'int', default: '8', min: 1, max: 256 },
  headers: { type: 'yaml' },
  'bearer-token': { type: 'string', secret: true },
  'follow-redirects': { type: 'boolean', default: 'true' },
});

export const outputs = defineOutputs(['passed', 'total', 'failed', 'p50-ms', 'p95-ms', 'max-ms', 'report']);
