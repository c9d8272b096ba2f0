/**
 * Carries a rollback plan out: hold the environment (the deployment rolled back from goes
 * `in_progress`, naming this run), switch traffic back through the provider (natively, or by a
 * redeploy of the good deployment's artifact), verify with the probe engine, and record the
 * outcome. A switch that fails gives the environment back exactly as it was.
 */
import { errorMessage, redact } from '@shipkit/kit';
import {
  BAD_STATES,
  latestState,
  markBad,
  providerRef,
  recordRestored,
  recordUrl,
  rolledBackDescription,
  type Ledger,
  type LedgerRecord,
  type LedgerState,
  type ProviderRef,
} from '@shipkit/deploy/ledger';
import { UnsupportedOperation, type DeployProvider } from '@shipkit/deploy/provider';
import { parseProbes, runOnce, type OnceResult } from '@shipkit/probes';
import { describeRecord, restoredUrl, shortSha, type Plan } from './plan';

export interface ExecuteOptions {
  ledger: Ledger;
  provider: DeployProvider;
  providerName: string;
  /** The `verify-probes` document (already validated), or undefined for one `GET /` expecting 2xx. */
  probes: unknown;
  directory: string;
  reason: string;
  markBad: boolean;
  runUrl?: string;
  /** When the action started (`performance.now()`), for the deadline. */
  startedAt: number;
  waitTimeoutMs: number;
  now?: () => number;
}

export interface LedgerChange {
  id: string;
  state: string;
  description: string;
}

export interface Executed {
  /** The switch went through (the provider call, or the redeploy, finished). */
  switched: boolean;
  /** Why the switch failed, when it did. */
  switchError?: string;
  /** The restored deployment's reference after the switch (a redeploy makes a new one). */
  ref: ProviderRef;
  url?: string;
  verification?: OnceResult;
  /** Why the probes could not run at all (no URL, a probe that does not fit the URL). */
  verifyError?: string;
  verified: boolean;
  /** Milliseconds from the action's start: the switch done, and verification done. */
  switchedAtMs?: number;
  verifiedAtMs?: number;
  ledger: LedgerChange[];
  /** The provider calls made, for the summary (e.g. `POST /v1/projects/shop/rollback/dpl_1`). */
  how: string;
}

const description = (text: string): string => redact(text).replace(/\s+/g, ' ').trim();

/** What the switch does, said plainly (and the same words in a dry run). */
export function describeSwitch(plan: Extract<Plan, { kind: 'rollback' }>, providerName: string, directory: string): string {
  const target = describeRecord(plan.target);
  if (plan.method === 'native')
    return `native instant rollback: the ${providerName} provider points traffic back at ${target}, which is still deployed; nothing is rebuilt`;
  return (
    `redeploy: the ${providerName} provider cannot point traffic back at ${target} (it has no instant rollback, or that deployment no longer runs), ` +
    `so the good deployment's artifact in \`${directory}\` is deployed again${plan.target.sha ? ` for ${shortSha(plan.target.sha)}` : ''} and takes all the traffic ` +
    `(slower than a native rollback: it is a new deployment)`
  );
}

export async function executeRollback(plan: Extract<Plan, { kind: 'rollback' }>, o: ExecuteOptions): Promise<Executed> {
  const now = o.now ?? (() => performance.now());
  const changes: LedgerChange[] = [];
  const write = async (id: string, update: Parameters<Ledger['setStatus']>[1]): Promise<void> => {
    await o.ledger.setStatus(id, update);
    changes.push({ id, state: update.state, description: update.description ?? '' });
  };
  const { from, target } = plan;
  // The deployment rolled back from holds the environment while this runs (unless it is marked bad already).
  const holdsFrom = from !== undefined && from.id !== target.id && !BAD_STATES.has(latestState(from) as LedgerState);
  const before = holdsFrom ? from.statuses[0] : undefined;
  if (holdsFrom)
    await write(from.id, {
      state: 'in_progress',
      description: description(`rolling back to #${target.id} (${shortSha(target.sha)})`),
      environmentUrl: recordUrl(from),
      logUrl: o.runUrl,
    });

  let ref: ProviderRef = plan.ref;
  let url: string | undefined;
  const how = describeSwitch(plan, o.providerName, o.directory);
  try {
    if (plan.method === 'native') {
      await o.provider.rollback(plan.ref.id);
      url = restoredUrl(target, plan.ref);
    } else {
      const deadline = o.startedAt + o.waitTimeoutMs;
      const deployed = await o.provider.deploy({
        target: 'production',
        directory: o.directory,
        name: target.payload.name,
        ref: target.ref,
        sha: target.sha,
        meta: { rollbackOf: from?.id ?? '', restores: target.id },
      });
      const ready = await o.provider.waitReady(deployed.id, { timeoutMs: Math.max(1000, deadline - now()) });
      const pid = ready.details?.pid ?? deployed.details?.pid;
      ref = { id: deployed.id, ...(typeof pid === 'number' ? { pid } : {}) };
      url = ready.url;
      // A provider that routes traffic itself (local: its proxy) gets all of it on the new deployment
      // at once; for one whose deploy is the switch (a deploy script), there is nothing more to do.
      await o.provider.rollback(deployed.id).catch((e: unknown) => {
        if (!(e instanceof UnsupportedOperation)) throw e;
      });
    }
    // A provider that serves an environment at a stable URL of its own (local: the proxy) says so.
    if (!o.provider.capabilities.instantRollback || !url) {
      const served = await o.provider.get(ref.id).catch(() => undefined);
      const stable = served?.details?.stableUrl;
      url = typeof stable === 'string' ? stable : (url ?? served?.url);
    }
  } catch (e) {
    const why = redact(errorMessage(e));
    // Nothing was switched: the deployment rolled back from gets its status back, the lock goes.
    if (holdsFrom && before)
      await write(from.id, {
        state: before.state,
        description: before.description ?? '',
        environmentUrl: before.environmentUrl,
        logUrl: before.logUrl,
        autoInactive: false,
      });
    return { switched: false, switchError: why, ref, url, verified: false, ledger: changes, how };
  }
  const switchedAtMs = now() - o.startedAt;

  const { verification, verifyError } = await verify(url, o.probes, o.startedAt + o.waitTimeoutMs - now(), describeRecord(target));
  const verified = verification?.passed === true;
  const verifiedAtMs = now() - o.startedAt;

  // The deployment rolled back from is replaced whatever the verification says: traffic left it.
  if (holdsFrom) {
    const text = description(rolledBackDescription(target.id, o.reason, o.markBad));
    if (o.markBad) {
      await markBad(o.ledger, from.id, text, o.runUrl);
      changes.push({ id: from.id, state: 'failure', description: text });
    } else await write(from.id, { state: 'inactive', description: text, logUrl: o.runUrl });
  }
  // Deployments between the target and the one rolled back from stop being live with it.
  for (const skipped of plan.superseded)
    await write(skipped.id, {
      state: 'inactive',
      description: description(rolledBackDescription(target.id, `superseded, not marked bad (${o.reason})`, true)),
      logUrl: o.runUrl,
    });
  // Only a verified restore is recorded `success` again; one that was not verified keeps the
  // status it had (traffic is on it, the issue and the error say it needs a person).
  if (verified) {
    await recordRestored(o.ledger, target.id, { ref, url, logUrl: o.runUrl, from: from?.id ?? '' });
    changes.push({ id: target.id, state: 'success', description: `restored by rollback${from ? ` from #${from.id}` : ''}` });
  }
  return {
    switched: true,
    ref,
    url,
    verification,
    verified,
    switchedAtMs,
    verifiedAtMs,
    ledger: changes,
    how,
    verifyError,
  };
}

/** Runs the verification probes against `url` (paths joined to it); never throws. */
export async function verify(
  url: string | undefined,
  document: unknown,
  budgetMs: number,
  what: string,
): Promise<{ verification?: OnceResult; verifyError?: string }> {
  if (!url) return { verifyError: `neither the ledger nor the provider gives a URL for ${what}` };
  try {
    const probes = parseProbes(document, url);
    const verification = await runOnce(probes, {
      waitTimeoutMs: Math.max(1000, budgetMs),
      retries: 2,
      retryDelayMs: 500,
      timeoutMs: 10_000,
      concurrency: 8,
      followRedirects: true,
      headers: {},
    });
    return { verification };
  } catch (e) {
    return { verifyError: redact(errorMessage(e)) };
  }
}

/** The record as the outputs and the report show it. */
export function recordSummary(r: LedgerRecord | undefined, ref?: ProviderRef, url?: string) {
  if (!r) return undefined;
  const known = ref ?? providerRef(r);
  return { ledgerId: r.id, deploymentId: known?.id, sha: r.sha, url: url ?? recordUrl(r) ?? known?.url };
}
