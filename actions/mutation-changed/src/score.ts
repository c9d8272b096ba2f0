/**
 * The changed-line verdict: which mutants start on a changed line, and their score exactly as
 * mutation-testing-elements computes it — (killed + timeout) / (killed + timeout + survived +
 * no coverage) × 100; compile errors, runtime errors, ignored and pending mutants do not count.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { MutantStatus, MutationReport, SchemaFile, SchemaMutant } from './schema';

/** Added line ranges per file (inclusive, 1-based), keyed by the path relative to the project directory. */
export type ChangedRanges = Map<string, [number, number][]>;

export interface Metrics {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  compileErrors: number;
  runtimeErrors: number;
  ignored: number;
  pending: number;
  /** killed + timeout */
  detected: number;
  /** survived + noCoverage */
  undetected: number;
  /** detected + undetected: the mutants the score is about. */
  valid: number;
  /** Every mutant, as mutation-testing-elements' `totalMutants`. */
  total: number;
  /** Percentage, or undefined when there is no valid mutant (elements shows NaN). */
  score: number | undefined;
}

const STATUS_KEY: Record<MutantStatus, keyof Metrics> = {
  Killed: 'killed',
  Timeout: 'timeout',
  Survived: 'survived',
  NoCoverage: 'noCoverage',
  CompileError: 'compileErrors',
  RuntimeError: 'runtimeErrors',
  Ignored: 'ignored',
  Pending: 'pending',
};

export function metricsOf(statuses: Iterable<MutantStatus>): Metrics {
  const m: Metrics = {
    killed: 0,
    timeout: 0,
    survived: 0,
    noCoverage: 0,
    compileErrors: 0,
    runtimeErrors: 0,
    ignored: 0,
    pending: 0,
    detected: 0,
    undetected: 0,
    valid: 0,
    total: 0,
    score: undefined,
  };
  for (const status of statuses) (m[STATUS_KEY[status]] as number)++;
  m.detected = m.killed + m.timeout;
  m.undetected = m.survived + m.noCoverage;
  m.valid = m.detected + m.undetected;
  m.total = m.valid + m.compileErrors + m.runtimeErrors + m.ignored + m.pending;
  m.score = m.valid > 0 ? (m.detected / m.valid) * 100 : undefined;
  return m;
}

/**
 * A report's file key as a project-relative POSIX path. Relative keys (what Stryker writes) are
 * relative to the project the tool ran in, wherever that was (a shard's runner); absolute keys
 * (some tools) are made relative to the report's `projectRoot`, else to this project.
 */
export function projectPath(key: string, projectDir: string, projectRoot?: string): string {
  let path = key;
  if (isAbsolute(key)) {
    const root = projectRoot && isAbsolute(projectRoot) && !relative(projectRoot, key).startsWith('..') ? projectRoot : projectDir;
    path = relative(root, key);
  }
  return path.split(sep).join('/').replace(/\\/g, '/').replace(/^\.\//, '');
}

export const lineIsChanged = (ranges: readonly [number, number][] | undefined, line: number): boolean =>
  ranges !== undefined && ranges.some(([a, b]) => line >= a && line <= b);

export interface ChangedMutant {
  file: string;
  mutant: SchemaMutant;
  /** The original source text the mutant replaces, when the report carries the source. */
  original?: string;
}

export interface FileVerdict {
  file: string;
  metrics: Metrics;
}

export interface ChangedLineVerdict {
  metrics: Metrics;
  files: FileVerdict[];
  /** Surviving and uncovered mutants on changed lines, in file/line order. */
  undetected: ChangedMutant[];
  /** Mutants in the report that start outside the changed lines (not counted). */
  outside: number;
}

/** The source text between two schema positions (lines 1-based; columns 1-based, end exclusive). */
export function sourceAt(source: string | undefined, loc: SchemaMutant['location']): string | undefined {
  if (source === undefined) return undefined;
  const lines = source.split(/\r?\n/);
  if (loc.start.line > lines.length) return undefined;
  const pieces: string[] = [];
  for (let line = loc.start.line; line <= Math.min(loc.end.line, lines.length); line++) {
    const text = lines[line - 1] as string;
    const from = line === loc.start.line ? Math.max(0, loc.start.column - 1) : 0;
    const to = line === loc.end.line ? Math.max(from, loc.end.column - 1) : text.length;
    pieces.push(text.slice(from, to));
  }
  return pieces.join('\n');
}

/** Counts the mutants whose location starts on a changed line, per file and overall. */
export function changedLineVerdict(report: MutationReport, changed: ChangedRanges, projectDir: string): ChangedLineVerdict {
  const perFile = new Map<string, MutantStatus[]>();
  const undetected: ChangedMutant[] = [];
  const all: MutantStatus[] = [];
  let outside = 0;
  for (const [key, file] of Object.entries(report.files)) {
    const path = projectPath(key, projectDir, report.projectRoot);
    const ranges = changed.get(path);
    for (const mutant of file.mutants) {
      if (!lineIsChanged(ranges, mutant.location.start.line)) {
        outside++;
        continue;
      }
      all.push(mutant.status);
      let statuses = perFile.get(path);
      if (!statuses) perFile.set(path, (statuses = []));
      statuses.push(mutant.status);
      if (mutant.status === 'Survived' || mutant.status === 'NoCoverage')
        undetected.push({ file: path, mutant, original: sourceAt(file.source, mutant.location) });
    }
  }
  undetected.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.mutant.location.start.line - b.mutant.location.start.line ||
      a.mutant.location.start.column - b.mutant.location.start.column,
  );
  const files = [...perFile.entries()]
    .map(([file, statuses]) => ({ file, metrics: metricsOf(statuses) }))
    .sort((a, b) => a.file.localeCompare(b.file));
  return { metrics: metricsOf(all), files, undetected, outside };
}

const mutantKey = (file: string, m: SchemaMutant): string =>
  [
    file,
    m.location.start.line,
    m.location.start.column,
    m.location.end.line,
    m.location.end.column,
    m.mutatorName,
    m.replacement ?? '',
  ].join('\u0000');

/**
 * Combines shard reports into one. Mutants are identified by file, location, mutator and
 * replacement (ids restart in every shard); a finished result wins over a pending one.
 */
export function mergeMutationReports(reports: readonly MutationReport[], projectDir: string): MutationReport {
  const files = new Map<string, { file: SchemaFile; mutants: Map<string, SchemaMutant> }>();
  for (const report of reports) {
    for (const [key, file] of Object.entries(report.files)) {
      const path = projectPath(key, projectDir, report.projectRoot);
      let entry = files.get(path);
      if (!entry) files.set(path, (entry = { file: { ...file, mutants: [] }, mutants: new Map() }));
      if (entry.file.source === undefined && file.source !== undefined) entry.file.source = file.source;
      for (const mutant of file.mutants) {
        const key = mutantKey(path, mutant);
        const seen = entry.mutants.get(key);
        if (!seen || (seen.status === 'Pending' && mutant.status !== 'Pending')) entry.mutants.set(key, mutant);
      }
    }
  }
  let id = 0;
  const out: Record<string, SchemaFile> = {};
  for (const path of [...files.keys()].sort()) {
    const entry = files.get(path)!; // iterating its own keys
    const mutants = [...entry.mutants.values()]
      .sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)
      .map((m) => ({ ...m, id: String(id++) }));
    out[path] = { ...entry.file, mutants };
  }
  const first = reports[0];
  return {
    schemaVersion: first?.schemaVersion ?? '2',
    thresholds: first?.thresholds ?? { high: 80, low: 60 },
    files: out,
  };
}
