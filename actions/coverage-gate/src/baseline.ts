/**
 * The baseline: a summary JSON written by an earlier run (the `summary-path` output), read from a
 * path or from an artifact of the latest successful run of this workflow on the base branch.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, errorMessage, type EventContext } from '@shipkit/kit';
import type { Totals } from '@shipkit/coverage';

export const SUMMARY_SCHEMA = 'https://shipkit.dev/schemas/coverage-summary/v1';

export interface CoverageSummary {
  schema: typeof SUMMARY_SCHEMA;
  /** Exact line coverage % (not rounded), so a later drop is measured exactly. */
  lines: Totals & { pct: number | null };
  branches: Totals & { pct: number | null };
  files: number;
  commit?: string;
  ref?: string;
  createdAt: string;
}

export interface Baseline {
  lines: number;
  source: string;
  commit?: string;
}

/** Reads our summary JSON (or an istanbul `coverage-summary.json`) as a baseline. */
export function parseBaseline(text: string, source: string, input: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigurationError(
      `the baseline ${source} is not valid JSON (${errorMessage(e)}); pass the \`summary-path\` file of an earlier run`,
      input,
    );
  }
  const j = json as Partial<CoverageSummary> & { total?: { lines?: { pct?: number; covered?: number; total?: number } } };
  if (j.schema === SUMMARY_SCHEMA && j.lines && j.lines.total > 0)
    return { lines: (j.lines.covered / j.lines.total) * 100, source, commit: j.commit };
  if (j.schema === SUMMARY_SCHEMA && j.lines && j.lines.total === 0)
    throw new ConfigurationError(`the baseline ${source} measured no lines, so there is nothing to compare with`, input);
  const t = j.total?.lines;
  if (t && typeof t.covered === 'number' && typeof t.total === 'number' && t.total > 0)
    return { lines: (t.covered / t.total) * 100, source };
  throw new ConfigurationError(
    `the baseline ${source} is not a coverage summary: expected the \`summary-path\` JSON of an earlier coverage-gate run (or an istanbul coverage-summary.json)`,
    input,
  );
}

export function readBaselineFile(path: string): Baseline {
  if (!existsSync(path) || !statSync(path).isFile())
    throw new ConfigurationError(
      `the baseline file \`${path}\` does not exist; pass the \`summary-path\` output of an earlier run`,
      'baseline',
    );
  return parseBaseline(readFileSync(path, 'utf8'), `\`${path}\``, 'baseline');
}

export type ArtifactBaseline = { baseline: Baseline; message: string } | { baseline?: undefined; message: string };

/** The workflow file of this run (`ci.yml`) from GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/ci.yml@refs/…`). */
export function workflowFile(workflowRef: string | undefined): string | undefined {
  const m = /\/\.github\/workflows\/([^@/]+)@/.exec(workflowRef ?? '');
  return m?.[1];
}

/** The branch the change is measured against: the PR base, or the pushed branch. */
export function baseBranch(ctx: EventContext): string | undefined {
  if (ctx.baseRef) return ctx.baseRef;
  const m = /^refs\/heads\/(.+)$/.exec(ctx.ref ?? '');
  return m?.[1];
}

/**
 * Finds `name` among the artifacts of the latest successful runs of this workflow on the base
 * branch and downloads it with @actions/artifact. Anything missing is a message, not an error:
 * without a baseline there is simply no drop gate.
 */
export async function fetchArtifactBaseline(name: string, token: string | undefined, ctx: EventContext): Promise<ArtifactBaseline> {
  const missing = (why: string): ArtifactBaseline => ({ message: `no baseline: ${why}; the drop gate is skipped this time` });
  if (!token) return missing('no `github-token` to look up the baseline artifact');
  if (!ctx.repository) return missing('GITHUB_REPOSITORY is not set');
  const workflow = workflowFile(ctx.workflowRef);
  const branch = baseBranch(ctx);
  if (!workflow) return missing('GITHUB_WORKFLOW_REF does not name this workflow file');
  if (!branch) return missing('the base branch is unknown (neither a pull request base nor a branch push)');
  const { owner, repo } = ctx.repository;
  const { githubClient } = await import('@shipkit/kit/github');
  const client = githubClient({ token });
  let found: { runId: number; artifactId: number; headSha?: string } | undefined;
  try {
    const runs = await client.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: workflow,
      branch,
      status: 'success',
      per_page: 10,
    });
    for (const run of runs.data.workflow_runs) {
      if (String(run.id) === ctx.runId) continue;
      const arts = await client.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: run.id, name, per_page: 10 });
      const art = arts.data.artifacts.find((a) => a.name === name && !a.expired);
      if (art) {
        found = { runId: run.id, artifactId: art.id, headSha: run.head_sha };
        break;
      }
    }
  } catch (e) {
    return missing(`looking up the runs of ${workflow} on ${branch} failed (${errorMessage(e)})`);
  }
  if (!found) return missing(`no artifact \`${name}\` in the latest successful runs of ${workflow} on \`${branch}\``);
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP ?? tmpdir(), 'coverage-baseline-'));
  try {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    await new DefaultArtifactClient().downloadArtifact(found.artifactId, {
      path: dir,
      findBy: { token, workflowRunId: found.runId, repositoryOwner: owner, repositoryName: repo },
    });
  } catch (e) {
    return missing(`downloading artifact \`${name}\` of run ${found.runId} failed (${errorMessage(e)})`);
  }
  const json = readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.json'));
  if (!json) return missing(`artifact \`${name}\` of run ${found.runId} holds no .json file`);
  const baseline = parseBaseline(readFileSync(join(dir, json), 'utf8'), `artifact \`${name}\` (run ${found.runId})`, 'baseline-artifact');
  baseline.commit ??= found.headSha;
  return { baseline, message: `baseline: artifact \`${name}\` of run ${found.runId} on \`${branch}\`` };
}
