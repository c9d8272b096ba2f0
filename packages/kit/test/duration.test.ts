import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../src/duration';

describe('parseDuration', () => {
  it('reads units, compounds and bare milliseconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration(' 2h ')).toBe(7_200_000);
    expect(parseDuration('1h2m3s4ms')).toBe(3_723_004);
    expect(parseDuration('0.5s')).toBe(500);
    expect(parseDuration('1.0004s')).toBe(1000);
    expect(parseDuration('42')).toBe(42);
  });

  it('reads days (a `ttl` of a week is `7d`)', () => {
    expect(parseDuration('7d')).toBe(7 * 24 * 3_600_000);
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseDuration('0.5d')).toBe(12 * 3_600_000);
    expect(parseDuration('7D')).toBe(7 * 24 * 3_600_000);
    expect(parseDuration('1dd')).toBeUndefined();
    expect(parseDuration('d')).toBeUndefined();
  });

  it('returns undefined for what is not a duration', () => {
    for (const bad of ['', ' ', 'ms', '1 m', '-1s', '1s-', '1w', '1m 30s', 'PT1M', '1 d', '1day'])
      expect(parseDuration(bad)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [12.4, '12 ms'],
    [999.4, '999 ms'],
    [999.6, '1.00 s'],
    [1234, '1.23 s'],
    [9_994, '9.99 s'],
    [9_996, '10.0 s'],
    [12_345, '12.3 s'],
    [59_940, '59.9 s'],
    [59_990, '1 min 0 s'],
    [61_000, '1 min 1 s'],
    [119_700, '2 min 0 s'],
    [3_600_000, '60 min 0 s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('prints non-finite values as they are', () => {
    expect(formatDuration(Number.NaN)).toBe('NaN');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
