/** The job summary: what happened to which deployment, how, whether it was verified, and why. */
import { Summary, code } from '@shipkit/kit';
import type { OnceResult } from '@shipkit/probes';
import type { EvidenceItem } from './evidence';
import type { Executed } from './execute';
import type { DeploymentFacts } from './notify';
import { shortSha } from './plan';

export interface SummaryInput {
  environment: string;
  headline: string;
  from?: DeploymentFacts;
  to?: DeploymentFacts;
  /** One sentence each: what was (or would be) done, and how. */
  said: string[];
  reason: string;
  verification?: OnceResult;
  verifyError?: string;
  executed?: Executed;
  evidence: EvidenceItem[];
  evidenceProblems: string[];
  ledgerWhere: string;
  issueUrl?: string;
  webhook?: string;
  links: { run?: string; deployments?: string; diagnosis?: string };
  timings?: { switchedMs?: number; verifiedMs?: number };
}

const row = (role: string, d: DeploymentFacts | undefined): (string | undefined)[] => [
  role,
  d ? `#${d.ledgerId}` : '—',
  d?.deploymentId ? code(d.deploymentId) : '—',
  d ? code(shortSha(d.sha)) : '—',
  d?.url ?? '—',
];

export function renderSummary(s: SummaryInput): string {
  const summary = new Summary().heading(s.headline);
  summary.table(['', 'ledger', 'deployment', 'commit', 'URL'], [row('rolled back from', s.from), row('restored', s.to)]);
  summary.paragraph(s.said.join(' '));
  summary.paragraph(`**Reason:** ${s.reason.replace(/\s+/g, ' ')}`);
  if (s.timings?.switchedMs !== undefined || s.timings?.verifiedMs !== undefined)
    summary.paragraph(
      [
        s.timings.switchedMs !== undefined ? `traffic switched ${Math.round(s.timings.switchedMs)} ms after the start` : '',
        s.timings.verifiedMs !== undefined ? `verified (or given up) at ${Math.round(s.timings.verifiedMs)} ms` : '',
      ]
        .filter(Boolean)
        .join(', ') + '.',
    );
  if (s.verification) {
    summary.heading(`Verification: ${s.verification.passed ? 'passed' : 'failed'}`, 3);
    summary.table(
      ['probe', 'status', 'latency', 'result'],
      s.verification.probes.map((p) => [
        p.name,
        p.status ?? '—',
        p.latencyMs !== undefined ? `${p.latencyMs} ms` : '—',
        p.passed ? '✅' : `❌ ${p.reasons.join('; ')}`,
      ]),
    );
  } else if (s.verifyError) summary.paragraph(`**Verification could not run:** ${s.verifyError}`);
  if (s.executed && s.executed.ledger.length > 0) {
    summary.heading('Ledger', 3);
    summary.paragraph(`In ${s.ledgerWhere}:`);
    summary.list(s.executed.ledger.map((c) => `#${c.id} → \`${c.state}\`${c.description ? `: ${c.description}` : ''}`));
  }
  if (s.evidence.length > 0 || s.evidenceProblems.length > 0) {
    summary.heading('Evidence', 3);
    summary.list([
      ...s.evidence.map((e) => `**${e.action}** (${e.verdict}): ${e.headline}${e.link ? ` — ${e.link}` : ''}`),
      ...s.evidenceProblems.map((p) => `⚠️ ${p}`),
    ]);
  }
  const links = [
    s.issueUrl ? `issue: ${s.issueUrl}` : undefined,
    s.webhook,
    s.links.run ? `run: ${s.links.run}` : undefined,
    s.links.deployments ? `deployments: ${s.links.deployments}` : undefined,
    s.links.diagnosis ? `diagnosis: ${s.links.diagnosis}` : undefined,
  ].filter((l): l is string => Boolean(l));
  if (links.length > 0) summary.heading('Links', 3).list(links);
  return summary.write();
}
