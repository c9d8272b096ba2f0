/**
 * A Vercel REST API emulator on loopback. It keeps files by SHA-1, deployments (readyState moves
 * QUEUED → BUILDING → READY as they are polled), aliases, the project's production deployment and
 * a Rolling Release through its configured stages. Every JSON answer is parsed with the schema
 * `@vercel/sdk` parses that endpoint's answer with before it is sent, so the emulator cannot
 * drift from the shapes the official SDK accepts: a mismatch answers 500 and is kept in
 * `violations`. As a `SiteSource` it serves each READY deployment's uploaded files at its own host
 * and at its aliases (`startDeploymentHosts`).
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { CreateDeploymentResponseBody2$inboundSchema } from '@vercel/sdk/models/createdeploymentresponsebody.js';
import { GetDeploymentResponseBody2$inboundSchema } from '@vercel/sdk/models/getdeploymentresponsebody1.js';
import { GetDeploymentsResponseBody$inboundSchema } from '@vercel/sdk/models/getdeploymentsop.js';
import { UploadFileResponseBody$inboundSchema } from '@vercel/sdk/models/uploadfileop.js';
import { AssignAliasResponseBody$inboundSchema } from '@vercel/sdk/models/assignaliasop.js';
import { DeleteDeploymentResponseBody$inboundSchema } from '@vercel/sdk/models/deletedeploymentop.js';
import { GetRollingReleaseResponseBody$inboundSchema } from '@vercel/sdk/models/getrollingreleaseop.js';
import { StartRollingReleaseResponseBody$inboundSchema } from '@vercel/sdk/models/startrollingreleaseop.js';
import { ApproveRollingReleaseStageResponseBody$inboundSchema } from '@vercel/sdk/models/approverollingreleasestageop.js';
import { CompleteRollingReleaseResponseBody$inboundSchema } from '@vercel/sdk/models/completerollingreleaseop.js';
import { startEmulator, sendJson, type EmulatorServer } from './emulator';
import { staticAnswer, type SiteAnswer, type SiteSource } from './sites';

interface Schema {
  safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

export interface VercelDeploymentRecord {
  id: string;
  name: string;
  url: string;
  projectId: string;
  target: 'production' | 'staging' | null;
  readyState: 'QUEUED' | 'BUILDING' | 'READY' | 'ERROR' | 'CANCELED';
  createdAt: number;
  files: { file: string; sha: string; size: number }[];
  meta: Record<string, string>;
  alias: string[];
  errorMessage?: string;
  polls: number;
  teamId?: string;
}

export interface VercelEmulator extends EmulatorServer, SiteSource {
  token: string;
  /** SHA-1 → bytes received by POST /v2/files. */
  files: Map<string, Buffer>;
  deployments: VercelDeploymentRecord[];
  /** Ids of every deployment ever created, deleted ones too: a retried create must not add one. */
  created: string[];
  aliases: Map<string, string>;
  project: { id: string; name: string; productionDeploymentId?: string; stages: number[] };
  rollingRelease?: { canary: string; current?: string; stageIndex: number; state: 'ACTIVE' | 'COMPLETE' | 'ABORTED' };
  /** Every traffic change, in order: what canary-step's tests assert. */
  trafficLog: { canary?: string; percent: number; production?: string }[];
  /** Polls a deployment takes to become READY (0: ready at once). */
  buildPolls: number;
  /** Make the next deployments fail their build with this message. */
  failBuild?: string;
  violations: string[];
}

export async function startVercelApi(
  options: { token?: string; project?: string; stages?: number[]; buildPolls?: number } = {},
): Promise<VercelEmulator> {
  const token = options.token ?? 'vercel-test-token';
  let next = 1;
  const server = await startEmulator({
    notFound: () => ({ error: { code: 'not_found', message: 'The requested resource was not found' } }),
    faultBody: (status) => ({ error: { code: status === 429 ? 'rate_limited' : 'internal_server_error', message: `injected ${status}` } }),
    checkRequest: (req) => (req.headers.authorization === `Bearer ${token}` ? undefined : { status: 403, message: 'Not authorized' }),
    rejectBody: (message) => ({ error: { code: 'forbidden', message } }),
  });
  const emu: VercelEmulator = Object.assign(server, {
    token,
    files: new Map<string, Buffer>(),
    deployments: [] as VercelDeploymentRecord[],
    created: [] as string[],
    aliases: new Map<string, string>(),
    project: { id: 'prj_shipkit', name: options.project ?? 'shop', stages: options.stages ?? [5, 25, 100] },
    trafficLog: [] as VercelEmulator['trafficLog'],
    buildPolls: options.buildPolls ?? 2,
    violations: [] as string[],
    // The deployments' hosts: `<name>-<id>-<team>.vercel.app` and the aliases that point at one.
    siteNames: (): string[] => ['*.vercel.app'],
    hasSite: (host: string): boolean => atHost(host) !== undefined,
    serveSite: async ({ host, path }: { host: string; path: string }): Promise<SiteAnswer | undefined> => {
      const d = atHost(host);
      if (!d) return undefined;
      // Vercel serves a deployment once it is READY; before that its host says so.
      if (d.readyState !== 'READY') return { status: 404, body: `The deployment is ${d.readyState.toLowerCase()}` };
      const bySha = new Map(d.files.map((f) => [f.file, f.sha]));
      return staticAnswer((file) => emu.files.get(bySha.get(file) ?? ''), path);
    },
  });
  function atHost(host: string): VercelDeploymentRecord | undefined {
    const aliased = emu.aliases.get(host);
    return emu.deployments.find((d) => d.url === host || d.id === aliased);
  }

  /** Answers only with what the SDK's own schema for this endpoint accepts. */
  const answer = (res: ServerResponse, status: number, schema: Schema, body: unknown): void => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const why = (parsed.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      emu.violations.push(why);
      return sendJson(res, 500, { error: { code: 'emulator_schema', message: why } });
    }
    sendJson(res, status, body);
  };
  const isProject = (p: string): boolean => p === emu.project.id || p === emu.project.name;

  const full = (d: VercelDeploymentRecord): Record<string, unknown> => ({
    id: d.id,
    url: d.url,
    name: d.name,
    readyState: d.readyState,
    status: d.readyState,
    type: 'LAMBDAS',
    createdAt: d.createdAt,
    buildingAt: d.createdAt,
    build: { env: [] },
    creator: { uid: 'user_shipkit', username: 'shipkit' },
    env: [],
    meta: d.meta,
    plan: 'pro',
    projectSettings: {},
    regions: ['iad1'],
    alias: d.alias,
    aliasAssigned: d.readyState === 'READY',
    bootedAt: d.createdAt,
    createdIn: 'iad1',
    ownerId: d.teamId ?? 'team_shipkit',
    public: false,
    version: 2,
    routes: null,
    lambdas: [],
    projectId: d.projectId,
    target: d.target,
    inspectorUrl: null,
    isInConcurrentBuildsQueue: false,
    isInSystemBuildsQueue: false,
    ...(d.errorMessage ? { errorMessage: d.errorMessage, errorCode: 'BUILD_FAILED' } : {}),
  });
  const listItem = (d: VercelDeploymentRecord): Record<string, unknown> => ({
    uid: d.id,
    name: d.name,
    url: d.url,
    created: d.createdAt,
    createdAt: d.createdAt,
    readyState: d.readyState,
    state: d.readyState,
    type: 'LAMBDAS',
    creator: { uid: 'user_shipkit', username: 'shipkit' },
    meta: d.meta,
    target: d.target,
    source: 'cli',
    inspectorUrl: null,
    projectId: d.projectId,
  });
  const find = (idOrUrl: string): VercelDeploymentRecord | undefined =>
    emu.deployments.find((d) => d.id === idOrUrl || d.url === idOrUrl.replace(/^https?:\/\//, ''));

  const rolling = (): Record<string, unknown> | null => {
    const r = emu.rollingRelease;
    if (!r) return null;
    const brief = (id: string | undefined) => {
      const d = id ? find(id) : undefined;
      return d ? { id: d.id, name: d.name, url: d.url, createdAt: d.createdAt, readyState: d.readyState, target: d.target } : null;
    };
    const stages = emu.project.stages.map((p, index) => ({
      index,
      targetPercentage: p,
      isFinalStage: index === emu.project.stages.length - 1,
      requireApproval: true,
      duration: null,
    }));
    const active = r.state === 'ACTIVE' ? (stages[r.stageIndex] ?? null) : null;
    return {
      state: r.state,
      advancementType: 'manual-approval',
      activeStage: active,
      nextStage: r.state === 'ACTIVE' ? (stages[r.stageIndex + 1] ?? null) : null,
      canaryDeployment: brief(r.canary),
      currentDeployment: brief(r.current),
      currentCanaryPercentage: active?.targetPercentage,
      queuedDeploymentId: null,
      stages,
      startedAt: 1,
      substate: null,
      updatedAt: Date.now(),
    };
  };

  emu.route('POST', /^\/v2\/files$/, ({ req, res }) => {
    const digest = String(req.headers['x-vercel-digest'] ?? req.headers['x-now-digest'] ?? '');
    const actual = createHash('sha1').update(req.body).digest('hex');
    if (digest !== actual)
      return sendJson(res, 400, { error: { code: 'invalid_digest', message: `the body's SHA-1 is ${actual}, not ${digest}` } });
    emu.files.set(digest, req.body);
    answer(res, 200, UploadFileResponseBody$inboundSchema, { urls: [`https://files.vercel.test/${digest}`] });
  });

  emu.route('POST', /^\/v13\/deployments$/, ({ json, req, res }) => {
    const body = json as {
      name?: string;
      project?: string;
      target?: string;
      files?: { file: string; sha?: string; size?: number }[];
      meta?: Record<string, string>;
    };
    if (!body?.name || !Array.isArray(body.files))
      return sendJson(res, 400, { error: { code: 'bad_request', message: '`name` and `files` are required' } });
    if (body.project && !isProject(body.project)) return sendJson(res, 404, { error: { code: 'not_found', message: 'Project not found' } });
    const missing = [...new Set(body.files.map((f) => f.sha ?? '').filter((sha) => !emu.files.has(sha)))];
    if (missing.length > 0) return sendJson(res, 400, { error: { code: 'missing_files', message: 'Missing files', missing } });
    const id = `dpl_${(next++).toString(36).padStart(6, '0')}`;
    const d: VercelDeploymentRecord = {
      id,
      name: body.name,
      url: `${body.name}-${id.slice(4)}-shipkit.vercel.app`,
      projectId: emu.project.id,
      target: body.target === 'production' ? 'production' : body.target === 'staging' ? 'staging' : null,
      readyState: emu.buildPolls === 0 ? (emu.failBuild ? 'ERROR' : 'READY') : 'QUEUED',
      createdAt: Date.now(),
      files: body.files.map((f) => ({ file: f.file, sha: f.sha ?? '', size: f.size ?? 0 })),
      meta: body.meta ?? {},
      alias: [],
      errorMessage: emu.buildPolls === 0 ? emu.failBuild : undefined,
      polls: 0,
      teamId: req.query.get('teamId') ?? undefined,
    };
    emu.deployments.push(d);
    emu.created.push(id);
    if (d.target === 'production' && d.readyState === 'READY') emu.project.productionDeploymentId = id;
    answer(res, 200, CreateDeploymentResponseBody2$inboundSchema, full(d));
  });

  emu.route('GET', /^\/v13\/deployments\/([^/]+)$/, ({ params, res }) => {
    const d = find(params[0] as string);
    if (!d) return sendJson(res, 404, { error: { code: 'not_found', message: 'Deployment not found' } });
    if (d.readyState === 'QUEUED' || d.readyState === 'BUILDING') {
      d.polls++;
      if (d.polls >= emu.buildPolls) {
        d.readyState = emu.failBuild ? 'ERROR' : 'READY';
        if (emu.failBuild) d.errorMessage = emu.failBuild;
        if (d.target === 'production' && d.readyState === 'READY') emu.project.productionDeploymentId = d.id;
      } else d.readyState = 'BUILDING';
    }
    answer(res, 200, GetDeploymentResponseBody2$inboundSchema, full(d));
  });

  emu.route('GET', /^\/v[67]\/deployments$/, ({ req, res }) => {
    const q = req.query;
    const items = emu.deployments
      .filter((d) => (!q.get('projectId') || isProject(q.get('projectId') as string)) && (!q.get('target') || d.target === q.get('target')))
      .filter((d) => !q.get('since') || d.createdAt >= Number(q.get('since')))
      .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id))
      .slice(0, Number(q.get('limit') ?? 20));
    answer(res, 200, GetDeploymentsResponseBody$inboundSchema, {
      deployments: items.map(listItem),
      pagination: { count: items.length, next: null, prev: null },
    });
  });

  emu.route('DELETE', /^\/v13\/deployments\/([^/]+)$/, ({ params, res }) => {
    const d = find(params[0] as string);
    if (!d) return sendJson(res, 404, { error: { code: 'not_found', message: 'Deployment not found' } });
    emu.deployments.splice(emu.deployments.indexOf(d), 1);
    for (const [alias, target] of emu.aliases) if (target === d.id) emu.aliases.delete(alias);
    answer(res, 200, DeleteDeploymentResponseBody$inboundSchema, { uid: d.id, state: 'DELETED', url: d.url });
  });

  emu.route('POST', /^\/v2\/deployments\/([^/]+)\/aliases$/, ({ params, json, res }) => {
    const d = find(params[0] as string);
    if (!d) return sendJson(res, 404, { error: { code: 'not_found', message: 'Deployment not found' } });
    const requested = String((json as { alias?: string })?.alias ?? '');
    if (!/^[a-z0-9.-]+$/.test(requested)) return sendJson(res, 400, { error: { code: 'invalid_alias', message: 'Invalid alias' } });
    const alias = requested.includes('.') ? requested : `${requested}.vercel.app`;
    const old = emu.aliases.get(alias);
    if (old) {
      const previous = find(old);
      if (previous) previous.alias = previous.alias.filter((a) => a !== alias);
    }
    emu.aliases.set(alias, d.id);
    d.alias.push(alias);
    answer(res, 200, AssignAliasResponseBody$inboundSchema, {
      uid: `alias_${next++}`,
      alias,
      created: new Date().toISOString(),
      oldDeploymentId: old ?? null,
    });
  });

  const projectRoute = (suffix: string): RegExp => new RegExp(`^/v\\d+/projects/([^/]+)${suffix}$`);
  emu.route('POST', projectRoute('/promote/([^/]+)'), ({ params, res }) => {
    const d = find(params[1] as string);
    if (!isProject(params[0] as string) || !d) return sendJson(res, 404, { error: { code: 'not_found', message: 'Not found' } });
    emu.project.productionDeploymentId = d.id;
    emu.trafficLog.push({ production: d.id, percent: 100 });
    sendJson(res, 201, undefined);
  });
  emu.route('POST', projectRoute('/rollback/([^/]+)'), ({ params, res }) => {
    const d = find(params[1] as string);
    if (!isProject(params[0] as string) || !d) return sendJson(res, 404, { error: { code: 'not_found', message: 'Not found' } });
    emu.project.productionDeploymentId = d.id;
    if (emu.rollingRelease?.state === 'ACTIVE') emu.rollingRelease.state = 'ABORTED';
    emu.trafficLog.push({ production: d.id, percent: 100 });
    sendJson(res, 201, undefined);
  });
  emu.route('GET', projectRoute('/rolling-release'), ({ res }) =>
    answer(res, 200, GetRollingReleaseResponseBody$inboundSchema, { rollingRelease: rolling() }),
  );
  emu.route('POST', projectRoute('/rolling-release/start'), ({ json, res }) => {
    const canary = String((json as { canaryDeploymentId?: string })?.canaryDeploymentId ?? '');
    if (!find(canary)) return sendJson(res, 404, { error: { code: 'not_found', message: 'Deployment not found' } });
    emu.rollingRelease = { canary, current: emu.project.productionDeploymentId, stageIndex: 0, state: 'ACTIVE' };
    emu.trafficLog.push({ canary, percent: emu.project.stages[0] ?? 0 });
    answer(res, 200, StartRollingReleaseResponseBody$inboundSchema, { rollingRelease: rolling() });
  });
  emu.route('POST', projectRoute('/rolling-release/approve-stage'), ({ json, res }) => {
    const body = json as { nextStageIndex?: number; canaryDeploymentId?: string };
    const r = emu.rollingRelease;
    if (!r || r.state !== 'ACTIVE' || r.canary !== body?.canaryDeploymentId)
      return sendJson(res, 400, { error: { code: 'bad_request', message: 'No active rolling release for this deployment' } });
    if (body.nextStageIndex !== r.stageIndex + 1 || body.nextStageIndex >= emu.project.stages.length)
      return sendJson(res, 400, { error: { code: 'bad_request', message: `nextStageIndex must be ${r.stageIndex + 1}` } });
    r.stageIndex = body.nextStageIndex;
    emu.trafficLog.push({ canary: r.canary, percent: emu.project.stages[r.stageIndex] ?? 100 });
    if (r.stageIndex === emu.project.stages.length - 1) {
      r.state = 'COMPLETE';
      emu.project.productionDeploymentId = r.canary;
    }
    answer(res, 200, ApproveRollingReleaseStageResponseBody$inboundSchema, { rollingRelease: rolling() });
  });
  emu.route('POST', projectRoute('/rolling-release/complete'), ({ json, res }) => {
    const r = emu.rollingRelease;
    if (!r || r.state !== 'ACTIVE' || r.canary !== (json as { canaryDeploymentId?: string })?.canaryDeploymentId)
      return sendJson(res, 400, { error: { code: 'bad_request', message: 'No active rolling release for this deployment' } });
    r.state = 'COMPLETE';
    emu.project.productionDeploymentId = r.canary;
    emu.trafficLog.push({ canary: r.canary, percent: 100 });
    answer(res, 200, CompleteRollingReleaseResponseBody$inboundSchema, { rollingRelease: rolling() });
  });
  return emu;
}
