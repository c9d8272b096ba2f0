import { defineInputs, defineOutputs } from '@shipkit/kit';

/** Declared once; `test/action-yml.test.ts` checks these against action.yml. */
export const inputs = defineInputs({
  rules: { type: 'yaml' },
  migrations: { type: 'list', default: '**/migrations/**/*.sql, **/migrate/**/*.sql, prisma/migrations/**/*.sql' },
  trust: { type: 'enum', values: ['ledger', 'none'], default: 'ledger' },
  levels: { type: 'yaml' },
  'on-allowed': { type: 'enum', values: ['label', 'auto-merge', 'none'], default: 'label' },
  'on-review': { type: 'enum', values: ['label', 'request-review', 'none'], default: 'label' },
  'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
});

export const outputs = defineOutputs(['risk', 'agent', 'trust-level', 'decision', 'reasons', 'report']);
