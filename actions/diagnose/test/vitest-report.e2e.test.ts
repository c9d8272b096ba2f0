/**
 * A real vitest JUnit report: the test runs vitest (this repo's own) with `--reporter=junit` on a
 * tiny project with one failing test, then diagnoses the report and the console output.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, repoRoot } from '@shipkit/testkit';
import { diagnoseThreeWays } from './modes';

/** Every workspace this file creates lives here, removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'diagnose-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs this repo's vitest on the project in `ws`: a JUnit report in reports/, the console in test.log. */
function runVitest(ws: string): void {
  const vitest = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--root',
      ws,
      '--reporter=default',
      '--reporter=junit',
      '--outputFile.junit=reports/junit.xml',
    ],
    { cwd: ws, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  expect(vitest.status).toBe(1);
  writeFileSync(join(ws, 'test.log'), vitest.stdout + vitest.stderr);
}

describe('a real vitest JUnit report', () => {
  it('is read, the failing test located, and the category is test', async () => {
    const ws = mkdtempSync(join(scratch, 'diagnose-vitest-'));
    mkdirSync(join(ws, 'src'));
    mkdirSync(join(ws, 'reports'));
    writeFileSync(
      join(ws, 'src', 'cart.test.mjs'),
      [
        "import { describe, it, expect } from 'vitest';",
        'const total = (items, discount) => items.reduce((s, i) => s + i, 0) * (1 - discount);',
        "describe('cart', () => {",
        "  it('sums the items', () => expect(total([10, 20], 0)).toBe(30));",
        "  it('applies the discount', () => expect(total([100], 0.1)).toBe(91));",
        '});',
        '',
      ].join('\n'),
    );
    runVitest(ws);
    expect(readFileSync(join(ws, 'reports', 'junit.xml'), 'utf8')).toContain('<testsuites name="vitest tests"');

    const r = await runBundle('diagnose', { cwd: ws, inputs: { junit: 'reports/*.xml', logs: 'test.log' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.category).toBe('test');
    expect(r.outputs.tier).toBe('2');
    expect(r.outputs['failed-tests']).toBe('src/cart.test.mjs › cart > applies the discount');
    expect(r.report?.data.reports[0]).toMatchObject({ dialect: 'vitest', tests: 2, passed: 1, failures: 1 });
    const test = r.report?.data.failedTests[0];
    expect(test).toMatchObject({ file: 'src/cart.test.mjs', line: 5, message: 'expected 90 to be 91 // Object.is equality' });
    expect(r.errors.some((e) => e.properties.file === 'src/cart.test.mjs' && e.properties.line === '5')).toBe(true);
    expect(r.outputs.summary).toMatch(
      /1 test failed in `reports\/junit\.xml`, `test\.log`, first `src\/cart\.test\.mjs › cart > applies the discount` at `src\/cart\.test\.mjs:5`/,
    );
  });

  it('five failures: five annotations, and one fingerprint whether the report, the log or both are given', async () => {
    const ws = mkdtempSync(join(scratch, 'diagnose-vitest-five-'));
    mkdirSync(join(ws, 'src'));
    mkdirSync(join(ws, 'reports'));
    const cases = ['adds tax', 'rounds to cents', 'applies the discount', 'refuses negative prices', 'empties the cart'];
    writeFileSync(
      join(ws, 'src', 'checkout.test.mjs'),
      [
        "import { describe, it, expect } from 'vitest';",
        "describe('checkout', () => {",
        ...cases.map((name, i) => `  it('${name}', () => expect(${i}).toBe(${i + 10}));`),
        "  it('passes', () => expect(1).toBe(1));",
        '});',
        '',
      ].join('\n'),
    );
    runVitest(ws);
    const runs = await diagnoseThreeWays(ws, 'reports/*.xml', 'test.log');
    for (const [mode, r] of Object.entries(runs)) {
      expect(r.code, `${mode}: ${r.stdout}`).toBe(0);
      expect(r.outputs.category, mode).toBe('test');
      expect((r.outputs['failed-tests'] ?? '').split('\n'), mode).toHaveLength(5);
      const annotations = r.errors.filter((e) => e.properties.file);
      expect(
        annotations.map((e) => e.properties.file),
        mode,
      ).toEqual(Array(5).fill('src/checkout.test.mjs'));
      expect(
        annotations.map((e) => Number(e.properties.line)).sort((a, b) => a - b),
        mode,
      ).toEqual([3, 4, 5, 6, 7]);
      expect(r.outputs.summary, mode).toMatch(/^\*\*test\*\* \(tier 2, needs a reviewed PR\): 5 tests failed/);
    }
    expect(runs.log.outputs.fingerprint).toBe(runs.report.outputs.fingerprint);
    expect(runs.both.outputs.fingerprint).toBe(runs.report.outputs.fingerprint);
  });
});
