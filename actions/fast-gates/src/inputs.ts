import { defineInputs, defineOutputs } from '@shipkit/kit';

export const inputs = defineInputs({
  gates: { type: 'yaml', default: 'auto' },
  // Tri-state: empty means "decide from the event" (true on pull requests).
  'changed-only': { type: 'enum', values: ['true', 'false'] },
  base: { type: 'string' },
  'fail-fast': { type: 'boolean', default: 'true' },
  budget: { type: 'duration', default: '30s', min: 1 },
  parallel: { type: 'int', min: 1, max: 64 },
  sarif: { type: 'string' },
  'working-directory': { type: 'string', default: '.' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
});

export const outputs = defineOutputs(['passed', 'failed-gates', 'duration-ms', 'report', 'sarif']);
