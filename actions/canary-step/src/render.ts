/**
 * The job summary: the verdict and its reason, the ladder as it happened (a Mermaid xychart of the
 * candidate's weight against time, and the same as a table with each step's verdict), a table per
 * step (counts per arm, rates, evidence against its thresholds), and how it was decided — including,
 * for a provider without a weighted split, that this was a guarded cutover, and for a stages
 * provider how the steps map onto its stages.
 */
import { Summary, code } from '@shipkit/kit';
import { format } from '@shipkit/analysis';
import type { AnalysisSettings } from '@shipkit/analysis/inputs';
import type { TrafficCapability } from '@shipkit/deploy';
import type { RolloutResult, StepRecord } from './rollout';

const ICON = { promoted: '✅', aborted: '❌', paused: '⏸️' } as const;
const STEP_ICON: Record<StepRecord['verdict'], string> = { pass: '✅', fail: '❌', inconclusive: '⚠️', cancelled: '🛑', promoted: '🚀' };

export interface RenderInput {
  result: RolloutResult;
  capability: TrafficCapability;
  provider: string;
  candidate: string;
  stable?: string;
  settings: AnalysisSettings;
  url?: string;
  startedAt: number;
  bakeMs: number;
}

const secondsSince = (at: string, start: number): number => Math.max(0, Math.round((Date.parse(at) - start) / 100) / 10);

/** The weight as a step function of time: a point before and after every change. */
export function weightChart(result: RolloutResult, startedAt: number, endAt: number): string {
  const xs: number[] = [];
  const ys: number[] = [];
  let last = result.timeline[0]?.weight ?? 0;
  for (const p of result.timeline) {
    const t = secondsSince(p.at, startedAt);
    if (xs.length > 0) {
      xs.push(t);
      ys.push(last);
    }
    xs.push(t);
    ys.push(p.weight);
    last = p.weight;
  }
  xs.push(Math.max(secondsSince(new Date(endAt).toISOString(), startedAt), xs[xs.length - 1] ?? 0));
  ys.push(last);
  return [
    'xychart-beta',
    '  title "Candidate weight over the rollout"',
    `  x-axis "seconds since the start" [${xs.map((x) => `"${x}"`).join(', ')}]`,
    '  y-axis "traffic on the candidate (%)" 0 --> 100',
    `  line [${ys.join(', ')}]`,
  ].join('\n');
}

function stepRows(result: RolloutResult): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const s of result.steps) {
    const metrics = s.decision?.metrics ?? [];
    if (metrics.length === 0) {
      rows.push([s.step, `${s.weight} %`, format.seconds(s.durationMs / 1000), '', '', '', '', `${STEP_ICON[s.verdict]} ${s.verdict}`]);
      continue;
    }
    for (const m of metrics) {
      const what = m.kind === 'errors' ? 'errors' : `slower than ${format.seconds(m.boundary?.seconds ?? 0)}`;
      rows.push([
        s.step,
        `${s.weight} %`,
        format.seconds(s.durationMs / 1000),
        `${code(m.name)} (${what})`,
        `${format.count(m.candidate.bad)}/${format.count(m.candidate.requests)} = ${format.rate(m.candidate.rate)}`,
        m.baseline
          ? `${format.count(m.baseline.bad)}/${format.count(m.baseline.requests)} = ${format.rate(m.baseline.rate)}`
          : `SLO ${format.rate(m.budget ?? 0)}`,
        `fail ${format.evidence(m.evidence.logFail)} / ${format.threshold(m.evidence.failThreshold)} · pass ${format.evidence(m.evidence.logPass)} / ${format.threshold(m.evidence.passThreshold)}`,
        `${STEP_ICON[s.verdict]} ${m.verdict === 'undecided' ? s.verdict : m.verdict}`,
      ]);
    }
  }
  return rows;
}

export function renderRollout(input: RenderInput): void {
  const { result } = input;
  const summary = new Summary().heading(
    `${ICON[result.verdict]} Canary of ${code(input.candidate)}: ${result.verdict} at ${result.weight} %`,
  );
  summary.paragraph(result.reason);
  if (input.capability === 'none')
    summary.paragraph(
      `**Guarded cutover.** The ${code(input.provider)} provider cannot split traffic, so there was no canary: the candidate took all traffic at once and was watched for up to ${format.seconds(input.bakeMs / 1000)} against ${input.settings.baselineWhy}, to be rolled back to ${input.stable ? code(input.stable) : 'the last good deployment'} on a failing verdict.`,
    );
  if (result.stages) summary.paragraph(result.stages.note);
  const facts = [
    `provider ${code(input.provider)} (traffic: ${input.capability})`,
    `stable ${input.stable ? code(input.stable) : '—'}`,
    `counts from ${code(input.settings.source.kind)}, judged ${input.settings.baselineWhy}`,
    ...(input.url ? [`serving at ${input.url}`] : []),
    ...(result.cancelled ? [`cancelled by ${result.cancelled}: traffic put back on stable before exiting`] : []),
  ];
  summary.list(facts);

  summary.heading('The ladder as it happened', 3);
  summary.codeBlock(weightChart(result, input.startedAt, Date.now()), 'mermaid');
  summary.table(
    ['time', 'weight', 'event', 'step verdict'],
    result.timeline.map((p) => {
      const step = result.steps.find((s) => s.startedAt >= p.at && s.weight === p.weight) ?? result.steps.find((s) => s.startedAt === p.at);
      return [
        `+${format.seconds(secondsSince(p.at, input.startedAt))}`,
        `${p.weight} %`,
        p.event,
        step ? `${STEP_ICON[step.verdict]} ${step.verdict}` : '',
      ];
    }),
  );

  if (result.steps.length > 0) {
    summary.heading('Each step', 3);
    summary.table(
      [
        'step',
        'weight',
        'baked',
        'metric',
        'canary',
        input.settings.analysis.baseline === 'concurrent' ? 'stable' : 'reference',
        'evidence',
        'verdict',
      ],
      stepRows(result),
    );
  }
  const m = input.settings.analysis.metrics.length;
  summary
    .heading('How this was decided', 3)
    .paragraph(
      `Each step's counts are judged by a sequential test that may look at every interval without raising its error rate: ` +
        `a step fails when the evidence that the candidate is ${format.ratio(input.settings.analysis.maxIncrease)} worse reaches ${format.threshold(m / input.settings.analysis.alpha)} ` +
        `(${m} metric${m === 1 ? '' : 's'} ÷ α = ${input.settings.analysis.alpha}; that evidence carries across the steps, so α bounds a false abort over the whole rollout), ` +
        `and passes — ending its bake early — when the evidence that it is not reaches 5 on the step's own traffic. ` +
        `A candidate the provider stops reporting as serving fails its step at once (a health check). ` +
        `An abort puts the candidate's weight to 0 at once; reaching 100 % is the promotion, after which the old stable release is retired once its connections drained.`,
    );
  summary.write();
}
