/**
 * Gathers what a diagnosis reads: JUnit reports and log files matched by globs, and the logs of the
 * failed jobs of a workflow run. A report that cannot be read is named in a warning and skipped;
 * the rest is still analysed.
 */
import { mkdtempSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { warning, errorMessage, ConfigurationError } from '@shipkit/kit';
import { findFiles } from '@shipkit/kit/globs';
import { parseJUnitFile, type FailedTest, type FlakyTest, type JUnitReport } from '@shipkit/junit';
import type { GitHubClient } from '@shipkit/kit/github';
import type { LogRule } from './rules';
import { scanLogFile, type Evidence, type LogScanner } from './scan';

/** A report's counts as the JUnit reader gives them, and where the report was. */
export type ReportSummary = Pick<JUnitReport, 'dialect' | 'tests' | 'passed' | 'failures' | 'errors' | 'skipped' | 'flaky'> & {
  path: string;
};

export interface JobInfo {
  id: number;
  name: string;
  conclusion: string;
  url?: string;
  failedSteps: string[];
}

export interface Collected {
  reports: ReportSummary[];
  unreadable: { path: string; reason: string }[];
  failedTests: (FailedTest & { report: string })[];
  omittedFailedTests: number;
  flakyTests: (FlakyTest & { report: string })[];
  evidence: Evidence[];
  /** Per log: evidence kept, matches dropped over the caps, and every match per rule (the true counts). */
  logs: { source: string; evidence: number; dropped: number; matches: LogScanner['matches'] }[];
  jobs: JobInfo[];
  unmatched: string[];
}

export function emptyCollected(): Collected {
  return {
    reports: [],
    unreadable: [],
    failedTests: [],
    omittedFailedTests: 0,
    flakyTests: [],
    evidence: [],
    logs: [],
    jobs: [],
    unmatched: [],
  };
}

/**
 * The files the globs match, with the kit's one glob meaning (`!` excludes, dot files match,
 * node_modules is not walked unless named, a literal path is taken as is). A file or glob that
 * resolves outside the workspace or RUNNER_TEMP (a committed symlink to `/proc/self/environ`) is
 * refused with an error naming the input, before anything is read; a pattern that matches nothing
 * is a warning, and the rest is still analysed.
 */
async function expand(patterns: readonly string[], workspace: string, input: string, into: Collected): Promise<string[]> {
  if (patterns.length === 0) return [];
  return findFiles(patterns, {
    cwd: workspace,
    input,
    onUnmatched: (pattern) => {
      into.unmatched.push(`${input}: ${pattern}`);
      warning(`\`${input}\`: no file matched \`${pattern}\` (relative to ${workspace}); did the step that writes it run?`);
    },
  });
}

export async function collectReports(patterns: readonly string[], workspace: string, into: Collected): Promise<void> {
  for (const file of await expand(patterns, workspace, 'junit', into)) {
    const shown = relative(workspace, file) || file;
    try {
      if (statSync(file).size === 0) throw new Error('the file is empty');
      const r = await parseJUnitFile(file, {
        onDoctype: (doctype) => {
          if (/\b(?:SYSTEM|PUBLIC)\b/.test(doctype))
            warning(
              `\`${shown}\` names an external DTD (\`${doctype.trim().slice(0, 120)}\`); it was not fetched or processed, and the report was read without it`,
              {
                title: 'External DTD ignored',
              },
            );
        },
      });
      const { dialect, tests, passed, failures, errors, skipped, flaky } = r;
      into.reports.push({ path: shown, dialect, tests, passed, failures, errors, skipped, flaky });
      for (const t of r.failedTests) into.failedTests.push({ ...t, report: shown });
      for (const t of r.flakyTests) into.flakyTests.push({ ...t, report: shown });
      into.omittedFailedTests += r.omittedFailedTests;
    } catch (e) {
      const where = (e as { line?: number }).line ? ` (line ${(e as { line: number }).line})` : '';
      const reason = `${errorMessage(e)}${where}`;
      into.unreadable.push({ path: shown, reason });
      warning(`\`${shown}\` is not a readable JUnit report and was skipped: ${reason}. The other reports and logs are still analysed.`, {
        title: 'Unreadable test report',
      });
    }
  }
}

export async function collectLogs(
  patterns: readonly string[],
  workspace: string,
  rules: readonly LogRule[],
  into: Collected,
): Promise<void> {
  for (const file of await expand(patterns, workspace, 'logs', into)) {
    const shown = relative(workspace, file) || file;
    try {
      const scanner = await scanLogFile(file, shown, rules, workspace);
      into.evidence.push(...scanner.evidence);
      into.logs.push({ source: shown, evidence: scanner.evidence.length, dropped: scanner.dropped, matches: scanner.matches });
    } catch (e) {
      into.unreadable.push({ path: shown, reason: errorMessage(e) });
      warning(`cannot read the log \`${shown}\`: ${errorMessage(e)}; the rest is still analysed`);
    }
  }
}

const FAILED = new Set(['failure', 'timed_out', 'cancelled', 'startup_failure']);

/** Logs of the failed jobs of a run, through the API (works for `workflow_run` on fork PRs too). */
export async function collectRunLogs(
  client: GitHubClient,
  options: { owner: string; repo: string; runId: number; workspace: string; rules: readonly LogRule[] },
  into: Collected,
): Promise<void> {
  let jobs: {
    id: number;
    name: string;
    conclusion: string | null;
    status: string;
    html_url?: string | null;
    steps?: { name: string; conclusion: string | null }[];
  }[];
  try {
    await client.rest.actions.getWorkflowRun({ owner: options.owner, repo: options.repo, run_id: options.runId });
    jobs = await client.paginate(client.rest.actions.listJobsForWorkflowRun, {
      owner: options.owner,
      repo: options.repo,
      run_id: options.runId,
      filter: 'latest',
      per_page: 100,
    });
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 404)
      throw new ConfigurationError(
        `workflow run ${options.runId} was not found in ${options.owner}/${options.repo}; pass the id of a run of this repository (for a \`workflow_run\` trigger: \`\${{ github.event.workflow_run.id }}\`)`,
        'run-id',
      );
    warning(`could not list the jobs of run ${options.runId}: ${errorMessage(e)}; only the files given are analysed`);
    return;
  }
  const failed = jobs.filter((j) => j.status === 'completed' && FAILED.has(j.conclusion ?? ''));
  // Cancelled jobs are usually collateral of a failed one; read them only when nothing failed outright.
  const primary = failed.some((j) => j.conclusion !== 'cancelled') ? failed.filter((j) => j.conclusion !== 'cancelled') : failed;
  // Job logs are written to disk and streamed like log files, then removed.
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP ?? tmpdir(), 'shipkit-diagnose-logs-'));
  for (const job of primary) {
    const info: JobInfo = {
      id: job.id,
      name: job.name,
      conclusion: job.conclusion ?? 'unknown',
      url: job.html_url ?? undefined,
      failedSteps: (job.steps ?? []).filter((s) => s.conclusion === 'failure').map((s) => s.name),
    };
    into.jobs.push(info);
    try {
      const res = await client.rest.actions.downloadJobLogsForWorkflowRun({ owner: options.owner, repo: options.repo, job_id: job.id });
      const text = typeof res.data === 'string' ? res.data : Buffer.from(res.data as ArrayBuffer).toString('utf8');
      const file = join(dir, `job-${job.id}.log`);
      writeFileSync(file, text);
      const source = `job ${job.name}`;
      const scanner = await scanLogFile(file, source, options.rules, options.workspace);
      into.evidence.push(...scanner.evidence);
      into.logs.push({ source, evidence: scanner.evidence.length, dropped: scanner.dropped, matches: scanner.matches });
    } catch (e) {
      warning(`could not fetch the log of job \`${job.name}\` (${job.id}): ${errorMessage(e)}; the rest is still analysed`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  if (primary.length === 0) warning(`run ${options.runId} has no failed job (yet); only the files given are analysed`);
}
