/**
 * What a rollback run will do, decided from the ledger before anything is changed: refuse (with
 * the one thing to fix), nothing (the target is already live, or the live deployment is one a
 * rollback restored), or roll back from one deployment to another, natively or by a redeploy.
 */
import { ConfigurationError } from '@shipkit/kit';
import {
  latestState,
  markedBad,
  providerRef,
  recordUrl,
  restoredBy,
  type EnvironmentLock,
  type LedgerRecord,
  type ProviderRef,
  type RollbackSurvey,
} from '@shipkit/deploy/ledger';

export type Method = 'native' | 'redeploy';

export type Plan =
  | { kind: 'nothing'; why: string; from?: LedgerRecord; live: LedgerRecord; target: LedgerRecord; ref?: ProviderRef }
  | {
      kind: 'rollback';
      from?: LedgerRecord;
      live?: LedgerRecord;
      target: LedgerRecord;
      ref: ProviderRef;
      method: Method;
      /** Newer deployments besides `from` that stop being live (see `RollbackSurvey.superseded`). */
      superseded: LedgerRecord[];
    };

/** A commit as people read it: 7 characters of a full SHA; a record made without one says so. */
export const shortSha = (sha: string): string => (/^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha || 'no commit');

export const describeRecord = (r: LedgerRecord): string => {
  const ref = providerRef(r);
  return `#${r.id}${ref && ref.id !== ref.url ? ` (${ref.id})` : ''}${r.sha ? ` at ${shortSha(r.sha)}` : ''}`;
};

function lockMessage(locks: readonly EnvironmentLock[], environment: string): string {
  const lock = locks[0] as EnvironmentLock;
  const holder = lock.runUrl ? `run ${lock.runUrl}` : 'a run that did not leave its URL';
  const what = lock.description ? ` (“${lock.description}”)` : '';
  return (
    `another deploy or rollback of \`${environment}\` is in progress: deployment ${describeRecord(lock.record)} has been \`in_progress\` since ${lock.since}${what}, held by ${holder}. ` +
    'Wait for it to finish, or set `force: true` to roll back anyway'
  );
}

export interface PlanOptions {
  environment: string;
  /** `to` as the user gave it (for messages). */
  to?: string;
  force: boolean;
  method: Method;
}

/** The plan, or a ConfigurationError naming the input to change. */
export function planRollback(survey: RollbackSurvey, o: PlanOptions): Plan {
  const { environment } = o;
  if (o.to && survey.targetProblem)
    throw new ConfigurationError(
      `\`to\`: deployment \`${o.to}\` of \`${environment}\` cannot be restored: ${survey.targetProblem}; pick another (the default is the last good one)`,
      'to',
    );
  const live = survey.live;
  // The live deployment was put back by a rollback and nothing was deployed since: undoing it too
  // would take the environment further back than anyone asked. `to` says how far.
  if (live && !o.to && survey.from?.id === live.id && (survey.undoneBy || restoredBy(live))) {
    const restored = restoredBy(live);
    const by = survey.undoneBy ? `#${survey.undoneBy.id} was rolled back to it` : `a rollback restored it from #${restored?.from}`;
    const when = restored ? ` at ${restored.status.createdAt}${restored.status.logUrl ? ` (${restored.status.logUrl})` : ''}` : '';
    return {
      kind: 'nothing',
      why: `${describeRecord(live)} is live because ${by}${when}, and nothing was deployed since; to go further back, give \`to\``,
      from: survey.from,
      live,
      target: live,
      ref: providerRef(live),
    };
  }
  const target = survey.target;
  if (!target) {
    const from = survey.from ? ` other than ${describeRecord(survey.from)}` : '';
    throw new ConfigurationError(
      `\`environment\`: \`${environment}\` has no good deployment to roll back to (none${from} whose latest status is success and that was never marked bad, among ${survey.scanned} deployment${survey.scanned === 1 ? '' : 's'} in the ledger); check the environment's name, or give \`to\``,
      'environment',
    );
  }
  const ref = providerRef(target);
  // Already done: the target is what the ledger says is live.
  if (live && live.id === target.id)
    return {
      kind: 'nothing',
      why: `${describeRecord(target)} is already the live deployment of \`${environment}\`${
        survey.from && survey.from.id !== target.id
          ? `; ${describeRecord(survey.from)} is not live (its latest status is ${latestState(survey.from) ?? 'none'}${markedBad(survey.from) ? ', marked bad' : ''})`
          : ''
      }`,
      from: survey.from,
      live,
      target,
      ref,
    };
  if (survey.locks.length > 0 && !o.force) throw new ConfigurationError(lockMessage(survey.locks, environment), 'force');
  if (!ref)
    throw new ConfigurationError(
      `\`to\`: the ledger does not say which provider deployment ${describeRecord(target)} is (no success status with its id or URL); give \`to\` another deployment`,
      'to',
    );
  return { kind: 'rollback', from: survey.from, live, target, ref, method: o.method, superseded: survey.superseded };
}

/** The URL to verify a restored deployment at: the one its deployer recorded, else the provider's. */
export const restoredUrl = (target: LedgerRecord, ref: ProviderRef | undefined): string | undefined =>
  recordUrl(target) ?? ref?.url ?? (ref && /^https?:\/\//.test(ref.id) ? ref.id : undefined);
