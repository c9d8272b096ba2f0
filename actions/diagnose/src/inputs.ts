import { defineInputs, defineOutputs } from '@shipkit/kit';

/** Declared once; `test/action-yml.test.ts` checks these against action.yml. */
export const inputs = defineInputs({
  junit: { type: 'list' },
  logs: { type: 'list' },
  'run-id': { type: 'int', min: 1 },
  mode: { type: 'enum', values: ['summary', 'comment', 'issue', 'auto'], default: 'summary' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
  'llm-url': { type: 'url' },
  'llm-model': { type: 'string' },
  'llm-api-key': { type: 'string', secret: true },
  'max-cycles': { type: 'int', default: '3', min: 1, max: 100 },
  fix: { type: 'boolean', default: 'false' },
  'gate-command': { type: 'string' },
  rules: { type: 'string' },
  redact: { type: 'string' },
});

export const outputs = defineOutputs([
  'category',
  'tier',
  'fingerprint',
  'failed-tests',
  'summary',
  'report',
  'issue-url',
  'comment-url',
  'fixed',
  'fix-commit',
]);
