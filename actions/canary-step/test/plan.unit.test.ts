import { describe, expect, it } from 'vitest';
import { ConfigurationError, InputErrors } from '@shipkit/kit';
import { checkMode, mapStages, parseSteps } from '../src/plan';

describe('the ladder asked for', () => {
  it('takes increasing whole percentages ending at 100', () => {
    expect(parseSteps(['5', '25', '100'])).toEqual([5, 25, 100]);
    expect(parseSteps(['1%', ' 50 % ', '100'])).toEqual([1, 50, 100]);
    expect(parseSteps(['100'])).toEqual([100]);
  });

  it.each([
    [['25', '5', '100'], /steps must increase, but 5 follows 25/],
    [['5', '5', '100'], /steps must increase, but 5 follows 5/],
    [['5', '25'], /the last step must be 100 \(the promotion\), got 25/],
    [['0', '100'], /`0` is not a whole percentage from 1 to 100/],
    [['5', '2.5', '100'], /`2.5` is not a whole percentage/],
    [['5', '150'], /`150` is not a whole percentage/],
    [[], /no step given/],
  ])('%j is one error naming `steps`', (items, message) => {
    let error: unknown;
    try {
      parseSteps(items);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).input).toBe('steps');
    expect((error as Error).message).toMatch(message);
  });

  it('refuses `weight` and a concurrent baseline without a traffic split, both at once', () => {
    expect(() => checkMode({ capability: 'percent', provider: 'local', weight: 5, baseline: 'concurrent' })).not.toThrow();
    let error: unknown;
    try {
      checkMode({ capability: 'none', provider: 'netlify', weight: 5, baseline: 'concurrent' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputErrors);
    expect((error as InputErrors).problems.map((p) => p.input)).toEqual(['weight', 'baseline']);
  });

  it('says how the steps map onto a provider’s own stages', () => {
    expect(mapStages([5, 25, 100], [5, 25, 100], 'vercel').note).toMatch(/they are the `steps` asked for/);
    expect(mapStages([5, 25, 100], [10, 50, 100], 'vercel').note).toMatch(
      /only through the stages configured on the project \(10 % → 50 % → 100 %\), not by any percentage: each stage is watched instead of `steps` \(5 % → 25 % → 100 %\)/,
    );
  });
});
