/**
 * The ledger: what was deployed where and how it went. GitHub Deployments on a runner, a local
 * file for the CLI and the local pipeline; one interface, so canary-step and rollback read
 * "last good" the same way from either.
 */

export type LedgerState = 'queued' | 'pending' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

/** What a deployment record carries beside GitHub's own fields: enough to find it at the provider again. */
export interface LedgerPayload {
  shipkit: 1;
  provider: string;
  providerId?: string;
  url?: string;
  aliasUrls?: string[];
  name: string;
  /** Local provider: the process group serving the preview and its log. */
  pid?: number;
  logFile?: string;
  [key: string]: unknown;
}

export interface LedgerStatus {
  state: LedgerState;
  description?: string;
  environmentUrl?: string;
  logUrl?: string;
  createdAt: string;
}

export interface LedgerRecord {
  id: string;
  environment: string;
  ref: string;
  sha: string;
  transient: boolean;
  production: boolean;
  payload: LedgerPayload;
  createdAt: string;
  /** Newest first. */
  statuses: LedgerStatus[];
}

export interface CreateRecord {
  environment: string;
  ref: string;
  sha: string;
  transient: boolean;
  production: boolean;
  payload: LedgerPayload;
  description?: string;
}

export interface StatusUpdate {
  state: LedgerState;
  description?: string;
  environmentUrl?: string;
  logUrl?: string;
  /**
   * GitHub's `auto_inactive` for a `success`: earlier non-transient, non-production deployments of
   * the environment become inactive. Default true; a restore passes false, so bringing an earlier
   * deployment back does not retire the ones before it.
   */
  autoInactive?: boolean;
}

export interface Ledger {
  create(record: CreateRecord): Promise<LedgerRecord>;
  setStatus(id: string, update: StatusUpdate): Promise<void>;
  get(id: string): Promise<LedgerRecord | undefined>;
  /** Our records of an environment, newest first (paginated underneath). */
  list(environment: string): AsyncIterable<LedgerRecord>;
  /** Environments we recorded whose names start with `prefix` (for `gc`). */
  environments(prefix: string): Promise<string[]>;
}

export const BAD_STATES: ReadonlySet<LedgerState> = new Set(['failure', 'error']);

/** States in which a deployment may be taking traffic, or about to. */
export const LIVE_STATES: ReadonlySet<LedgerState> = new Set(['success', 'in_progress', 'queued', 'pending']);

/** GitHub-hosted jobs end after 6 hours: an `in_progress` status older than that has no live run behind it. */
export const JOB_LIMIT_MS = 6 * 60 * 60 * 1000;

export const latestState = (r: LedgerRecord): LedgerState | undefined => r.statuses[0]?.state;

/** Marked bad: a `failure` or `error` status at any time (a later success does not clear it). */
export const markedBad = (r: LedgerRecord): boolean => r.statuses.some((s) => BAD_STATES.has(s.state));

/** A deployment to restore: its latest status is `success` and it was never marked bad. */
export const isGood = (r: LedgerRecord): boolean => latestState(r) === 'success' && !markedBad(r);

const excluded = (r: LedgerRecord, exclude: { id?: string; sha?: string }): boolean =>
  r.id === exclude.id || (exclude.sha !== undefined && exclude.sha !== '' && r.sha === exclude.sha);

/**
 * The deployment to restore: the newest of the environment whose latest status is `success`,
 * that is not the one being replaced (by id or sha), and that was never marked bad. The ledger
 * pages underneath; the scan stops at the first match.
 */
export async function lastGood(
  ledger: Ledger,
  environment: string,
  exclude: { id?: string; sha?: string } = {},
): Promise<LedgerRecord | undefined> {
  for await (const record of ledger.list(environment)) if (!excluded(record, exclude) && isGood(record)) return record;
  return undefined;
}

/** The provider's deployment a record stands for, as its deployer wrote it into a `success` status. */
export interface ProviderRef {
  id: string;
  url?: string;
  /** Local provider: the process group. */
  pid?: number;
  /** Set on the status a rollback wrote when it restored this deployment: the ledger id rolled back from. */
  restoredFrom?: string;
}

/**
 * The provider id of a record, from its newest `success` status: a status description holds a JSON
 * object `{"id": …}` (GitHub payloads cannot change after create, statuses are where later facts
 * go). A description cut at 140 characters still leaves the environment URL, which names the
 * deployment for most providers.
 */
export function providerRef(record: LedgerRecord): ProviderRef | undefined {
  for (const s of record.statuses) {
    if (s.state !== 'success') continue;
    const parsed = parseRef(s.description);
    if (parsed) return { ...parsed, url: parsed.url ?? s.environmentUrl };
    // A deployer that named the provider's deployment when it created the record (canary-step).
    const { providerId, url } = record.payload;
    if (typeof providerId === 'string' && providerId !== '') return { id: providerId, url: s.environmentUrl ?? url };
    if (s.environmentUrl) return { id: s.environmentUrl, url: s.environmentUrl };
  }
  return undefined;
}

function parseRef(description: string | undefined): ProviderRef | undefined {
  if (!description?.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(description) as Record<string, unknown>;
    if (typeof v.id !== 'string' || v.id === '') return undefined;
    return {
      id: v.id,
      ...(typeof v.url === 'string' ? { url: v.url } : {}),
      ...(typeof v.pid === 'number' ? { pid: v.pid } : {}),
      ...(typeof v.restoredFrom === 'string' ? { restoredFrom: v.restoredFrom } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The status description that records a provider reference (≤ 140 characters: what does not fit is dropped). */
export function refDescription(ref: ProviderRef): string {
  const full = JSON.stringify({
    id: ref.id,
    ...(ref.pid !== undefined ? { pid: ref.pid } : {}),
    ...(ref.restoredFrom !== undefined ? { restoredFrom: ref.restoredFrom } : {}),
  });
  return full.length <= 140 ? full : JSON.stringify({ id: ref.id });
}

/** When the newest `success` of a record was written by a rollback that restored it. */
export const restoredBy = (record: LedgerRecord): { from: string; status: LedgerStatus } | undefined => {
  const status = record.statuses.find((s) => s.state === 'success');
  const from = parseRef(status?.description)?.restoredFrom;
  return status && from !== undefined ? { from, status } : undefined;
};

/** The environment URL a record was last recorded with (its "View deployment" link). */
export const recordUrl = (record: LedgerRecord): string | undefined => record.statuses.find((s) => s.environmentUrl)?.environmentUrl;

/**
 * A record of the environment by id: the ledger's own id, or the provider's deployment id (what
 * preview-deploy's `deployment-id` output and the provider's dashboard show).
 */
export async function findInEnvironment(ledger: Ledger, environment: string, id: string): Promise<LedgerRecord | undefined> {
  if (/^\d+$/.test(id)) {
    const record = await ledger.get(id);
    if (record?.environment === environment) return record;
  }
  for await (const record of ledger.list(environment)) if (record.id === id || providerRef(record)?.id === id) return record;
  return undefined;
}

/** Another run holding the environment: an `in_progress` status younger than the job limit. */
export interface EnvironmentLock {
  record: LedgerRecord;
  since: string;
  /** The run that holds it (the status's log URL), when it says. */
  runUrl?: string;
  description?: string;
}

/** The run id in an Actions run URL (`…/actions/runs/<id>[/attempts/<n>]`). */
const runId = (url: string | undefined): string | undefined => (url ? /\/actions\/runs\/(\d+)/.exec(url)?.[1] : undefined);

/**
 * The lock a record's latest status holds: `in_progress`, younger than `jobLimitMs`, written by
 * another run than `ownRunUrl` (a re-run of the same run, or a step of it, is not locked out by an
 * earlier attempt that died).
 */
export function lockOf(
  record: LedgerRecord,
  { now = Date.now(), jobLimitMs = JOB_LIMIT_MS, ownRunUrl }: { now?: number; jobLimitMs?: number; ownRunUrl?: string } = {},
): EnvironmentLock | undefined {
  const latest = record.statuses[0];
  if (latest?.state !== 'in_progress') return undefined;
  if (now - Date.parse(latest.createdAt) >= jobLimitMs) return undefined;
  const own = runId(ownRunUrl);
  if (own !== undefined && runId(latest.logUrl) === own) return undefined;
  return { record, since: latest.createdAt, runUrl: latest.logUrl, description: latest.description };
}

/** What a rollback of an environment starts from, read in one pass over the ledger. */
export interface RollbackSurvey {
  /**
   * The deployment being rolled back: the newest of the run's commit that is not older than the
   * live one (a deploy of that commit that failed before it took traffic included), else the live one.
   */
  from?: LedgerRecord;
  /** The newest deployment that may be taking traffic (latest status success or in progress). */
  live?: LedgerRecord;
  /** The deployment to restore (`to`, or the last good excluding `from`). */
  target?: LedgerRecord;
  /** `to` was given and is in the environment, but cannot be restored: why. */
  targetProblem?: string;
  /**
   * A newer deployment whose latest status says it was rolled back to the live one: the live one
   * is there because a rollback put it back, and nothing was deployed since.
   */
  undoneBy?: LedgerRecord;
  /**
   * Deployments newer than the target, besides `from`, whose latest status says they may be live:
   * a rollback to the target leaves none of them live (they are marked inactive), so "the newest
   * live deployment" stays the one serving.
   */
  superseded: LedgerRecord[];
  /** `in_progress` statuses of other runs younger than the job limit. */
  locks: EnvironmentLock[];
  /** Records read. */
  scanned: number;
}

export interface SurveyOptions {
  /** The commit the run is about: its deployment is the one being rolled back. */
  sha?: string;
  /** The record to restore (see `findInEnvironment`), instead of the last good. */
  to?: LedgerRecord;
  now?: number;
  jobLimitMs?: number;
  ownRunUrl?: string;
}

/**
 * Reads the environment newest first, stopping once the live deployment and the target are known
 * and every record younger than the job limit was seen (a deploy that started within it may still
 * hold the environment).
 */
export async function surveyRollback(ledger: Ledger, environment: string, options: SurveyOptions = {}): Promise<RollbackSurvey> {
  const now = options.now ?? Date.now();
  const jobLimitMs = options.jobLimitMs ?? JOB_LIMIT_MS;
  const survey: RollbackSurvey = { locks: [], superseded: [], scanned: 0 };
  const sha = options.sha && !/^0+$/.test(options.sha) ? options.sha : undefined;
  let ofSha: LedgerRecord | undefined;
  const seen: LedgerRecord[] = [];
  const rolledBack = new Map<string, LedgerRecord>();
  // Never the deployment rolled back from, nor one of the run's own commit (the commit found bad).
  const pickTarget = (from: LedgerRecord | undefined): LedgerRecord | undefined =>
    seen.find((r) => isGood(r) && !excluded(r, { id: from?.id, sha: from?.sha }) && !excluded(r, { sha }));
  for await (const record of ledger.list(environment)) {
    survey.scanned++;
    seen.push(record);
    const lock = lockOf(record, { now, jobLimitMs, ownRunUrl: options.ownRunUrl });
    if (lock) survey.locks.push(lock);
    if (!survey.live) {
      if (sha && !ofSha && record.sha === sha) ofSha = record;
      const to = rolledBackTo(record.statuses[0]);
      if (to !== undefined && !rolledBack.has(to)) rolledBack.set(to, record);
      if (LIVE_STATES.has(latestState(record) as LedgerState)) {
        survey.live = record;
        survey.undoneBy = rolledBack.get(record.id);
      }
    }
    if (now - Date.parse(record.createdAt) < jobLimitMs || !survey.live) continue;
    if (options.to ? seen.some((r) => r.id === options.to?.id) : pickTarget(ofSha ?? survey.live)) break;
  }
  survey.from = ofSha ?? survey.live;
  const to = options.to;
  survey.target = to ?? pickTarget(survey.from);
  const at = survey.target ? seen.findIndex((r) => r.id === survey.target?.id) : -1;
  survey.superseded = seen
    .slice(0, Math.max(0, at))
    .filter((r) => r.id !== survey.from?.id && LIVE_STATES.has(latestState(r) as LedgerState));
  if (!to) return survey;
  // Named explicitly, a deployment a rollback could not verify (`error`) may be tried again; one
  // marked bad (`failure`) or never ready may not.
  const failed = to.statuses.find((s) => s.state === 'failure');
  if (failed) survey.targetProblem = `it was marked bad (failure${failed.description ? `: ${failed.description}` : ''})`;
  else if (!to.statuses.some((s) => s.state === 'success'))
    survey.targetProblem = `it never became ready (its latest status is ${latestState(to) ?? 'none'})`;
  else if (survey.from?.id === to.id && survey.live?.id !== to.id) survey.targetProblem = 'it is the deployment being rolled back';
  return survey;
}

/** Marks a deployment bad: a `failure` status with the reason; `lastGood` never picks it again. */
export async function markBad(ledger: Ledger, id: string, reason: string, logUrl?: string): Promise<void> {
  await ledger.setStatus(id, { state: 'failure', description: reason, logUrl });
}

/** The description of a deployment a rollback replaced: `rolled back to #<id>…`, which `rolledBackTo` reads. */
export const rolledBackDescription = (to: string, reason: string, bad: boolean): string =>
  `rolled back to #${to}${bad ? '' : ' (not marked bad)'}: ${reason}`;

/** The id a status says its deployment was rolled back to (a `failure` or `inactive` a rollback wrote). */
export function rolledBackTo(status: LedgerStatus | undefined): string | undefined {
  if (!status || (status.state !== 'failure' && status.state !== 'inactive')) return undefined;
  return /^rolled back to #([^\s:()]+)/.exec(status.description ?? '')?.[1];
}

/**
 * Records a restored deployment `success` again, with its provider reference and the record it
 * replaced; earlier deployments are left as they are (no `auto_inactive`).
 */
export async function recordRestored(
  ledger: Ledger,
  id: string,
  { ref, url, logUrl, from }: { ref: ProviderRef; url?: string; logUrl?: string; from: string },
): Promise<void> {
  await ledger.setStatus(id, {
    state: 'success',
    environmentUrl: url,
    logUrl,
    description: refDescription({ ...ref, restoredFrom: from }),
    autoInactive: false,
  });
}

/** GitHub caps a status description at 140 characters. */
export const shortDescription = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : text.length <= 140 ? text : `${text.slice(0, 139)}…`;
