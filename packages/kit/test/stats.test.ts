import { describe, expect, it } from 'vitest';
import { mapConcurrent, percentile } from '../src/stats';

describe('percentile', () => {
  it('interpolates linearly between ranks (R-7, the NumPy default)', () => {
    const values = [4, 1, 3, 2];
    expect(percentile(values, 50)).toBe(2.5);
    expect(percentile(values, 95)).toBeCloseTo(3.85, 10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(4);
    expect(percentile([7], 99)).toBe(7);
    expect(values).toEqual([4, 1, 3, 2]);
  });

  it('clamps p to 0–100 and is undefined without values', () => {
    expect(percentile([1, 2, 3], -5)).toBe(1);
    expect(percentile([1, 2, 3], 150)).toBe(3);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('mapConcurrent', () => {
  const track = () => {
    const state = { inFlight: 0, peak: 0 };
    const task = async (n: number): Promise<number> => {
      state.inFlight++;
      state.peak = Math.max(state.peak, state.inFlight);
      await new Promise((r) => setTimeout(r, (n % 3) * 5));
      state.inFlight--;
      return n * 10;
    };
    return { state, task };
  };

  it('keeps at most `limit` tasks in flight and the results in input order', async () => {
    const { state, task } = track();
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(await mapConcurrent(items, 3, task)).toEqual(items.map((n) => n * 10));
    expect(state.peak).toBe(3);
  });

  it('runs everything with a limit of 0, a negative one or NaN (one at a time), and handles no items', async () => {
    for (const limit of [0, -2, Number.NaN]) {
      const { state, task } = track();
      expect(await mapConcurrent([1, 2, 3], limit, task)).toEqual([10, 20, 30]);
      expect(state.peak).toBe(1);
    }
    expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
  });

  it('passes the index and rejects with the first failure', async () => {
    expect(await mapConcurrent(['a', 'b'], 2, async (item, index) => `${item}${index}`)).toEqual(['a0', 'b1']);
    await expect(
      mapConcurrent([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('task 2 failed');
        return n;
      }),
    ).rejects.toThrow('task 2 failed');
  });
});
