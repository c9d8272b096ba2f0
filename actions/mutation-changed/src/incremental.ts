/**
 * Stryker's incremental file between runs: restored from and saved to the GitHub Actions cache,
 * keyed by the base SHA, when the step runs on a runner with a cache service. Elsewhere the file
 * simply stays in the project directory (and we say so) — there is no cache to pretend to use.
 */
import { existsSync } from 'node:fs';
import { errorMessage } from '@shipkit/kit';

export interface IncrementalPlan {
  file: string;
  mode: 'cache' | 'local';
  key?: string;
  restoreKeys?: string[];
}

/** Whether the runner gives this step a cache service (what @actions/cache needs). */
export const cacheServiceAvailable = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.ACTIONS_RUNTIME_TOKEN && (env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL));

export function incrementalPlan(
  file: string,
  { baseSha, shardIndex, shardCount }: { baseSha: string; shardIndex: number; shardCount: number },
  env: NodeJS.ProcessEnv = process.env,
): IncrementalPlan {
  if (!cacheServiceAvailable(env)) return { file, mode: 'local' };
  const family = `shipkit-mutation-changed-${env.RUNNER_OS ?? process.platform}`;
  const prefix = `${family}-${baseSha}-${shardIndex}of${shardCount}-`;
  // Caches are immutable: every run saves under its own key; restore the newest for this base (then any).
  return {
    file,
    mode: 'cache',
    key: `${prefix}${env.GITHUB_RUN_ID ?? Date.now()}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    restoreKeys: [prefix, `${family}-${baseSha}-`, `${family}-`],
  };
}

/** Returns a line for the log/summary saying what happened. Cache trouble never fails the gate. */
export async function restoreIncremental(plan: IncrementalPlan): Promise<string> {
  if (plan.mode === 'local')
    return existsSync(plan.file)
      ? `incremental: reusing the local file ${plan.file} (no Actions cache service here; it stays in the project directory)`
      : `incremental: no Actions cache service here; Stryker keeps its incremental file locally at ${plan.file}`;
  try {
    const cache = await import('@actions/cache');
    const hit = await cache.restoreCache([plan.file], plan.key as string, plan.restoreKeys);
    return hit
      ? `incremental: restored ${plan.file} from the Actions cache (${hit})`
      : 'incremental: no cached incremental file for this base yet';
  } catch (e) {
    return `incremental: could not restore from the Actions cache (${errorMessage(e)}); running without it`;
  }
}

export async function saveIncremental(plan: IncrementalPlan): Promise<string> {
  if (plan.mode === 'local' || !existsSync(plan.file)) return '';
  try {
    const cache = await import('@actions/cache');
    await cache.saveCache([plan.file], plan.key as string);
    return `incremental: saved ${plan.file} to the Actions cache as ${plan.key}`;
  } catch (e) {
    return `incremental: could not save to the Actions cache (${errorMessage(e)})`;
  }
}
