/**
 * Telling people: one issue per bad deployment (the environment and the bad commit are its
 * fingerprint; only an issue the token's own account opened counts, whoever else copies the
 * marker), and a webhook notification (Slack-compatible `text` plus structured fields). Both carry
 * the same facts, redacted; quoted text cannot carry a hidden marker.
 */
import { errorMessage, redactor, warning } from '@shipkit/kit';
import { httpRequest, requestWithRetries } from '@shipkit/kit/http';
import type { GitHubClient } from '@shipkit/kit/github';
import type { EvidenceItem } from './evidence';
import { shortSha } from './plan';

export const MARKER = 'shipkit-rollback';
export const ISSUE_LABEL = 'shipkit-rollback';
export const ESCALATION_LABEL = 'needs-human';

export interface DeploymentFacts {
  ledgerId: string;
  deploymentId?: string;
  sha: string;
  url?: string;
}

export interface RollbackNotice {
  environment: string;
  /** `restored`: verified; `not-restored`: switched but not verified, or the switch failed. */
  outcome: 'restored' | 'not-restored';
  verified: boolean;
  method: 'native' | 'redeploy';
  how: string;
  from?: DeploymentFacts;
  to: DeploymentFacts;
  reason: string;
  /** What went wrong when not restored. */
  problem?: string;
  verification?: { passed: number; total: number; url?: string; firstFailure?: string };
  evidence: EvidenceItem[];
  links: { run?: string; deployments?: string; diagnosis?: string; issue?: string };
}

const dep = (d: DeploymentFacts | undefined): string =>
  d ? `#${d.ledgerId}${d.deploymentId && d.deploymentId !== d.url ? ` (\`${d.deploymentId}\`)` : ''}` : '—';
const commit = (d: DeploymentFacts | undefined): string => (d ? `\`${shortSha(d.sha)}\`` : '—');
const link = (url: string | undefined): string => (url ? `<${url}>` : '—');
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export const fingerprintOf = (environment: string, badSha: string): string => `rollback:${environment}@${badSha}`;

export function issueTitle(n: RollbackNotice): string {
  const bad = n.from ? shortSha(n.from.sha) : 'unknown';
  const tail =
    n.outcome === 'restored' ? `rolled back to ${shortSha(n.to.sha)}` : `rollback to ${shortSha(n.to.sha)} did not restore service`;
  return redactor.redact(`[rollback] ${n.environment}: ${bad} ${tail}`);
}

/** The issue's markdown (the marker and state lines are added by `markedBody`). */
export function issueBody(n: RollbackNotice): string {
  const lines: string[] = [];
  lines.push(
    n.outcome === 'restored'
      ? `## ✅ \`${n.environment}\` rolled back and verified`
      : `## ❌ \`${n.environment}\`: the rollback did not restore service`,
    '',
  );
  if (n.outcome !== 'restored')
    lines.push(
      `> [!CAUTION]`,
      `> **Needs a person (tier 3).** ${oneLine(n.problem ?? 'The restored deployment did not pass verification.')} Nothing more will be tried automatically; check the restored deployment and the provider, then roll back by hand (or re-run with \`to\`).`,
      '',
    );
  lines.push(
    '| | deployment | commit | URL |',
    '|---|---|---|---|',
    `| rolled back from (bad) | ${dep(n.from)} | ${commit(n.from)} | ${link(n.from?.url)} |`,
    `| restored | ${dep(n.to)} | ${commit(n.to)} | ${link(n.to.url)} |`,
    '',
    `**Reason:** ${oneLine(n.reason)}`,
    '',
    `**How:** ${n.how}.`,
    '',
  );
  if (n.verification)
    lines.push(
      `**Verification:** ${n.verification.passed} of ${n.verification.total} probe${n.verification.total === 1 ? '' : 's'} passed against ${link(n.verification.url)}${
        n.verification.firstFailure ? ` — ${oneLine(n.verification.firstFailure)}` : ''
      }.`,
      '',
    );
  if (n.evidence.length > 0) {
    lines.push('### Evidence', '');
    for (const e of n.evidence) lines.push(`- **${e.action}** (${e.verdict}): ${oneLine(e.headline)}${e.link ? ` — ${e.link}` : ''}`);
    lines.push('');
  }
  lines.push('### Links', '');
  if (n.links.run) lines.push(`- Run: ${n.links.run}`);
  if (n.links.deployments) lines.push(`- Deployments of \`${n.environment}\`: ${n.links.deployments}`);
  if (n.links.diagnosis) lines.push(`- Diagnosis: ${n.links.diagnosis}`);
  lines.push(
    '',
    `<sub>Opened by shipkit rollback; one issue per bad deployment (\`${n.environment}\` at \`${n.from?.sha ?? '?'}\`).</sub>`,
  );
  return lines.join('\n');
}

interface IssueState {
  fingerprint: string;
  runs: string[];
}

const asState = (v: unknown): IssueState | undefined => {
  const s = v as Partial<IssueState> | undefined;
  return typeof s?.fingerprint === 'string' && Array.isArray(s.runs) ? (s as IssueState) : undefined;
};

/** Opens the bad deployment's issue, or updates (and reopens) the one this account opened before. */
export async function publishIssue(
  client: GitHubClient,
  target: { owner: string; repo: string },
  n: RollbackNotice,
  runKey: string,
): Promise<{ url: string; created: boolean }> {
  const { findOwnIssue, markedBody } = await import('@shipkit/kit/github');
  const fingerprint = fingerprintOf(n.environment, n.from?.sha ?? `#${n.to.ledgerId}`);
  const existing = await findOwnIssue(client, target, {
    label: ISSUE_LABEL,
    marker: MARKER,
    match: (v) => {
      const s = asState(v);
      return s?.fingerprint === fingerprint ? s : undefined;
    },
  });
  const state = existing?.state;
  const runs = [...(state?.runs ?? []).filter((r) => r !== runKey), runKey].slice(-50);
  const body = markedBody(MARKER, redactor.redact(issueBody(n)), { fingerprint, runs });
  const labels = [ISSUE_LABEL, ...(n.outcome === 'restored' ? [] : [ESCALATION_LABEL])];
  if (!existing) {
    const res = await client.rest.issues.create({ owner: target.owner, repo: target.repo, title: issueTitle(n), body, labels });
    return { url: res.data.html_url, created: true };
  }
  const res = await client.rest.issues.update({
    owner: target.owner,
    repo: target.repo,
    issue_number: existing.number,
    title: issueTitle(n),
    body,
    state: 'open',
  });
  if (n.outcome !== 'restored')
    await client.rest.issues.addLabels({
      owner: target.owner,
      repo: target.repo,
      issue_number: existing.number,
      labels: [ESCALATION_LABEL],
    });
  const again = `Rolled back again${n.links.run ? ` in ${n.links.run}` : ''}: ${n.outcome === 'restored' ? `restored ${dep(n.to)} at ${commit(n.to)} and verified` : 'service was not restored; needs a person'} (${runs.length} rollback run${runs.length === 1 ? '' : 's'} for this deployment).`;
  await client.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: existing.number,
    body: markedBody(`${MARKER}:update`, redactor.redact(again)),
  });
  return { url: res.data.html_url, created: false };
}

/** Slack-compatible: `text` (mrkdwn, `<url|label>` links) plus the same facts as fields. */
export function webhookPayload(n: RollbackNotice): Record<string, unknown> {
  const slackLink = (url: string | undefined, label: string): string | undefined =>
    url ? `<${url.replace(/[<>|]/g, encodeURIComponent)}|${label}>` : undefined;
  // Slack reads `<…>` as a link or a mention: quoted text gets them escaped as Slack asks.
  const slackText = (text: string): string => oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const head =
    n.outcome === 'restored'
      ? `:leftwards_arrow_with_hook: *${n.environment}* rolled back from ${n.from ? `\`${shortSha(n.from.sha)}\`` : 'the live deployment'} to \`${shortSha(n.to.sha)}\` and verified.`
      : `:rotating_light: *${n.environment}*: the rollback to \`${shortSha(n.to.sha)}\` did not restore service. Needs a person.`;
  const links = [
    slackLink(n.links.run, 'run'),
    slackLink(n.links.issue, 'issue'),
    slackLink(n.links.diagnosis, 'diagnosis'),
    slackLink(n.links.deployments, 'deployments'),
  ].filter(Boolean);
  const text = [
    head,
    `Reason: ${slackText(n.reason)}`,
    ...(n.problem && n.outcome !== 'restored' ? [`Problem: ${slackText(n.problem)}`] : []),
    ...n.evidence.slice(0, 4).map((e) => `• ${slackText(e.action)} (${slackText(e.verdict)}): ${slackText(e.headline)}`),
    links.join(' · '),
  ]
    .filter(Boolean)
    .join('\n');
  return redactor.redactValue({
    text,
    source: 'shipkit/rollback',
    environment: n.environment,
    outcome: n.outcome,
    verified: n.verified,
    method: n.method,
    reason: n.reason,
    ...(n.problem ? { problem: n.problem } : {}),
    from: n.from ?? null,
    to: n.to,
    verification: n.verification ?? null,
    evidence: n.evidence.map((e) => ({ action: e.action, verdict: e.verdict, headline: e.headline, ...(e.link ? { link: e.link } : {}) })),
    links: n.links,
  }) as Record<string, unknown>;
}

/** POSTs the notification; a failure is a warning (the rollback stands either way). */
export async function postWebhook(url: string, n: RollbackNotice): Promise<{ ok: boolean; status?: number }> {
  const body = JSON.stringify(webhookPayload(n));
  try {
    const { response, failure } = await requestWithRetries(
      () =>
        httpRequest({
          url,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          timeoutMs: 10_000,
          // The body is for this receiver only: never re-sent to another origin.
          followRedirects: 'same-origin',
          maxBodyBytes: 64 * 1024,
        }),
      { retries: 2, baseDelayMs: 500 },
    );
    if (response && response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    // The URL is a secret (it is the credential): never quoted, not even in part.
    warning(
      redactor.redact(
        `the webhook did not take the notification (${response ? `HTTP ${response.status}` : (failure?.message ?? 'no answer')})`,
      ),
    );
    return { ok: false, status: response?.status };
  } catch (e) {
    warning(`the webhook notification failed: ${redactor.redact(errorMessage(e))}`);
    return { ok: false };
  }
}
