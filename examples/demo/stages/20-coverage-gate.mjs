// Coverage gate on a pull request to the example service: a copy of examples/app with a vitest
// suite, a real git history, and a change that adds price validation and a `?max-price=` filter to
// /api/items. vitest (v8 coverage, LCOV) measures the tests; coverage-gate gates the changed lines.
// First the filter ships without a test: the gate fails and points at the uncovered lines. Then the
// test is added and the gate passes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_SPEC_SETUP, copyApp, gitIn, initialCommit, rejectNegativePrice } from '../lib/project.mjs';

const SPEC = `${APP_SPEC_SETUP}
it('lists items', async () => {
  const res = await fetch(\`\${url}/api/items\`);
  expect(res.status).toBe(200);
});

it('creates an item', async () => {
  expect((await post({ name: 'cortado', price: 3 })).status).toBe(201);
});

it('rejects an item without a name', async () => {
  expect((await post({ price: 3 })).status).toBe(422);
});
`;

const VALIDATION_SPEC = `
it('rejects a negative price', async () => {
  expect((await post({ name: 'refund', price: -1 })).status).toBe(422);
});
`;

const FILTER_SPEC = `
it('filters by max price', async () => {
  const body = await (await fetch(\`\${url}/api/items?max-price=2\`)).json();
  expect(body.items.every((i) => i.price <= 2)).toBe(true);
  expect((await fetch(\`\${url}/api/items?max-price=cheap\`)).status).toBe(400);
});
`;

export default async function coverageGateStage(ctx) {
  const dir = copyApp(ctx, 'coverage-gate-app');
  writeFileSync(join(dir, 'package.json'), '{ "name": "example-app", "private": true, "type": "module" }\n');
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    "export default { test: { include: ['test/**/*.spec.mjs'], coverage: { provider: 'v8', include: ['src/**'], reporter: ['lcovonly'], reportsDirectory: 'coverage' } } };\n",
  );
  writeFileSync(join(dir, 'test/app.spec.mjs'), SPEC);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\ncoverage\n');
  const git = gitIn(ctx, dir);
  const test = () => ctx.exec(process.execPath, [join(ctx.root, 'node_modules/vitest/vitest.mjs'), 'run', '--coverage'], { cwd: dir });
  const base = await initialCommit(git);

  // The pull request: reject negative prices (tested) and filter by ?max-price= (not tested yet).
  await git('checkout', '-q', '-b', 'price-rules');
  const app = rejectNegativePrice(readFileSync(join(dir, 'src/app.js'), 'utf8')).replace(
    "    if (path === '/api/items' && req.method === 'GET')\n",
    [
      "    if (path === '/api/items' && req.method === 'GET' && url.searchParams.has('max-price')) {",
      "      const max = Number(url.searchParams.get('max-price'));",
      "      if (Number.isNaN(max)) return ['/api/items', 400, { error: '`max-price` must be a number' }];",
      '      const items = [...state.items.values()].filter((i) => i.price <= max);',
      "      return ['/api/items', 200, { items, count: items.length }];",
      '    }',
      "    if (path === '/api/items' && req.method === 'GET')\n",
    ].join('\n'),
  );
  if (!app.includes('max-price') || !app.includes('must not be negative'))
    throw new Error('examples/app/src/app.js changed shape; update this stage');
  writeFileSync(join(dir, 'src/app.js'), app);
  writeFileSync(join(dir, 'test/app.spec.mjs'), SPEC + VALIDATION_SPEC);
  await git('commit', '-q', '-am', 'price rules');

  const gate = async () => {
    const t = await test();
    if (t.code !== 0) throw new Error(`the example's tests failed:\n${t.out}`);
    return ctx.shipkit(
      'coverage-gate',
      { files: 'coverage/lcov.info', base, 'min-new-lines': '90', 'min-new-branches': '80' },
      { cwd: dir },
    );
  };
  const first = await gate();

  // Review feedback: test the filter too.
  writeFileSync(join(dir, 'test/app.spec.mjs'), SPEC + VALIDATION_SPEC + FILTER_SPEC);
  await git('commit', '-q', '-am', 'test the max-price filter');
  const second = await gate();

  const f = (o) =>
    `${o['new-lines'] || 'n/a'} % of ${o['new-lines-total']} changed lines, ${o['new-branches'] || 'n/a'} % of ${o['new-branches-total']} branches`;
  return {
    verdict: second.code === 0 ? 'pass' : 'fail',
    detail: `untested filter: ${f(first.outputs)} → ${first.outputs.passed === 'true' ? 'passed' : 'failed'}; with its test: ${f(second.outputs)} → ${second.outputs.passed === 'true' ? 'passed' : 'failed'} (overall ${second.outputs.lines} % lines)`,
    expected: first.code !== 0 && first.outputs.passed === 'false' && second.code === 0 && second.outputs.passed === 'true',
  };
}
