// Reports written by real tools: five formats of one vitest (v8) run must describe the same lines
// and branches, and LCOV tracefiles captured by Debian's lcov must give lcov's own totals, alone
// and merged as shards (`lcov -a`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '@shipkit/testkit';
import { readCoverageReport, readCoverageReports, type CoverageData } from '../src/index';

const real = join(import.meta.dirname, 'fixtures', 'real');

const lineSets = (data: CoverageData): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const f of data.files.values()) out[f.path.replace(/^.*\/src\//, 'src/')] = [...f.lines()].map(([n, c]) => `${n}${c ? '+' : '-'}`).join(' ');
  return out;
};
const totals = (data: CoverageData) => {
  const t = { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 } };
  for (const f of data.files.values()) {
    const l = f.lineTotals();
    const b = f.allBranchTotals();
    t.lines.covered += l.covered;
    t.lines.total += l.total;
    t.branches.covered += b.covered;
    t.branches.total += b.total;
  }
  return t;
};

describe('five formats of one vitest run', () => {
  it('give the same lines, and the totals of coverage-summary.json', async () => {
    const [lcov, cobertura, clover, final, summary] = await Promise.all(
      ['vitest-lcov.info', 'vitest-cobertura-coverage.xml', 'vitest-clover.xml', 'vitest-coverage-final.json', 'vitest-coverage-summary.json'].map((f) =>
        readCoverageReport(join(real, f)),
      ),
    );
    expect([lcov, cobertura, clover, final, summary].map((r) => r?.format)).toEqual(['lcov', 'cobertura', 'clover', 'istanbul', 'istanbul-summary']);
    const lines = lineSets(lcov!.data);
    expect(Object.keys(lines)).toEqual(['src/price.js']);
    expect(lineSets(cobertura!.data)).toEqual(lines);
    expect(lineSets(clover!.data)).toEqual(lines);
    expect(lineSets(final!.data)).toEqual(lines);
    // LCOV and istanbul count every branch location; istanbul's own summary agrees.
    const t = totals(lcov!.data);
    expect(totals(final!.data)).toEqual(t);
    expect(summary!.data.summaryTotals).toEqual(t);
    // istanbul's Cobertura writer puts branches on <line> elements only, so the two default-parameter
    // branches on line 2 (a line with no statement) are not in it: the branches on instrumented lines
    // are the same, and those are the ones the new-code gate counts.
    const onInstrumentedLines = (data: CoverageData) => {
      let covered = 0;
      let total = 0;
      for (const f of data.files.values())
        for (const [n] of f.lines()) {
          const b = f.branchTotals(n);
          covered += b?.covered ?? 0;
          total += b?.total ?? 0;
        }
      return { covered, total };
    };
    expect(totals(cobertura!.data)).toEqual({ lines: t.lines, branches: onInstrumentedLines(lcov!.data) });
    expect(onInstrumentedLines(cobertura!.data)).toEqual({ covered: 8, total: 12 });
    expect(t).toEqual({ lines: { covered: 11, total: 12 }, branches: { covered: 10, total: 14 } });
  });
});

describe('tracefiles captured by lcov from a gcov-instrumented C program', () => {
  const lcovSummary = (file: string): { lines: [number, number]; branches: [number, number] } => {
    const out = execFileSync(requireTool('lcov'), ['--summary', file, '--rc', 'lcov_branch_coverage=1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const pick = (what: string): [number, number] => {
      const m = new RegExp(`${what}\\.*: [\\d.]+% \\((\\d+) of (\\d+)`).exec(out);
      return [Number(m?.[1]), Number(m?.[2])];
    };
    return { lines: pick('lines'), branches: pick('branches') };
  };
  const ours = (data: CoverageData) => {
    const t = totals(data);
    return { lines: [t.lines.covered, t.lines.total], branches: [t.branches.covered, t.branches.total] };
  };

  it('give lcov --summary totals for each shard', async () => {
    for (const shard of ['calc-shard1.info', 'calc-shard2.info']) {
      const { data, format } = await readCoverageReport(join(real, shard));
      expect(format).toBe('lcov');
      expect(ours(data), shard).toEqual(lcovSummary(join(real, shard)));
    }
  });

  it('merge shards exactly as `lcov -a` does', async () => {
    const merged = join(mkdtempSync(join(tmpdir(), 'lcov-merge-')), 'merged.info');
    execFileSync(requireTool('lcov'), ['--quiet', '-a', join(real, 'calc-shard1.info'), '-a', join(real, 'calc-shard2.info'), '--rc', 'lcov_branch_coverage=1', '-o', merged], {
      stdio: 'ignore',
    });
    const { data } = await readCoverageReports([{ path: join(real, 'calc-shard1.info') }, { path: join(real, 'calc-shard2.info') }]);
    const expected = lcovSummary(merged);
    expect(ours(data)).toEqual(expected);
    expect(expected).toEqual({ lines: [16, 17], branches: [10, 12] });
    const again = await readCoverageReport(merged);
    expect(lineSets(again.data)).toEqual(lineSets(data));
    expect(readFileSync(merged, 'utf8')).toContain('SF:');
  });
});
