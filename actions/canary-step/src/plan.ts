/** The ladder the inputs ask for, checked before anything touches traffic. */
import { ConfigurationError, InputErrors } from '@shipkit/kit';
import type { TrafficCapability } from '@shipkit/deploy';

/** `5,25,100` → [5, 25, 100]: whole percentages from 1 to 100, increasing, ending at 100. */
export function parseSteps(items: readonly string[]): number[] {
  const problems: string[] = [];
  const steps: number[] = [];
  for (const item of items) {
    const text = item.trim().replace(/%$/, '').trim();
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 100) problems.push(`\`${item}\` is not a whole percentage from 1 to 100`);
    else steps.push(Number(text));
  }
  if (problems.length === 0) {
    if (steps.length === 0) problems.push('no step given');
    for (let k = 1; k < steps.length; k++)
      if ((steps[k] as number) <= (steps[k - 1] as number)) {
        problems.push(`steps must increase, but ${steps[k]} follows ${steps[k - 1]}`);
        break;
      }
    if (steps.length > 0 && steps[steps.length - 1] !== 100)
      problems.push(`the last step must be 100 (the promotion), got ${steps[steps.length - 1]}`);
  }
  if (problems.length > 0)
    throw new ConfigurationError(
      `\`steps\`: ${problems.join('; ')}; write increasing percentages ending at 100, e.g. \`5,25,100\``,
      'steps',
    );
  return steps;
}

/** What the mode and the provider's capability allow together; every problem at once. */
export function checkMode(o: { capability: TrafficCapability; provider: string; weight?: number; baseline: string }): void {
  const problems: { input: string; message: string }[] = [];
  if (o.weight !== undefined && o.capability === 'none')
    problems.push({
      input: 'weight',
      message: `the ${o.provider} provider cannot split traffic, so there is no weight to move to; leave \`weight\` out for a guarded cutover (all traffic to the candidate, watched, rolled back on a failing verdict)`,
    });
  if (o.capability === 'none' && o.baseline === 'concurrent')
    problems.push({
      input: 'baseline',
      message: `the ${o.provider} provider cannot split traffic, so nothing serves beside the candidate to compare with; use \`baseline: none\` (against the SLO) or \`before\``,
    });
  if (problems.length > 0) throw new InputErrors(problems);
}

export interface StageMapping {
  /** The provider's configured stages, in percent. */
  stages: number[];
  /** Said in the summary: how `steps` maps onto them. */
  note: string;
}

/** How the requested steps map onto a provider's own stages (Vercel Rolling Releases). */
export function mapStages(steps: readonly number[], stages: readonly number[], provider: string): StageMapping {
  const list = (xs: readonly number[]) => xs.map((x) => `${x} %`).join(' → ');
  const same = steps.length === stages.length && steps.every((s, k) => s === stages[k]);
  return {
    stages: [...stages],
    note: same
      ? `${provider} moves traffic through the stages configured on the project (${list(stages)}); they are the \`steps\` asked for.`
      : `${provider} moves traffic only through the stages configured on the project (${list(stages)}), not by any percentage: each stage is watched instead of \`steps\` (${list(steps)}). Change the project's rolling-release stages to change the ladder.`,
  };
}
