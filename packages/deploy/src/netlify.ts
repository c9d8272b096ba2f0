/**
 * Netlify through its REST API (the digest deploy `netlify deploy` and @netlify/api use; the CLI
 * itself is hundreds of packages): `POST /sites/{s}/deploys` with `{files: {path: sha1}}`, then
 * `PUT /deploys/{d}/files/{path}` for each digest the answer lists as `required`, then `state`
 * is polled until `ready`. Production is a published deploy; restore publishes an earlier one.
 */
import { readFile } from 'node:fs/promises';
import { ApiClient, idempotencyKey } from './api';
import { eachLimit, readManifest, type ManifestFile } from './files';
import {
  DeployFailure,
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

export interface NetlifyOptions {
  token: string;
  /** Site id (or `name.netlify.app`). */
  site: string;
  apiUrl?: string;
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface NetlifyDeploy {
  id: string;
  site_id?: string;
  state?: string;
  name?: string;
  ssl_url?: string;
  deploy_ssl_url?: string;
  deploy_url?: string;
  required?: string[];
  error_message?: string;
  branch?: string;
  context?: string;
  title?: string;
  created_at?: string;
  published_at?: string | null;
}

const STATES: Record<string, DeploymentState> = { ready: 'ready', error: 'error', rejected: 'error', new: 'queued', enqueued: 'queued' };

export class NetlifyProvider implements DeployProvider {
  readonly name = 'netlify';
  readonly capabilities = {
    traffic: 'none',
    instantRollback: true,
    contentAddressedUpload: true,
    alias: true,
    deleteDeployment: true,
  } as const;
  readonly api: ApiClient;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly site: string;

  private readonly options: NetlifyOptions;

  constructor(options: NetlifyOptions) {
    this.options = options;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.site = encodeURIComponent(options.site);
    this.api = new ApiClient({
      baseUrl: options.apiUrl ?? 'https://api.netlify.com/api/v1',
      headers: { authorization: `Bearer ${options.token}` },
      sleep: options.sleep,
      describeError: (_status, body) => {
        const b = body as { message?: string; code?: number } | undefined;
        return {
          message: b?.message ?? (typeof body === 'string' ? body : 'no error message'),
          code: b?.code === undefined ? undefined : String(b.code),
        };
      },
    });
  }

  private toDeployment(d: NetlifyDeploy, alias?: string): Deployment {
    const url = d.deploy_ssl_url ?? d.deploy_url ?? '';
    const aliasUrls: string[] = [];
    // A branch deploy answers at `<branch>--<site host>`, beside the deploy's own `<id>--<site host>`.
    const site = d.ssl_url ? new URL(d.ssl_url) : undefined;
    const branch = alias ?? (d.context === 'branch-deploy' ? d.branch : undefined);
    if (branch && site) aliasUrls.push(`${site.protocol}//${branch}--${site.host}`);
    return {
      id: d.id,
      url,
      aliasUrls,
      state: STATES[d.state ?? ''] ?? 'building',
      target: d.context === 'production' ? 'production' : 'preview',
      createdAt: d.created_at,
      errorMessage: d.error_message ?? undefined,
    };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    const files = await readManifest(request.directory);
    const key = idempotencyKey();
    const before = { ...this.api.stats };
    const manifest: Record<string, string> = {};
    for (const f of files) manifest[`/${f.path}`] = f.sha1;
    const { data: created } = await this.api.create<NetlifyDeploy>(
      'POST',
      `/sites/${this.site}/deploys`,
      {
        query: { title: key },
        body: { files: manifest, draft: request.target !== 'production', ...(request.alias ? { branch: request.alias } : {}) },
      },
      () => this.findByTitle(key),
    );
    // One body per digest the site lacks, whichever path carries it.
    const byDigest = new Map<string, ManifestFile>();
    for (const f of files) if (!byDigest.has(f.sha1)) byDigest.set(f.sha1, f);
    const required = (created.required ?? []).map((sha) => byDigest.get(sha));
    let sent = 0;
    await eachLimit(required, 8, async (file) => {
      if (!file) throw new DeployFailure(`Netlify asked for a file this deploy does not have`, created.id);
      await this.api.call(
        'PUT',
        `/deploys/${encodeURIComponent(created.id)}/files/${file.path.split('/').map(encodeURIComponent).join('/')}`,
        {
          raw: await readFile(file.absolute),
          query: { size: file.size },
        },
      );
      sent++;
    });
    return {
      ...this.toDeployment(created, request.alias),
      upload: {
        files: files.length,
        filesSent: sent,
        bytesSent: this.api.stats.bytesSent - before.bytesSent,
        requests: this.api.stats.requests - before.requests,
      },
    };
  }

  private async findByTitle(title: string): Promise<NetlifyDeploy | undefined> {
    const { data } = await this.api.call<NetlifyDeploy[]>('GET', `/sites/${this.site}/deploys`, { query: { per_page: 20 } });
    return data.find((d) => d.title === title);
  }

  async waitReady(id: string, options: WaitOptions): Promise<Deployment> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const d = await this.get(id);
      if (!d) throw new DeployFailure(`Netlify deploy ${id} no longer exists`, id);
      if (d.state === 'ready') return d;
      if (d.state === 'error') throw new DeployFailure(`Netlify deploy ${id} failed${d.errorMessage ? `: ${d.errorMessage}` : ''}`, id);
      if (Date.now() >= deadline || options.signal?.aborted)
        throw new DeployFailure(`Netlify deploy ${id} was not ready within ${options.timeoutMs} ms (state ${d.state})`, id);
      await this.sleep(Math.min(options.intervalMs ?? this.options.pollIntervalMs ?? 2000, Math.max(0, deadline - Date.now())));
    }
  }

  async get(id: string): Promise<Deployment | undefined> {
    const { status, data } = await this.api.call<NetlifyDeploy>('GET', `/sites/${this.site}/deploys/${encodeURIComponent(id)}`, {
      accept: [404],
    });
    return status === 404 ? undefined : this.toDeployment(data);
  }

  async list(options: { target?: DeployTarget; limit?: number } = {}): Promise<Deployment[]> {
    const { data } = await this.api.call<NetlifyDeploy[]>('GET', `/sites/${this.site}/deploys`, {
      query: { per_page: options.limit ?? 20, production: options.target === 'production' ? true : undefined },
    });
    return data.map((d) => this.toDeployment(d));
  }

  async setTraffic(): Promise<TrafficSplit> {
    throw new UnsupportedOperation(
      'netlify',
      'split traffic by weight',
      'use a guarded cutover (deploy, watch, restore the last good deploy)',
    );
  }

  async getTraffic(): Promise<TrafficSplit> {
    const { data } = await this.api.call<NetlifyDeploy[]>('GET', `/sites/${this.site}/deploys`, {
      query: { per_page: 1, 'latest-published': true },
    });
    return { weights: data[0] ? [{ id: data[0].id, percent: 100 }] : [] };
  }

  async advanceStage(): Promise<TrafficSplit> {
    throw new UnsupportedOperation('netlify', 'advance a rollout stage', 'Netlify publishes a deploy whole');
  }

  async promote(id: string): Promise<void> {
    await this.api.call('POST', `/sites/${this.site}/deploys/${encodeURIComponent(id)}/restore`);
  }

  async rollback(id: string): Promise<void> {
    await this.api.call('POST', `/sites/${this.site}/deploys/${encodeURIComponent(id)}/restore`);
  }

  async delete(id: string): Promise<void> {
    await this.api.call('DELETE', `/deploys/${encodeURIComponent(id)}`, { accept: [404] });
  }
}
