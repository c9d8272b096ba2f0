/**
 * The whole decision, from plain arguments: find the change, mutate it (or read a report, or merge
 * shard reports), and gate on the mutants that start on changed lines.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { ConfigurationError, error, formatDuration, info, group, notice, warning } from '@shipkit/kit';
import {
  changeTargets,
  mutateMatcher,
  shardUnits,
  strykerMutatePatterns,
  unitRanges,
  workUnits,
  type ChangeTarget,
  type Scope,
} from './ranges';
import { changedLineVerdict, mergeMutationReports, projectPath, type ChangedLineVerdict, type ChangedRanges } from './score';
import { jsonProblem, parseMutationReport, validateMutationReport, type MutationReport } from './schema';
import { incrementalPlan, restoreIncremental, saveIncremental } from './incremental';
import { runStryker } from './stryker';
import { DEFAULT_MUTATE } from './inputs';

export interface GateOptions {
  projectDir: string;
  base?: string;
  mutate: string[];
  scope: Scope;
  command: string;
  report?: string;
  minScore: number;
  timeBudgetMs: number;
  shardIndex: number;
  shardCount: number;
  merge: string[];
  incremental: boolean;
  /** `pass`: a run the time budget stopped before any mutant on a changed line finished still passes. */
  onBudgetExhausted: 'fail' | 'pass';
  /** Fetches the base with it when the checkout keeps no credential and the server wants one. */
  token?: string;
  env: NodeJS.ProcessEnv;
}

export interface ChangedEntry {
  file: string;
  repoPath: string;
  ranges: [number, number][];
}

/** What a shard leaves for `merge`, inside the report envelope's `data`. */
export interface GateData {
  passed: boolean;
  score: number | null;
  minScore: number;
  metrics: ChangedLineVerdict['metrics'];
  files: ChangedLineVerdict['files'];
  undetected: {
    file: string;
    line: number;
    column: number;
    mutatorName: string;
    status: string;
    original?: string;
    replacement?: string;
  }[];
  mode: 'run' | 'report' | 'merge';
  scope: Scope;
  shard: { index: number; count: number };
  /** The whole change (every shard's), project-relative. */
  changed: ChangedEntry[];
  /** The ranges this job mutated (its shard's). */
  mutated: string[];
  complete: boolean;
  notes: string[];
  mutationReport: MutationReport;
}

export interface GateResult {
  data: GateData;
  verdict: ChangedLineVerdict;
  changedFiles: number;
  repoRoot: string;
  elapsedMs?: number;
}

async function repoRootOf(projectDir: string): Promise<string> {
  const { git } = await import('@shipkit/kit/git');
  const r = await git(['rev-parse', '--show-toplevel'], projectDir);
  if (r.code !== 0)
    throw new ConfigurationError(`${projectDir} is not inside a git repository; check out the repository first (actions/checkout)`, 'base');
  return resolve(r.stdout.trim());
}

async function findChange(o: GateOptions): Promise<{ targets: ChangeTarget[]; repoRoot: string; mergeBase: string; fetched: string[] }> {
  const { mergeBase, changedFiles } = await import('@shipkit/kit/git');
  const { readEventContext } = await import('@shipkit/kit');
  const ctx = readEventContext(o.env);
  const base = o.base ?? ctx.baseSha;
  if (!base)
    throw new ConfigurationError(
      'no base to compare with: this event has no pull request base; pass `base` (a branch such as `origin/main`, or a SHA)',
      'base',
    );
  const repoRoot = await repoRootOf(o.projectDir);
  const mb = await mergeBase(base, o.projectDir, { token: o.token, serverUrl: ctx.serverUrl, env: o.env });
  const files = await changedFiles(mb.mergeBase, o.projectDir, 'HEAD');
  const targets = changeTargets(files, { repoRoot, projectDir: o.projectDir, mutate: o.mutate });
  if (targets.length === 0) await checkMutateMatchesSomething(o);
  return { targets, repoRoot, ...mb };
}

/**
 * No changed file matches `mutate`: fine when the change is elsewhere (docs), but when `mutate`
 * matches no file of the project at all (the default `src/**` on a project whose code is in
 * `lib/`), no change could ever be mutation-tested, and passing would hide that.
 */
async function checkMutateMatchesSomething(o: GateOptions): Promise<void> {
  const { git } = await import('@shipkit/kit/git');
  const ls = await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], o.projectDir);
  if (ls.code !== 0) return;
  const files = ls.stdout.split('\0').filter(Boolean);
  const eligible = mutateMatcher(o.mutate);
  if (files.some(eligible)) return;
  const anySource = mutateMatcher(['**/*.{ts,tsx,js,jsx,mts,mjs,cts,cjs}']);
  const code = files.filter(anySource);
  const dirs = [...new Set(code.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))))].slice(0, 3);
  const given = o.mutate.join(', ');
  const isDefault = given === DEFAULT_MUTATE;
  throw new ConfigurationError(
    `\`mutate\` (${isDefault ? 'the default, ' : ''}\`${given}\`) matches no file in ${o.projectDir}, so no change here can ever be mutation-tested${dirs.length > 0 ? `; the project's code is in ${dirs.map((d) => `\`${d}/\``).join(', ')}: set \`mutate\` to e.g. \`${dirs[0]}/**/*.{ts,js}\`` : '; set `mutate` to globs of the source files'}`,
    'mutate',
  );
}

const asRanges = (entries: readonly ChangedEntry[]): ChangedRanges => {
  const map: ChangedRanges = new Map();
  for (const e of entries) map.set(e.file, [...(map.get(e.file) ?? []), ...e.ranges]);
  return map;
};

interface ShardFile {
  path: string;
  report: MutationReport;
  data?: Partial<GateData>;
}

async function readShardReports(globs: readonly string[], projectDir: string, env: NodeJS.ProcessEnv): Promise<ShardFile[]> {
  const { findFiles } = await import('@shipkit/kit/globs');
  const { readableRoots } = await import('@shipkit/kit/paths');
  const paths = await findFiles(globs, {
    cwd: projectDir,
    input: 'merge',
    roots: readableRoots(env, projectDir),
    onUnmatched: (pattern) => {
      throw new ConfigurationError(
        `\`merge\` matched no file (\`${pattern}\` in ${projectDir}); download the shard reports (actions/download-artifact) before this step`,
        'merge',
      );
    },
  });
  return paths.map((path) => {
    const what = `the shard report \`${relative(projectDir, path)}\``;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new ConfigurationError(`${what} is not valid JSON (${jsonProblem(e)}); check the uploaded artifact`, 'merge');
    }
    const envelope = value as { action?: string; data?: Partial<GateData> };
    if (envelope?.action === 'mutation-changed' && envelope.data?.mutationReport)
      return { path, report: validateMutationReport(envelope.data.mutationReport, what, 'merge'), data: envelope.data };
    return { path, report: validateMutationReport(value, what, 'merge') };
  });
}

function checkShardsComplete(shards: readonly ShardFile[]): void {
  const declared = shards.map((s) => s.data?.shard).filter((s): s is { index: number; count: number } => s !== undefined);
  if (declared.length === 0) return;
  const counts = [...new Set(declared.map((s) => s.count))];
  if (counts.length > 1)
    throw new ConfigurationError(
      `\`merge\` matched reports of different shardings (shard-count ${counts.join(' and ')}); narrow the globs to one run's shard reports`,
      'merge',
    );
  const count = counts[0] as number;
  const seen = new Set(declared.map((s) => s.index));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new ConfigurationError(
      `\`merge\` found reports for ${seen.size} of ${count} shards; shard ${missing.join(', ')} is missing (did every matrix job upload its \`report\` output?)`,
      'merge',
    );
}

export async function gate(o: GateOptions): Promise<GateResult> {
  if (o.shardIndex >= o.shardCount)
    throw new ConfigurationError(
      `\`shard-index\` ${o.shardIndex} is out of range for \`shard-count\` ${o.shardCount}; use 0 to ${o.shardCount - 1} (e.g. \`\${{ strategy.job-index }}\`)`,
      'shard-index',
    );
  if (o.merge.length > 0 && o.report)
    throw new ConfigurationError(
      '`merge` and `report` cannot be combined; `merge` reads shard reports, `report` one finished report',
      'merge',
    );
  const notes: string[] = [];

  if (o.merge.length > 0) {
    const shards = await readShardReports(o.merge, o.projectDir, o.env);
    checkShardsComplete(shards);
    const report = mergeMutationReports(
      shards.map((s) => s.report),
      o.projectDir,
    );
    let changed: ChangedEntry[] = shards.flatMap((s) => s.data?.changed ?? []);
    let repoRoot = o.projectDir;
    if (shards.some((s) => !s.data?.changed)) {
      const found = await findChange(o);
      changed = found.targets.map((t) => ({ file: t.file, repoPath: t.repoPath, ranges: t.ranges }));
      repoRoot = found.repoRoot;
    } else {
      // Every shard carries the whole change; annotations use its repository paths.
      changed = [...new Map(changed.map((c) => [c.file, c])).values()];
    }
    const stopped = shards.filter((s) => s.data?.complete === false).length;
    if (stopped > 0) notes.push(`⏱ ${stopped} shard(s) hit their time budget; the verdict counts only the mutants that finished there.`);
    notes.push(`Merged ${shards.length} shard report(s).`);
    const verdict = changedLineVerdict(report, asRanges(changed), o.projectDir);
    return finish(o, {
      verdict,
      report,
      changed,
      mutated: shards.flatMap((s) => s.data?.mutated ?? []),
      repoRoot,
      notes,
      mode: 'merge',
      complete: stopped === 0,
    });
  }

  const found = await findChange(o);
  if (found.fetched.length > 0) notes.push(`Fetched ${found.fetched.join(', ')} to find the merge-base.`);
  const changed = found.targets.map((t) => ({ file: t.file, repoPath: t.repoPath, ranges: t.ranges }));
  const mine = shardUnits(workUnits(found.targets, o.scope), o.shardCount)[o.shardIndex] ?? [];
  const patterns = strykerMutatePatterns(mine);
  const ranges = unitRanges(mine);
  if (o.shardCount > 1)
    notes.push(`Shard ${o.shardIndex + 1} of ${o.shardCount}: ${mine.length} of the change's ${o.scope === 'lines' ? 'ranges' : 'files'}.`);

  if (o.report) {
    const { readableRoots, resolveInside } = await import('@shipkit/kit/paths');
    // Refused before it is opened: a report path outside the workspace is never read, nor quoted.
    const path = resolveInside(o.report, { roots: readableRoots(o.env, o.projectDir), input: 'report', cwd: o.projectDir });
    if (!existsSync(path))
      throw new ConfigurationError(
        `the report \`${o.report}\` does not exist (looked in ${o.projectDir}); run your mutation tool with its JSON reporter first, or leave \`report\` empty to run Stryker`,
        'report',
      );
    const report = parseMutationReport(readFileSync(path, 'utf8'), `the report \`${o.report}\``, 'report');
    const verdict = changedLineVerdict(report, ranges, o.projectDir);
    return finish(o, { verdict, report, changed, mutated: patterns, repoRoot: found.repoRoot, notes, mode: 'report', complete: true });
  }

  if (mine.length === 0) {
    notes.push(
      found.targets.length === 0
        ? `No changed file matches \`mutate\`; Stryker was not run.`
        : `This shard got no changed range; Stryker was not run.`,
    );
    const report: MutationReport = { schemaVersion: '2', thresholds: { high: 80, low: 60 }, files: {} };
    return finish(o, {
      verdict: changedLineVerdict(report, ranges, o.projectDir),
      report,
      changed,
      mutated: [],
      repoRoot: found.repoRoot,
      notes,
      mode: 'run',
      complete: true,
    });
  }

  const suffix = o.shardCount > 1 ? `-${o.shardIndex}of${o.shardCount}` : '';
  const plan = o.incremental
    ? incrementalPlan(
        join(o.projectDir, 'reports', `stryker-incremental${suffix}.json`),
        { baseSha: found.mergeBase, shardIndex: o.shardIndex, shardCount: o.shardCount },
        o.env,
      )
    : undefined;
  if (plan) notes.push(await restoreIncremental(plan));
  const workDir = mkdtempSync(join(o.env.RUNNER_TEMP ?? tmpdir(), 'shipkit-mutation-'));
  const run = await group(
    `Stryker on ${patterns.length} ${o.scope === 'lines' ? 'changed range' : 'changed file'}${patterns.length === 1 ? '' : 's'}`,
    () =>
      runStryker({
        command: o.command,
        projectDir: o.projectDir,
        patterns,
        workDir,
        timeBudgetMs: o.timeBudgetMs,
        incrementalFile: plan?.file,
        log: info,
      }),
  ).finally(() => rmSync(workDir, { recursive: true, force: true }));
  if (!run.complete) {
    const of = run.planned !== undefined ? ` of ${run.planned} planned` : '';
    const text = `time budget of ${formatDuration(o.timeBudgetMs)} exceeded: Stryker was stopped after ${formatDuration(run.elapsedMs)}; the gate counts the ${run.finished}${of} mutant(s) that finished`;
    warning(text, { title: 'Mutation testing stopped' });
    notes.push(`⏱ ${text[0]?.toUpperCase()}${text.slice(1)}.`);
  } else if (plan) {
    const saved = await saveIncremental(plan);
    if (saved) notes.push(saved);
  }
  if (run.complete) {
    const reported = new Set(Object.keys(run.report.files).map((k) => projectPath(k, o.projectDir, run.report.projectRoot)));
    const silent = [...ranges.keys()].filter((f) => !reported.has(f));
    if (silent.length > 0)
      notes.push(
        `Stryker reported nothing for ${silent.map((f) => `\`${f}\``).join(', ')}: no mutable code on the changed lines, or its config ignores the file.`,
      );
  }
  const verdict = changedLineVerdict(run.report, ranges, o.projectDir);
  return finish(
    o,
    { verdict, report: run.report, changed, mutated: patterns, repoRoot: found.repoRoot, notes, mode: 'run', complete: run.complete },
    run.elapsedMs,
  );
}

function finish(
  o: GateOptions,
  r: {
    verdict: ChangedLineVerdict;
    report: MutationReport;
    changed: ChangedEntry[];
    mutated: string[];
    repoRoot: string;
    notes: string[];
    mode: GateData['mode'];
    complete: boolean;
  },
  elapsedMs?: number,
): GateResult {
  const m = r.verdict.metrics;
  // The time budget ran out before any mutant on a changed line was tested: nothing was decided,
  // which is a failure unless the user opted in to passing it.
  const budgetExhausted = !r.complete && m.score === undefined && r.changed.length > 0;
  const passed = budgetExhausted ? o.onBudgetExhausted === 'pass' : m.score === undefined || m.score >= o.minScore;
  if (budgetExhausted) {
    const text = `the time budget ran out before any mutant on a changed line was tested, so the change is not mutation-tested; raise \`time-budget\`, shard the run (\`shard-count\`), or set \`on-budget-exhausted: pass\` to let such a run pass`;
    if (passed)
      notice(`${text[0]?.toUpperCase()}${text.slice(1)} (passing: \`on-budget-exhausted\` is \`pass\`).`, { title: 'Mutation testing' });
    else error(`${text[0]?.toUpperCase()}${text.slice(1)}.`, { title: 'Mutation testing stopped' });
    r.notes.push(
      `⏱ Nothing on the changed lines was tested within the time budget; ${passed ? 'passing (`on-budget-exhausted: pass`)' : 'the gate fails'}.`,
    );
  } else if (m.score === undefined)
    notice(
      r.changed.length === 0
        ? 'No changed file is eligible for mutation (see `mutate`); nothing to gate.'
        : 'No valid mutant starts on a changed line; nothing to gate.',
      { title: 'Mutation testing' },
    );
  const repoPathOf = (file: string): string =>
    r.changed.find((c) => c.file === file)?.repoPath ?? relative(r.repoRoot, join(o.projectDir, file)).split(sep).join('/');
  const data: GateData = {
    passed,
    score: m.score === undefined ? null : Number(m.score.toFixed(2)),
    minScore: o.minScore,
    metrics: m,
    files: r.verdict.files,
    undetected: r.verdict.undetected.map((u) => ({
      file: repoPathOf(u.file),
      line: u.mutant.location.start.line,
      column: u.mutant.location.start.column,
      mutatorName: u.mutant.mutatorName,
      status: u.mutant.status,
      original: u.original,
      replacement: u.mutant.replacement,
    })),
    mode: r.mode,
    scope: o.scope,
    shard: { index: o.shardIndex, count: o.shardCount },
    changed: r.changed,
    mutated: r.mutated,
    complete: r.complete,
    notes: r.notes,
    mutationReport: r.report,
  };
  return { data, verdict: r.verdict, changedFiles: r.changed.length, repoRoot: r.repoRoot, elapsedMs };
}
