/**
 * diagnose on reports as real projects write them: jest-junit with its default templates (a leading
 * space on tests outside any describe, absolute `file` attributes and stack frames), the jest
 * console output of the same run, and a type check with more errors than the scanner keeps.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle } from '@shipkit/testkit';
import { diagnoseThreeWays } from './modes';

const scratch = mkdtempSync(join(tmpdir(), 'diagnose-real-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One jest run: two failures (one in a describe, one outside any), as jest-junit 16 and jest 29 print them. */
function jestProject(): string {
  const ws = mkdtempSync(join(scratch, 'jest-'));
  mkdirSync(join(ws, 'reports'));
  const file = `${ws}/src/cart.test.js`;
  writeFileSync(
    join(ws, 'reports', 'junit.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="3" failures="2" errors="0" time="0.412">
  <testsuite name="src/cart.test.js" errors="0" failures="2" skipped="0" timestamp="2026-01-10T10:00:00" time="0.301" tests="3">
    <testcase classname="cart applies the discount" name="cart applies the discount" time="0.004" file="${file}">
      <failure>Error: expect(received).toBe(expected) // Object.is equality

Expected: 90
Received: 100
    at Object.toBe (${file}:14:24)
    at Promise.then.completed (${ws}/node_modules/jest-circus/build/utils.js:298:28)</failure>
    </testcase>
    <testcase classname="cart sums the items" name="cart sums the items" time="0.001" file="${file}">
    </testcase>
    <testcase classname=" adds the shipping fee" name=" adds the shipping fee" time="0.002" file="${file}">
      <failure>Error: expect(received).toBe(expected) // Object.is equality

Expected: 105
Received: 100
    at Object.toBe (${file}:22:19)</failure>
    </testcase>
  </testsuite>
</testsuites>
`,
  );
  writeFileSync(
    join(ws, 'test.log'),
    `> shop@1.0.0 test
> jest --ci --reporters=default --reporters=jest-junit

FAIL src/cart.test.js
  cart
    ✕ applies the discount (4 ms)
    ✓ sums the items (1 ms)
  ✕ adds the shipping fee (2 ms)

  ● cart › applies the discount

    expect(received).toBe(expected) // Object.is equality

    Expected: 90
    Received: 100

      at Object.toBe (src/cart.test.js:14:24)

  ● adds the shipping fee

    expect(received).toBe(expected) // Object.is equality

    Expected: 105
    Received: 100

      at Object.toBe (src/cart.test.js:22:19)

Test Suites: 1 failed, 1 total
Tests:       2 failed, 1 passed, 3 total
`,
  );
  return ws;
}

describe('jest-junit and jest output of the same run', () => {
  it('test ids carry no leading space; annotations are workspace-relative, one per failing test', async () => {
    const ws = jestProject();
    const r = await runBundle('diagnose', { cwd: ws, inputs: { junit: 'reports/*.xml' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['failed-tests']).toBe('cart applies the discount\nadds the shipping fee');
    const annotations = r.errors.filter((e) => e.properties.file);
    expect(annotations.map((e) => `${e.properties.file}:${e.properties.line}`)).toEqual(['src/cart.test.js:14', 'src/cart.test.js:22']);
    expect(r.report?.data.failedTests.map((t: { file: string }) => t.file)).toEqual(['src/cart.test.js', 'src/cart.test.js']);
    expect(r.stdout).not.toContain(`file=${ws}`);
  });

  it('the same fingerprint from the report, the log or both; one annotation per failing test each time', async () => {
    const ws = jestProject();
    const runs = await diagnoseThreeWays(ws, 'reports/*.xml', 'test.log');
    for (const [mode, r] of Object.entries(runs)) {
      expect(r.code, `${mode}: ${r.stdout}`).toBe(0);
      expect(r.outputs.category, mode).toBe('test');
      expect(
        r.errors.filter((e) => e.properties.file),
        mode,
      ).toHaveLength(2);
      expect(r.outputs.summary, mode).toMatch(/2 tests failed/);
    }
    expect(runs.log.outputs['failed-tests']).toBe('cart › applies the discount\nadds the shipping fee');
    expect(runs.log.outputs.fingerprint).toBe(runs.report.outputs.fingerprint);
    expect(runs.both.outputs.fingerprint).toBe(runs.report.outputs.fingerprint);
  });
});

describe('counts say the true number', () => {
  it('a type check with 100 errors is 100 type problems, with how many are listed; paths outside the workspace are not annotated', async () => {
    const ws = mkdtempSync(join(scratch, 'tsc-'));
    const lines = ['> tsc --noEmit -p .'];
    for (let i = 1; i <= 99; i++)
      lines.push(`${ws}/src/module${i}.ts(${i},5): error TS2322: Type 'string' is not assignable to type 'number'.`);
    lines.push("/opt/hostedtoolcache/node/24/lib/node_modules/typescript/lib/lib.dom.d.ts(1,1): error TS2300: Duplicate identifier 'URL'.");
    lines.push('Found 100 errors in 100 files.');
    writeFileSync(join(ws, 'tsc.log'), `${lines.join('\n')}\n`);
    const r = await runBundle('diagnose', { cwd: ws, inputs: { logs: 'tsc.log' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.category).toBe('type');
    expect(r.outputs.summary).toMatch(
      /^\*\*type\*\* \(tier 1, safe to fix automatically\): tsc reported 100 type problems \(40 listed\) in `tsc\.log`/,
    );
    expect(r.report?.data.found.type).toBe(100);
    const files = r.errors.map((e) => e.properties.file).filter(Boolean);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f?.startsWith('src/module'))).toBe(true);
    expect(r.summary).toMatch(/more annotations were not shown/);
  });

  it('a log with more failing tests than the scanner keeps counts them all', async () => {
    const ws = mkdtempSync(join(scratch, 'vitest-many-'));
    const lines: string[] = [];
    for (let i = 1; i <= 60; i++) lines.push(` FAIL  src/t${i}.test.ts > suite > case ${i}`, `AssertionError: expected ${i} to be 0`, '');
    writeFileSync(join(ws, 'test.log'), lines.join('\n'));
    const r = await runBundle('diagnose', { cwd: ws, inputs: { logs: 'test.log' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.summary).toMatch(/^\*\*test\*\* \(tier 2, needs a reviewed PR\): 60 tests failed \(40 listed\)/);
    expect(r.outputs['failed-tests']?.split('\n')).toHaveLength(40);
  });
});
