/** What the runner tells us about the event: repository, PR, base and head commits. */
import { readFileSync } from 'node:fs';

export interface EventContext {
  eventName: string;
  repository?: { owner: string; repo: string };
  serverUrl: string;
  apiUrl: string;
  runId?: string;
  runAttempt?: string;
  workflowRef?: string;
  sha?: string;
  ref?: string;
  /** Pull request number when the event is about one. */
  prNumber?: number;
  /** PR base SHA, or `before` on a push. */
  baseSha?: string;
  headSha?: string;
  baseRef?: string;
  payload: Record<string, unknown>;
}

const ZERO_SHA = /^0{40}$/;

export function readEventContext(env: NodeJS.ProcessEnv = process.env): EventContext {
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
    } catch {
      payload = {};
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const pr = (payload.pull_request ?? undefined) as
    { number?: number; base?: { sha?: string; ref?: string }; head?: { sha?: string } } | undefined;
  const issue = payload.issue as { number?: number; pull_request?: unknown } | undefined;
  const before = typeof payload.before === 'string' && !ZERO_SHA.test(payload.before) ? payload.before : undefined;
  // workflow_run: GITHUB_SHA is the default branch's tip, the run that triggered us is elsewhere.
  const workflowRun = payload.workflow_run as
    { head_sha?: string; head_branch?: string; pull_requests?: { number: number; base?: { sha?: string; ref?: string } }[] } | undefined;
  const runPr = workflowRun?.pull_requests?.[0];
  const mergeGroup = payload.merge_group as { base_sha?: string; head_sha?: string; base_ref?: string } | undefined;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    repository: owner && repo ? { owner, repo } : undefined,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    workflowRef: env.GITHUB_WORKFLOW_REF,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    prNumber: pr?.number ?? (issue?.pull_request ? issue.number : undefined) ?? runPr?.number,
    baseSha: pr?.base?.sha ?? mergeGroup?.base_sha ?? runPr?.base?.sha ?? before,
    headSha: pr?.head?.sha ?? mergeGroup?.head_sha ?? workflowRun?.head_sha ?? env.GITHUB_SHA,
    baseRef: pr?.base?.ref ?? runPr?.base?.ref ?? (env.GITHUB_BASE_REF || undefined),
    payload,
  };
}

/** Link to the current run, for reports and comments. */
export function runUrl(ctx: EventContext): string | undefined {
  if (!ctx.repository || !ctx.runId) return undefined;
  return `${ctx.serverUrl}/${ctx.repository.owner}/${ctx.repository.repo}/actions/runs/${ctx.runId}`;
}
