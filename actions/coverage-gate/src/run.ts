/**
 * One coverage-gate run: find the reports, read and merge them, get the change (git or a saved
 * diff), map paths, decide, and render. Takes plain values; only main.ts reads inputs.
 */
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { ConfigurationError, info, notice, reportDir, warning, type EventContext } from '@shipkit/kit';
import { assertGlob, findFiles } from '@shipkit/kit/globs';
import { readableRoots, resolveInside } from '@shipkit/kit/paths';
import { changedFiles, DiffParser, git, mergeBase, type ChangedFile } from '@shipkit/kit/git';
import { CoverageReportError, readCoverageReports, type CoverageFormat } from '@shipkit/coverage';
import { fetchArtifactBaseline, readBaselineFile, SUMMARY_SCHEMA, type Baseline, type CoverageSummary } from './baseline';
import { decide, mapCoverage, type GateResult } from './gate';
import { parsePathMap, PathResolver } from './paths';

export interface CoverageGateOptions {
  files: string[];
  base?: string;
  diffFile?: string;
  minNewLines: number;
  minNewBranches: number;
  minLines?: number;
  minBranches?: number;
  baseline?: string;
  baselineArtifact?: string;
  maxDrop: number;
  pathMap: string[];
  exclude: string[];
  /** For `baseline-artifact`, and for fetching the base when the checkout keeps no credential. */
  token?: string;
  cwd: string;
  ctx: EventContext;
}

export interface CoverageGateRun {
  result: GateResult;
  notes: string[];
  reports: { path: string; format: CoverageFormat }[];
  base?: { ref: string; mergeBase: string; fetched: string[] } | { diffFile: string };
  baseline?: Baseline;
  summary: CoverageSummary;
  summaryPath: string;
}

/**
 * The reports the `files` globs name (the kit's one glob meaning: `!` excludes, a literal path is
 * taken as is, symlinks are not followed out of the workspace or RUNNER_TEMP).
 */
const findReports = (patterns: readonly string[], cwd: string, roots: readonly string[]): Promise<string[]> =>
  findFiles(patterns, {
    cwd,
    input: 'files',
    roots,
    onUnmatched: (pattern) => {
      throw new ConfigurationError(
        `no coverage report matched \`${pattern}\` (in ${cwd}); did the test step run with coverage enabled and write its report there?`,
        'files',
      );
    },
  });

async function readDiffFile(path: string, cwd: string, roots: readonly string[]): Promise<ChangedFile[]> {
  const full = resolveInside(path, { roots, input: 'diff-file', cwd });
  if (!existsSync(full) || !statSync(full).isFile())
    throw new ConfigurationError(
      `the diff file \`${path}\` does not exist; write it with \`git diff -U0 -M <base> HEAD > ${path}\``,
      'diff-file',
    );
  const parser = new DiffParser();
  let sawDiff = false;
  for await (const line of createInterface({ input: createReadStream(full, 'utf8'), crlfDelay: Infinity })) {
    if (line.includes('\u0000')) throw new ConfigurationError(`the diff file \`${path}\` is binary, not a unified diff`, 'diff-file');
    if (line.startsWith('diff --git ') || line.startsWith('+++ ')) sawDiff = true;
    parser.feed(line);
  }
  const files = parser.result();
  if (!sawDiff && statSync(full).size > 0)
    throw new ConfigurationError(`the diff file \`${path}\` is not a unified diff (no \`diff --git\` or \`+++\` header)`, 'diff-file');
  return files;
}

export async function runCoverageGate(o: CoverageGateOptions): Promise<CoverageGateRun> {
  const notes: string[] = [];
  const say = (text: string, level: 'notice' | 'warning' = 'notice'): void => {
    notes.push(text);
    if (level === 'warning') warning(text);
    else notice(text);
  };
  const rules = parsePathMap(o.pathMap);
  for (const glob of o.exclude) assertGlob(glob, 'exclude');
  const roots = readableRoots(process.env, o.cwd);
  const paths = await findReports(o.files, o.cwd, roots);
  const top = await git(['rev-parse', '--show-toplevel'], o.cwd);
  const root = top.code === 0 ? top.stdout.trim() : undefined;

  // git works (merge-base, diff, ls-files) while the reports are parsed; failures surface when awaited.
  const settle = <T>(p: Promise<T>): Promise<{ value?: T; error?: unknown }> =>
    p.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  const unwrap = <T>(r: { value?: T; error?: unknown }): T => {
    if (r.error !== undefined) throw r.error;
    return r.value as T;
  };
  let changePromise: Promise<{ value?: { changed?: ChangedFile[]; base?: CoverageGateRun['base'] }; error?: unknown }>;
  if (o.diffFile) {
    const diffFile = o.diffFile;
    changePromise = settle(readDiffFile(diffFile, o.cwd, roots).then((changed) => ({ changed, base: { diffFile } })));
  } else {
    const ref = o.base ?? o.ctx.baseSha;
    if (!root)
      throw new ConfigurationError(
        `${o.cwd} is not a git repository; check out the repository (actions/checkout) or pass \`diff-file\``,
        o.base ? 'base' : 'files',
      );
    if (!ref) {
      say(
        `no base to compare with: the ${o.ctx.eventName || 'current'} event has no pull request base or push \`before\`; pass \`base\` to gate the changed lines. Only the overall gates ran.`,
      );
      changePromise = Promise.resolve({ value: {} });
    } else
      changePromise = settle(
        mergeBase(ref, root, { token: o.token, serverUrl: o.ctx.serverUrl }).then(async (mb) => ({
          changed: await changedFiles(mb.mergeBase, root),
          base: { ref, mergeBase: mb.mergeBase, fetched: mb.fetched },
        })),
      );
  }
  const lsPromise = root ? settle(git(['ls-files', '-z'], root)) : undefined;

  let read;
  try {
    read = await readCoverageReports(paths.map((p) => ({ path: p, label: relativeLabel(p, o.cwd) })));
  } catch (e) {
    await changePromise; // let git finish before the process exits with the error
    if (e instanceof CoverageReportError) throw new ConfigurationError(e.message, 'files');
    throw e;
  }
  info(
    `read ${read.reports.length} coverage report(s): ${read.reports.map((r) => `${relativeLabel(r.path, o.cwd)} (${r.format})`).join(', ')}`,
  );

  const change = unwrap(await changePromise);
  const changed = change.changed;
  const base = change.base;
  if (base && 'fetched' in base && base.fetched.length > 0)
    say(`the base commit was missing from this shallow clone; fetched ${base.fetched.join(', ')}`);

  // Paths.
  let repoFiles: Set<string> | undefined;
  if (root && lsPromise) {
    const ls = unwrap(await lsPromise);
    if (ls.code === 0) repoFiles = new Set(ls.stdout.split('\0').filter(Boolean));
    // Added files of the change exist even when untracked in a saved-diff setup.
    for (const f of changed ?? []) if (f.status !== 'deleted') repoFiles?.add(f.path);
  }
  const resolver = new PathResolver(repoFiles, rules, root ?? o.cwd);
  const mapped = mapCoverage(read.data, resolver);
  if (mapped.unmatched.length > 0) {
    const examples = mapped.unmatched
      .slice(0, 3)
      .map((u) => `\`${u.reportPath}\`${u.reason === 'ambiguous' ? ' (several files end like this)' : ''}`);
    const suggestion = mapped.unmatched.map((u) => u.suggestion).find(Boolean);
    say(
      `${mapped.unmatched.length} of ${read.data.files.size} report path(s) match no file in the repository, e.g. ${examples.join(', ')}; ` +
        (suggestion
          ? `\`path-map: ${suggestion}\` would map them`
          : 'set `path-map` (`from=to` prefix rewrites) to map them onto repository paths') +
        '. Their lines are counted overall but cannot match changed lines.',
      'warning',
    );
  }

  // Baseline.
  let baseline: Baseline | undefined;
  if (o.baseline) {
    baseline = readBaselineFile(resolveInside(o.baseline, { roots, input: 'baseline', cwd: o.cwd }));
    notes.push(`baseline: \`${o.baseline}\``);
  } else if (o.baselineArtifact) {
    const fetched = await fetchArtifactBaseline(o.baselineArtifact, o.token, o.ctx);
    baseline = fetched.baseline;
    if (fetched.baseline) {
      info(fetched.message);
      notes.push(fetched.message);
    } else say(fetched.message);
  }

  const result = decide(
    mapped.files,
    read.data.summaryTotals,
    changed,
    {
      minNewLines: o.minNewLines,
      minNewBranches: o.minNewBranches,
      minLines: o.minLines,
      minBranches: o.minBranches,
      maxDrop: o.maxDrop,
      exclude: o.exclude,
      baselineLines: baseline?.lines,
    },
    mapped,
  );
  if (changed && result.newCode.lines.total === 0)
    say(
      result.newCode.changedLines === 0
        ? 'the change adds no lines to gate (only deletions, renames or mode changes); the new-code gates pass'
        : `none of the ${result.newCode.changedLines} changed lines is instrumented by the coverage report(s); the new-code gates pass`,
    );
  if (read.data.summaryTotals && !result.overall.fromSummaryOnly)
    say('coverage-summary.json gives totals only; it was ignored because line-level reports were given too', 'warning');
  if (result.overall.fromSummaryOnly && changed)
    say('coverage-summary.json has no per-line data, so changed lines cannot be measured; pass coverage-final.json or lcov.info');

  const summary: CoverageSummary = {
    schema: SUMMARY_SCHEMA,
    lines: {
      ...result.overall.lines,
      pct: result.overall.lines.total ? (result.overall.lines.covered / result.overall.lines.total) * 100 : null,
    },
    branches: {
      ...result.overall.branches,
      pct: result.overall.branches.total ? (result.overall.branches.covered / result.overall.branches.total) * 100 : null,
    },
    files: result.overall.files,
    commit: o.ctx.sha && !/^0+$/.test(o.ctx.sha) ? o.ctx.sha : undefined,
    ref: o.ctx.ref,
    createdAt: new Date().toISOString(),
  };
  const dir = reportDir();
  mkdirSync(dir, { recursive: true });
  const summaryPath = join(dir, `coverage-summary${process.env.GITHUB_JOB ? `-${process.env.GITHUB_JOB}` : ''}-${process.pid}.json`);
  writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + '\n');
  return {
    result,
    notes,
    reports: read.reports.map((r) => ({ path: relativeLabel(r.path, o.cwd), format: r.format })),
    base,
    baseline,
    summary,
    summaryPath,
  };
}

function relativeLabel(path: string, cwd: string): string {
  const r = path.startsWith(cwd + '/') ? path.slice(cwd.length + 1) : path;
  return r;
}
