/** The watch loop with a scripted source and a fake clock: stops at the first decision, never passes on a dead backend. */
import { describe, expect, it } from 'vitest';
import { Analysis, type AnalysisConfig } from '@shipkit/analysis';
import type { MetricsSource, SourceRead } from '@shipkit/metrics';
import { watch } from '../src/watch';

const config = (extra: Partial<AnalysisConfig> = {}): AnalysisConfig => ({
  metrics: [{ name: 'errors', kind: 'errors', objective: { target: 0.99 } }],
  baseline: 'concurrent',
  alpha: 0.05,
  maxIncrease: 2,
  ...extra,
});

function scripted(reads: ((to: Date) => SourceRead)[]): MetricsSource & { calls: number } {
  const source = {
    kind: 'scripted',
    calls: 0,
    start: async () => ({ ok: true as const }),
    read: async (to: Date) => (reads[Math.min(source.calls++, reads.length - 1)] as (to: Date) => SourceRead)(to),
    readWindow: async () => ({ status: 'unavailable' as const, reason: 'n/a' }),
  };
  return source;
}

const ok =
  (candidate: { requests: number; bad: number }, baseline = { requests: 380, bad: 4 }) =>
  (to: Date): SourceRead => ({ status: 'ok', from: to, to, metrics: { errors: { candidate, baseline } }, notes: [] });
const down = (): SourceRead => ({ status: 'unavailable', reason: 'connection refused' });

function fakeTime() {
  let now = 1_000_000;
  return { clock: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe('watch', () => {
  it('stops at the first decision and reports when', async () => {
    const t = fakeTime();
    const source = scripted([ok({ requests: 640, bad: 15 }, { requests: 12_160, bad: 122 })]);
    const r = await watch({
      source,
      analysis: new Analysis(config()),
      intervalMs: 10_000,
      durationMs: 300_000,
      startedAt: t.clock(),
      ...t,
    });
    expect(r.decision.verdict).toBe('fail');
    expect(source.calls).toBe(1);
    expect(r.decidedAfterMs).toBe(10_000);
  });

  it('runs to the deadline without evidence and ends inconclusive', async () => {
    const t = fakeTime();
    const source = scripted([ok({ requests: 0, bad: 0 })]);
    const r = await watch({ source, analysis: new Analysis(config()), intervalMs: 10_000, durationMs: 60_000, startedAt: t.clock(), ...t });
    expect(source.calls).toBe(6);
    expect(r.decision.verdict).toBe('inconclusive');
    expect(r.decidedAfterMs).toBe(60_000);
  });

  it('a backend down at the end is inconclusive even when no-data says pass', async () => {
    const t = fakeTime();
    const source = scripted([ok({ requests: 0, bad: 0 }), down]);
    const r = await watch({
      source,
      analysis: new Analysis(config({ noData: 'pass' })),
      intervalMs: 10_000,
      durationMs: 30_000,
      startedAt: t.clock(),
      ...t,
    });
    expect(r.decision.verdict).toBe('inconclusive');
    expect(r.decision.reason).toMatch(
      /^the metrics backend has been unavailable since \S+ \(2 reads\): connection refused; evidence so far: /,
    );
    expect(r.unavailable?.reads).toBe(2);
  });

  it('a backend that comes back loses nothing: the watch decides on the next read', async () => {
    const t = fakeTime();
    const source = scripted([down, down, ok({ requests: 640, bad: 15 }, { requests: 12_160, bad: 122 })]);
    const r = await watch({
      source,
      analysis: new Analysis(config()),
      intervalMs: 10_000,
      durationMs: 300_000,
      startedAt: t.clock(),
      ...t,
    });
    expect(r.decision.verdict).toBe('fail');
    expect(r.reads.map((x) => x.status)).toEqual(['unavailable', 'unavailable', 'ok']);
    expect(r.unavailable).toBeUndefined();
  });
});
