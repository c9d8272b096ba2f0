import { describe, expect, it } from 'vitest';
import { bucketsFromDeltas, counterDeltas, increaseOver, parseSampleValue, snapshot, sumIncrease } from '../src/counters';
import { withSelector } from '../src/types';

const s = (labels: Record<string, string>, value: number) => ({ labels, value });

describe('counter differencing', () => {
  it('gives exact integer increases per series that add up across intervals', () => {
    const prev = snapshot([s({ pod: 'a' }, 100), s({ pod: 'b' }, 50)]);
    const d1 = counterDeltas(prev, [s({ pod: 'a' }, 130), s({ pod: 'b' }, 55)]);
    const d2 = counterDeltas(prev, [s({ pod: 'a' }, 131), s({ pod: 'b' }, 70)]);
    expect(sumIncrease(d1)).toBe(35);
    expect(sumIncrease(d2)).toBe(16);
    expect(sumIncrease(d1) + sumIncrease(d2)).toBe(131 + 70 - 150);
  });

  it('takes a drop as a reset (a restarted process counts from 0)', () => {
    const prev = snapshot([s({ pod: 'a' }, 100)]);
    const d = counterDeltas(prev, [s({ pod: 'a' }, 7)]);
    expect(d).toEqual([{ labels: { pod: 'a' }, increase: 7, reset: true }]);
  });

  it('counts a new series from 0 and keeps a missing one, so it is not counted twice when it returns', () => {
    const prev = snapshot([s({ pod: 'a' }, 10)]);
    expect(sumIncrease(counterDeltas(prev, [s({ pod: 'b', status: '500' }, 3)]))).toBe(3);
    expect(sumIncrease(counterDeltas(prev, [s({ pod: 'a' }, 12), s({ pod: 'b', status: '500' }, 3)]))).toBe(2);
  });

  it('skips values that are not counts (NaN, ±Inf, negative)', () => {
    const prev = new Map<string, number>();
    expect(counterDeltas(prev, [s({}, Number.NaN), s({ a: '1' }, Number.POSITIVE_INFINITY), s({ b: '1' }, -1)])).toEqual([]);
  });

  it('the label order does not make another series', () => {
    const prev = snapshot([{ labels: { a: '1', b: '2' }, value: 5 }]);
    expect(sumIncrease(counterDeltas(prev, [{ labels: { b: '2', a: '1' }, value: 6 }]))).toBe(1);
  });

  it('sums over a range of samples with resets', () => {
    expect(increaseOver([10, 12, 15, 2, 4, Number.NaN, 9])).toBe(2 + 3 + 2 + 2 + 5);
  });
});

describe('histogram buckets from _bucket series', () => {
  it('groups by le across series, the +Inf bucket being the total', () => {
    const d = [
      { labels: { le: '0.1', pod: 'a' }, increase: 8, reset: false },
      { labels: { le: '0.1', pod: 'b' }, increase: 2, reset: false },
      { labels: { le: '0.5', pod: 'a' }, increase: 9, reset: false },
      { labels: { le: '0.5', pod: 'b' }, increase: 4, reset: false },
      { labels: { le: '+Inf', pod: 'a' }, increase: 10, reset: false },
      { labels: { le: '+Inf', pod: 'b' }, increase: 4, reset: false },
    ];
    expect(bucketsFromDeltas(d)).toEqual({
      total: 14,
      buckets: [
        { le: 0.1, count: 10 },
        { le: 0.5, count: 13 },
      ],
    });
    expect(bucketsFromDeltas(d.slice(0, 4))).toBeUndefined();
  });
});

describe('sample values', () => {
  it('reads Prometheus string values, NaN and infinities included', () => {
    expect(parseSampleValue('12')).toBe(12);
    expect(parseSampleValue('1.5e3')).toBe(1500);
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseSampleValue('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseSampleValue('')).toBeNaN();
  });

  it('substitutes an arm selector into a query template', () => {
    expect(withSelector('http_requests_total{status=~"5..",{{selector}}}', 'version="v2"')).toBe(
      'http_requests_total{status=~"5..",version="v2"}',
    );
    expect(withSelector('sum:hits{{{selector}}}.as_count()', 'version:v2')).toBe('sum:hits{version:v2}.as_count()');
  });
});
