// The analysis core shared by slo-watch, canary-step and rollback: counts in, decisions out.
export * from './types';
export * from './analysis';
export * from './histogram';
export * as format from './format';
export {
  MIXTURE_MULTIPLES,
  MIXTURE_WEIGHTS,
  twoSampleIncrement,
  oneSampleIncrement,
  shareUnderRatio,
  klUpperBound,
  klLowerBound,
} from './sprt';
