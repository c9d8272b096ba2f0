/**
 * The decision: overall line/branch coverage, coverage of the changed lines and of the branches on
 * them, the drop against a baseline, and which gates fail. Plain values in, plain values out.
 */
import picomatch from 'picomatch';
import type { ChangedFile } from '@shipkit/kit/git';
import { FileCoverage, type CoverageData, type Totals } from '@shipkit/coverage';
import type { PathResolver } from './paths';

export type Range = [number, number];

export interface ChangedFileCoverage {
  path: string;
  status: ChangedFile['status'];
  /** Added lines (new side) as ranges. */
  changed: Range[];
  lines: Totals;
  branches: Totals;
  /** Instrumented changed lines with no hits, as ranges. */
  uncovered: Range[];
  /** Changed lines where some branches were never taken: [line, covered, total]. */
  partialBranches: [number, number, number][];
}

export interface Gate {
  name: 'min-new-lines' | 'min-new-branches' | 'min-lines' | 'min-branches' | 'max-drop';
  threshold: number;
  /** Undefined when there was nothing to measure (the gate passes). */
  actual?: number;
  passed: boolean;
}

export interface GateOptions {
  minNewLines: number;
  minNewBranches: number;
  minLines?: number;
  minBranches?: number;
  maxDrop: number;
  exclude: readonly string[];
  /** Line coverage % of the baseline, when there is one. */
  baselineLines?: number;
}

export interface Unmatched {
  reportPath: string;
  reason: 'unmatched' | 'ambiguous';
  suggestion?: string;
}

export interface GateResult {
  passed: boolean;
  overall: { lines: Totals; branches: Totals; files: number; fromSummaryOnly: boolean };
  newCode: { lines: Totals; branches: Totals; changedFiles: number; changedLines: number };
  drop?: number;
  gates: Gate[];
  files: ChangedFileCoverage[];
  unmatched: Unmatched[];
  excludedFiles: number;
  mapped: { exact: number; pathMap: number; suffix: number };
}

/** Percent rounded down to 2 decimals, so a shown figure never reads as meeting a gate it missed. */
export const pct = (t: Totals): number | undefined => (t.total === 0 ? undefined : Math.floor((t.covered / t.total) * 10000) / 100);

const ratio = (t: Totals): number | undefined => (t.total === 0 ? undefined : (t.covered / t.total) * 100);

function toRanges(lines: readonly number[]): Range[] {
  const out: Range[] = [];
  for (const n of lines) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 === n) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

/** Maps report files onto repository paths, merging files that land on the same path. */
export function mapCoverage(
  data: CoverageData,
  resolver: PathResolver,
): { files: Map<string, FileCoverage>; unmatched: Unmatched[]; mapped: GateResult['mapped'] } {
  const files = new Map<string, FileCoverage>();
  const unmatched: Unmatched[] = [];
  const mapped = { exact: 0, pathMap: 0, suffix: 0 };
  for (const [reportPath, cov] of data.files) {
    const r = resolver.resolve(reportPath, cov.sourceRoots);
    let key = r.path;
    if (key === undefined) {
      unmatched.push({
        reportPath,
        reason: r.how === 'ambiguous' ? 'ambiguous' : 'unmatched',
        suggestion: resolver.suggestRule(reportPath),
      });
      key = `\u0000${reportPath}`; // still counted overall, under its report path
    } else if (r.how === 'exact') mapped.exact++;
    else if (r.how === 'path-map') mapped.pathMap++;
    else mapped.suffix++;
    const existing = files.get(key);
    if (!existing) files.set(key, cov);
    else if (existing.path === key) existing.mergeFrom(cov);
    else {
      const merged = new FileCoverage(key);
      merged.mergeFrom(existing);
      merged.mergeFrom(cov);
      files.set(key, merged);
    }
  }
  return { files, unmatched, mapped };
}

export function decide(
  mappedFiles: Map<string, FileCoverage>,
  summaryTotals: CoverageData['summaryTotals'],
  changed: readonly ChangedFile[] | undefined,
  options: GateOptions,
  extra: { unmatched: Unmatched[]; mapped: GateResult['mapped'] },
): GateResult {
  const isExcluded = options.exclude.length > 0 ? picomatch(options.exclude as string[], { dot: true }) : () => false;
  const displayPath = (key: string): string => (key.startsWith('\u0000') ? key.slice(1) : key);
  const lines: Totals = { covered: 0, total: 0 };
  const branches: Totals = { covered: 0, total: 0 };
  let files = 0;
  let excludedFiles = 0;
  for (const [key, cov] of mappedFiles) {
    if (isExcluded(displayPath(key))) {
      excludedFiles++;
      continue;
    }
    files++;
    const l = cov.lineTotals();
    const b = cov.allBranchTotals();
    lines.covered += l.covered;
    lines.total += l.total;
    branches.covered += b.covered;
    branches.total += b.total;
  }
  const fromSummaryOnly = files === 0 && summaryTotals !== undefined;
  if (fromSummaryOnly && summaryTotals) {
    Object.assign(lines, summaryTotals.lines);
    Object.assign(branches, summaryTotals.branches);
  }

  const newLines: Totals = { covered: 0, total: 0 };
  const newBranches: Totals = { covered: 0, total: 0 };
  const out: ChangedFileCoverage[] = [];
  let changedLines = 0;
  for (const f of changed ?? []) {
    if (f.status === 'deleted' || f.binary || f.added.length === 0 || isExcluded(f.path)) continue;
    const cov = mappedFiles.get(f.path);
    const entry: ChangedFileCoverage = {
      path: f.path,
      status: f.status,
      changed: f.added.map(([a, b]) => [a, b]),
      lines: { covered: 0, total: 0 },
      branches: { covered: 0, total: 0 },
      uncovered: [],
      partialBranches: [],
    };
    const uncovered: number[] = [];
    for (const [a, b] of f.added) {
      changedLines += b - a + 1;
      if (!cov) continue;
      for (let n = a; n <= b; n++) {
        const covered = cov.lineCovered(n);
        if (covered === undefined) continue;
        entry.lines.total++;
        if (covered) entry.lines.covered++;
        else uncovered.push(n);
        const bt = cov.branchTotals(n);
        if (bt) {
          entry.branches.total += bt.total;
          entry.branches.covered += bt.covered;
          if (bt.covered < bt.total) entry.partialBranches.push([n, bt.covered, bt.total]);
        }
      }
    }
    entry.uncovered = toRanges(uncovered);
    newLines.covered += entry.lines.covered;
    newLines.total += entry.lines.total;
    newBranches.covered += entry.branches.covered;
    newBranches.total += entry.branches.total;
    out.push(entry);
  }

  const gates: Gate[] = [];
  const gate = (name: Gate['name'], threshold: number, actual: number | undefined, ok: (a: number) => boolean): void => {
    gates.push({ name, threshold, actual, passed: actual === undefined || ok(actual) });
  };
  if (changed) {
    gate('min-new-lines', options.minNewLines, ratio(newLines), (a) => a >= options.minNewLines);
    gate('min-new-branches', options.minNewBranches, ratio(newBranches), (a) => a >= options.minNewBranches);
  }
  if (options.minLines !== undefined) gate('min-lines', options.minLines, ratio(lines), (a) => a >= (options.minLines as number));
  if (options.minBranches !== undefined)
    gate('min-branches', options.minBranches, ratio(branches), (a) => a >= (options.minBranches as number));
  let drop: number | undefined;
  const current = ratio(lines);
  if (options.baselineLines !== undefined && current !== undefined) {
    const exact = options.baselineLines - current;
    gate('max-drop', options.maxDrop, exact, (d) => d <= options.maxDrop + 1e-9);
    drop = Math.round(exact * 100) / 100;
  }
  // Shown actuals are rounded down like every other figure (the drop to the nearest hundredth).
  for (const g of gates) if (g.actual !== undefined) g.actual = g.name === 'max-drop' ? (drop as number) : Math.floor(g.actual * 100) / 100;
  return {
    passed: gates.every((g) => g.passed),
    overall: { lines, branches, files, fromSummaryOnly },
    newCode: { lines: newLines, branches: newBranches, changedFiles: out.length, changedLines },
    drop,
    gates,
    files: out,
    unmatched: extra.unmatched,
    excludedFiles,
    mapped: extra.mapped,
  };
}
