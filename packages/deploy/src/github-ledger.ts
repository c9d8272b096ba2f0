/**
 * The ledger on GitHub Deployments. Creates with `auto_merge: false` (never merge the default
 * branch in), `required_contexts: []` (never wait on every check) and explicit transient and
 * production flags; our provider id and URL go in `payload`. Reads only records the token's own
 * account wrote that carry our payload, so a stranger's deployment cannot be picked as last good.
 */
import { writtenBy, type GitHubClient } from '@shipkit/kit/github';
import {
  shortDescription,
  type CreateRecord,
  type Ledger,
  type LedgerPayload,
  type LedgerRecord,
  type LedgerState,
  type StatusUpdate,
} from './ledger';

interface GitHubDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  payload: unknown;
  created_at: string;
  transient_environment?: boolean;
  production_environment?: boolean;
  creator?: { login?: string } | null;
}

interface GitHubStatus {
  state: string;
  description?: string | null;
  environment_url?: string;
  log_url?: string;
  created_at: string;
}

export interface GitHubLedgerOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  /** The login of the token's account (`tokenIdentity` of @shipkit/kit/github); records by anyone else are ignored. */
  identity: string;
}

/** Status requests in flight ahead of a reader of `list`. */
const LOOKAHEAD = 6;

const isOurPayload = (payload: unknown): payload is LedgerPayload =>
  typeof payload === 'object' && payload !== null && (payload as { shipkit?: unknown }).shipkit === 1;

export class GitHubLedger implements Ledger {
  private readonly o: GitHubLedgerOptions;

  constructor(o: GitHubLedgerOptions) {
    this.o = o;
  }

  private ours(d: GitHubDeployment): boolean {
    return isOurPayload(d.payload) && writtenBy(this.o.identity, d.creator);
  }

  private async statuses(id: number): Promise<GitHubStatus[]> {
    const { client, owner, repo } = this.o;
    // Newest first, as GitHub lists them.
    return (await client.paginate(client.rest.repos.listDeploymentStatuses, {
      owner,
      repo,
      deployment_id: id,
      per_page: 100,
    })) as GitHubStatus[];
  }

  private async toRecord(d: GitHubDeployment): Promise<LedgerRecord> {
    return {
      id: String(d.id),
      environment: d.environment,
      ref: d.ref,
      sha: d.sha,
      transient: Boolean(d.transient_environment),
      production: Boolean(d.production_environment),
      payload: d.payload as LedgerPayload,
      createdAt: d.created_at,
      statuses: (await this.statuses(d.id)).map((s) => ({
        state: s.state as LedgerState,
        description: s.description ?? undefined,
        environmentUrl: s.environment_url || undefined,
        logUrl: s.log_url || undefined,
        createdAt: s.created_at,
      })),
    };
  }

  async create(record: CreateRecord): Promise<LedgerRecord> {
    const { client, owner, repo } = this.o;
    const res = await client.rest.repos.createDeployment({
      owner,
      repo,
      ref: record.sha || record.ref,
      environment: record.environment,
      auto_merge: false,
      required_contexts: [],
      transient_environment: record.transient,
      production_environment: record.production,
      payload: record.payload as unknown as Record<string, unknown>,
      description: shortDescription(record.description),
    });
    // 202 means GitHub merged the default branch instead of creating: with auto_merge false it cannot.
    if (res.status !== 201 || !('id' in res.data)) throw new Error(`GitHub did not create the deployment (${res.status})`);
    return this.toRecord(res.data as GitHubDeployment);
  }

  async setStatus(id: string, update: StatusUpdate): Promise<void> {
    const { client, owner, repo } = this.o;
    await client.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: Number(id),
      state: update.state,
      description: shortDescription(update.description),
      environment_url: update.environmentUrl,
      log_url: update.logUrl,
      // A success marks earlier non-production deployments of the environment inactive (GitHub's rule),
      // unless the caller says otherwise (a restore).
      auto_inactive: update.state === 'success' ? (update.autoInactive ?? true) : undefined,
    });
  }

  async get(id: string): Promise<LedgerRecord | undefined> {
    const { client, owner, repo } = this.o;
    try {
      const res = await client.rest.repos.getDeployment({ owner, repo, deployment_id: Number(id) });
      const d = res.data as GitHubDeployment;
      return this.ours(d) ? this.toRecord(d) : undefined;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }
  }

  /**
   * Newest first. Each record needs its statuses (one request each): up to `LOOKAHEAD` of them are
   * asked at once ahead of the reader, so a scan down to page 3 is not one round trip per record,
   * and a reader that stops early leaves at most that many unread.
   */
  async *list(environment: string): AsyncIterable<LedgerRecord> {
    const { client, owner, repo } = this.o;
    for await (const page of client.paginate.iterator(client.rest.repos.listDeployments, { owner, repo, environment, per_page: 100 })) {
      const ours = (page.data as GitHubDeployment[]).filter((d) => this.ours(d));
      const pending: Promise<LedgerRecord>[] = [];
      let next = 0;
      const refill = (): void => {
        while (next < ours.length && pending.length < LOOKAHEAD) {
          const record = this.toRecord(ours[next++] as GitHubDeployment);
          // A reader that stops early never awaits the rest: their failures must not go unhandled.
          record.catch(() => undefined);
          pending.push(record);
        }
      };
      refill();
      while (pending.length > 0) {
        const record = await (pending.shift() as Promise<LedgerRecord>);
        refill();
        yield record;
      }
    }
  }

  async environments(prefix: string): Promise<string[]> {
    const { client, owner, repo } = this.o;
    const names = new Set<string>();
    for await (const page of client.paginate.iterator(client.rest.repos.listDeployments, { owner, repo, per_page: 100 }))
      for (const d of page.data as GitHubDeployment[]) if (this.ours(d) && d.environment.startsWith(prefix)) names.add(d.environment);
    return [...names];
  }
}
