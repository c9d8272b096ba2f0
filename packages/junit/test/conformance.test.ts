import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJUnitFile } from '../src/index';

interface Expected {
  path: string;
  dialect: string;
  tests: number | null;
  failures: number | null;
  errors: number | null;
  skipped: number | null;
  flaky: number | null;
  expect_error: boolean;
  strict_xml_well_formed?: boolean;
}

const fixtures = join(import.meta.dirname, 'fixtures');
const expected = JSON.parse(readFileSync(join(fixtures, 'corpus-expected.json'), 'utf8')) as Expected[];

describe('JUnit corpus conformance (per-<testcase> counts of expected.json)', () => {
  for (const e of expected.filter((x) => !x.expect_error && x.strict_xml_well_formed !== false)) {
    it(`${e.path} (${e.dialect.slice(0, 60)})`, async () => {
      const r = await parseJUnitFile(join(fixtures, 'corpus', e.path));
      expect({ tests: r.tests, failures: r.failures, errors: r.errors, skipped: r.skipped, flaky: r.flaky }).toEqual({
        tests: e.tests,
        failures: e.failures,
        errors: e.errors,
        skipped: e.skipped,
        flaky: e.flaky,
      });
      expect(r.passed + r.failures + r.errors + r.skipped).toBe(r.tests);
    });
  }

  for (const e of expected.filter((x) => x.expect_error || x.strict_xml_well_formed === false)) {
    it(`rejects ${e.path} (${e.dialect.slice(0, 60)})`, async () => {
      await expect(parseJUnitFile(join(fixtures, 'corpus', e.path))).rejects.toThrow();
    });
  }

  it('covers every JUnit record of the corpus', () => {
    expect(expected.length).toBe(66);
  });
});
