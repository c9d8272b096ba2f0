/**
 * The rollout in the ledger (GitHub Deployments on a runner, the local ledger file elsewhere): a
 * production record of the candidate, `in_progress` at each step, `success` when promoted (with
 * its URL), `failure` with the reason when aborted. A ledger that does not answer never stops a
 * rollout or an abort: it is warned about, and the traffic decision stands.
 */
import { errorMessage, redact, warning } from '@shipkit/kit';
import type { Ledger, LedgerRecord } from '@shipkit/deploy';
import type { Candidate } from './deployments';
import type { RolloutResult } from './rollout';
import type { CanaryState } from './state';

async function safely(what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (e) {
    warning(redact(`canary-step: could not ${what} in the deployments ledger: ${errorMessage(e)}`));
  }
}

export async function recordStart(
  ledger: Ledger,
  o: {
    earlier?: CanaryState;
    environment: string;
    name: string;
    provider: string;
    candidate: Candidate;
    sha: string;
    ref: string;
    logUrl?: string;
  },
): Promise<LedgerRecord | undefined> {
  let record: LedgerRecord | undefined;
  await safely('record the canary', async () => {
    if (o.earlier?.ledgerId) record = await ledger.get(o.earlier.ledgerId);
    record ??= await ledger.create({
      environment: o.environment,
      ref: o.ref,
      sha: o.sha,
      transient: false,
      production: true,
      payload: { shipkit: 1, provider: o.provider, providerId: o.candidate.id, url: o.candidate.url, name: o.name },
      description: `shipkit canary of ${o.name}`,
    });
    await ledger.setStatus(record.id, { state: 'in_progress', logUrl: o.logUrl, description: `canary of ${o.candidate.id} starting` });
  });
  return record;
}

export async function recordStep(
  ledger: Ledger,
  record: LedgerRecord | undefined,
  weight: number,
  step: number,
  logUrl?: string,
): Promise<void> {
  if (!record) return;
  await safely('record the step', () =>
    ledger.setStatus(record.id, { state: 'in_progress', logUrl, description: `canary at ${weight} % (step ${step})` }),
  );
}

export async function recordEnd(
  ledger: Ledger,
  record: LedgerRecord | undefined,
  result: RolloutResult,
  o: { url?: string; logUrl?: string; candidate: string },
): Promise<void> {
  if (!record) return;
  await safely('record the outcome', () => {
    if (result.verdict === 'promoted')
      return ledger.setStatus(record.id, {
        state: 'success',
        environmentUrl: o.url,
        logUrl: o.logUrl,
        // The provider id in the success status, as preview-deploy writes it (rollback finds it there).
        description: JSON.stringify({ id: o.candidate }),
      });
    if (result.verdict === 'aborted')
      return ledger.setStatus(record.id, { state: 'failure', logUrl: o.logUrl, description: redact(`canary aborted: ${result.reason}`) });
    return ledger.setStatus(record.id, {
      state: 'in_progress',
      logUrl: o.logUrl,
      description: redact(`paused at ${result.weight} %: ${result.reason}`),
    });
  });
}
