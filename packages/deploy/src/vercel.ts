/**
 * Vercel through its REST API (the documented flow @vercel/client implements, without that
 * client's build-utils dependency tree): the deployment is created with the file list keyed by
 * SHA-1; Vercel answers `missing_files` with the digests it lacks, only those are sent to
 * `POST /v2/files`, and the create is repeated. `readyState` is polled; aliases, promote,
 * rollback and Rolling Releases are project calls. `?teamId=` goes on every call.
 */
import { readFile } from 'node:fs/promises';
import { ApiClient, idempotencyKey } from './api';
import { eachLimit, readManifest } from './files';
import {
  DeployFailure,
  ProviderApiError,
  UnsupportedOperation,
  type DeployProvider,
  type DeployRequest,
  type DeployResult,
  type Deployment,
  type DeploymentState,
  type DeployTarget,
  type TrafficSplit,
  type WaitOptions,
} from './provider';

export interface VercelOptions {
  token: string;
  /** Project id or name. */
  project: string;
  /** Team id (`team_…`) or slug, sent as `teamId`. */
  team?: string;
  apiUrl?: string;
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface VercelDeployment {
  id?: string;
  uid?: string;
  url: string;
  readyState?: string;
  state?: string;
  alias?: string[];
  target?: string | null;
  createdAt?: number;
  created?: number;
  errorMessage?: string | null;
  meta?: Record<string, string>;
}

interface VercelRollingRelease {
  state: string;
  stages: { index: number; targetPercentage: number }[];
  activeStage: { index: number; targetPercentage: number; isFinalStage: boolean } | null;
  currentDeployment: { id: string } | null;
  canaryDeployment: { id: string } | null;
  currentCanaryPercentage?: number;
}

const STATES: Record<string, DeploymentState> = {
  QUEUED: 'queued',
  INITIALIZING: 'building',
  BUILDING: 'building',
  BLOCKED: 'queued',
  READY: 'ready',
  ERROR: 'error',
  CANCELED: 'canceled',
  DELETED: 'deleted',
};

const https = (host: string): string => (/^https?:\/\//.test(host) ? host : `https://${host}`);

export class VercelProvider implements DeployProvider {
  readonly name = 'vercel';
  readonly capabilities = {
    traffic: 'stages',
    instantRollback: true,
    contentAddressedUpload: true,
    alias: true,
    deleteDeployment: true,
  } as const;
  readonly api: ApiClient;
  private readonly sleep: (ms: number) => Promise<void>;

  private readonly options: VercelOptions;

  constructor(options: VercelOptions) {
    this.options = options;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.api = new ApiClient({
      baseUrl: options.apiUrl ?? 'https://api.vercel.com',
      headers: { authorization: `Bearer ${options.token}` },
      query: { teamId: options.team },
      sleep: options.sleep,
      describeError: (_status, body) => {
        const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
        return { message: error?.message ?? (typeof body === 'string' ? body : 'no error message'), code: error?.code };
      },
    });
  }

  private toDeployment(d: VercelDeployment, aliasUrls: string[] = []): Deployment {
    const aliases = [...new Set([...aliasUrls, ...(d.alias ?? []).map(https)])];
    const target = d.target === 'production' ? 'production' : d.target === 'staging' ? 'staging' : 'preview';
    const created = d.createdAt ?? d.created;
    return {
      id: (d.id ?? d.uid) as string,
      url: https(d.url),
      aliasUrls: aliases,
      state: STATES[d.readyState ?? d.state ?? ''] ?? 'building',
      target,
      createdAt: created ? new Date(created).toISOString() : undefined,
      errorMessage: d.errorMessage ?? undefined,
    };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    const files = await readManifest(request.directory);
    const bySha = new Map(files.map((f) => [f.sha1, f]));
    const key = idempotencyKey();
    const started = Date.now();
    const body = {
      name: request.name,
      project: this.options.project,
      ...(request.target === 'preview' ? {} : { target: request.target }),
      files: files.map((f) => ({ file: f.path, sha: f.sha1, size: f.size })),
      meta: { ...request.meta, shipkitDeployKey: key, ...(request.sha ? { githubCommitSha: request.sha } : {}) },
      projectSettings: { framework: null },
    };
    const before = { ...this.api.stats };
    let sent = 0;
    let created: VercelDeployment | undefined;
    // Twice at most: the first create names what is missing, the second finds everything.
    for (let round = 0; round < 3 && !created; round++) {
      try {
        created = (
          await this.api.create<VercelDeployment>('POST', '/v13/deployments', { body, query: { skipAutoDetectionConfirmation: 1 } }, () =>
            this.findByKey(key, started),
          )
        ).data;
      } catch (e) {
        const missing =
          e instanceof ProviderApiError && e.code === 'missing_files'
            ? (e.body as { error?: { missing?: string[] } }).error?.missing
            : undefined;
        if (!missing || round === 2) throw e;
        await eachLimit(missing, 8, async (sha) => {
          const file = bySha.get(sha);
          if (!file) throw new DeployFailure(`Vercel asked for a file this deployment does not have (${sha})`);
          const bytes = await readFile(file.absolute);
          await this.api.call('POST', '/v2/files', {
            raw: bytes,
            headers: { 'x-vercel-digest': sha, 'x-now-size': String(bytes.length) },
          });
          sent++;
        });
      }
    }
    const deployment = created as VercelDeployment;
    let aliasUrls: string[] = [];
    if (request.alias) aliasUrls = [await this.assignAlias((deployment.id ?? deployment.uid) as string, request.alias)];
    return {
      ...this.toDeployment(deployment, aliasUrls),
      upload: {
        files: files.length,
        filesSent: sent,
        bytesSent: this.api.stats.bytesSent - before.bytesSent,
        requests: this.api.stats.requests - before.requests,
      },
    };
  }

  private async findByKey(key: string, since: number): Promise<VercelDeployment | undefined> {
    const { data } = await this.api.call<{ deployments: VercelDeployment[] }>('GET', '/v7/deployments', {
      query: { projectId: this.options.project, since: since - 60_000, limit: 100 },
    });
    return data.deployments.find((d) => d.meta?.shipkitDeployKey === key);
  }

  async assignAlias(id: string, alias: string): Promise<string> {
    const { data } = await this.api.call<{ alias: string }>('POST', `/v2/deployments/${encodeURIComponent(id)}/aliases`, {
      body: { alias },
    });
    return https(data.alias);
  }

  async waitReady(id: string, options: WaitOptions): Promise<Deployment> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const d = await this.get(id);
      if (!d) throw new DeployFailure(`Vercel deployment ${id} no longer exists`, id);
      if (d.state === 'ready') return d;
      if (d.state === 'error' || d.state === 'canceled')
        throw new DeployFailure(`Vercel deployment ${id} ended ${d.state}${d.errorMessage ? `: ${d.errorMessage}` : ''}`, id);
      if (Date.now() >= deadline || options.signal?.aborted)
        throw new DeployFailure(`Vercel deployment ${id} was not ready within ${options.timeoutMs} ms (state ${d.state})`, id);
      await this.sleep(Math.min(options.intervalMs ?? this.options.pollIntervalMs ?? 2000, Math.max(0, deadline - Date.now())));
    }
  }

  async get(id: string): Promise<Deployment | undefined> {
    const { status, data } = await this.api.call<VercelDeployment>('GET', `/v13/deployments/${encodeURIComponent(id)}`, { accept: [404] });
    return status === 404 ? undefined : this.toDeployment(data);
  }

  async list(options: { target?: DeployTarget; limit?: number } = {}): Promise<Deployment[]> {
    const { data } = await this.api.call<{ deployments: VercelDeployment[] }>('GET', '/v7/deployments', {
      query: {
        projectId: this.options.project,
        target: options.target === 'preview' ? undefined : options.target,
        limit: options.limit ?? 20,
      },
    });
    return data.deployments.map((d) => this.toDeployment(d));
  }

  async setTraffic(): Promise<TrafficSplit> {
    throw new UnsupportedOperation(
      'vercel',
      'set an arbitrary traffic percentage',
      'Rolling Releases move through the stages configured on the project; advance a stage instead',
    );
  }

  private async rollingRelease(): Promise<VercelRollingRelease | null> {
    const { data } = await this.api.call<{ rollingRelease: VercelRollingRelease | null }>(
      'GET',
      `/v1/projects/${encodeURIComponent(this.options.project)}/rolling-release`,
    );
    return data.rollingRelease;
  }

  private split(release: VercelRollingRelease | null, fallback?: string): TrafficSplit {
    if (!release || release.state !== 'ACTIVE' || !release.canaryDeployment)
      return { weights: fallback ? [{ id: fallback, percent: 100 }] : [] };
    const percent = release.currentCanaryPercentage ?? release.activeStage?.targetPercentage ?? 0;
    const weights = [{ id: release.canaryDeployment.id, percent }];
    if (release.currentDeployment) weights.push({ id: release.currentDeployment.id, percent: 100 - percent });
    return {
      weights,
      stage: { index: release.activeStage?.index ?? 0, percents: release.stages.map((s) => s.targetPercentage), state: release.state },
    };
  }

  async getTraffic(): Promise<TrafficSplit> {
    const release = await this.rollingRelease();
    if (release?.state === 'ACTIVE') return this.split(release);
    const [current] = await this.list({ target: 'production', limit: 1 });
    return this.split(release, current?.id);
  }

  async advanceStage(candidate: string): Promise<TrafficSplit> {
    const project = encodeURIComponent(this.options.project);
    const release = await this.rollingRelease();
    if (!release || release.state !== 'ACTIVE' || release.canaryDeployment?.id !== candidate) {
      const { data } = await this.api.call<{ rollingRelease: VercelRollingRelease | null }>(
        'POST',
        `/v1/projects/${project}/rolling-release/start`,
        { body: { canaryDeploymentId: candidate } },
      );
      return this.split(data.rollingRelease, candidate);
    }
    const next = (release.activeStage?.index ?? -1) + 1;
    const { data } = await this.api.call<{ rollingRelease: VercelRollingRelease | null }>(
      'POST',
      `/v1/projects/${project}/rolling-release/approve-stage`,
      { body: { nextStageIndex: next, canaryDeploymentId: candidate } },
    );
    return this.split(data.rollingRelease, candidate);
  }

  async promote(id: string): Promise<void> {
    const release = await this.rollingRelease();
    const project = encodeURIComponent(this.options.project);
    if (release?.state === 'ACTIVE' && release.canaryDeployment?.id === id)
      await this.api.call('POST', `/v1/projects/${project}/rolling-release/complete`, { body: { canaryDeploymentId: id } });
    else await this.api.call('POST', `/v10/projects/${project}/promote/${encodeURIComponent(id)}`);
  }

  async rollback(id: string): Promise<void> {
    // There is no abort endpoint for a rolling release: abort is an instant rollback.
    await this.api.call('POST', `/v1/projects/${encodeURIComponent(this.options.project)}/rollback/${encodeURIComponent(id)}`);
  }

  async delete(id: string): Promise<void> {
    await this.api.call('DELETE', `/v13/deployments/${encodeURIComponent(id)}`, { accept: [404] });
  }
}
