/**
 * A Netlify API emulator on loopback: a site, files by SHA-1, digest deploys (`required` lists
 * the digests the site lacks; uploads must match them), state polled from `uploading` through
 * `processing` to `ready`, restore (publish) and delete. Every request is validated against
 * `@netlify/open-api`'s swagger (operation, path and query parameters, body schema) and every
 * JSON answer against the operation's response schema; a request off the spec is answered 422
 * and every problem is kept in `violations`. As a `SiteSource` it serves each ready deploy's files
 * at `<id>--<site>.netlify.app`, a branch's newest at `<branch>--<site>.netlify.app` and the
 * published deploy at `<site>.netlify.app` (`startDeploymentHosts`).
 */
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startEmulator, sendJson, type EmulatorServer } from './emulator';
import { SwaggerValidator, type SwaggerDocument } from './swagger';
import { staticAnswer, type SiteAnswer, type SiteSource } from './sites';

const require = createRequire(import.meta.url);

export interface NetlifyDeployRecord {
  id: string;
  site_id: string;
  state: 'uploading' | 'processing' | 'ready' | 'error';
  files: Record<string, string>;
  required: string[];
  draft: boolean;
  branch?: string;
  title?: string;
  created_at: string;
  published_at: string | null;
  polls: number;
  error_message?: string;
}

export interface NetlifyEmulator extends EmulatorServer, SiteSource {
  token: string;
  site: { id: string; name: string; publishedDeployId?: string };
  /** SHA-1 → bytes uploaded. */
  files: Map<string, Buffer>;
  deploys: NetlifyDeployRecord[];
  /** Polls a processing deploy takes to become ready. */
  processPolls: number;
  failProcessing?: string;
  violations: string[];
}

let validator: SwaggerValidator | undefined;

export async function startNetlifyApi(
  options: { token?: string; siteName?: string; processPolls?: number } = {},
): Promise<NetlifyEmulator> {
  const token = options.token ?? 'netlify-test-token';
  validator ??= new SwaggerValidator(require('@netlify/open-api/dist/swagger.json') as SwaggerDocument);
  const spec = validator;
  const violations: string[] = [];
  const server = await startEmulator({
    notFound: () => ({ code: 404, message: 'Not Found' }),
    faultBody: (status) => ({ code: status, message: `injected ${status}` }),
    checkRequest: (req, json) => {
      if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, message: 'Access Denied: Invalid Token' };
      const raw = !String(req.headers['content-type'] ?? '').includes('json');
      const problems = spec.checkRequest(req.method, req.path, req.query, json, raw);
      if (problems.length === 0) return undefined;
      violations.push(...problems);
      return { status: 422, message: problems.join('; ') };
    },
    rejectBody: (message) => ({ code: 422, message }),
  });
  const name = options.siteName ?? 'shop';
  const emu: NetlifyEmulator = Object.assign(server, {
    token,
    site: { id: 'site-0001', name },
    files: new Map<string, Buffer>(),
    deploys: [] as NetlifyDeployRecord[],
    processPolls: options.processPolls ?? 1,
    violations,
    siteNames: (): string[] => ['*.netlify.app'],
    hasSite: (host: string): boolean => atHost(host) !== undefined,
    serveSite: async ({ host, path }: { host: string; path: string }): Promise<SiteAnswer | undefined> => {
      const d = atHost(host);
      if (!d) return undefined;
      const byPath = new Map(Object.entries(d.files).map(([file, sha]) => [file.replace(/^\//, ''), sha]));
      return staticAnswer((file) => emu.files.get(byPath.get(file) ?? ''), path);
    },
  });
  /** The ready deploy a host names: `<id>--site`, `<branch>--site` (its newest) or the site itself (the published one). */
  function atHost(host: string): NetlifyDeployRecord | undefined {
    const suffix = `${name}.netlify.app`;
    if (host !== suffix && !host.endsWith(`--${suffix}`)) return undefined;
    const prefix = host === suffix ? undefined : host.slice(0, -`--${suffix}`.length);
    const ready = emu.deploys.filter((d) => d.state === 'ready');
    if (prefix === undefined) return ready.find((d) => d.id === emu.site.publishedDeployId);
    return ready.find((d) => d.id === prefix) ?? ready.filter((d) => d.branch === prefix).at(-1);
  }
  let next = 1;

  const answer = (res: ServerResponse, method: string, path: string, status: number, body: unknown): void => {
    const problems = spec.checkResponse(method, path, status, body);
    if (problems.length > 0) {
      violations.push(...problems);
      return sendJson(res, 500, { code: 500, message: problems.join('; ') });
    }
    sendJson(res, status, body);
  };
  const view = (d: NetlifyDeployRecord): Record<string, unknown> => ({
    id: d.id,
    site_id: d.site_id,
    state: d.state,
    name,
    url: `http://${name}.netlify.app`,
    ssl_url: `https://${name}.netlify.app`,
    admin_url: `https://app.netlify.test/sites/${name}`,
    deploy_url: `http://${d.id}--${name}.netlify.app`,
    deploy_ssl_url: `https://${d.id}--${name}.netlify.app`,
    required: d.required,
    required_functions: [],
    draft: d.draft,
    branch: d.branch ?? 'main',
    context: d.draft ? (d.branch ? 'branch-deploy' : 'deploy-preview') : 'production',
    created_at: d.created_at,
    updated_at: d.created_at,
    ...(d.published_at ? { published_at: d.published_at } : {}),
    ...(d.title ? { title: d.title } : {}),
    ...(d.error_message ? { error_message: d.error_message } : {}),
  });
  const isSite = (s: string): boolean => s === emu.site.id || s === name || s === `${name}.netlify.app`;
  const tick = (d: NetlifyDeployRecord): void => {
    if (d.state !== 'processing') return;
    d.polls++;
    if (d.polls < emu.processPolls) return;
    if (emu.failProcessing) {
      d.state = 'error';
      d.error_message = emu.failProcessing;
      return;
    }
    d.state = 'ready';
    if (!d.draft) {
      d.published_at = new Date().toISOString();
      emu.site.publishedDeployId = d.id;
    }
  };

  emu.route('POST', /^\/api\/v1\/sites\/([^/]+)\/deploys$/, ({ params, json, req, res }) => {
    if (!isSite(params[0] as string)) return sendJson(res, 404, { code: 404, message: 'Not Found' });
    const body = json as { files?: Record<string, string>; draft?: boolean; branch?: string };
    const files = body?.files ?? {};
    const required = [...new Set(Object.values(files).filter((sha) => !emu.files.has(sha)))];
    const d: NetlifyDeployRecord = {
      id: `${(0x64000000 + next++).toString(16)}0000000000000000`,
      site_id: emu.site.id,
      state: required.length > 0 ? 'uploading' : 'processing',
      files,
      required,
      draft: body?.draft ?? false,
      branch: body?.branch,
      title: req.query.get('title') ?? undefined,
      created_at: new Date().toISOString(),
      published_at: null,
      polls: 0,
    };
    emu.deploys.push(d);
    answer(res, 'POST', req.path, 200, view(d));
  });

  emu.route('PUT', /^\/api\/v1\/deploys\/([^/]+)\/files\/(.+)$/, ({ params, req, res }) => {
    const d = emu.deploys.find((x) => x.id === params[0]);
    if (!d) return sendJson(res, 404, { code: 404, message: 'Not Found' });
    const path = `/${params[1]}`;
    const expected = d.files[path];
    const actual = createHash('sha1').update(req.body).digest('hex');
    if (!expected) return sendJson(res, 422, { code: 422, message: `${path} is not part of this deploy` });
    if (expected !== actual) return sendJson(res, 422, { code: 422, message: `${path}: the body's SHA-1 is ${actual}, not ${expected}` });
    if (!d.required.includes(actual)) return sendJson(res, 422, { code: 422, message: `${path} was not required` });
    emu.files.set(actual, req.body);
    d.required = d.required.filter((sha) => sha !== actual);
    if (d.required.length === 0 && d.state === 'uploading') d.state = 'processing';
    answer(res, 'PUT', req.path, 200, { id: actual, path, sha: actual, size: req.body.length });
  });

  const getDeploy = (path: RegExp, siteScoped: boolean): void =>
    emu.route('GET', path, ({ params, req, res }) => {
      if (siteScoped && !isSite(params[0] as string)) return sendJson(res, 404, { code: 404, message: 'Not Found' });
      const d = emu.deploys.find((x) => x.id === params[siteScoped ? 1 : 0]);
      if (!d) return sendJson(res, 404, { code: 404, message: 'Not Found' });
      tick(d);
      answer(res, 'GET', req.path, 200, view(d));
    });
  getDeploy(/^\/api\/v1\/deploys\/([^/]+)$/, false);
  getDeploy(/^\/api\/v1\/sites\/([^/]+)\/deploys\/([^/]+)$/, true);

  emu.route('GET', /^\/api\/v1\/sites\/([^/]+)\/deploys$/, ({ params, req, res }) => {
    if (!isSite(params[0] as string)) return sendJson(res, 404, { code: 404, message: 'Not Found' });
    const q = req.query;
    let items = [...emu.deploys].reverse();
    if (q.get('production') === 'true') items = items.filter((d) => !d.draft);
    if (q.get('latest-published') === 'true') items = items.filter((d) => d.id === emu.site.publishedDeployId);
    const perPage = Number(q.get('per_page') ?? 100);
    const page = Number(q.get('page') ?? 1);
    answer(res, 'GET', req.path, 200, items.slice((page - 1) * perPage, page * perPage).map(view));
  });

  emu.route('POST', /^\/api\/v1\/sites\/([^/]+)\/deploys\/([^/]+)\/restore$/, ({ params, req, res }) => {
    const d = emu.deploys.find((x) => x.id === params[1]);
    if (!isSite(params[0] as string) || !d) return sendJson(res, 404, { code: 404, message: 'Not Found' });
    if (d.state !== 'ready') return sendJson(res, 422, { code: 422, message: 'Only ready deploys can be published' });
    d.published_at = new Date().toISOString();
    emu.site.publishedDeployId = d.id;
    answer(res, 'POST', req.path, 201, view(d));
  });

  emu.route('DELETE', /^\/api\/v1\/deploys\/([^/]+)$/, ({ params, res }) => {
    const d = emu.deploys.find((x) => x.id === params[0]);
    if (!d) return sendJson(res, 404, { code: 404, message: 'Not Found' });
    if (d.id === emu.site.publishedDeployId) return sendJson(res, 422, { code: 422, message: 'The published deploy cannot be deleted' });
    emu.deploys.splice(emu.deploys.indexOf(d), 1);
    sendJson(res, 204, undefined);
  });
  return emu;
}
