// Mutation testing of a pull request on the example service: a copy of examples/app with a spec
// suite (vitest) and a Stryker config, a real git history, and a change that adds price validation
// to POST /api/items. Only the changed lines are mutated (real StrykerJS from this repo's
// node_modules); the gate counts the mutants on them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_SPEC_SETUP, copyApp, gitIn, initialCommit, rejectNegativePrice } from '../lib/project.mjs';

const SPEC = `${APP_SPEC_SETUP}
it('lists items', async () => {
  const res = await fetch(\`\${url}/api/items\`);
  expect(res.status).toBe(200);
  expect((await res.json()).count).toBe(2);
});

it('creates an item', async () => {
  const res = await post({ name: 'cortado', price: 3 });
  expect(res.status).toBe(201);
  expect(await res.json()).toMatchObject({ name: 'cortado', price: 3 });
});

it('rejects an item without a name', async () => {
  expect((await post({ price: 3 })).status).toBe(422);
});
`;

const NEGATIVE_PRICE_SPEC = `
it('rejects a negative price', async () => {
  const res = await post({ name: 'refund', price: -1 });
  expect(res.status).toBe(422);
  expect((await res.json()).error).toBe('\`price\` must not be negative');
});
`;

export default async function mutationChangedStage(ctx) {
  const dir = copyApp(ctx, 'mutation-changed-app');
  writeFileSync(join(dir, 'package.json'), '{ "name": "example-app", "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['test/**/*.spec.mjs'] } };\n");
  writeFileSync(
    join(dir, 'stryker.config.mjs'),
    "export default { testRunner: 'vitest', vitest: { configFile: 'vitest.config.mjs' }, coverageAnalysis: 'perTest', reporters: ['clear-text'], concurrency: 2 };\n",
  );
  writeFileSync(join(dir, 'test/app.spec.mjs'), SPEC);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\nreports\n.stryker-tmp\n');
  const git = gitIn(ctx, dir);
  const base = await initialCommit(git);

  // The pull request: reject negative prices, with a test for it.
  await git('checkout', '-q', '-b', 'price-validation');
  const app = readFileSync(join(dir, 'src/app.js'), 'utf8');
  writeFileSync(join(dir, 'src/app.js'), rejectNegativePrice(app));
  writeFileSync(join(dir, 'test/app.spec.mjs'), SPEC + NEGATIVE_PRICE_SPEC);
  await git('commit', '-q', '-am', 'reject negative prices');

  const started = Date.now();
  const run = await ctx.shipkit('mutation-changed', { base, 'min-score': '60', 'time-budget': '50s' }, { cwd: dir });
  const o = run.outputs;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return {
    verdict: run.code === 0 ? 'pass' : 'fail',
    detail: `${o['changed-files']} changed file, ${o.total} mutants on the changed line: score ${o.score || 'n/a'} % (killed ${o.killed}, survived ${o.survived}, no coverage ${o['no-coverage']}), min 60 % → ${o.passed === 'true' ? 'passed' : 'failed'} in ${seconds} s`,
    expected: run.code === 0 && Number(o.total) > 0,
  };
}
