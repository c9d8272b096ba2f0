/**
 * A Cloudflare v4 API emulator on loopback for Workers (versions, gradual deployments, the
 * account's workers.dev subdomain) and Pages (direct upload: upload token, check-missing, upload,
 * upsert-hashes, deployments with a manifest; rollback; delete). Every object it answers with is
 * declared with the `cloudflare` SDK's own types, so `npm run typecheck` holds the shapes to the
 * SDK, and every answer is the `{success, errors, messages, result}` envelope. As a `SiteSource` it
 * serves a Pages deployment's files at its URL and aliases (the production one at the project's own
 * host) once it is deployed, and runs a Worker version's module on each request at its preview URL
 * (`<8 hex of the id>-<script>.<subdomain>.workers.dev`, an alias's `<alias>-<script>…`).
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Deployment as WorkerDeployment, DeploymentListResponse } from 'cloudflare/resources/workers/scripts/deployments';
import type { VersionCreateResponse, VersionGetResponse, VersionListResponse } from 'cloudflare/resources/workers/scripts/versions';
import type { SecretUpdateParams, SecretUpdateResponse } from 'cloudflare/resources/workers/scripts/secrets';
import type { SubdomainGetResponse } from 'cloudflare/resources/workers/subdomains';
import type {
  Deployment as PagesDeployment,
  Project,
  ProjectGetUploadTokenResponse,
  Stage,
} from 'cloudflare/resources/pages/projects/projects';
import type { AssetCheckMissingParams, AssetCheckMissingResponse, AssetUploadParams } from 'cloudflare/resources/pages/assets';
import { startEmulator, sendJson, parseMultipart, type EmulatorServer } from './emulator';
import { staticAnswer, type SiteAnswer, type SiteSource } from './sites';

interface Envelope<T> {
  success: boolean;
  errors: { code: number; message: string }[];
  messages: { code: number; message: string }[];
  result: T;
  result_info?: { page: number; per_page: number; count: number; total_count: number };
}

export interface WorkerVersionRecord {
  version: VersionGetResponse & { id: string; number: number };
  mainModule: string;
  modules: Record<string, Buffer>;
  annotations: Record<string, string>;
  /** The secrets the version was made with: name → value. */
  secrets: Record<string, string>;
}

export interface CloudflareEmulator extends EmulatorServer, SiteSource {
  token: string;
  account: string;
  subdomain: string;
  workers: Map<string, { versions: WorkerVersionRecord[]; deployments: WorkerDeployment[]; secrets: Record<string, string> }>;
  pages: Map<
    string,
    { project: Pick<Project, 'name' | 'production_branch' | 'subdomain'>; deployments: PagesDeployment[]; productionId?: string }
  >;
  /** Pages assets: hash → base64 value. */
  assets: Map<string, string>;
  /** Pages deployment id → its manifest (path → asset hash). */
  manifests: Map<string, Record<string, string>>;
  uploadTokens: Set<string>;
  /** Polls a Pages deployment takes to reach deploy/success. */
  pagesPolls: number;
  failPagesBuild?: boolean;
}

const ok = <T>(result: T, extra: Partial<Envelope<T>> = {}): Envelope<T> => ({ success: true, errors: [], messages: [], result, ...extra });
const fail = (code: number, message: string): Envelope<null> => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});

/**
 * A Worker version answering a request, as workers.dev runs it: its main module's default export's
 * `fetch(request, env, ctx)` (a single-module Worker; imports of other modules are not linked).
 */
async function runWorker(version: WorkerVersionRecord, url: string, method: string, headers: IncomingHttpHeaders): Promise<SiteAnswer> {
  const source = version.modules[version.mainModule] as Buffer;
  const module = (await import(/* @vite-ignore */ `data:text/javascript;base64,${source.toString('base64')}`)) as {
    default?: { fetch?: (request: Request, env: unknown, ctx: unknown) => Response | Promise<Response> };
  };
  if (typeof module.default?.fetch !== 'function') return { status: 500, body: 'Error 1101: the Worker has no fetch handler' };
  const request = new Request(url, {
    method,
    headers: Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])) as [string, string][],
  });
  const response = await module.default.fetch(request, {}, { waitUntil: () => undefined, passThroughOnException: () => undefined });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) };
}

export async function startCloudflareApi(
  options: { token?: string; account?: string; scripts?: string[]; pagesProjects?: string[]; pagesPolls?: number } = {},
): Promise<CloudflareEmulator> {
  const token = options.token ?? 'cloudflare-test-token';
  const account = options.account ?? '0123456789abcdef0123456789abcdef';
  const uploadTokens = new Set<string>();
  const server = await startEmulator({
    notFound: () => fail(7003, 'Could not route to the requested path'),
    faultBody: (status) => fail(status === 429 ? 971 : 10013, `injected ${status}`),
    checkRequest: (req) => {
      const auth = String(req.headers.authorization ?? '');
      if (req.path.startsWith('/client/v4/pages/assets/'))
        return uploadTokens.has(auth.replace(/^Bearer /, '')) ? undefined : { status: 401, message: 'Invalid upload JWT' };
      return auth === `Bearer ${token}` ? undefined : { status: 403, message: 'Authentication error' };
    },
    rejectBody: (message) => fail(10000, message),
  });
  const emu: CloudflareEmulator = Object.assign(server, {
    token,
    account,
    subdomain: 'acme',
    workers: new Map(),
    pages: new Map(),
    assets: new Map<string, string>(),
    uploadTokens,
    manifests: new Map<string, Record<string, string>>(),
    pagesPolls: options.pagesPolls ?? 1,
    siteNames: (): string[] => [
      '*.pages.dev',
      ...[...emu.pages.values()].map((p) => `*.${p.project.subdomain}`),
      `*.${emu.subdomain}.workers.dev`,
    ],
    hasSite: (host: string): boolean => pagesAt(host) !== undefined || workerAt(host) !== undefined,
    serveSite: async ({ host, method, path, headers }: Parameters<SiteSource['serveSite']>[0]): Promise<SiteAnswer | undefined> => {
      const page = pagesAt(host);
      if (page) {
        const manifest = new Map(Object.entries(emu.manifests.get(page.id) ?? {}).map(([file, hash]) => [file.replace(/^\//, ''), hash]));
        return staticAnswer((file) => {
          const value = emu.assets.get(manifest.get(file) ?? '');
          return value === undefined ? undefined : Buffer.from(value, 'base64');
        }, path);
      }
      const version = workerAt(host);
      return version ? runWorker(version, `https://${host}${path}`, method, headers) : undefined;
    },
  } satisfies Omit<CloudflareEmulator, keyof EmulatorServer>);
  /** The deployed (stage deploy/success) Pages deployment at a host: its URL, an alias, or the project's own host for production. */
  function pagesAt(host: string): PagesDeployment | undefined {
    for (const p of emu.pages.values()) {
      const live = p.deployments.filter((d) => d.latest_stage.name === 'deploy' && d.latest_stage.status === 'success');
      if (host === p.project.subdomain) return live.find((d) => d.id === p.productionId);
      const found = live.find((d) => new URL(d.url).host === host || (d.aliases ?? []).some((a) => new URL(a).host === host));
      if (found) return found;
    }
    return undefined;
  }
  /** The Worker version at a preview host: `<first 8 of its id>-<script>` or `<alias>-<script>` (the newest with that alias). */
  function workerAt(host: string): WorkerVersionRecord | undefined {
    const suffix = `.${emu.subdomain}.workers.dev`;
    if (!host.endsWith(suffix)) return undefined;
    const label = host.slice(0, -suffix.length);
    for (const [script, w] of emu.workers) {
      if (!label.endsWith(`-${script}`)) continue;
      const prefix = label.slice(0, -script.length - 1);
      return (
        w.versions.find((v) => v.version.id.slice(0, 8) === prefix) ??
        w.versions.filter((v) => v.annotations['workers/alias'] === prefix).at(-1)
      );
    }
    return undefined;
  }
  for (const s of options.scripts ?? ['shop-worker']) emu.workers.set(s, { versions: [], deployments: [], secrets: {} });
  for (const p of options.pagesProjects ?? ['shop-pages'])
    emu.pages.set(p, { project: { name: p, production_branch: 'main', subdomain: `${p}.pages.dev` }, deployments: [] });
  let next = 1;
  const uuid = (): string => {
    // Unique in its first 8 hex digits: a Worker version's preview URL is named by them.
    const n = (next++).toString(16).padStart(12, '0');
    return `${n.slice(4)}-0000-4000-8000-${n}`;
  };
  const send = <T>(res: ServerResponse, status: number, body: Envelope<T>): void => sendJson(res, status, body);
  const acct = `/client/v4/accounts/${account}`;
  const route = (method: string, suffix: string, handler: Parameters<EmulatorServer['route']>[2]): void =>
    emu.route(method, new RegExp(`^${acct.replace(/\//g, '\\/')}${suffix}$`), handler);

  // ---- Workers
  route('GET', '/workers/subdomain', ({ res }) => send<SubdomainGetResponse>(res, 200, ok({ subdomain: emu.subdomain })));
  const worker = (name: string, res: ServerResponse) => {
    const w = emu.workers.get(name);
    if (!w) send(res, 404, fail(10007, 'This Worker does not exist on your account.'));
    return w;
  };
  route('POST', '/workers/scripts/([^/]+)/versions', ({ params, req, res }) => {
    const w = worker(params[0] as string, res);
    if (!w) return;
    const parts = parseMultipart(req.body, String(req.headers['content-type'] ?? ''));
    const metaPart = parts.find((p) => p.name === 'metadata');
    if (!metaPart) return send(res, 400, fail(10021, 'metadata part is required'));
    const metadata = JSON.parse(metaPart.value.toString('utf8')) as { main_module?: string; annotations?: Record<string, string> };
    const modules = Object.fromEntries(parts.filter((p) => p.name !== 'metadata').map((p) => [p.filename ?? p.name, p.value]));
    if (!metadata.main_module || !modules[metadata.main_module])
      return send(res, 400, fail(10021, `main_module ${metadata.main_module ?? '(none)'} is not among the uploaded modules`));
    const number = w.versions.length + 1;
    const version: WorkerVersionRecord['version'] = {
      id: uuid(),
      number,
      metadata: {
        created_on: new Date().toISOString(),
        modified_on: new Date().toISOString(),
        source: 'api',
        hasPreview: true,
        author_email: 'ci@acme.test',
      },
      resources: {
        bindings: [],
        script: { etag: `etag-${number}`, handlers: ['fetch'] },
        script_runtime: { compatibility_date: '2025-01-01' },
      },
    };
    // A new version keeps the script's secrets (as wrangler's uploads do).
    w.versions.push({
      version,
      mainModule: metadata.main_module,
      modules,
      annotations: metadata.annotations ?? {},
      secrets: { ...w.secrets },
    });
    send<VersionCreateResponse>(res, 200, ok({ ...version, startup_time_ms: 3 }));
  });
  route('GET', '/workers/scripts/([^/]+)/versions', ({ params, res }) => {
    const w = worker(params[0] as string, res);
    if (!w) return;
    const items: VersionListResponse[] = [...w.versions]
      .reverse()
      .map((v) => ({ id: v.version.id, number: v.version.number, metadata: v.version.metadata }));
    send<{ items: VersionListResponse[] }>(res, 200, ok({ items }));
  });
  route('GET', '/workers/scripts/([^/]+)/versions/([^/]+)', ({ params, res }) => {
    const w = worker(params[0] as string, res);
    if (!w) return;
    const v = w.versions.find((x) => x.version.id === params[1]);
    if (!v) return send(res, 404, fail(10007, 'version not found'));
    send<VersionGetResponse>(res, 200, ok(v.version));
  });
  // Adding a secret makes a new version of the serving one with it, and deploys that version.
  route('PUT', '/workers/scripts/([^/]+)/secrets', ({ params, json, res }) => {
    const w = worker(params[0] as string, res);
    if (!w) return;
    const body = json as Partial<Omit<SecretUpdateParams.WorkersBindingKindSecretText, 'account_id'>> | undefined;
    if (!body?.name || body.type !== 'secret_text' || typeof body.text !== 'string')
      return send(res, 400, fail(10021, 'a secret needs name, text and type "secret_text"'));
    w.secrets[body.name] = body.text;
    const servingId = w.deployments[0]?.versions.toSorted((a, b) => b.percentage - a.percentage)[0]?.version_id;
    const base = w.versions.find((v) => v.version.id === servingId) ?? w.versions.at(-1);
    if (base) {
      const number = w.versions.length + 1;
      const version = { ...base.version, id: uuid(), number, metadata: { ...base.version.metadata, created_on: new Date().toISOString() } };
      w.versions.push({ ...base, version, secrets: { ...w.secrets } });
      w.deployments.unshift({
        id: uuid(),
        created_on: new Date().toISOString(),
        source: 'api',
        strategy: 'percentage',
        versions: [{ version_id: version.id, percentage: 100 }],
        author_email: 'ci@acme.test',
      });
    }
    send<SecretUpdateResponse>(res, 200, ok({ name: body.name, type: 'secret_text' }));
  });
  route('POST', '/workers/scripts/([^/]+)/deployments', ({ params, json, req, res }) => {
    const w = worker(params[0] as string, res);
    if (!w) return;
    const body = json as { strategy?: string; versions?: { version_id: string; percentage: number }[] };
    if (body?.strategy !== 'percentage' || !Array.isArray(body.versions) || body.versions.length === 0 || body.versions.length > 2)
      return send(res, 400, fail(10021, 'strategy must be "percentage" with one or two versions'));
    const total = body.versions.reduce((n, v) => n + v.percentage, 0);
    if (Math.abs(total - 100) > 1e-9) return send(res, 400, fail(10021, `percentages must add up to 100, got ${total}`));
    for (const v of body.versions)
      if (!w.versions.some((x) => x.version.id === v.version_id))
        return send(res, 400, fail(10021, `version ${v.version_id} does not exist`));
    // A version made before a secret changed is deployed only with ?force=true (wrangler's rollback
    // asks the person on code 10220, then sends force).
    if (req.query.get('force') !== 'true') {
      const changed = new Set<string>();
      for (const v of body.versions) {
        const kept = w.versions.find((x) => x.version.id === v.version_id)?.secrets ?? {};
        for (const name of new Set([...Object.keys(kept), ...Object.keys(w.secrets)]))
          if (kept[name] !== w.secrets[name]) changed.add(name);
      }
      if (changed.size > 0)
        return send(
          res,
          400,
          fail(
            10220,
            `A secret has changed since this version was created. The following secrets have changed: ${[...changed].join(', ')}`,
          ),
        );
    }
    const deployment: WorkerDeployment = {
      id: uuid(),
      created_on: new Date().toISOString(),
      source: 'api',
      strategy: 'percentage',
      versions: body.versions.map((v) => ({ version_id: v.version_id, percentage: v.percentage })),
      author_email: 'ci@acme.test',
    };
    // Newest first: the first deployment listed is the one serving.
    w.deployments.unshift(deployment);
    send<WorkerDeployment>(res, 200, ok(deployment));
  });
  route('GET', '/workers/scripts/([^/]+)/deployments', ({ params, res }) => {
    const w = worker(params[0] as string, res);
    if (!w) return;
    send<DeploymentListResponse>(res, 200, ok({ deployments: w.deployments }));
  });

  // ---- Pages
  const pages = (name: string, res: ServerResponse) => {
    const p = emu.pages.get(name);
    if (!p) send(res, 404, fail(8000007, 'Project not found. The specified project name does not match any of your existing projects.'));
    return p;
  };
  route('GET', '/pages/projects/([^/]+)', ({ params, res }) => {
    const p = pages(params[0] as string, res);
    if (p) send(res, 200, ok(p.project));
  });
  route('GET', '/pages/projects/([^/]+)/upload-token', ({ params, res }) => {
    if (!pages(params[0] as string, res)) return;
    const jwt = `jwt.${params[0]}.${next++}`;
    uploadTokens.add(jwt);
    send<ProjectGetUploadTokenResponse>(res, 200, ok({ jwt }));
  });
  emu.route('POST', /^\/client\/v4\/pages\/assets\/check-missing$/, ({ json, res }) => {
    const body = json as AssetCheckMissingParams;
    if (!Array.isArray(body?.hashes)) return send(res, 400, fail(8000096, '`hashes` is required'));
    send<AssetCheckMissingResponse[]>(res, 200, ok(body.hashes.filter((h) => !emu.assets.has(h))));
  });
  emu.route('POST', /^\/client\/v4\/pages\/assets\/upload$/, ({ json, res }) => {
    const body = json as AssetUploadParams['body'];
    if (!Array.isArray(body)) return send(res, 400, fail(8000096, 'the body is an array of files'));
    for (const f of body) {
      if (!/^[0-9a-f]{32}$/.test(f.key) || !f.base64 || typeof f.value !== 'string' || typeof f.metadata?.contentType !== 'string')
        return send(res, 400, fail(8000096, 'each file needs key (32 hex), base64 value and metadata.contentType'));
      emu.assets.set(f.key, f.value);
    }
    send(res, 200, ok(null));
  });
  emu.route('POST', /^\/client\/v4\/pages\/assets\/upsert-hashes$/, ({ json, res }) => {
    const body = json as { hashes?: string[] };
    const unknown = (body?.hashes ?? []).filter((h) => !emu.assets.has(h));
    if (unknown.length > 0) return send(res, 400, fail(8000096, `unknown hashes: ${unknown.slice(0, 3).join(', ')}`));
    send(res, 200, ok(null));
  });
  const stage = (status: Stage['status'], name: Stage['name']): Stage => ({
    name,
    status,
    started_on: new Date().toISOString(),
    ended_on: status === 'active' ? null : new Date().toISOString(),
  });
  route('POST', '/pages/projects/([^/]+)/deployments', ({ params, req, res }) => {
    const p = pages(params[0] as string, res);
    if (!p) return;
    const parts = Object.fromEntries(
      parseMultipart(req.body, String(req.headers['content-type'] ?? '')).map((x) => [x.name, x.value.toString('utf8')]),
    );
    if (!parts.manifest) return send(res, 400, fail(8000000, 'manifest is required'));
    const manifest = JSON.parse(parts.manifest) as Record<string, string>;
    const missing = Object.values(manifest).filter((h) => !emu.assets.has(h));
    if (missing.length > 0) return send(res, 400, fail(8000096, `the manifest names ${missing.length} files that were not uploaded`));
    const branch = parts.branch ?? p.project.production_branch;
    const environment = branch === p.project.production_branch ? 'production' : 'preview';
    const id = uuid();
    const shortId = id.slice(-8);
    const alias = branch.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    const deployment: PagesDeployment = {
      id,
      short_id: shortId,
      project_id: `proj-${p.project.name}`,
      project_name: p.project.name,
      environment,
      url: `https://${shortId}.${p.project.subdomain}`,
      aliases: environment === 'preview' ? [`https://${alias}.${p.project.subdomain}`] : null,
      created_on: new Date().toISOString(),
      modified_on: new Date().toISOString(),
      is_skipped: false,
      latest_stage: stage('active', 'queued'),
      stages: [stage('active', 'queued')],
      build_config: {
        web_analytics_tag: null,
        web_analytics_token: null,
        build_caching: false,
        build_command: '',
        destination_dir: '',
        root_dir: '',
      },
      deployment_trigger: {
        type: 'ad_hoc',
        metadata: { branch, commit_hash: parts.commit_hash ?? '', commit_message: parts.commit_message ?? '', commit_dirty: false },
      },
      env_vars: null,
      // Direct uploads have no repository; the SDK's type still requires the source block.
      source: {
        type: 'github',
        config: {
          deployments_enabled: true,
          owner: 'acme',
          owner_id: '1',
          path_excludes: [],
          path_includes: ['*'],
          pr_comments_enabled: false,
          preview_branch_excludes: [],
          preview_branch_includes: ['*'],
          preview_deployment_setting: 'all',
          production_branch: p.project.production_branch,
          production_deployments_enabled: true,
          repo_id: '1',
          repo_name: p.project.name,
        },
      },
    };
    p.deployments.unshift(deployment);
    emu.manifests.set(id, manifest);
    send<PagesDeployment>(res, 200, ok(deployment));
  });
  const pagesDeployment = (params: string[], res: ServerResponse) => {
    const p = pages(params[0] as string, res);
    const d = p?.deployments.find((x) => x.id === params[1]);
    if (p && !d) send(res, 404, fail(8000009, 'The deployment ID you have specified does not exist.'));
    return p && d ? { p, d } : undefined;
  };
  route('GET', '/pages/projects/([^/]+)/deployments/([^/]+)', ({ params, res }) => {
    const found = pagesDeployment(params, res);
    if (!found) return;
    const { p, d } = found;
    if (d.latest_stage.status === 'active') {
      const polls = d.stages.length ?? 0;
      if (polls >= emu.pagesPolls) {
        d.latest_stage = emu.failPagesBuild ? stage('failure', 'build') : stage('success', 'deploy');
        if (!emu.failPagesBuild && d.environment === 'production') p.productionId = d.id;
      } else d.stages.push(stage('active', 'build'));
    }
    send<PagesDeployment>(res, 200, ok(d));
  });
  route('GET', '/pages/projects/([^/]+)/deployments', ({ params, req, res }) => {
    const p = pages(params[0] as string, res);
    if (!p) return;
    const env = req.query.get('env');
    const items = p.deployments.filter((d) => !env || d.environment === env);
    send<PagesDeployment[]>(
      res,
      200,
      ok(items, { result_info: { page: 1, per_page: 25, count: items.length, total_count: items.length } }),
    );
  });
  route('POST', '/pages/projects/([^/]+)/deployments/([^/]+)/rollback', ({ params, res }) => {
    const found = pagesDeployment(params, res);
    if (!found) return;
    const { p, d } = found;
    if (d.environment !== 'production' || d.latest_stage.status !== 'success')
      return send(res, 400, fail(8000033, 'Only successful production deployments can be rolled back to.'));
    p.productionId = d.id;
    send<PagesDeployment>(res, 200, ok(d));
  });
  route('DELETE', '/pages/projects/([^/]+)/deployments/([^/]+)', ({ params, req, res }) => {
    const found = pagesDeployment(params, res);
    if (!found) return;
    const { p, d } = found;
    if (p.productionId === d.id && req.query.get('force') !== 'true')
      return send(res, 400, fail(8000034, 'Cannot delete the active production deployment without force.'));
    p.deployments.splice(p.deployments.indexOf(d), 1);
    send(res, 200, ok(null));
  });
  return emu;
}
