/**
 * Cloudflare Pages and Workers through the v4 REST API (the `cloudflare` SDK is 30+ MB of types
 * and wrangler a toolchain; each flow here is a handful of documented calls). Every answer is the
 * `{success, errors, messages, result}` envelope.
 *
 * Workers: `versions` upload (multipart: metadata + modules) gives a version and its preview URL;
 * gradual deployments `{"strategy":"percentage","versions":[…]}` split traffic between two
 * versions; the first deployment of `GET …/deployments` is the one serving.
 *
 * Pages: direct upload as wrangler does it, content-addressed: each file is keyed by
 * blake3(base64(content) + extension); `check-missing` names what Cloudflare lacks, only those
 * bodies are uploaded, then the deployment is created with the manifest.
 */
import { extname } from 'node:path';
import { readFile } from 'node:fs/promises';
import { warning } from '@shipkit/kit/commands';
import { ApiClient, idempotencyKey } from './api';
import { readManifest, type ManifestFile } from './files';
import { multipart } from './multipart';
import {
  DeployFailure,
  ProviderApiError,
  UnsupportedOperation,
  assertPercent,
  type DeployProvider,
  type DeployRequest,
  type DeployResult,
  type Deployment,
  type DeployTarget,
  type SetTrafficRequest,
  type TrafficSplit,
  type WaitOptions,
} from './provider';

export interface CloudflareOptions {
  token: string;
  account: string;
  /** Pages project name, or Worker script name. */
  project: string;
  apiUrl?: string;
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Where a fact the user should know is said (default: a `::warning::`). */
  warn?: (message: string) => void;
}

interface Envelope<T> {
  success: boolean;
  errors: { code: number; message: string }[];
  messages: unknown[];
  result: T;
}

function cloudflareApi(options: CloudflareOptions, token = options.token): ApiClient {
  return new ApiClient({
    baseUrl: options.apiUrl ?? 'https://api.cloudflare.com/client/v4',
    headers: { authorization: `Bearer ${token}` },
    sleep: options.sleep,
    describeError: (_status, body) => {
      const errors = (body as Envelope<unknown> | undefined)?.errors;
      if (Array.isArray(errors) && errors.length > 0)
        return { message: errors.map((e) => `${e.message} (${e.code})`).join('; '), code: String(errors[0]?.code) };
      return { message: typeof body === 'string' ? body : 'no error message' };
    },
  });
}

/** Cloudflare's code for a deployment of a version made before a secret changed (wrangler's rollback handles it). */
const SECRETS_CHANGED = '10220';

const sleeper = (options: CloudflareOptions) => options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

// ---------------------------------------------------------------------------------------------
// Workers

interface WorkerVersion {
  id: string;
  number?: number;
  metadata?: { created_on?: string; source?: string };
  annotations?: Record<string, string>;
}

interface WorkerDeployment {
  id: string;
  created_on: string;
  source: string;
  strategy: 'percentage';
  versions: { percentage: number; version_id: string }[];
}

const MAIN_MODULES = ['index.js', 'index.mjs', 'worker.js', '_worker.js', 'src/index.js'];

export class CloudflareWorkersProvider implements DeployProvider {
  readonly name = 'cloudflare-workers';
  readonly capabilities = {
    traffic: 'percent',
    instantRollback: true,
    contentAddressedUpload: false,
    alias: true,
    deleteDeployment: false,
  } as const;
  readonly api: ApiClient;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly script: string;
  private subdomain?: string;

  private readonly options: CloudflareOptions;

  constructor(options: CloudflareOptions) {
    this.options = options;
    this.api = cloudflareApi(options);
    this.sleep = sleeper(options);
    this.script = `/accounts/${encodeURIComponent(options.account)}/workers/scripts/${encodeURIComponent(options.project)}`;
  }

  /** `<prefix>-<script>.<account subdomain>.workers.dev`, as wrangler prints it. */
  private async previewUrl(prefix: string): Promise<string> {
    this.subdomain ??= (
      await this.api.call<Envelope<{ subdomain: string }>>('GET', `/accounts/${encodeURIComponent(this.options.account)}/workers/subdomain`)
    ).data.result.subdomain;
    return `https://${prefix}-${this.options.project}.${this.subdomain}.workers.dev`;
  }

  private async toDeployment(v: WorkerVersion, alias?: string): Promise<Deployment> {
    return {
      id: v.id,
      url: await this.previewUrl(v.id.slice(0, 8)),
      aliasUrls: alias ? [await this.previewUrl(alias)] : [],
      state: 'ready',
      target: 'preview',
      createdAt: v.metadata?.created_on,
    };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    const files = await readManifest(request.directory);
    const modules = files.filter((f) => /\.(m?js|wasm)$/.test(f.path));
    const main = MAIN_MODULES.map((m) => modules.find((f) => f.path === m)).find(Boolean);
    if (!main) throw new DeployFailure(`no Worker entry module in the directory: expected one of ${MAIN_MODULES.join(', ')}`);
    const key = idempotencyKey();
    const before = { ...this.api.stats };
    const metadata = {
      main_module: main.path,
      compatibility_date: '2025-01-01',
      annotations: {
        'workers/message': key,
        ...(request.sha ? { 'workers/tag': request.sha.slice(0, 40) } : {}),
        ...(request.alias ? { 'workers/alias': request.alias } : {}),
      },
      bindings: [],
    };
    const form = multipart([
      { name: 'metadata', value: JSON.stringify(metadata), contentType: 'application/json' },
      ...(await Promise.all(
        modules.map(async (f) => ({
          name: f.path,
          filename: f.path,
          value: await readFile(f.absolute),
          contentType: f.path.endsWith('.wasm') ? 'application/wasm' : 'application/javascript+module',
        })),
      )),
    ]);
    // Versions are numbered in order: one numbered above the newest seen now was made by this create.
    const newest = Math.max(0, ...(await this.versions()).map((v) => v.number ?? 0));
    const { data } = await this.api.create<Envelope<WorkerVersion>>(
      'POST',
      `${this.script}/versions`,
      { raw: form.body, contentType: form.contentType },
      async () => {
        const found = (await this.versions()).find((v) => (v.number ?? 0) > newest);
        return found ? { success: true, errors: [], messages: [], result: found } : undefined;
      },
    );
    const version = data.result;
    if (request.target === 'production') await this.deployVersions([{ version_id: version.id, percentage: 100 }]);
    const deployment = await this.toDeployment(version, request.alias);
    return {
      ...deployment,
      target: request.target === 'production' ? 'production' : 'preview',
      upload: {
        files: modules.length,
        filesSent: modules.length,
        bytesSent: this.api.stats.bytesSent - before.bytesSent,
        requests: this.api.stats.requests - before.requests,
      },
    };
  }

  private async versions(): Promise<WorkerVersion[]> {
    const { data } = await this.api.call<Envelope<{ items: WorkerVersion[] }>>('GET', `${this.script}/versions`, {
      query: { per_page: 50 },
    });
    return data.result.items;
  }

  async waitReady(id: string, options: WaitOptions): Promise<Deployment> {
    // A version is ready once it exists; the HTTP answer is waited for by the caller.
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const d = await this.get(id);
      if (d) return d;
      if (Date.now() >= deadline) throw new DeployFailure(`Worker version ${id} did not appear within ${options.timeoutMs} ms`, id);
      await this.sleep(options.intervalMs ?? this.options.pollIntervalMs ?? 1000);
    }
  }

  async get(id: string): Promise<Deployment | undefined> {
    const { status, data } = await this.api.call<Envelope<WorkerVersion>>('GET', `${this.script}/versions/${encodeURIComponent(id)}`, {
      accept: [404],
    });
    return status === 404 ? undefined : this.toDeployment(data.result);
  }

  async list(options: { target?: DeployTarget; limit?: number } = {}): Promise<Deployment[]> {
    const versions = (await this.versions()).slice(0, options.limit ?? 20);
    return Promise.all(versions.map((v) => this.toDeployment(v)));
  }

  private async deployVersions(
    versions: { version_id: string; percentage: number }[],
    { force = false }: { force?: boolean } = {},
  ): Promise<WorkerDeployment> {
    const { data } = await this.api.call<Envelope<WorkerDeployment>>('POST', `${this.script}/deployments`, {
      body: { strategy: 'percentage', versions },
      ...(force ? { query: { force: true } } : {}),
    });
    return data.result;
  }

  private async serving(): Promise<WorkerDeployment | undefined> {
    const { data } = await this.api.call<Envelope<{ deployments: WorkerDeployment[] }>>('GET', `${this.script}/deployments`);
    // The first deployment listed is the one serving.
    return data.result.deployments[0];
  }

  private static split(d: WorkerDeployment | undefined): TrafficSplit {
    return { weights: (d?.versions ?? []).map((v) => ({ id: v.version_id, percent: v.percentage })) };
  }

  async setTraffic(request: SetTrafficRequest): Promise<TrafficSplit> {
    assertPercent(request.percent);
    let stable = request.stable;
    if (stable === undefined && request.percent < 100) {
      const current = await this.serving();
      stable = [...(current?.versions ?? [])]
        .filter((v) => v.version_id !== request.candidate)
        .sort((a, b) => b.percentage - a.percentage)[0]?.version_id;
      if (!stable) throw new DeployFailure('no stable version is serving to keep the rest of the traffic; deploy one to 100 % first');
    }
    const versions = [{ version_id: request.candidate, percentage: request.percent }];
    if (request.percent < 100 && stable) versions.push({ version_id: stable, percentage: 100 - request.percent });
    // A 0 % candidate is dropped: Cloudflare serves the stable version alone.
    return CloudflareWorkersProvider.split(await this.deployVersions(versions.filter((v) => v.percentage > 0)));
  }

  async getTraffic(): Promise<TrafficSplit> {
    return CloudflareWorkersProvider.split(await this.serving());
  }

  async advanceStage(): Promise<TrafficSplit> {
    throw new UnsupportedOperation('cloudflare-workers', 'advance a provider stage', 'set the percentage directly (traffic: percent)');
  }

  async promote(id: string): Promise<void> {
    await this.deployVersions([{ version_id: id, percentage: 100 }]);
  }

  /**
   * Back to a version at 100 %. When a secret changed since that version was made, Cloudflare
   * refuses (code 10220, naming the secrets) unless forced; a rollback is the way out of an
   * incident, so it goes ahead with `force` and says which secrets return to their earlier values.
   */
  async rollback(id: string): Promise<void> {
    try {
      await this.deployVersions([{ version_id: id, percentage: 100 }]);
    } catch (e) {
      if (!(e instanceof ProviderApiError) || e.code !== SECRETS_CHANGED) throw e;
      const names = /secrets have changed:\s*(.+)$/.exec(e.message.replace(/\s*\(10220\)$/, ''))?.[1];
      (this.options.warn ?? warning)(
        `Cloudflare: secrets changed since version ${id} was made${names ? ` (${names})` : ''}; the rollback was forced, so the version runs with the secret values it was made with — set them again if they were rotated`,
      );
      await this.deployVersions([{ version_id: id, percentage: 100 }], { force: true });
    }
  }

  async delete(): Promise<void> {
    throw new UnsupportedOperation(
      'cloudflare-workers',
      'delete a version',
      'Worker versions stay in the history; a preview URL is retired by deploying another version',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Pages

interface PagesDeployment {
  id: string;
  short_id?: string;
  url: string;
  aliases: string[] | null;
  environment: 'preview' | 'production';
  created_on?: string;
  latest_stage: { name: string; status: string; ended_on?: string | null };
  deployment_trigger?: { metadata?: { branch?: string; commit_message?: string } };
}

/** The key Pages stores a file under (wrangler's): blake3 of the base64 content and the extension. */
export async function pagesFileHash(bytes: Buffer, path: string): Promise<string> {
  const { blake3 } = await import('@noble/hashes/blake3.js');
  return Buffer.from(blake3(Buffer.from(bytes.toString('base64') + extname(path).slice(1))))
    .toString('hex')
    .slice(0, 32);
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  mjs: 'application/javascript',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  txt: 'text/plain',
};

export class CloudflarePagesProvider implements DeployProvider {
  readonly name = 'cloudflare-pages';
  readonly capabilities = {
    traffic: 'none',
    instantRollback: true,
    contentAddressedUpload: true,
    alias: true,
    deleteDeployment: true,
  } as const;
  readonly api: ApiClient;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly projectPath: string;

  private readonly options: CloudflareOptions;

  constructor(options: CloudflareOptions) {
    this.options = options;
    this.api = cloudflareApi(options);
    this.sleep = sleeper(options);
    this.projectPath = `/accounts/${encodeURIComponent(options.account)}/pages/projects/${encodeURIComponent(options.project)}`;
  }

  private static toDeployment(d: PagesDeployment): Deployment {
    const status = d.latest_stage.status;
    return {
      id: d.id,
      url: d.url,
      aliasUrls: d.aliases ?? [],
      state:
        d.latest_stage.name === 'deploy' && status === 'success'
          ? 'ready'
          : status === 'failure'
            ? 'error'
            : status === 'canceled'
              ? 'canceled'
              : 'building',
      target: d.environment,
      createdAt: d.created_on,
    };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    const files = await readManifest(request.directory);
    const before = { ...this.api.stats };
    const hashed = await Promise.all(files.map(async (f) => ({ file: f, hash: await pagesFileHash(await readFile(f.absolute), f.path) })));
    const { data: tokenAnswer } = await this.api.call<Envelope<{ jwt: string }>>('GET', `${this.projectPath}/upload-token`);
    const assets = cloudflareApi(this.options, tokenAnswer.result.jwt);
    const hashes = [...new Set(hashed.map((h) => h.hash))];
    const { data: missingAnswer } = await assets.call<Envelope<string[]>>('POST', '/pages/assets/check-missing', { body: { hashes } });
    const missing = new Set(missingAnswer.result);
    const byHash = new Map<string, ManifestFile>();
    for (const h of hashed) if (missing.has(h.hash) && !byHash.has(h.hash)) byHash.set(h.hash, h.file);
    // Buckets of up to ~5 MB or 500 files, as wrangler sends them.
    let bucket: { key: string; value: string; metadata: { contentType: string }; base64: true }[] = [];
    let bucketBytes = 0;
    let sent = 0;
    const flush = async (): Promise<void> => {
      if (bucket.length === 0) return;
      await assets.call('POST', '/pages/assets/upload', { body: bucket });
      sent += bucket.length;
      bucket = [];
      bucketBytes = 0;
    };
    for (const [key, file] of byHash) {
      const value = (await readFile(file.absolute)).toString('base64');
      if (bucketBytes + value.length > 5 * 1024 * 1024 || bucket.length >= 500) await flush();
      bucket.push({
        key,
        value,
        metadata: { contentType: CONTENT_TYPES[extname(file.path).slice(1)] ?? 'application/octet-stream' },
        base64: true,
      });
      bucketBytes += value.length;
    }
    await flush();
    if (hashes.length > 0) await assets.call('POST', '/pages/assets/upsert-hashes', { body: { hashes } });
    const manifest: Record<string, string> = {};
    for (const h of hashed) manifest[`/${h.file.path}`] = h.hash;
    let branch = request.alias ?? request.meta?.branch ?? 'preview';
    if (request.target === 'production')
      branch = (await this.api.call<Envelope<{ production_branch: string }>>('GET', this.projectPath)).data.result.production_branch;
    const key = idempotencyKey();
    const form = multipart([
      { name: 'manifest', value: JSON.stringify(manifest) },
      { name: 'branch', value: branch },
      { name: 'commit_message', value: key },
      ...(request.sha ? [{ name: 'commit_hash', value: request.sha }] : []),
    ]);
    const { data } = await this.api.create<Envelope<PagesDeployment>>(
      'POST',
      `${this.projectPath}/deployments`,
      { raw: form.body, contentType: form.contentType },
      async () => {
        const found = (await this.listRaw()).find((d) => d.deployment_trigger?.metadata?.commit_message === key);
        return found ? { success: true, errors: [], messages: [], result: found } : undefined;
      },
    );
    const stats = {
      requests: this.api.stats.requests + assets.stats.requests - before.requests,
      bytes: this.api.stats.bytesSent + assets.stats.bytesSent - before.bytesSent,
    };
    return {
      ...CloudflarePagesProvider.toDeployment(data.result),
      upload: { files: files.length, filesSent: sent, bytesSent: stats.bytes, requests: stats.requests },
    };
  }

  private async listRaw(environment?: 'preview' | 'production'): Promise<PagesDeployment[]> {
    const { data } = await this.api.call<Envelope<PagesDeployment[]>>('GET', `${this.projectPath}/deployments`, {
      query: { env: environment },
    });
    return data.result;
  }

  async waitReady(id: string, options: WaitOptions): Promise<Deployment> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const d = await this.get(id);
      if (!d) throw new DeployFailure(`Pages deployment ${id} no longer exists`, id);
      if (d.state === 'ready') return d;
      if (d.state === 'error' || d.state === 'canceled') throw new DeployFailure(`Pages deployment ${id} ended ${d.state}`, id);
      if (Date.now() >= deadline || options.signal?.aborted)
        throw new DeployFailure(`Pages deployment ${id} was not ready within ${options.timeoutMs} ms`, id);
      await this.sleep(Math.min(options.intervalMs ?? this.options.pollIntervalMs ?? 2000, Math.max(0, deadline - Date.now())));
    }
  }

  async get(id: string): Promise<Deployment | undefined> {
    const { status, data } = await this.api.call<Envelope<PagesDeployment>>(
      'GET',
      `${this.projectPath}/deployments/${encodeURIComponent(id)}`,
      {
        accept: [404],
      },
    );
    return status === 404 ? undefined : CloudflarePagesProvider.toDeployment(data.result);
  }

  async list(options: { target?: DeployTarget; limit?: number } = {}): Promise<Deployment[]> {
    const env = options.target === 'production' ? 'production' : options.target === 'preview' ? 'preview' : undefined;
    return (await this.listRaw(env)).slice(0, options.limit ?? 25).map((d) => CloudflarePagesProvider.toDeployment(d));
  }

  async setTraffic(): Promise<TrafficSplit> {
    throw new UnsupportedOperation(
      'cloudflare-pages',
      'split traffic',
      'use a guarded cutover (deploy, watch, roll back to the last good)',
    );
  }

  async getTraffic(): Promise<TrafficSplit> {
    const [current] = await this.listRaw('production');
    return { weights: current ? [{ id: current.id, percent: 100 }] : [] };
  }

  async advanceStage(): Promise<TrafficSplit> {
    throw new UnsupportedOperation('cloudflare-pages', 'advance a rollout stage', 'Pages serves one production deployment');
  }

  async promote(id: string): Promise<void> {
    const d = await this.get(id);
    if (d?.target !== 'production')
      throw new UnsupportedOperation('cloudflare-pages', 'promote a preview deployment', 'deploy with the production target instead');
    await this.rollback(id);
  }

  async rollback(id: string): Promise<void> {
    await this.api.call('POST', `${this.projectPath}/deployments/${encodeURIComponent(id)}/rollback`);
  }

  async delete(id: string): Promise<void> {
    await this.api.call('DELETE', `${this.projectPath}/deployments/${encodeURIComponent(id)}`, { query: { force: true }, accept: [404] });
  }
}
