/**
 * What a later run with `resume: true` continues from: the candidate and stable deployments, the
 * verdict and weight it ended at, the ledger record, and the analysis state (every interval's
 * evidence). Kept in the workspace (`.shipkit/canary-step/`), one file per app and candidate, beside
 * the local provider's state; a workflow with a job per step carries the folder between jobs as
 * an artifact. Written atomically; it holds no secret.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@shipkit/kit';
import type { AnalysisState } from '@shipkit/analysis';

export interface CanaryState {
  candidate: string;
  candidateStartedHere: boolean;
  stable?: string;
  verdict: 'promoted' | 'aborted' | 'paused';
  reason: string;
  weight: number;
  step: number;
  analysis: AnalysisState;
  ledgerId?: string;
}

const fileOf = (workspace: string, name: string, candidate: string): string =>
  join(workspace, '.shipkit', 'canary-step', `${name}--${candidate.replace(/[^\w.-]/g, '_').slice(0, 120)}.json`);

export function loadState(workspace: string, name: string, candidate: string): CanaryState {
  const file = fileOf(workspace, name, candidate);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigurationError(
      `\`resume\`: no earlier run of ${name} with candidate \`${candidate}\` to continue (${file} is missing); run without \`resume\` first, or carry \`.shipkit/canary-step/\` over from the earlier job (upload-artifact / download-artifact)`,
      'resume',
    );
  }
  try {
    const state = JSON.parse(text) as CanaryState;
    if (typeof state.candidate !== 'string' || typeof state.analysis !== 'object') throw new Error('not a canary-step state');
    return state;
  } catch {
    throw new ConfigurationError(`\`resume\`: ${file} is not a canary-step state file; remove it and run without \`resume\``, 'resume');
  }
}

export function saveState(workspace: string, name: string, candidate: string, state: CanaryState): void {
  const file = fileOf(workspace, name, candidate);
  mkdirSync(join(workspace, '.shipkit', 'canary-step'), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 1)}\n`);
  renameSync(temp, file);
}
