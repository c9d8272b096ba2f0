// Break things on purpose and let diagnose say why: the example service's API tests run (vitest,
// JUnit report) against a failing release, and a type error goes through the real tsc. diagnose
// should call the first a test failure (tier 2) and the second a type error (tier 1), with the
// failing test and the file and line of the type error as evidence.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default async function diagnoseStage(ctx) {
  const dir = join(ctx.workdir, 'diagnose');
  mkdirSync(join(dir, 'test'), { recursive: true });
  mkdirSync(join(dir, 'reports'), { recursive: true });
  writeFileSync(
    join(dir, 'test', 'api.test.mjs'),
    [
      "import { describe, it, expect } from 'vitest';",
      'const base = process.env.APP_URL;',
      "describe('example service', () => {",
      "  it('is healthy', async () => expect((await fetch(`${base}/healthz`)).status).toBe(200));",
      "  it('lists items', async () => expect((await fetch(`${base}/api/items`)).status).toBe(200));",
      '});',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'price.ts'), 'export const price: number = "12.50";\n');

  // 1. The service's tests against a failing release.
  ctx.app.mode = 'failing';
  const tests = await ctx.exec(
    process.execPath,
    [
      join(ctx.root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--root',
      dir,
      '--reporter=default',
      '--reporter=junit',
      '--outputFile.junit=reports/junit.xml',
    ],
    { cwd: dir, env: { APP_URL: ctx.appUrl, NO_COLOR: '1', CI: 'true' } },
  );
  ctx.app.mode = 'healthy';
  writeFileSync(join(dir, 'test.log'), tests.out);
  const testRun = await ctx.shipkit('diagnose', { junit: 'reports/*.xml', logs: 'test.log', mode: 'summary' }, { cwd: dir, quiet: true });

  // 2. A type error, through the real compiler.
  const tsc = await ctx.exec(
    process.execPath,
    [join(ctx.root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', 'price.ts'],
    {
      cwd: dir,
    },
  );
  writeFileSync(join(dir, 'tsc.log'), tsc.out);
  const typeRun = await ctx.shipkit('diagnose', { logs: 'tsc.log' }, { cwd: dir, quiet: true });

  for (const run of [testRun, typeRun]) console.log(`    ${run.outputs.summary}`);
  const testOk = testRun.code === 0 && testRun.outputs.category === 'test' && testRun.outputs.tier === '2';
  const typeOk = typeRun.code === 0 && typeRun.outputs.category === 'type' && typeRun.outputs.tier === '1';
  return {
    verdict: testOk && typeOk ? 'pass' : 'fail',
    detail:
      `failing release → ${testRun.outputs.category} (tier ${testRun.outputs.tier}): ${testRun.outputs['failed-tests']?.split('\n').join(', ') || 'no failing test found'}; ` +
      `bad type → ${typeRun.outputs.category} (tier ${typeRun.outputs.tier}), fingerprint ${typeRun.outputs.fingerprint}`,
    expected: testOk && typeOk && tests.code !== 0 && tsc.code !== 0,
  };
}
