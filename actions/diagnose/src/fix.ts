/**
 * Tier 1 auto-fix: for a lint, format or type failure, the project's own fixers run on the failing
 * files, the failing gate runs again, and when it passes the fix is committed to the pull request's
 * branch (with an `Agent-By: shipkit/diagnose` trailer and the failure's fingerprint) and pushed.
 * A flaky failure is retried instead. Never on anything but a same-repository pull request's own
 * branch, never on the default branch, and never past `max-cycles` earlier attempts of the same
 * failure: then it stops and escalates to a person.
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { errorMessage, type EventContext } from '@shipkit/kit';
import { describeExit, exec, shellQuote, toolEnvironment } from '@shipkit/kit/exec';
import { commitPaths, commitTrailers, git, mergeBase, modifiedPaths, pushHead, restorePaths, trackedPaths } from '@shipkit/kit/git';
import { realPath, resolveInside } from '@shipkit/kit/paths';
import type { Diagnosis } from './diagnosis';
import { FIXERS, fixerFor, planFixes, typeFixers, type FixerId } from './fixers';
import type { Evidence } from './scan';

export const AGENT = 'shipkit/diagnose';
export const AGENT_TRAILER = 'Agent-By';
export const FINGERPRINT_TRAILER = 'Shipkit-Fingerprint';
/** The account GitHub shows for commits made with the job's token. */
const IDENTITY = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };
const GATE_TAIL = 15;
const MAX_FILES = 200;

export type FixStatus = 'fixed' | 'retried' | 'not-fixed' | 'refused' | 'escalated';

export interface FixerRun {
  fixer: FixerId;
  /** As a person would type it, relative to the workspace (never run from this text). */
  command: string;
  files: number;
  exit: string;
}

export interface GateRun {
  passed: boolean;
  exit: string;
  durationMs: number;
  /** The last lines of its output, when it failed. */
  tail: string[];
}

export interface FixResult {
  status: FixStatus;
  /** One sentence: what happened and why. */
  reason: string;
  /** Earlier auto-fix commits of this fingerprint on the branch. */
  attempts: number;
  maxCycles: number;
  branch?: string;
  fixers: FixerRun[];
  /** Files the fixers changed (committed when the gate passed). */
  changed: string[];
  skipped: { file: string; reason: string }[];
  gate?: GateRun;
  commit?: string;
  commitUrl?: string;
  durationMs: number;
}

export interface FixOptions {
  workspace: string;
  gateCommand: string;
  maxCycles: number;
  ctx: EventContext;
  token?: string;
}

interface PullRequestPayload {
  number?: number;
  head?: { ref?: string; sha?: string; repo?: { full_name?: string } | null };
  base?: { ref?: string; sha?: string; repo?: { full_name?: string; default_branch?: string } | null };
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** Why this run must not push to the pull request's branch, or the branch and base to use. */
function eligibility(ctx: EventContext): { refused: string } | { branch: string; headSha: string; baseSha: string } {
  const pr = ctx.payload.pull_request as PullRequestPayload | undefined;
  if (!PR_EVENTS.has(ctx.eventName) || !pr)
    return {
      refused: `the event is \`${ctx.eventName || 'unknown'}\`, not a pull request: diagnose commits fixes only to a pull request's own branch`,
    };
  const baseRepo = pr.base?.repo?.full_name ?? (ctx.repository ? `${ctx.repository.owner}/${ctx.repository.repo}` : undefined);
  const headRepo = pr.head?.repo?.full_name;
  if (!headRepo || !baseRepo || headRepo.toLowerCase() !== baseRepo.toLowerCase())
    return {
      refused: `the pull request comes from ${headRepo ? `the fork \`${headRepo}\`` : 'a repository that no longer exists'}, not from \`${baseRepo ?? 'this repository'}\`: diagnose never pushes to a fork's branch`,
    };
  const branch = pr.head?.ref;
  const defaultBranch =
    (ctx.payload.repository as { default_branch?: string } | undefined)?.default_branch ?? pr.base?.repo?.default_branch;
  if (!branch || !pr.head?.sha || !pr.base?.sha)
    return { refused: 'the event names no head branch, head commit or base commit of the pull request' };
  if (branch === defaultBranch || branch === 'main' || branch === 'master')
    return { refused: `the pull request's branch is \`${branch}\`, the default branch: diagnose never commits there` };
  return { branch, headSha: pr.head.sha, baseSha: pr.base.sha };
}

/** The failing files of the decisive category, each with its fixers. */
function wantedFixes(d: Diagnosis, evidence: readonly Evidence[], workspace: string) {
  const wanted = new Map<string, { file: string; shown: string; fixers: Set<FixerId> }>();
  const skipped: { file: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const e of evidence) {
    if (e.category !== d.category || !e.file) continue;
    const fixers = d.category === 'type' ? [] : [fixerFor(d.category, e.tool)].filter((f): f is FixerId => f !== undefined);
    const key = `${e.file}\0${e.tool}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let real: string;
    try {
      real = resolveInside(e.file, { roots: [workspace], input: 'logs', cwd: workspace });
    } catch {
      skipped.push({ file: e.file, reason: 'resolves outside the workspace' });
      continue;
    }
    const shown = relative(workspace, real);
    if (shown === '' || shown === '.git' || shown.startsWith('.git/')) {
      skipped.push({ file: e.file, reason: 'not a file of the repository' });
      continue;
    }
    if (d.category === 'type') fixers.push(...typeFixers(real, workspace));
    if (fixers.length === 0) {
      skipped.push({ file: shown, reason: `no fixer for ${e.tool}` });
      continue;
    }
    const entry = wanted.get(real) ?? { file: real, shown, fixers: new Set<FixerId>() };
    for (const f of fixers) entry.fixers.add(f);
    wanted.set(real, entry);
  }
  return { wanted: [...wanted.values()], skipped };
}

async function runGate(command: string, cwd: string): Promise<GateRun> {
  const started = performance.now();
  const tail: string[] = [];
  const r = await exec(command, [], {
    shell: true,
    cwd,
    env: toolEnvironment(),
    maxOutputBytes: 0,
    onLine: (line) => {
      tail.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
      if (tail.length > GATE_TAIL) tail.shift();
    },
  });
  const passed = r.code === 0;
  return { passed, exit: describeExit(r), durationMs: Math.round(performance.now() - started), tail: passed ? [] : tail };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Runs the fix path for a diagnosis; never throws for what the repository or the event is like. */
export async function autoFix(d: Diagnosis, evidence: readonly Evidence[], o: FixOptions): Promise<FixResult> {
  const started = performance.now();
  const result: FixResult = {
    status: 'refused',
    reason: '',
    attempts: 0,
    maxCycles: o.maxCycles,
    fixers: [],
    changed: [],
    skipped: [],
    durationMs: 0,
  };
  const end = (status: FixStatus, reason: string): FixResult => {
    result.status = status;
    result.reason = reason;
    result.durationMs = Math.round(performance.now() - started);
    return result;
  };
  if (d.tier !== 1)
    return end(
      'refused',
      d.tier === 2
        ? `tier 2 (${d.category}) needs a reviewed pull request, which diagnose does not open by itself`
        : `tier 3 (${d.category}) needs a person`,
    );
  const workspace = realPath(o.workspace);

  // A flaky failure is retried: nothing is changed or committed, so it needs no branch of its own.
  if (d.category === 'flaky') {
    result.gate = await runGate(o.gateCommand, workspace);
    return result.gate.passed
      ? end('retried', `the failing gate passed when run again (${result.gate.durationMs} ms): the failure was flaky, nothing to commit`)
      : end('not-fixed', `the failing gate failed again when retried (${result.gate.exit}): not only flaky`);
  }

  const pr = eligibility(o.ctx);
  if ('refused' in pr) return end('refused', pr.refused);
  result.branch = pr.branch;
  const head = await git(['rev-parse', '--verify', 'HEAD^{commit}'], workspace);
  if (head.code !== 0) return end('refused', 'the workspace is not a git checkout: check out the pull request with actions/checkout first');
  const orig = head.stdout.trim();
  if (orig !== pr.headSha)
    return end(
      'refused',
      `the checkout is ${orig.slice(0, 12)}, not the pull request's head ${pr.headSha.slice(0, 12)} (actions/checkout checks out a merge commit on \`pull_request\`; give it \`ref: \${{ github.event.pull_request.head.sha }}\`), or the branch moved on since this run started`,
    );

  // Earlier attempts of this failure: our commits on the branch carrying its fingerprint.
  try {
    const base = (await mergeBase(pr.baseSha, workspace, { token: o.token, serverUrl: o.ctx.serverUrl })).mergeBase;
    const commits = await commitTrailers(workspace, base, 'HEAD');
    result.attempts = commits.filter(
      (c) =>
        c.trailers.some((t) => t.key.toLowerCase() === AGENT_TRAILER.toLowerCase() && t.value === AGENT) &&
        c.trailers.some((t) => t.key.toLowerCase() === FINGERPRINT_TRAILER.toLowerCase() && t.value === d.fingerprint),
    ).length;
  } catch (e) {
    return end('refused', `the branch's earlier fix attempts could not be counted (${errorMessage(e)}), so nothing is fixed`);
  }
  if (result.attempts >= o.maxCycles)
    return end(
      'escalated',
      `${plural(result.attempts, 'auto-fix commit')} of this failure on \`${pr.branch}\` did not fix it (max-cycles ${o.maxCycles}): stopped, a person has to look`,
    );

  const { wanted, skipped } = wantedFixes(d, evidence, workspace);
  result.skipped = skipped;
  const tracked = new Set(
    await trackedPaths(
      workspace,
      wanted.map((w) => w.shown),
    ),
  );
  const dirty = new Set(await modifiedPaths(workspace, [...tracked]));
  const fixable = wanted.filter((w) => {
    const why = !tracked.has(w.shown)
      ? 'not tracked by git'
      : dirty.has(w.shown)
        ? 'has changes that are not committed'
        : !statSync(w.file).isFile()
          ? 'not a regular file'
          : undefined;
    if (why) result.skipped.push({ file: w.shown, reason: why });
    return why === undefined;
  });
  if (fixable.length > MAX_FILES) {
    for (const w of fixable.splice(MAX_FILES)) result.skipped.push({ file: w.shown, reason: `over ${MAX_FILES} files` });
  }
  const { plan, missing } = planFixes(
    fixable.map((w) => ({ file: w.file, fixers: [...w.fixers] })),
    workspace,
  );
  for (const m of missing)
    result.skipped.push({ file: relative(workspace, m.file), reason: `${FIXERS[m.fixer].bin} is not installed in the project` });
  if (plan.length === 0)
    return end(
      'not-fixed',
      fixable.length === 0
        ? `no failing ${d.category} file could be fixed (see the files skipped)`
        : 'none of the fixers is installed in the project',
    );

  for (const p of plan) {
    const spec = FIXERS[p.fixer];
    // Files after `--`, as absolute paths: a file named `--no-config.ts` is a file, never an option.
    const r = await exec(p.bin, [...spec.args, '--', ...p.files], { cwd: p.cwd, env: toolEnvironment(), maxOutputBytes: 1024 * 1024 });
    result.fixers.push({
      fixer: p.fixer,
      command: [spec.bin, ...spec.args, '--', ...p.files.map((f) => relative(workspace, f))].map(shellQuote).join(' '),
      files: p.files.length,
      exit: describeExit(r),
    });
  }
  const touched = [...new Set(plan.flatMap((p) => p.files.map((f) => relative(workspace, f))))];
  result.changed = await modifiedPaths(workspace, touched);
  if (result.changed.length === 0) return end('not-fixed', 'the fixers changed nothing in the failing files');

  result.gate = await runGate(o.gateCommand, workspace);
  if (!result.gate.passed) {
    await restorePaths(workspace, result.changed);
    return end('not-fixed', `the failing gate still fails after the fixers (${result.gate.exit}); their changes were put back`);
  }

  const message = [
    `diagnose: fix ${d.category} in ${plural(result.changed.length, 'file')}`,
    '',
    `shipkit diagnose (tier 1 auto-fix) ran the project's fixers on the failing files and the failing gate passed:`,
    ...result.fixers.map((f) => `- ${f.command}`),
  ].join('\n');
  try {
    result.commit = await commitPaths(workspace, {
      paths: result.changed,
      message,
      trailers: [
        { key: AGENT_TRAILER, value: AGENT },
        { key: FINGERPRINT_TRAILER, value: d.fingerprint },
      ],
      identity: IDENTITY,
    });
  } catch (e) {
    await restorePaths(workspace, result.changed);
    return end('not-fixed', `the fix could not be committed (${errorMessage(e)}); the changes were put back`);
  }
  const pushed = await pushHead(workspace, pr.branch, { token: o.token, serverUrl: o.ctx.serverUrl });
  if (!pushed.pushed) {
    const commit = result.commit;
    result.commit = undefined;
    await git(['-c', 'core.hooksPath=/dev/null', 'reset', '--quiet', '--soft', orig], workspace);
    await restorePaths(workspace, result.changed);
    const why = pushed.rejected
      ? 'the branch moved on meanwhile (not a fast-forward)'
      : pushed.credentials
        ? 'the token cannot push to it: give the job `permissions: contents: write` (or pass a token that can as `github-token`)'
        : (pushed.reason ?? 'git refused');
    return end('not-fixed', `the fix commit ${commit.slice(0, 12)} could not be pushed to \`${pr.branch}\`: ${why}; it was not kept`);
  }
  if (o.ctx.repository) result.commitUrl = `${o.ctx.serverUrl}/${o.ctx.repository.owner}/${o.ctx.repository.repo}/commit/${result.commit}`;
  return end(
    'fixed',
    `committed ${result.commit.slice(0, 12)} to \`${pr.branch}\` (${plural(result.changed.length, 'file')}); the failing gate passes with it`,
  );
}
