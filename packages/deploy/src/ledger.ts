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

export const latestState = (r: LedgerRecord): LedgerState | undefined => r.statuses[0]?.state;

/**
 * The deployment to restore: the newest of the environment whose latest status is `success`,
 * that is not the one being replaced (by id or sha), and that was never marked bad.
 */
export async function lastGood(
  ledger: Ledger,
  environment: string,
  exclude: { id?: string; sha?: string } = {},
): Promise<LedgerRecord | undefined> {
  for await (const record of ledger.list(environment)) {
    if (record.id === exclude.id || (exclude.sha && record.sha === exclude.sha)) continue;
    if (latestState(record) !== 'success') continue;
    if (record.statuses.some((s) => BAD_STATES.has(s.state))) continue;
    return record;
  }
  return undefined;
}

/** GitHub caps a status description at 140 characters. */
export const shortDescription = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : text.length <= 140 ? text : `${text.slice(0, 139)}…`;
