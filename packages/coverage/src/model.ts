/**
 * Line and branch coverage of many files, merged across reports. A line is covered when its hits
 * are > 0 in any report (hits add up across shards, so only "instrumented" and "covered" matter and
 * are kept: one byte per line, 0 = not instrumented, 1 = instrumented, 2 = covered). Branches of
 * the same line add up by their index on the line, so a branch taken in any shard counts as taken.
 * 40,000 files of 35 lines stay a few MB.
 */

export type CoverageFormat = 'lcov' | 'cobertura' | 'clover' | 'jacoco' | 'istanbul' | 'istanbul-summary';

export interface Totals {
  covered: number;
  total: number;
}

const NONE = 0;
const UNCOVERED = 1;
const COVERED = 2;

/**
 * The largest line number a report may name: 10,000,000. The largest source files that tools
 * instrument (generated parsers, amalgamations such as SQLite's 260,000-line sqlite3.c) are far
 * below it; a line number beyond it (`DA:4294967295,1`) is a corrupted or hostile report, not code.
 */
export const MAX_LINE = 10_000_000;

/** A line number beyond MAX_LINE; the parsers turn it into a CoverageReportError naming the report and the line. */
export class LineNumberError extends Error {
  override readonly name = 'LineNumberError';
  constructor(
    readonly line: number,
    readonly path: string,
  ) {
    super(`line ${line} of \`${path}\` is beyond ${MAX_LINE.toLocaleString('en-US')}, more lines than any source file has`);
  }
}

/** How much bigger than its instrumented lines a file's dense line array may be (else lines are kept sparse). */
const DENSE_SLACK = 1024;
const DENSE_FACTOR = 8;
const EMPTY = new Uint8Array(0);
const NO_ROOTS: readonly string[] = [];

/** Branch identity within a file: line and the branch's index on that line. */
const branchKey = (line: number, index: number): number => line * 65536 + index;
const keyLine = (key: number): number => Math.floor(key / 65536);

export class FileCoverage {
  private state: Uint8Array = EMPTY;
  /**
   * Branches as two parallel arrays (key = line·65536 + index on the line; 1 = taken in some
   * report, 0 = never taken), usually appended in ascending key order. Much smaller than a Map of
   * arrays per file, which matters for 40,000 files: everything kept here survives every
   * collection, and the more survives, the more memory V8 reserves.
   */
  private branchKeys: number[] | undefined;
  private branchTaken: number[] | undefined;
  /** line → [covered, total], built on the first per-line query. */
  private branchIndex: Map<number, Totals> | undefined;
  /**
   * Source roots the report names (Cobertura `<source>`); the file may be `<root>/<path>`. Shared by
   * every file of a report, not copied.
   */
  sourceRoots: readonly string[] = NO_ROOTS;

  /**
   * Lines kept one by one instead of in `state` when the line numbers are far apart (a few lines
   * near line 9,000,000): memory and time follow the report's size, never its largest line number.
   */
  private sparse: Map<number, number> | undefined;
  private sparseMax = 0;
  private instrumented = 0;

  constructor(readonly path: string) {}

  /** Adds hits to a line (marks it instrumented; covered when hits > 0). Throws LineNumberError past MAX_LINE. */
  addLine(line: number, hits: number): void {
    if (!Number.isInteger(line) || line < 1 || Number.isNaN(hits)) return;
    if (line > MAX_LINE) throw new LineNumberError(line, this.path);
    const value = hits > 0 ? COVERED : UNCOVERED;
    if (!this.sparse && line >= this.state.length && line > DENSE_SLACK + DENSE_FACTOR * this.instrumented) this.toSparse();
    if (this.sparse) {
      const was = this.sparse.get(line);
      if (was === undefined) this.instrumented++;
      if (was !== COVERED) this.sparse.set(line, value);
      if (line > this.sparseMax) this.sparseMax = line;
      if (this.sparseMax <= DENSE_SLACK + DENSE_FACTOR * this.instrumented) this.toDense();
      return;
    }
    if (line >= this.state.length) {
      const next = new Uint8Array(Math.max(line + 1, Math.min(this.state.length * 2, MAX_LINE + 1), 48));
      next.set(this.state);
      this.state = next;
    }
    if (this.state[line] === NONE) this.instrumented++;
    if (value === COVERED) this.state[line] = COVERED;
    else if (this.state[line] === NONE) this.state[line] = UNCOVERED;
  }

  private toSparse(): void {
    this.sparse = new Map();
    for (let i = 1; i < this.state.length; i++) if (this.state[i] !== NONE) this.sparse.set(i, this.state[i] as number);
    this.sparseMax = this.state.length - 1;
    this.state = EMPTY;
  }

  private toDense(): void {
    const sparse = this.sparse as Map<number, number>;
    this.sparse = undefined;
    this.state = new Uint8Array(Math.max(this.sparseMax + 1, 48));
    for (const [line, value] of sparse) this.state[line] = value;
  }

  /** Whether the line is covered; undefined when the report does not instrument it. */
  lineCovered(line: number): boolean | undefined {
    const s = this.sparse ? this.sparse.get(line) : this.state[line];
    return s === undefined || s === NONE ? undefined : s === COVERED;
  }

  /** Adds to one branch (LCOV BRDA addresses branches one at a time); branches add up across reports. */
  addBranch(line: number, index: number, taken: number): void {
    if (!Number.isInteger(line) || line < 1 || !(index >= 0 && index < 65536)) return;
    if (line > MAX_LINE) throw new LineNumberError(line, this.path);
    const key = branchKey(line, index);
    const t = taken > 0 ? 1 : 0;
    const keys = (this.branchKeys ??= []);
    const takenArr = (this.branchTaken ??= []);
    this.branchIndex = undefined;
    const last = keys.length - 1;
    if (last < 0 || (keys[last] as number) < key) {
      keys.push(key);
      takenArr.push(t);
      return;
    }
    const at = keys[last] === key ? last : keys.lastIndexOf(key);
    if (at >= 0) takenArr[at] = (takenArr[at] as number) | t;
    else {
      keys.push(key);
      takenArr.push(t);
    }
  }

  /** Adds the taken counts of the branches on a line, element by element. */
  addBranches(line: number, taken: readonly number[]): void {
    for (let i = 0; i < taken.length; i++) this.addBranch(line, i, taken[i] as number);
  }

  /** Branches on a line as covered/total, undefined when the line has none. */
  branchTotals(line: number): Totals | undefined {
    if (!this.branchKeys) return undefined;
    if (!this.branchIndex) {
      this.branchIndex = new Map();
      for (let i = 0; i < this.branchKeys.length; i++) {
        const l = keyLine(this.branchKeys[i] as number);
        let t = this.branchIndex.get(l);
        if (!t) this.branchIndex.set(l, (t = { covered: 0, total: 0 }));
        t.total++;
        t.covered += this.branchTaken?.[i] as number;
      }
    }
    const t = this.branchIndex.get(line);
    return t ? { ...t } : undefined;
  }

  /** Instrumented lines, ascending, with whether each is covered. */
  *lines(): Generator<[number, boolean]> {
    if (this.sparse) {
      for (const line of [...this.sparse.keys()].sort((a, b) => a - b)) yield [line, this.sparse.get(line) === COVERED];
      return;
    }
    for (let i = 1; i < this.state.length; i++) if (this.state[i] !== NONE) yield [i, this.state[i] === COVERED];
  }

  lineTotals(): Totals {
    let covered = 0;
    let total = 0;
    if (this.sparse) {
      for (const s of this.sparse.values()) {
        total++;
        if (s === COVERED) covered++;
      }
      return { covered, total };
    }
    for (let i = 1; i < this.state.length; i++) {
      const s = this.state[i];
      if (s === NONE) continue;
      total++;
      if (s === COVERED) covered++;
    }
    return { covered, total };
  }

  allBranchTotals(): Totals {
    let covered = 0;
    for (const t of this.branchTaken ?? []) covered += t;
    return { covered, total: this.branchKeys?.length ?? 0 };
  }

  mergeFrom(other: FileCoverage): void {
    for (const [line, covered] of other.lines()) this.addLine(line, covered ? 1 : 0);
    const keys = other.branchKeys ?? [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as number;
      this.addBranch(keyLine(key), key % 65536, other.branchTaken?.[i] as number);
    }
    if (other.sourceRoots !== this.sourceRoots && other.sourceRoots.length > 0)
      this.sourceRoots = [...new Set([...this.sourceRoots, ...other.sourceRoots])];
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
