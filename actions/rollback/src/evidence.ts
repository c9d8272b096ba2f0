/**
 * The evidence a rollback quotes: shipkit JSON reports (slo-watch, canary-step, smoke, diagnose),
 * each reduced to its headline numbers. A report is someone else's text: it is read as data, cut to
 * size, and never trusted to be well-formed. A missing or unreadable report is a warning, never a
 * reason to hold the rollback back (the step that should have written it may be what failed).
 */
import { readFileSync, statSync } from 'node:fs';
import { errorMessage } from '@shipkit/kit';
import { findFiles } from '@shipkit/kit/globs';

export interface EvidenceItem {
  path: string;
  action: string;
  verdict: string;
  /** One line: the numbers that made the verdict. */
  headline: string;
  /** A link worth following (the diagnosis issue or comment, the diagnosed run). */
  link?: string;
  /** diagnose: its category and tier. */
  category?: string;
  tier?: number;
}

export interface EvidenceRead {
  items: EvidenceItem[];
  problems: string[];
}

const MAX_BYTES = 20 * 1024 * 1024;
const MAX_TEXT = 300;

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const clip = (text: string): string => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= MAX_TEXT ? one : `${one.slice(0, MAX_TEXT - 1)}…`;
};
const pct = (rate: number): string => `${(rate * 100).toFixed(rate < 0.001 ? 3 : rate < 0.1 ? 2 : 1)} %`;
const httpLink = (v: unknown): string | undefined => {
  const s = str(v);
  return s && /^https?:\/\/\S+$/.test(s) && s.length < 500 ? s : undefined;
};

function sloWatch(data: Json): Pick<EvidenceItem, 'headline'> {
  const parts: string[] = [];
  const metrics = Array.isArray(data.metrics) ? data.metrics.filter(isMap) : [];
  for (const m of metrics.slice(0, 4)) {
    const candidate = isMap(m.candidate) ? m.candidate : {};
    const requests = num(candidate.requests);
    const bad = num(candidate.bad);
    if (requests === undefined || bad === undefined || requests === 0) continue;
    const baseline = isMap(m.baseline) ? m.baseline : undefined;
    const baseRate = num(baseline?.rate);
    const budget = num(m.budget);
    const against = baseRate !== undefined ? ` vs baseline ${pct(baseRate)}` : budget !== undefined ? ` vs budget ${pct(budget)}` : '';
    parts.push(
      `${str(m.name) ?? str(m.kind) ?? 'metric'} ${bad}/${requests} = ${pct(bad / requests)}${against} (${str(m.verdict) ?? '?'})`,
    );
  }
  const requests = num(data.candidateRequests);
  const reason = str(data.reason);
  const head = parts.length > 0 ? parts.join('; ') : requests !== undefined ? `${requests} requests watched` : '';
  return { headline: clip([head, reason].filter(Boolean).join(' — ')) };
}

function canaryStep(data: Json): Pick<EvidenceItem, 'headline'> {
  const weight = num(data.weight);
  const step = num(data.step) ?? str(data.step);
  const bits = [
    str(data.verdict),
    weight !== undefined ? `at ${weight} %` : undefined,
    step !== undefined ? `step ${step}` : undefined,
    str(data.reason),
  ];
  return { headline: clip(bits.filter(Boolean).join(', ')) };
}

function smoke(data: Json): Pick<EvidenceItem, 'headline'> {
  const total = num(data.total);
  const failed = num(data.failed);
  const p95 = num(data.p95Ms);
  const probes = Array.isArray(data.probes) ? data.probes.filter(isMap) : [];
  const first = probes.find((p) => p.passed === false);
  const reasons = first && Array.isArray(first.reasons) ? first.reasons.filter((r): r is string => typeof r === 'string') : [];
  const bits = [
    total !== undefined && failed !== undefined ? `${failed} of ${total} probes failed` : undefined,
    p95 !== undefined ? `p95 ${p95} ms` : undefined,
    first ? `${str(first.name) ?? 'a probe'}: ${reasons[0] ?? 'failed'}` : undefined,
  ];
  return { headline: clip(bits.filter(Boolean).join(', ')) };
}

function diagnose(data: Json): Pick<EvidenceItem, 'headline' | 'link' | 'category' | 'tier'> {
  const links = isMap(data.links) ? data.links : {};
  const tier = num(data.tier);
  const category = str(data.category);
  return {
    headline: clip(
      [category ? `${category}${tier !== undefined ? `, tier ${tier}` : ''}` : undefined, str(data.summary)].filter(Boolean).join(': '),
    ),
    link: httpLink(data.issueUrl) ?? httpLink(data.commentUrl) ?? httpLink(links.diagnosedRun) ?? httpLink(links.run),
    category,
    tier,
  };
}

/** The headline of one report envelope `{ action, verdict, data }`. */
export function headlineOf(envelope: unknown, path: string): EvidenceItem | string {
  if (!isMap(envelope) || typeof envelope.action !== 'string' || !isMap(envelope.data))
    return `${path} is not a shipkit report (no \`action\` and \`data\`)`;
  const action = clip(envelope.action);
  const verdict = str(envelope.verdict) ?? 'unknown';
  const data = envelope.data;
  const read =
    action === 'slo-watch'
      ? sloWatch(data)
      : action === 'canary-step'
        ? canaryStep(data)
        : action === 'smoke'
          ? smoke(data)
          : action === 'diagnose'
            ? diagnose(data)
            : { headline: clip(str(data.reason) ?? str(data.summary) ?? '') };
  return { path, action, verdict: clip(verdict), ...read, headline: read.headline || `verdict ${verdict}` };
}

/** Reads the `evidence` input: each entry a path or a glob (inside the workspace or RUNNER_TEMP). */
export async function readEvidence(patterns: readonly string[], cwd: string): Promise<EvidenceRead> {
  const items: EvidenceItem[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    let files: string[];
    try {
      files = await findFiles([pattern], { cwd, input: 'evidence', onUnmatched: (p) => problems.push(`no report matched \`${p}\``) });
    } catch (e) {
      problems.push(errorMessage(e));
      continue;
    }
    for (const file of [...files].sort()) {
      if (seen.has(file)) continue;
      seen.add(file);
      try {
        if (statSync(file).size > MAX_BYTES) {
          problems.push(`${file} is larger than 20 MiB; not a report`);
          continue;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(readFileSync(file, 'utf8'));
        } catch {
          problems.push(`${file} is not JSON`);
          continue;
        }
        const item = headlineOf(parsed, file);
        if (typeof item === 'string') problems.push(item);
        else items.push(item);
      } catch (e) {
        problems.push(`could not read ${file}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
      }
    }
  }
  return { items, problems };
}
