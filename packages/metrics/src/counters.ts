/**
 * Exact integer counts from cumulative counters: the difference of each series between two reads,
 * a counter reset (a restarted process starts again from 0) taken as a fresh start. Counts of
 * adjacent intervals add up exactly to the counts of their union, which `increase()` does not
 * promise: it extrapolates each window to its edges and returns non-integer values, and rounding
 * those per interval leaves errors that accumulate and can even make bad > total.
 */

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** A stable key of a label set. */
export function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

export interface Delta {
  labels: Record<string, string>;
  increase: number;
  reset: boolean;
}

/**
 * Per-series increases since `previous`, which is updated in place. Series missing from `current`
 * stay in `previous` (a missed scrape must not count a series twice when it comes back); a series
 * first seen now counts from 0 (it was created after the previous read, as client libraries create
 * a labelled series at its first increment). Values that are not finite are skipped.
 */
export function counterDeltas(previous: Map<string, number>, current: readonly Sample[]): Delta[] {
  const out: Delta[] = [];
  for (const s of current) {
    if (!Number.isFinite(s.value) || s.value < 0) continue;
    const key = seriesKey(s.labels);
    const before = previous.get(key);
    const reset = before !== undefined && s.value < before;
    const increase = before === undefined || reset ? s.value : s.value - before;
    previous.set(key, s.value);
    out.push({ labels: s.labels, increase, reset });
  }
  return out;
}

/** The starting values of a set of series. */
export function snapshot(samples: readonly Sample[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const s of samples) if (Number.isFinite(s.value) && s.value >= 0) map.set(seriesKey(s.labels), s.value);
  return map;
}

/** Total increase, rounded to a whole count (counters of requests are integers; a float counter is rounded once, here). */
export const sumIncrease = (deltas: readonly Delta[]): number => Math.round(deltas.reduce((a, d) => a + d.increase, 0));

/** Cumulative histogram buckets from `_bucket` series deltas grouped by `le`; the +Inf bucket is the total. */
export function bucketsFromDeltas(deltas: readonly Delta[]): { total: number; buckets: { le: number; count: number }[] } | undefined {
  const byLe = new Map<number, number>();
  for (const d of deltas) {
    const le = parseLe(d.labels.le);
    if (le === undefined) continue;
    byLe.set(le, (byLe.get(le) ?? 0) + d.increase);
  }
  const total = byLe.get(Number.POSITIVE_INFINITY);
  if (total === undefined) return undefined;
  const buckets = [...byLe]
    .filter(([le]) => Number.isFinite(le))
    .sort((a, b) => a[0] - b[0])
    .map(([le, count]) => ({ le, count: Math.min(Math.round(count), Math.round(total)) }));
  // Cumulative counts never decrease with le; scrapes of one histogram are atomic, so this only
  // repairs rounding of float counters.
  for (let i = 1; i < buckets.length; i++)
    (buckets[i] as { count: number }).count = Math.max(
      (buckets[i] as { count: number }).count,
      (buckets[i - 1] as { count: number }).count,
    );
  return { total: Math.round(total), buckets };
}

/** A Prometheus `le` label: a float, `+Inf` included. */
export function parseLe(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = parseSampleValue(text);
  return Number.isNaN(v) || v <= 0 ? undefined : v;
}

/** A Prometheus sample value, sent as a string: `"1"`, `"1.5e3"`, `"NaN"`, `"+Inf"`, `"-Inf"`. */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const v = Number(text);
  return text.trim() === '' ? Number.NaN : v;
}

/** A counter's increase over consecutive samples of one series: drops are resets (counted from 0). */
export function increaseOver(values: readonly number[]): number {
  let increase = 0;
  let previous: number | undefined;
  for (const v of values) {
    if (!Number.isFinite(v) || v < 0) continue;
    if (previous !== undefined) increase += v >= previous ? v - previous : v;
    previous = v;
  }
  return increase;
}

/** What one query of one arm counted in an interval: its series, their summed increase, the histogram of `_bucket` series. */
export interface PartCounts {
  samples: number;
  increase: number;
  histogram?: ReturnType<typeof bucketsFromDeltas>;
}

export type QueryArm = 'candidate' | 'baseline';
export type QueryPart = 'total' | 'bad' | 'histogram';

export const partKey = (metric: string, arm: QueryArm, part: QueryPart): string => `${metric}\u0000${arm}\u0000${part}`;

/**
 * One query's counts since the previous read (`previous` moves on), with a note per counter reset.
 * Shared by every source that differences counters (Prometheus, an exposition read directly).
 */
export function partCounts(
  job: { metric: string; arm: QueryArm; part: QueryPart },
  previous: Map<string, number>,
  samples: readonly Sample[],
  notes: string[],
): PartCounts {
  const deltas = counterDeltas(previous, samples);
  const resets = deltas.filter((d) => d.reset).length;
  if (resets > 0)
    notes.push(`${job.metric} ${job.arm}: ${resets} counter reset${resets === 1 ? '' : 's'} (a restarted process), counted from 0`);
  return {
    samples: samples.length,
    increase: sumIncrease(deltas),
    ...(job.part === 'histogram' ? { histogram: bucketsFromDeltas(deltas) } : {}),
  };
}

/**
 * Each metric's counts per arm from its queries' parts: a histogram's total and buckets, or
 * `total` and `bad` (bad capped at total, with a note). An arm whose query selected no series
 * has no counts (`null`: no evidence, never a failure).
 */
export function countsPerArm(
  queries: readonly { name: string }[],
  hasBaseline: boolean,
  parts: ReadonlyMap<string, PartCounts>,
  notes: string[],
): Record<string, { candidate: ArmPartCounts | null; baseline?: ArmPartCounts | null }> {
  const metrics: Record<string, { candidate: ArmPartCounts | null; baseline?: ArmPartCounts | null }> = {};
  for (const q of queries) {
    const arm = (a: QueryArm): ArmPartCounts | null => {
      const get = (part: QueryPart) => parts.get(partKey(q.name, a, part));
      const histogram = get('histogram');
      if (histogram) {
        if (histogram.samples === 0 || !histogram.histogram) return null;
        return { requests: histogram.histogram.total, buckets: histogram.histogram.buckets };
      }
      const total = get('total');
      if (!total || total.samples === 0) return null;
      let bad = get('bad')?.increase ?? 0;
      if (bad > total.increase) {
        notes.push(`${q.name} ${a}: the bad query counted ${bad} of ${total.increase} requests; taken as ${total.increase}`);
        bad = total.increase;
      }
      return { requests: total.increase, bad };
    };
    metrics[q.name] = { candidate: arm('candidate'), ...(hasBaseline ? { baseline: arm('baseline') } : {}) };
  }
  return metrics;
}

type ArmPartCounts = { requests: number; bad?: number; buckets?: { le: number; count: number }[] };
