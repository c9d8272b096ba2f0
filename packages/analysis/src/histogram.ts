/**
 * Latency histograms as the metrics give them: cumulative bucket counts by upper boundary `le`
 * (seconds, finite; the +Inf bucket is the request total). A latency metric becomes a count of
 * bad events — requests slower than a boundary L — so the same test judges errors and latency.
 */

export interface Bucket {
  /** Upper boundary in seconds (finite). */
  le: number;
  /** Requests at or below `le` (cumulative). */
  count: number;
}

/** Sorted by boundary; buckets of the same boundary are added (several series of one histogram). */
export function normaliseBuckets(buckets: readonly Bucket[]): Bucket[] {
  const byLe = new Map<number, number>();
  for (const b of buckets) if (Number.isFinite(b.le)) byLe.set(b.le, (byLe.get(b.le) ?? 0) + b.count);
  return [...byLe].sort((a, b) => a[0] - b[0]).map(([le, count]) => ({ le, count }));
}

/** Adds two histograms bucket by bucket (boundaries present in only one count as missing in the other). */
export function addBuckets(a: readonly Bucket[], b: readonly Bucket[]): Bucket[] {
  return normaliseBuckets([...a, ...b]);
}

/**
 * The q-quantile (0 < q < 1) the way Prometheus's histogram_quantile estimates it: linear within
 * the bucket that holds it; the largest finite boundary when it falls in the +Inf bucket.
 */
export function histogramQuantile(buckets: readonly Bucket[], total: number, q: number): number | undefined {
  if (total <= 0 || buckets.length === 0) return undefined;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      const inBucket = b.count - prevCount;
      if (inBucket <= 0) return b.le;
      return prevLe + ((b.le - prevLe) * (rank - prevCount)) / inBucket;
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return buckets[buckets.length - 1]?.le;
}

/**
 * The smallest bucket boundary at or above the q-quantile: the first bucket whose cumulative count
 * reaches q of the total. A boundary below the baseline's p99 would dilute a tail regression
 * (most of the extra slow requests and the baseline's own slow ones land above it alike).
 */
export function boundaryAtQuantile(buckets: readonly Bucket[], total: number, q: number): number | undefined {
  if (total <= 0) return undefined;
  for (const b of buckets) if (b.count >= q * total) return b.le;
  return undefined;
}

/** The smallest boundary ≥ `seconds` (undefined when every finite boundary is below it). */
export function boundaryAtOrAbove(buckets: readonly Bucket[], seconds: number): number | undefined {
  for (const b of buckets) if (b.le >= seconds - 1e-12) return b.le;
  return undefined;
}

/** Requests slower than `le` (undefined when the histogram has no bucket at exactly `le`). */
export function exceedances(buckets: readonly Bucket[], total: number, le: number): number | undefined {
  const b = buckets.find((x) => Math.abs(x.le - le) <= 1e-12 * Math.max(1, le));
  return b === undefined ? undefined : Math.max(0, total - b.count);
}
