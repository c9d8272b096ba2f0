/**
 * Line and branch coverage of many files, merged across reports. Hits of the same line add up
 * (sharded runs); branches of the same line add up element by element, so a branch taken in any
 * shard counts as taken. Lines live in a growable Float64Array per file (-1 = not instrumented):
 * 40,000 files of 35 lines stay a few MB instead of millions of Map entries.
 */

export type CoverageFormat = 'lcov' | 'cobertura' | 'clover' | 'jacoco' | 'istanbul' | 'istanbul-summary';

export interface Totals {
  covered: number;
  total: number;
}

export class FileCoverage {
  /** hits per line number (index); -1 where the line is not instrumented. */
  private hits: Float64Array = new Float64Array(0);
  /** per line: taken count of each branch on that line. */
  readonly branches = new Map<number, number[]>();
  /** Other candidate paths for this file (Cobertura `<source>` roots joined with the filename). */
  readonly alternatives: string[] = [];

  constructor(readonly path: string) {}

  private grow(line: number): void {
    if (line < this.hits.length) return;
    const next = new Float64Array(Math.max(line + 1, this.hits.length * 2, 16)).fill(-1);
    next.set(this.hits);
    this.hits = next;
  }

  /** Adds hits to a line (marks it instrumented). */
  addLine(line: number, hits: number): void {
    if (!Number.isFinite(line) || line < 1 || !Number.isFinite(hits)) return;
    this.grow(line);
    const prev = this.hits[line] as number;
    this.hits[line] = (prev < 0 ? 0 : prev) + Math.max(hits, 0);
  }

  /** Hits when `line` is instrumented, else undefined. */
  lineHits(line: number): number | undefined {
    const h = this.hits[line];
    return h === undefined || h < 0 ? undefined : h;
  }

  /** Adds the taken counts of the branches on a line, element by element. */
  addBranches(line: number, taken: readonly number[]): void {
    if (!Number.isFinite(line) || line < 1 || taken.length === 0) return;
    const prev = this.branches.get(line);
    if (!prev) {
      this.branches.set(line, [...taken]);
      return;
    }
    for (let i = 0; i < taken.length; i++) prev[i] = (prev[i] ?? 0) + (taken[i] as number);
  }

  /** Sets a single branch (LCOV BRDA addresses branches one at a time). */
  addBranch(line: number, index: number, taken: number): void {
    if (!Number.isFinite(line) || line < 1) return;
    let arr = this.branches.get(line);
    if (!arr) this.branches.set(line, (arr = []));
    arr[index] = (arr[index] ?? 0) + taken;
  }

  /** Branches on a line as covered/total, undefined when the line has none. */
  branchTotals(line: number): Totals | undefined {
    const arr = this.branches.get(line);
    if (!arr) return undefined;
    let covered = 0;
    let total = 0;
    for (const t of arr) {
      total++;
      if ((t ?? 0) > 0) covered++;
    }
    return { covered, total };
  }

  /** Instrumented line numbers, ascending. */
  *lines(): Generator<[number, number]> {
    for (let i = 1; i < this.hits.length; i++) {
      const h = this.hits[i] as number;
      if (h >= 0) yield [i, h];
    }
  }

  lineTotals(): Totals {
    let covered = 0;
    let total = 0;
    for (let i = 1; i < this.hits.length; i++) {
      const h = this.hits[i] as number;
      if (h < 0) continue;
      total++;
      if (h > 0) covered++;
    }
    return { covered, total };
  }

  allBranchTotals(): Totals {
    let covered = 0;
    let total = 0;
    for (const arr of this.branches.values())
      for (const t of arr) {
        total++;
        if ((t ?? 0) > 0) covered++;
      }
    return { covered, total };
  }

  mergeFrom(other: FileCoverage): void {
    for (const [line, hits] of other.lines()) this.addLine(line, hits);
    for (const [line, taken] of other.branches) this.addBranches(line, taken.map((t) => t ?? 0));
    for (const alt of other.alternatives) if (!this.alternatives.includes(alt)) this.alternatives.push(alt);
  }
}

/** Everything the reports said, keyed by the path as the report wrote it. */
export class CoverageData {
  readonly files = new Map<string, FileCoverage>();
  /** Overall totals from `coverage-summary.json`, which has no per-line data. */
  summaryTotals?: { lines: Totals; branches: Totals };

  file(path: string): FileCoverage {
    let f = this.files.get(path);
    if (!f) this.files.set(path, (f = new FileCoverage(path)));
    return f;
  }

  mergeFrom(other: CoverageData): void {
    for (const [path, f] of other.files) {
      const mine = this.files.get(path);
      if (mine) mine.mergeFrom(f);
      else this.files.set(path, f);
    }
    if (other.summaryTotals) {
      const s = (this.summaryTotals ??= { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 } });
      s.lines.covered += other.summaryTotals.lines.covered;
      s.lines.total += other.summaryTotals.lines.total;
      s.branches.covered += other.summaryTotals.branches.covered;
      s.branches.total += other.summaryTotals.branches.total;
    }
  }
}

/** A report that cannot be used; `file` names it. */
export class CoverageReportError extends Error {
  override readonly name = 'CoverageReportError';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

export const percent = ({ covered, total }: Totals): number | undefined => (total === 0 ? undefined : (covered / total) * 100);
