// Conformance: every coverage file of the shipkit corpus gives the counts its expected.json records
// (or is refused where the source repository refuses it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoverageReportError, readCoverageReport, type CoverageData } from '../src/index';

interface Expected {
  path: string;
  kind: string;
  expect_error?: boolean;
  counted: Record<string, unknown> & {
    lines_covered?: number;
    lines_total?: number;
    branches_covered?: number;
    branches_total?: number;
    statements_covered?: number;
    statements_total?: number;
    conditionals_covered?: number;
    conditionals_total?: number;
    report_counters?: Record<string, { covered: number; total: number }>;
    lines?: { covered: number; total: number };
    branches?: { covered: number; total: number };
    json_summary_total?: { lines: { covered: number; total: number }; branches: { covered: number; total: number } };
    files?: number;
  };
}

// The corpus counts Clover <line> elements; shipkit counts lines. In this file line 17 of
// CloverCoverageParser.java has both a `stmt` and a `cond` element: one line, two elements.
const uniqueLineAdjust: Record<string, number> = { 'clover/coverage-model-clover-java.xml': 1 };

const dir = join(import.meta.dirname, 'fixtures');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected[];

function totals(data: CoverageData) {
  const t = { lc: 0, lt: 0, bc: 0, bt: 0 };
  for (const f of data.files.values()) {
    const l = f.lineTotals();
    const b = f.allBranchTotals();
    t.lc += l.covered;
    t.lt += l.total;
    t.bc += b.covered;
    t.bt += b.total;
  }
  return t;
}

describe('coverage corpus conformance', () => {
  for (const e of expected) {
    it(`${e.path}`, async () => {
      const path = join(dir, e.path);
      if (e.expect_error) {
        await expect(readCoverageReport(path, e.path)).rejects.toThrow(CoverageReportError);
        return;
      }
      const { data, format } = await readCoverageReport(path, e.path);
      const t = totals(data);
      const c = e.counted;
      if (e.kind === 'lcov' || e.kind === 'cobertura') {
        expect(format).toBe(e.kind);
        expect(t).toEqual({ lc: c.lines_covered, lt: c.lines_total, bc: c.branches_covered, bt: c.branches_total });
        expect(data.files.size).toBe(c.files);
      } else if (e.kind === 'clover') {
        expect(format).toBe('clover');
        const adjust = uniqueLineAdjust[e.path] ?? 0;
        expect(t).toEqual({ lc: (c.statements_covered ?? 0) - adjust, lt: (c.statements_total ?? 0) - adjust, bc: c.conditionals_covered, bt: c.conditionals_total });
        expect(data.files.size).toBe(c.files);
      } else if (e.kind === 'jacoco') {
        expect(format).toBe('jacoco');
        const r = c.report_counters ?? {};
        expect(t).toEqual({ lc: r.LINE?.covered ?? 0, lt: r.LINE?.total ?? 0, bc: r.BRANCH?.covered ?? 0, bt: r.BRANCH?.total ?? 0 });
      } else if (c.json_summary_total) {
        expect(format).toBe('istanbul-summary');
        expect(data.summaryTotals).toEqual({ lines: c.json_summary_total.lines, branches: c.json_summary_total.branches });
      } else {
        expect(format).toBe('istanbul');
        expect(t).toEqual({ lc: c.lines?.covered, lt: c.lines?.total, bc: c.branches?.covered, bt: c.branches?.total });
        expect(data.files.size).toBe(c.files);
      }
    });
  }
});
