/** Numbers as the verdicts print them: counts with thousands separators, rates, shares, evidence. */

export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A bad-event rate: one decimal from 0.1 %, two significant digits below (0.05 %). */
export function rate(fraction: number): string {
  const v = fraction * 100;
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0 %';
  if (v >= 0.1) return `${v.toFixed(1)} %`;
  return `${Number(v.toPrecision(2))} %`;
}

/** A share of traffic or of bad events: whole percent from 1 %, one decimal below. */
export function share(fraction: number): string {
  const v = fraction * 100;
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0 %';
  if (v >= 1) return `${Math.round(v)} %`;
  return `${Number(v.toPrecision(1))} %`;
}

/** An evidence value (a likelihood ratio) from its natural log. */
export function evidence(logValue: number): string {
  if (logValue === Number.NEGATIVE_INFINITY) return '0';
  const v = Math.exp(logValue);
  if (!Number.isFinite(v) || v >= 1e6) return `10^${(logValue / Math.LN10).toFixed(1)}`;
  if (v >= 100) return count(v);
  if (v >= 0.1) return v.toFixed(1);
  return Number(v.toPrecision(1)).toString();
}

/** A threshold such as m/α = 20 or 1/β = 5. */
export const threshold = (v: number): string => (Number.isInteger(v) ? count(v) : Number(v.toPrecision(3)).toString());

/** Seconds as a latency: `250 ms`, `1.5 s`. */
export function seconds(s: number): string {
  if (s < 1) return `${Number((s * 1000).toPrecision(3))} ms`;
  return `${Number(s.toPrecision(3))} s`;
}

export const ratio = (r: number): string => (Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×` : '∞×');
