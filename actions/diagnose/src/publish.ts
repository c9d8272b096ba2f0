/**
 * Where a diagnosis goes besides the job summary: one sticky PR comment (updated in place), or one
 * issue per failure fingerprint (opened, or updated and reopened when the failure comes back).
 * Both carry a hidden state line with the runs that were diagnosed, which is how repeated
 * diagnoses of the same failure are counted and escalated.
 */
import { redactor, warning, errorMessage } from '@shipkit/kit';
import { findOwnIssue, findStickyComment, markedBody, readMarkedState, writeStickyComment, type GitHubClient } from '@shipkit/kit/github';
// The one module that loads Octokit: main imports it lazily, only when the action talks to GitHub.
export { githubClient } from '@shipkit/kit/github';
import { applyCycles, type Diagnosis } from './diagnosis';
import { renderMarkdown } from './render';

export const MARKER = 'shipkit-diagnose';
export const ISSUE_LABEL = 'shipkit-diagnose';
export const ESCALATION_LABEL = 'needs-human';

interface State {
  fingerprint: string;
  runs: string[];
}

/** The diagnosis state of a comment or issue body the kit wrote (its last line), checked for shape. */
export function readState(body: string | undefined | null): State | undefined {
  return asState(readMarkedState(body, MARKER));
}

function asState(value: unknown): State | undefined {
  const s = value as Partial<State> | undefined;
  return typeof s?.fingerprint === 'string' && Array.isArray(s.runs) && s.runs.every((r) => typeof r === 'string')
    ? (s as State)
    : undefined;
}

/** Earlier diagnoses of the same failure: distinct runs, the current one not counted twice. */
export function earlierRuns(state: State | undefined, fingerprint: string, runKey: string): string[] {
  if (!state || state.fingerprint !== fingerprint) return [];
  return state.runs.filter((r) => r !== runKey);
}

const nextState = (fingerprint: string, runs: string[]): State => ({ fingerprint, runs: runs.slice(-50) });

export interface Target {
  owner: string;
  repo: string;
}

async function ensureLabel(client: GitHubClient, t: Target, name: string, color: string, description: string): Promise<void> {
  try {
    await client.rest.issues.createLabel({ owner: t.owner, repo: t.repo, name, color, description });
  } catch (e) {
    if ((e as { status?: number }).status !== 422) throw e;
  }
}

export async function publishComment(
  client: GitHubClient,
  t: Target & { prNumber: number },
  d: Diagnosis,
  options: { maxCycles: number; runKey: string },
): Promise<string> {
  const target = { owner: t.owner, repo: t.repo, issueNumber: t.prNumber };
  // Only a comment the token's own account wrote counts, and its state is read from that comment alone.
  const existing = await findStickyComment(client, target, MARKER);
  const runs = earlierRuns(asState(existing?.state), d.fingerprint, options.runKey);
  applyCycles(d, runs.length, options.maxCycles);
  const body = redactor.redact(renderMarkdown(d));
  const res = await writeStickyComment(client, target, MARKER, body, existing, {
    state: nextState(d.fingerprint, [...runs, options.runKey]),
  });
  if (d.escalated) {
    await ensureLabel(client, t, ESCALATION_LABEL, 'b60205', 'A person has to look at this');
    await client.rest.issues.addLabels({ owner: t.owner, repo: t.repo, issue_number: t.prNumber, labels: [ESCALATION_LABEL] });
  }
  return res.url;
}

const issueTitle = (d: Diagnosis): string => {
  const subject =
    d.failedTests[0]?.id ??
    d.flakyTests[0]?.id ??
    d.evidence.find((e) => e.category === d.category)?.message ??
    'failure without a known pattern';
  const short = subject.length > 90 ? `${subject.slice(0, 90)}…` : subject;
  return redactor.redact(`[diagnose] ${d.category}: ${short}`);
};

export async function publishIssue(
  client: GitHubClient,
  t: Target,
  d: Diagnosis,
  options: { maxCycles: number; runKey: string; runUrl?: string; escalatedElsewhere?: boolean },
): Promise<string> {
  // GitHub creates labels that do not exist yet when an issue names them; no extra write needed.
  // The issue of this fingerprint is one the token's own account opened; anyone can open an issue
  // quoting a state line, and nobody else's counts.
  const existing = await findOwnIssue(client, t, {
    label: ISSUE_LABEL,
    marker: MARKER,
    match: (v) => {
      const s = asState(v);
      return s?.fingerprint === d.fingerprint ? s : undefined;
    },
  });
  const state = existing?.state;
  const runs = earlierRuns(state, d.fingerprint, options.runKey);
  if (!options.escalatedElsewhere) applyCycles(d, runs.length, options.maxCycles);
  const body = markedBody(MARKER, redactor.redact(renderMarkdown(d)), nextState(d.fingerprint, [...runs, options.runKey]));
  const labels = [ISSUE_LABEL, ...(d.escalated ? [ESCALATION_LABEL] : [])];
  if (d.escalated) await ensureLabel(client, t, ESCALATION_LABEL, 'b60205', 'A person has to look at this');
  if (!existing) {
    const res = await client.rest.issues.create({ owner: t.owner, repo: t.repo, title: issueTitle(d), body, labels });
    return res.data.html_url;
  }
  const res = await client.rest.issues.update({ owner: t.owner, repo: t.repo, issue_number: existing.number, body, state: 'open' });
  if (d.escalated)
    await client.rest.issues.addLabels({ owner: t.owner, repo: t.repo, issue_number: existing.number, labels: [ESCALATION_LABEL] });
  {
    const again = `Diagnosed again${options.runUrl ? ` in ${options.runUrl}` : ''} (${runs.length} earlier diagnos${runs.length === 1 ? 'is' : 'es'} of this failure)${d.escalated ? '; escalated: needs a person.' : '.'}`;
    await client.rest.issues.createComment({ owner: t.owner, repo: t.repo, issue_number: existing.number, body: redactor.redact(again) });
  }
  return res.data.html_url;
}

// The PR of a `workflow_run` (forks included) is found by the kit, for preview-deploy as well.
export { pullRequestOfRun, type WorkflowRunPayload } from '@shipkit/kit/github';

/** Publishing failures (a read-only token on a fork PR, an API outage) do not undo the diagnosis. */
export async function tryPublish<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    warning(`could not ${what}: ${errorMessage(e)}; the diagnosis is in the job summary and the JSON report`);
    return undefined;
  }
}
