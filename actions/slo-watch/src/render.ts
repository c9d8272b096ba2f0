/**
 * The job summary: the verdict and its reason, a table per metric (canary against baseline or the
 * SLO budget: counts, rates, ratio, evidence against its threshold, verdict), Mermaid xychart-beta
 * charts of the error rate and the p99 latency over the watch, canary against baseline, and the
 * method in plain words. Annotations: one error per failing metric, a warning when inconclusive.
 */
import { Annotations, Summary, code, info } from '@shipkit/kit';
import { format, type AnalysisState, type BaselineMode, type Decision, type IntervalRecord, type MetricDecision } from '@shipkit/analysis';
import type { ProbeFailures } from '@shipkit/probes';

const ICON = { pass: '✅', fail: '❌', inconclusive: '⚠️', undecided: '⏳' } as const;
const CANARY_COLOR = '#d62728';
const BASELINE_COLOR = '#1f77b4';
/** Charts get at most this many points (intervals are merged evenly beyond it). */
const MAX_POINTS = 40;

export interface RenderInput {
  decision: Decision;
  state: AnalysisState;
  baseline: BaselineMode;
  baselineWhy: string;
  alpha: number;
  maxIncrease: number;
  sourceKind: string;
  decidedAfterMs: number;
  startedAt: number;
  unavailableReads: number;
  totalReads: number;
  /** `source: probes`: the failed requests over the watch, by arm, probe and what went wrong. */
  probeFailures?: ProbeFailures;
  probesSkipped?: number;
}

/** At most this many rows of probe failures in the summary (the report has them all). */
const MAX_FAILURE_ROWS = 20;

function probeFailureTable(summary: Summary, failures: ProbeFailures, skipped: number): void {
  if (failures.length > 0) {
    summary.heading('Failed probe requests', 3);
    summary.table(
      ['arm', 'probe', 'what', 'requests', 'first seen'],
      failures
        .slice(0, MAX_FAILURE_ROWS)
        .map((f) => [f.arm === 'candidate' ? 'canary' : 'baseline', f.probe, f.what, format.count(f.count), f.example]),
    );
    if (failures.length > MAX_FAILURE_ROWS)
      summary.paragraph(`_${failures.length - MAX_FAILURE_ROWS} more kinds of failure are in the report._`);
  }
  if (skipped > 0)
    summary.paragraph(
      `${format.count(skipped)} requests were not sent because earlier ones were still awaiting an answer (at most rate × \`probe-timeout\` wait at once).`,
    );
}

const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

function metricTable(summary: Summary, d: MetricDecision, baseline: BaselineMode): void {
  summary.heading(`${ICON[d.verdict]} ${code(d.name)} — ${d.verdict}${d.noData ? ' (no data)' : ''}`, 3);
  if (d.kind === 'latency' && !d.boundary) {
    summary.paragraph(d.reason);
    return;
  }
  const what = d.kind === 'errors' ? 'errors' : `slower than ${format.seconds(d.boundary?.seconds ?? 0)}`;
  const evidence = `${format.evidence(d.evidence.logFail)} (fails at ≥ ${format.threshold(d.evidence.failThreshold)})`;
  const passEvidence = `${format.evidence(d.evidence.logPass)} (passes at ≥ ${format.threshold(d.evidence.passThreshold)})`;
  const rows: (string | number)[][] = [
    [
      'canary',
      format.count(d.candidate.requests),
      format.count(d.candidate.bad),
      format.rate(d.candidate.rate),
      d.ratio === undefined ? '—' : format.ratio(d.ratio),
      evidence,
      passEvidence,
      `${ICON[d.verdict]} ${d.verdict}`,
    ],
  ];
  if (d.baseline)
    rows.push(['baseline', format.count(d.baseline.requests), format.count(d.baseline.bad), format.rate(d.baseline.rate), '', '', '', '']);
  else if (d.budget !== undefined)
    rows.push([baseline === 'before' ? 'before the watch' : 'SLO budget', '', '', format.rate(d.budget), '', '', '', '']);
  summary.table(['arm', 'requests', what, 'rate', 'ratio', 'fail evidence', 'pass evidence', 'verdict'], rows);
  const extra: string[] = [];
  if (d.trafficShare !== undefined && d.badShare !== undefined)
    extra.push(
      `The canary served ${format.share(d.trafficShare)} of the traffic and had ${format.share(d.badShare)} of the ${d.kind === 'errors' ? 'errors' : 'slow requests'}.`,
    );
  if (d.boundary) extra.push(`Latency boundary ${format.seconds(d.boundary.seconds)}: ${d.boundary.why}.`);
  if (d.needs && Number.isFinite(d.needs.candidateRequests))
    extra.push(
      `Too little traffic to decide: a pass takes about ${format.count(d.needs.candidateRequests)} canary requests at these rates; ${format.count(d.needs.seen)} were seen.`,
    );
  if (d.verdict === 'undecided' || d.verdict === 'inconclusive') extra.push(d.reason);
  if (extra.length > 0) summary.paragraph(extra.join(' '));
}

/** Evenly merged groups of consecutive intervals, so a long watch still charts in MAX_POINTS points. */
function groups(records: readonly IntervalRecord[]): IntervalRecord[][] {
  const size = Math.max(1, Math.ceil(records.length / MAX_POINTS));
  const out: IntervalRecord[][] = [];
  for (let i = 0; i < records.length; i += size) out.push(records.slice(i, i + size));
  return out;
}

function xychart(title: string, yLabel: string, labels: string[], lines: number[][]): string {
  const max = Math.max(0, ...lines.flat());
  const top = max > 0 ? round(max * 1.2, max < 1 ? 3 : 1) : 1;
  return [
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${CANARY_COLOR}, ${BASELINE_COLOR}"}}}}%%`,
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "${yLabel}" 0 --> ${top}`,
    ...lines.map((values) => `  line [${values.join(', ')}]`),
  ].join('\n');
}

/** Error rate so far (cumulative, %) per interval: canary and baseline (or the SLO budget). */
function errorChart(records: readonly IntervalRecord[], d: MetricDecision, startedAt: number): string | undefined {
  if (records.length < 2) return undefined;
  let cn = 0;
  let cb = 0;
  let bn = 0;
  let bb = 0;
  const labels: string[] = [];
  const canary: number[] = [];
  const base: number[] = [];
  for (const g of groups(records)) {
    for (const r of g) {
      cn += r.candidate?.requests ?? 0;
      cb += r.candidate?.bad ?? 0;
      bn += r.baseline?.requests ?? 0;
      bb += r.baseline?.bad ?? 0;
    }
    const last = g[g.length - 1] as IntervalRecord;
    labels.push(`${Math.round((Date.parse(last.end) - startedAt) / 1000)}s`);
    canary.push(round(cn > 0 ? (100 * cb) / cn : 0));
    base.push(round(d.baseline ? (bn > 0 ? (100 * bb) / bn : 0) : 100 * (d.budget ?? 0)));
  }
  return xychart(`${d.name}: error rate so far (%)`, '%', labels, [canary, base]);
}

/** p99 latency per interval (ms): canary and baseline, each carried over intervals without traffic. */
function latencyChart(records: readonly IntervalRecord[], d: MetricDecision, startedAt: number): string | undefined {
  if (records.length < 2 || !records.some((r) => r.candidate?.p99Seconds !== undefined)) return undefined;
  const labels: string[] = [];
  const canary: number[] = [];
  const base: number[] = [];
  let lastC = 0;
  let lastB = 0;
  for (const g of groups(records)) {
    const c = g.map((r) => r.candidate?.p99Seconds).filter((v): v is number => v !== undefined);
    const b = g.map((r) => r.baseline?.p99Seconds).filter((v): v is number => v !== undefined);
    if (c.length > 0) lastC = Math.max(...c) * 1000;
    if (b.length > 0) lastB = Math.max(...b) * 1000;
    const last = g[g.length - 1] as IntervalRecord;
    labels.push(`${Math.round((Date.parse(last.end) - startedAt) / 1000)}s`);
    canary.push(round(lastC, 1));
    base.push(round(lastB, 1));
  }
  return xychart(`${d.name}: p99 latency per interval (ms)`, 'ms', labels, d.baseline ? [canary, base] : [canary]);
}

export function renderWatch(input: RenderInput): void {
  const { decision } = input;
  const verdict = decision.verdict === 'continue' ? 'inconclusive' : decision.verdict;
  const annotations = new Annotations();
  for (const m of decision.metrics)
    if (m.verdict === 'fail')
      annotations.add({
        level: 'error',
        title: `slo-watch: ${m.name}`,
        message: m.reason.startsWith(`${m.name}: `) ? m.reason.slice(m.name.length + 2) : m.reason,
      });
  if (verdict === 'inconclusive') annotations.add({ level: 'warning', title: 'slo-watch: inconclusive', message: decision.reason });
  annotations.flush();

  const after = format.seconds(input.decidedAfterMs / 1000);
  const summary = new Summary()
    .heading(`${ICON[verdict]} SLO watch: ${verdict} after ${after}`)
    .paragraph(decision.reason)
    .paragraph(
      `Source ${code(input.sourceKind)}, judged ${input.baselineWhy}; ${format.count(decision.candidateRequests)} canary requests in ${decision.intervals} interval${decision.intervals === 1 ? '' : 's'}` +
        (input.unavailableReads > 0 ? `; the backend did not answer ${input.unavailableReads} of ${input.totalReads} reads` : '') +
        '.',
    );
  for (const m of decision.metrics) metricTable(summary, m, input.baseline);
  if (input.probeFailures) probeFailureTable(summary, input.probeFailures, input.probesSkipped ?? 0);
  const charts: string[] = [];
  for (const m of decision.metrics) {
    const records = input.state.metrics.find((s) => s.name === m.name)?.intervals ?? [];
    const chart = m.kind === 'errors' ? errorChart(records, m, input.startedAt) : latencyChart(records, m, input.startedAt);
    if (chart) charts.push(chart);
  }
  if (charts.length > 0) {
    summary.heading('Over the watch', 3);
    for (const c of charts) summary.codeBlock(c, 'mermaid');
    summary.paragraph(
      input.baseline === 'concurrent' ? '<sub>red: canary · blue: baseline</sub>' : '<sub>red: canary · blue: the SLO budget</sub>',
    );
  }
  const m = decision.metrics.length;
  summary
    .heading('How this was decided', 3)
    .paragraph(
      input.baseline === 'concurrent'
        ? `Each interval's bad events are split between canary and baseline. If the canary is no worse, each falls on it with the probability of its share of the traffic; if it is r× worse, more often. ` +
            `The fail evidence is the likelihood ratio of "${format.ratio(input.maxIncrease)}, ${format.ratio(2 * input.maxIncrease)}, … ${format.ratio(16 * input.maxIncrease)} worse" against "no worse", summed over every interval; ` +
            `failing needs it ≥ ${format.threshold(m / input.alpha)} (${m} metric${m === 1 ? '' : 's'} ÷ α = ${input.alpha}), which a canary no worse than the baseline reaches with probability ≤ ${input.alpha * 100} % however often it is checked (Ville's inequality). ` +
            `Passing needs the evidence against a ${format.ratio(input.maxIncrease)} increase (or for the canary's own rate being under its SLO budget ÷ ${input.maxIncrease}) ≥ 5, which a ${format.ratio(input.maxIncrease)} worse canary over its budget reaches with probability ≤ 20 %. No traffic is no evidence.`
        : `The canary's bad events are compared with ${input.baseline === 'before' ? 'the rate before the watch (through confidence bounds on it)' : "the SLO's budget"}: ` +
            `the fail evidence is the likelihood ratio of a rate ${format.ratio(input.maxIncrease)}… ${format.ratio(16 * input.maxIncrease)} that against the rate itself; failing needs it ≥ ${format.threshold(((input.baseline === 'before' ? 2 : 1) * m) / input.alpha)}, which a deployment within it reaches with probability ≤ ${input.alpha * 100} % however often it is checked. ` +
            (input.baseline === 'before'
              ? `Passing needs the evidence against a ${format.ratio(input.maxIncrease)} rate (or for the canary's own rate being under its SLO budget ÷ ${input.maxIncrease}) ≥ 10. No traffic is no evidence.`
              : `Passing needs the evidence against a ${format.ratio(input.maxIncrease)} rate ≥ 5. No traffic is no evidence.`),
    );
  summary.write();
  info(`slo-watch: ${verdict} after ${after}: ${decision.reason}`);
}
