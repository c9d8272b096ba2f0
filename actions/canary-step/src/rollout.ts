/**
 * The rollout: move the candidate's traffic step by step, watch each step, and end promoted,
 * aborted (all traffic back on stable at once) or paused. By the provider's declared capability:
 * `percent` sets each weight; `stages` advances the provider's own stages; `none` is a guarded
 * cutover (all traffic at once, watched, rolled back on a failing verdict). Reaching 100 % is the
 * promotion: no stable release is left serving beside the candidate to compare it with.
 *
 * Each step bakes for up to `bakeMs`, reading the counts every `intervalMs` and ending early when
 * the analysis passes the step. Fail evidence carries across steps (one α for the whole rollout),
 * pass evidence is per step (`Analysis.newStep`). A candidate deployment that stops (the provider
 * no longer reports it ready) fails the step at once: a failed health check. Cancellation (the
 * runner's SIGINT/SIGTERM) interrupts the bake and aborts the same way.
 */
import { format, type Analysis, type Decision, type MetricDecision } from '@shipkit/analysis';
import type { DeployProvider, TrafficCapability, TrafficSplit } from '@shipkit/deploy';
import type { MetricsSource } from '@shipkit/metrics';
import { mapStages, type StageMapping } from './plan';

export type RolloutVerdict = 'promoted' | 'aborted' | 'paused';
export type StepVerdict = 'pass' | 'fail' | 'inconclusive' | 'cancelled' | 'promoted';

export interface StepRecord {
  /** 1-based, counting the promotion. */
  step: number;
  weight: number;
  /** The analysis's own step number (its pass evidence is gathered per step). */
  analysisStep?: number;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  verdict: StepVerdict;
  reason: string;
  /** The decision at the end of the step (counts, rates, evidence, thresholds per metric). */
  decision?: Pick<Decision, 'verdict' | 'reason' | 'candidateRequests' | 'intervals'> & { metrics: MetricDecision[] };
  reads: { ok: number; unavailable: number };
}

export interface TimelinePoint {
  at: string;
  weight: number;
  event: string;
}

export interface RolloutResult {
  verdict: RolloutVerdict;
  weight: number;
  step: number;
  reason: string;
  steps: StepRecord[];
  timeline: TimelinePoint[];
  /** The metric (or `health`) that failed, for an abort on evidence. */
  failed?: string;
  cancelled?: string;
  stages?: StageMapping;
  /** When traffic was back on stable, after an abort. */
  stableAt?: string;
  /** The first interval with bad events on the candidate, in the failing step (for the benchmark). */
  firstBadAt?: string;
}

export interface RolloutOptions {
  provider: DeployProvider;
  capability: TrafficCapability;
  candidate: string;
  /** The provider reports the candidate's state: one that stops serving fails its step at once. */
  healthCheck: boolean;
  stable?: string;
  /** The ladder (percent): increasing, ending at 100. */
  steps: readonly number[];
  /** Single-step mode: move to this weight only. */
  weight?: number;
  /** The candidate's weight now (a resumed run continues above it). */
  startWeight: number;
  /** Steps already taken by an earlier run (for the numbering). */
  stepsBefore: number;
  bakeMs: number;
  intervalMs: number;
  onInconclusive: 'pause' | 'abort' | 'promote';
  source: MetricsSource;
  analysis: Analysis;
  /** The analysis already holds an earlier step's evidence: the first step here is a new one. */
  resumed: boolean;
  signal: AbortSignal;
  log: (line: string) => void;
  /** After each move of the traffic (the ledger's in-progress status). */
  onStep?: (weight: number, step: number) => Promise<void>;
  clock?: () => number;
}

const HEALTHY = new Set(['ready', 'building', 'queued']);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const candidatePercent = (split: TrafficSplit, candidate: string): number | undefined =>
  split.weights.find((w) => w.id === candidate)?.percent;

export class Rollout {
  private readonly clock: () => number;
  private readonly timeline: TimelinePoint[] = [];
  private readonly records: StepRecord[] = [];
  private weight: number;
  private step: number;
  private firstBadAt?: string;
  private stages?: StageMapping;
  /** Stages: the index of the provider's active stage. */
  private stageIndex?: number;

  constructor(private readonly o: RolloutOptions) {
    this.clock = o.clock ?? Date.now;
    this.weight = o.startWeight;
    this.step = o.stepsBefore;
  }

  private now = (): string => new Date(this.clock()).toISOString();

  private mark(weight: number, event: string): void {
    this.weight = weight;
    this.timeline.push({ at: this.now(), weight, event });
  }

  private result(r: Omit<RolloutResult, 'weight' | 'step' | 'steps' | 'timeline'>): RolloutResult {
    return {
      ...r,
      weight: this.weight,
      step: this.step,
      steps: this.records,
      timeline: this.timeline,
      ...(this.stages ? { stages: this.stages } : {}),
      ...(this.firstBadAt ? { firstBadAt: this.firstBadAt } : {}),
    };
  }

  /** The ladder still to climb: every step above the weight now (single-step mode: the one weight). */
  private ladder(): number[] {
    if (this.o.weight !== undefined) return [this.o.weight];
    return this.o.steps.filter((s) => s > this.o.startWeight);
  }

  async run(): Promise<RolloutResult> {
    this.timeline.push({ at: this.now(), weight: this.weight, event: this.o.resumed ? 'resumed' : 'start' });
    if (this.o.capability === 'none') return this.cutover();
    let first = true;
    const ladder = this.ladder();
    for (let k = 0; k < ladder.length || this.o.capability === 'stages'; k++) {
      const target = ladder[Math.min(k, ladder.length - 1)] as number;
      if (this.o.signal.aborted) return this.abort({ reason: 'cancelled before the next step', cancelled: String(this.o.signal.reason) });
      // Stages: the provider's own stages are the ladder (its last one is the promotion).
      if (
        this.o.capability === 'stages'
          ? this.stageIndex !== undefined && this.stageIndex >= (this.stages?.stages.length ?? 0) - 2 && this.weight > 0
          : target === 100
      )
        return this.promote();
      if (this.o.capability === 'stages' && this.o.weight === 100) return this.promote();
      const moved = await this.move(target);
      if (!moved.ok) return this.abort({ reason: moved.reason, failed: 'traffic' });
      this.step++;
      await this.o.onStep?.(this.weight, this.step);
      if (!first || this.o.resumed) this.o.analysis.newStep();
      first = false;
      const baked = await this.bake(this.weight);
      if (baked.verdict === 'cancelled')
        return this.abort({ reason: `cancelled during the bake at ${this.weight} % (${baked.reason})`, cancelled: baked.reason });
      if (baked.verdict === 'fail') return this.abort({ reason: baked.reason, failed: baked.failed });
      if (baked.verdict === 'inconclusive') {
        if (this.o.onInconclusive === 'abort')
          return this.abort({ reason: `inconclusive at ${this.weight} %, and on-inconclusive is abort: ${baked.reason}` });
        if (this.o.onInconclusive === 'pause')
          return this.result({
            verdict: 'paused',
            reason: `paused at ${this.weight} %: the step's watch ended undecided; ${baked.reason}`,
          });
        this.o.log(`canary-step: inconclusive at ${this.weight} %, going on (on-inconclusive: promote)`);
      }
      if (this.o.weight !== undefined)
        return this.result({
          verdict: 'paused',
          reason: `held at ${this.weight} % after the step ${baked.verdict === 'pass' ? 'passed' : 'ended undecided (on-inconclusive: promote)'}: ${baked.reason}`,
        });
    }
    // A resumed run that finds the candidate at 100 % already, or a ladder that ends below it.
    if (this.weight === 100) return this.promote();
    return this.result({ verdict: 'paused', reason: `held at ${this.weight} %` });
  }

  /** Moves the candidate to `target` (percent) or to the provider's next stage. */
  private async move(target: number): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      if (this.o.capability === 'percent') {
        const split = await this.o.provider.setTraffic({ candidate: this.o.candidate, stable: this.o.stable, percent: target });
        this.mark(candidatePercent(split, this.o.candidate) ?? target, `weight ${target} %`);
      } else {
        const split = await this.o.provider.advanceStage(this.o.candidate);
        if (split.stage && !this.stages) {
          this.stages = mapStages(this.o.steps, split.stage.percents, this.o.provider.name);
          this.o.log(`canary-step: ${this.stages.note}`);
        }
        const now = candidatePercent(split, this.o.candidate) ?? target;
        this.stageIndex = split.stage?.index ?? 0;
        this.mark(now, `stage ${(split.stage?.index ?? 0) + 1} (${now} %)`);
      }
      this.o.log(`canary-step: the candidate serves ${this.weight} % of traffic`);
      return { ok: true };
    } catch (e) {
      return { ok: false, reason: `the provider did not move the traffic to ${target} %: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  private async bake(
    weight: number,
  ): Promise<{ verdict: 'pass' | 'fail' | 'inconclusive' | 'cancelled'; reason: string; failed?: string }> {
    const startedAt = this.clock();
    const deadline = startedAt + this.o.bakeMs;
    const record: StepRecord = {
      step: this.step,
      weight,
      analysisStep: this.o.analysis.step,
      startedAt: new Date(startedAt).toISOString(),
      endedAt: '',
      durationMs: 0,
      verdict: 'inconclusive',
      reason: '',
      reads: { ok: 0, unavailable: 0 },
    };
    this.records.push(record);
    const end = (verdict: StepVerdict, reason: string, decision?: Decision) => {
      record.endedAt = this.now();
      record.durationMs = this.clock() - startedAt;
      record.verdict = verdict;
      record.reason = reason;
      if (decision)
        record.decision = {
          verdict: decision.verdict,
          reason: decision.reason,
          candidateRequests: decision.candidateRequests,
          intervals: decision.intervals,
          metrics: decision.metrics,
        };
    };
    let unavailable: string | undefined;
    let decision: Decision | undefined;
    for (let k = 1; ; k++) {
      const due = Math.min(startedAt + k * this.o.intervalMs, deadline);
      await sleep(due - this.clock(), this.o.signal);
      if (this.o.signal.aborted) {
        const why = `the run was cancelled (${String(this.o.signal.reason)})`;
        end('cancelled', why, decision);
        return { verdict: 'cancelled', reason: String(this.o.signal.reason) };
      }
      // The health check: a candidate the provider no longer reports ready fails the step at once.
      const health = this.o.healthCheck ? await this.o.provider.get(this.o.candidate).catch(() => undefined) : { state: 'ready' as const };
      const read = await this.o.source.read(new Date(this.clock()));
      if (read.status === 'ok') {
        record.reads.ok++;
        unavailable = undefined;
        this.o.analysis.observe({ end: new Date(this.clock()).toISOString(), metrics: read.metrics });
        if (!this.firstBadAt && Object.values(read.metrics).some((m) => (m.candidate?.bad ?? 0) > 0)) this.firstBadAt = this.now();
      } else {
        record.reads.unavailable++;
        unavailable = read.reason;
      }
      const final = this.clock() >= deadline - 1 || due >= deadline;
      decision = this.o.analysis.decide({ final });
      this.o.log(
        `canary-step: ${weight} % +${format.seconds((this.clock() - startedAt) / 1000)}: ${read.status === 'ok' ? decision.verdict : `metrics unavailable (${read.reason})`}` +
          ` — ${decision.metrics.map((m) => `${m.name} ${m.candidate.bad}/${m.candidate.requests} vs ${m.baseline ? `${m.baseline.bad}/${m.baseline.requests}` : 'SLO'}`).join(', ')}`,
      );
      if (!health || !HEALTHY.has(health.state)) {
        const errors = decision.metrics.find((m) => m.kind === 'errors');
        const reason =
          `health check: the candidate ${this.o.candidate} ${health ? `is ${health.state}` : 'is gone'} (the provider no longer reports it serving)` +
          (errors ? `; ${errors.reason}` : '');
        end('fail', reason, decision);
        return { verdict: 'fail', reason, failed: 'health' };
      }
      if (decision.verdict === 'fail') {
        const failing = decision.metrics.filter((m) => m.verdict === 'fail');
        end('fail', decision.reason, decision);
        return { verdict: 'fail', reason: decision.reason, failed: failing.map((m) => m.name).join(', ') };
      }
      if (decision.verdict === 'pass' && !unavailable) {
        end('pass', decision.reason, decision);
        return { verdict: 'pass', reason: decision.reason };
      }
      if (final || decision.verdict === 'inconclusive') {
        const reason = unavailable
          ? `the metrics source has been unavailable (${unavailable}); evidence so far: ${decision.reason}`
          : decision.reason;
        end('inconclusive', reason, decision);
        return { verdict: 'inconclusive', reason };
      }
    }
  }

  /** All traffic to the candidate, for good. */
  private async promote(): Promise<RolloutResult> {
    this.step++;
    const startedAt = this.clock();
    await this.o.provider.promote(this.o.candidate);
    this.mark(100, 'promoted');
    this.records.push({
      step: this.step,
      weight: 100,
      startedAt: new Date(startedAt).toISOString(),
      endedAt: this.now(),
      durationMs: this.clock() - startedAt,
      verdict: 'promoted',
      reason: 'all traffic on the candidate; the old stable retired after its connections drained',
      reads: { ok: 0, unavailable: 0 },
    });
    const passed = this.records.filter((r) => r.verdict === 'pass').map((r) => `${r.weight} %`);
    return this.result({
      verdict: 'promoted',
      reason: `promoted to 100 %${passed.length > 0 ? ` after passing at ${passed.join(', ')}` : ''}${this.o.resumed ? ' (resumed)' : ''}`,
    });
  }

  /** Guarded cutover: all traffic to the candidate at once, watched, rolled back on a failing verdict. */
  private async cutover(): Promise<RolloutResult> {
    this.step++;
    await this.o.provider.promote(this.o.candidate);
    this.mark(100, 'cutover');
    const baked = await this.bake(100);
    if (baked.verdict === 'cancelled')
      return this.abort({ reason: `cancelled during the watch after the cutover (${baked.reason})`, cancelled: baked.reason });
    if (baked.verdict === 'fail') return this.abort({ reason: baked.reason, failed: baked.failed });
    if (baked.verdict === 'inconclusive' && this.o.onInconclusive === 'abort')
      return this.abort({ reason: `inconclusive after the cutover, and on-inconclusive is abort: ${baked.reason}` });
    if (baked.verdict === 'inconclusive' && this.o.onInconclusive === 'pause')
      return this.result({
        verdict: 'paused',
        reason: `the cutover's watch ended undecided (the candidate serves all traffic): ${baked.reason}`,
      });
    const last = this.records[this.records.length - 1] as StepRecord;
    last.verdict = 'promoted';
    return this.result({ verdict: 'promoted', reason: `guarded cutover held: ${baked.reason}` });
  }

  /** All traffic back on stable at once (weight 0 for the candidate). */
  private async abort(r: { reason: string; failed?: string; cancelled?: string }): Promise<RolloutResult> {
    let back = '';
    if (this.o.stable) {
      try {
        await this.o.provider.rollback(this.o.stable);
        this.mark(0, 'aborted: all traffic on stable');
      } catch (e) {
        back = `; putting traffic back on ${this.o.stable} FAILED: ${e instanceof Error ? e.message : String(e)}`;
      }
    } else if (this.weight > 0) {
      back = '; no stable deployment is known to put traffic back on';
    } else this.mark(0, 'aborted');
    return this.result({
      verdict: 'aborted',
      reason: `${r.reason}${back}`,
      ...(r.failed ? { failed: r.failed } : {}),
      ...(r.cancelled ? { cancelled: r.cancelled } : {}),
      ...(back ? {} : { stableAt: this.now() }),
    });
  }
}
