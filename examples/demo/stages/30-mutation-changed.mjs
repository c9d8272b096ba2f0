// Mutation testing of a pull request on the example service: a copy of examples/app with a spec
// suite (vitest) and a Stryker config, a real git history, and a change that adds price validation
// to POST /api/items. Only the changed lines are mutated (real StrykerJS from this repo's
// node_modules); the gate counts the mutants on them.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SPEC = `import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

let server;
let url;
beforeAll(async () => {
  ({ server } = createApp({ version: '1.0.0' }));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  url = \`http://127.0.0.1:\${server.address().port}\`;
});
afterAll(() => new Promise((r) => server.close(r)));

const post = (body) => fetch(\`\${url}/api/items\`, { method: 'POST', body: JSON.stringify(body) });

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
  const dir = join(ctx.workdir, 'mutation-changed-app');
  mkdirSync(join(dir, 'test'), { recursive: true });
  cpSync(join(ctx.root, 'examples/app/src'), join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "example-app", "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['test/**/*.spec.mjs'] } };\n");
  writeFileSync(
    join(dir, 'stryker.config.mjs'),
    "export default { testRunner: 'vitest', vitest: { configFile: 'vitest.config.mjs' }, coverageAnalysis: 'perTest', reporters: ['clear-text'], concurrency: 2 };\n",
  );
  writeFileSync(join(dir, 'test/app.spec.mjs'), SPEC);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\nreports\n.stryker-tmp\n');
  symlinkSync(join(ctx.root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const git = (...args) =>
    ctx.exec('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'example service');
  const base = (await git('rev-parse', 'HEAD')).out.trim();

  // The pull request: reject negative prices, with a test for it.
  await git('checkout', '-q', '-b', 'price-validation');
  const app = readFileSync(join(dir, 'src/app.js'), 'utf8');
  writeFileSync(
    join(dir, 'src/app.js'),
    app.replace(
      '      const created = { id: state.nextId++',
      "      if (Number(item.price ?? 0) < 0) return ['/api/items', 422, { error: '`price` must not be negative' }];\n      const created = { id: state.nextId++",
    ),
  );
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
