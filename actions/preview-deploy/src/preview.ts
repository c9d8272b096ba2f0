/**
 * deploy, destroy and gc: the provider does the work, the ledger records it, the sticky comment
 * shows it. Any failure after the deployment started removes what was made and marks the record
 * `failure` with the reason; nothing is left half-done.
 */
import { errorMessage, redact, warning } from '@shipkit/kit';
import type { GitHubClient } from '@shipkit/kit/github';
import { latestState, providerRef, type Ledger, type LedgerRecord } from '@shipkit/deploy/ledger';
import type { DeployProvider, DeployResult, UploadStats } from '@shipkit/deploy/provider';
import { COMMENT_MARKER, readRows, renderComment, upsertRow, type PreviewRow } from './comment';

export interface PreviewContext {
  mode: 'deploy' | 'destroy' | 'gc';
  name: string;
  environment: string;
  directory: string;
  provider: DeployProvider;
  providerName: string;
  alias?: string;
  waitTimeoutMs: number;
  ttlMs: number;
  sha: string;
  ref: string;
  prNumber?: number;
  runUrl?: string;
  comment: boolean;
  /** GitHub (the ledger, the comment, PR states for gc); the ledger file without it. */
  github?: { client: GitHubClient; owner: string; repo: string };
  ledgerFile: string;
}

export interface PreviewResult {
  ok: boolean;
  reason?: string;
  url?: string;
  aliasUrl?: string;
  deploymentId?: string;
  ledgerId?: string;
  upload?: UploadStats;
  rows: { name: string; environment: string; url?: string; state: string }[];
}

interface Env {
  ledger: Ledger;
  client?: GitHubClient;
}

async function open(ctx: PreviewContext): Promise<Env> {
  if (!ctx.github) {
    const { FileLedger } = await import('@shipkit/deploy/file-ledger');
    return { ledger: new FileLedger(ctx.ledgerFile) };
  }
  const { tokenIdentity } = await import('@shipkit/kit/github');
  const { GitHubLedger } = await import('@shipkit/deploy/github-ledger');
  const { client, owner, repo } = ctx.github;
  const identity = await tokenIdentity(client);
  return { ledger: new GitHubLedger({ client, owner, repo, identity }), client };
}

/** Every text of the rows with secrets masked: they are posted (the table and its state line). */
const redactRow = (r: PreviewRow): PreviewRow =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v])) as unknown as PreviewRow;

async function updateComment(ctx: PreviewContext, env: Env, row: PreviewRow, prNumber = ctx.prNumber): Promise<void> {
  if (!ctx.comment || !env.client || prNumber === undefined || !ctx.github) return;
  const target = { owner: ctx.github.owner, repo: ctx.github.repo, issueNumber: prNumber };
  try {
    const { findStickyComment, writeStickyComment } = await import('@shipkit/kit/github');
    // Only a comment the token's own account wrote counts; a stranger's copy of the marker is ignored.
    const existing = await findStickyComment(env.client, target, COMMENT_MARKER);
    const rows = upsertRow(readRows(existing?.state), row).map(redactRow);
    await writeStickyComment(env.client, target, COMMENT_MARKER, renderComment(rows), existing, { state: { rows } });
  } catch (e) {
    // The deployment stands either way; a missing `pull-requests: write` should not undo it.
    warning(redact(`could not update the PR comment: ${errorMessage(e)}`));
  }
}

/** Until the URL gives any HTTP answer (a 404 from a fresh CDN edge is an answer too). */
async function waitForAnswer(url: string, deadline: number): Promise<void> {
  // node:http and the proxy rules load here, after the deployment has started (off its start-up path).
  const { httpRequest, HttpFailure } = await import('@shipkit/kit/http');
  for (;;) {
    try {
      await httpRequest({ url, timeoutMs: Math.max(100, Math.min(5000, deadline - Date.now())), followRedirects: false });
      return;
    } catch (e) {
      if (!(e instanceof HttpFailure)) throw e;
      if (Date.now() >= deadline) throw new Error(`${url} gave no HTTP answer in time (${e.message})`, { cause: e });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runPreview(ctx: PreviewContext): Promise<PreviewResult> {
  if (ctx.mode === 'deploy') return deploy(ctx, () => open(ctx));
  const env = await open(ctx);
  if (ctx.mode === 'destroy') return destroy(ctx, env, ctx.environment, ctx.prNumber);
  return gc(ctx, env);
}

/**
 * The provider starts first; the ledger is opened (on GitHub: the token's identity, a round trip)
 * and the record (`in_progress`) and the comment's `deploying` row are written while the
 * deployment builds or boots, so neither waits for the other. The outcome is written only after
 * `in_progress`; a ledger that cannot be opened or written undoes the deployment.
 */
async function deploy(ctx: PreviewContext, openLedger: () => Promise<Env>): Promise<PreviewResult> {
  const deadline = Date.now() + ctx.waitTimeoutMs;
  const row: PreviewRow = {
    name: ctx.name,
    state: 'deploying',
    sha: ctx.sha,
    at: new Date().toISOString(),
    runUrl: ctx.runUrl,
    provider: ctx.providerName,
  };
  const deploying = ctx.provider.deploy({
    target: 'preview',
    directory: ctx.directory,
    name: ctx.name,
    alias: ctx.alias,
    ref: ctx.ref,
    sha: ctx.sha,
    meta: { branch: ctx.ref, ...(ctx.prNumber ? { pr: String(ctx.prNumber) } : {}) },
  });
  const opened = openLedger();
  // The record is written once the provider has started (the local app is spawned, the upload is
  // made): writing it is the ledger's round trips or a file's fsyncs, better spent while it boots or builds.
  const recorded = Promise.allSettled([deploying])
    .then(() => opened)
    .then(
      (env) => startRecord(ctx, env),
      (e: unknown) => {
        throw new Error(`the deployment could not be recorded: the ledger could not be opened (${errorMessage(e)})`, { cause: e });
      },
    );
  const commented = recorded.then(
    async () => updateComment(ctx, await opened, row),
    () => undefined,
  );
  let deployed: DeployResult | undefined;
  try {
    deployed = await deploying;
    const started = deployed;
    const readiness = (async () => {
      const ready = await ctx.provider.waitReady(started.id, { timeoutMs: Math.max(1, deadline - Date.now()) });
      await waitForAnswer(ready.url, deadline);
      return ready;
    })();
    // A ledger that fails ends the wait at once (the deployment is then removed), not when it is ready.
    const [ready, record] = await Promise.all([readiness, recorded]);
    const env = await opened;
    const aliasUrl = deployed.aliasUrls[0] ?? ready.aliasUrls[0];
    // The record gets the provider's id and URL, so destroy and rollback find the deployment again.
    // A status description holds 140 characters: the id (and the local pid) fit, the URL is environment_url.
    const pid = ready.details?.pid ?? deployed.details?.pid;
    const withPid = JSON.stringify({ id: deployed.id, ...(pid !== undefined ? { pid } : {}) });
    await env.ledger.setStatus(record.id, {
      state: 'success',
      environmentUrl: ready.url,
      logUrl: ctx.runUrl,
      description: withPid.length <= 140 ? withPid : JSON.stringify({ id: deployed.id }),
    });
    await commented;
    await updateComment(ctx, env, { ...row, state: 'ready', url: ready.url, aliasUrl, at: new Date().toISOString() });
    return {
      ok: true,
      url: ready.url,
      aliasUrl,
      deploymentId: deployed.id,
      ledgerId: record.id,
      upload: deployed.upload,
      rows: [{ name: ctx.name, environment: ctx.environment, url: ready.url, state: 'ready' }],
    };
  } catch (e) {
    const reason = redact(errorMessage(e));
    const deployedId = deployed?.id;
    if (deployedId !== undefined && ctx.provider.capabilities.deleteDeployment)
      await ctx.provider
        .delete(deployedId)
        .catch((x: unknown) => warning(redact(`could not remove the failed deployment ${deployedId}: ${errorMessage(x)}`)));
    else if (deployedId !== undefined)
      warning(
        `the failed ${ctx.providerName} deployment ${deployedId} stays: ${KEPT[ctx.providerName] ?? 'the provider cannot delete one'}`,
      );
    // A ledger that could not be opened or written has nothing to mark (its error is the reason above).
    const env = await opened.catch(() => undefined);
    const record = await recorded.catch(() => undefined);
    if (env && record) await env.ledger.setStatus(record.id, { state: 'failure', logUrl: ctx.runUrl, description: reason });
    await commented;
    if (env) await updateComment(ctx, env, { ...row, state: 'failed', reason, at: new Date().toISOString() });
    return {
      ok: false,
      reason,
      deploymentId: deployedId,
      ledgerId: record?.id,
      rows: [{ name: ctx.name, environment: ctx.environment, state: 'failed' }],
    };
  }
}

/** The preview's record, `in_progress`. */
async function startRecord(ctx: PreviewContext, env: Env): Promise<LedgerRecord> {
  try {
    const record = await env.ledger.create({
      environment: ctx.environment,
      ref: ctx.ref,
      sha: ctx.sha,
      transient: true,
      production: false,
      payload: { shipkit: 1, provider: ctx.providerName, name: ctx.name },
      description: `shipkit preview of ${ctx.name}`,
    });
    await env.ledger.setStatus(record.id, { state: 'in_progress', logUrl: ctx.runUrl, description: `deploying with ${ctx.providerName}` });
    return record;
  } catch (e) {
    throw new Error(`the deployment could not be recorded in the ledger (${errorMessage(e)})`, { cause: e });
  }
}

/** What stays when a provider cannot delete a deployment, in words for the comment and the log. */
const KEPT: Record<string, string> = {
  'cloudflare-workers':
    'Cloudflare keeps every Worker version in the script’s history (there is no delete), so its preview URL still answers; the deployment is marked inactive',
};

async function destroy(ctx: PreviewContext, env: Env, environment: string, prNumber?: number): Promise<PreviewResult> {
  const removed: string[] = [];
  const kept: string[] = [];
  const problems: string[] = [];
  for await (const record of env.ledger.list(environment)) {
    if (record.payload.name !== ctx.name || latestState(record) === 'inactive') continue;
    const ref = providerRef(record);
    try {
      const deletable = ctx.provider.capabilities.deleteDeployment;
      if (ref && deletable) await ctx.provider.delete(ref.id);
      else if (ref) kept.push(ref.id);
      await env.ledger.setStatus(record.id, {
        state: 'inactive',
        logUrl: ctx.runUrl,
        description: deletable ? 'preview destroyed' : `preview retired; ${ctx.providerName} keeps the deployment`,
      });
      removed.push(record.id);
    } catch (e) {
      problems.push(`${record.id}: ${redact(errorMessage(e))}`);
    }
  }
  // A provider that cannot delete a deployment (Worker versions stay in the script's history): the
  // record is inactive and the row says what still answers, rather than claiming it is gone.
  const stays = kept.length > 0 ? `${KEPT[ctx.providerName] ?? 'the provider cannot delete a deployment'}` : undefined;
  if (stays) warning(`${ctx.providerName}: ${stays}`);
  const at = new Date().toISOString();
  const row: PreviewRow = problems.length
    ? {
        name: ctx.name,
        state: 'failed',
        at,
        provider: ctx.providerName,
        reason: `destroy failed: ${problems.join('; ')}`,
        runUrl: ctx.runUrl,
      }
    : { name: ctx.name, state: 'removed', at, provider: ctx.providerName, ...(stays ? { reason: stays } : {}) };
  await updateComment(ctx, env, row, prNumber);
  return {
    ok: problems.length === 0,
    reason: problems.length ? `could not destroy ${problems.join('; ')}` : undefined,
    ledgerId: removed[0],
    rows: [{ name: ctx.name, environment, state: problems.length ? 'failed' : removed.length ? 'removed' : 'nothing to remove' }],
  };
}

async function gc(ctx: PreviewContext, env: Env): Promise<PreviewResult> {
  const rows: PreviewResult['rows'] = [];
  const problems: string[] = [];
  for (const environment of await env.ledger.environments(`preview/${ctx.name}/`)) {
    let newest: LedgerRecord | undefined;
    for await (const r of env.ledger.list(environment)) {
      newest = r;
      break;
    }
    if (!newest || latestState(newest) === 'inactive') continue;
    const pr = /\/pr-(\d+)$/.exec(environment)?.[1];
    let closed = false;
    if (pr && env.client && ctx.github) {
      const issue = await env.client.rest.issues
        .get({ owner: ctx.github.owner, repo: ctx.github.repo, issue_number: Number(pr) })
        .catch(() => undefined);
      closed = issue?.data.state === 'closed';
    }
    const old = Date.now() - Date.parse(newest.createdAt) > ctx.ttlMs;
    if (!closed && !old) continue;
    const result = await destroy(ctx, env, environment, pr ? Number(pr) : undefined);
    rows.push(...result.rows.map((r) => ({ ...r, state: `${r.state} (${closed ? 'PR closed' : 'older than ttl'})` })));
    if (!result.ok && result.reason) problems.push(result.reason);
  }
  return { ok: problems.length === 0, reason: problems.join('; ') || undefined, rows };
}
