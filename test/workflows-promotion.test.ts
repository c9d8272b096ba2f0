/**
 * The reusable workflows' promotion graph, read from the YAML: each job's `needs` and `if` played
 * through every combination of job outcomes (and `hotfix`) with GitHub's expression engine and
 * status-function rules (test/workflow-lint/graph.ts), and the structure around it — where the
 * smoke tests and the approval are, that the artifact is built once, what each job may write,
 * concurrency. Every check is a function returning problems; each is shown to catch a broken copy
 * of the workflow (the mutations below), so none can pass vacuously.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readActionYml, repoRoot } from '@shipkit/testkit';
import {
  allOutcomes,
  ancestors,
  embeddedExpressions,
  needsOf,
  references,
  runGraph,
  unwrap,
  type Job,
  type Result,
  type Scenario,
  type Workflow,
} from './workflow-lint/graph';
import { ownAction } from './workflow-lint/own-actions';
import { ACTION_PERMISSIONS, grantedScopes, permissionKey, requiredScopes } from './workflow-lint/permissions';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'continue-on-error'?: unknown;
}
type StepsJob = Job & {
  steps?: Step[];
  outputs?: Record<string, string>;
  environment?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
};
type Wf = Workflow & {
  jobs: Record<string, StepsJob>;
  on: {
    workflow_call: {
      inputs: Record<string, { type: string; default?: unknown }>;
      secrets: Record<string, unknown>;
      outputs?: Record<string, { value: string }>;
    };
  };
};

const read = (file: string): Wf => parse(readFileSync(join(repoRoot, '.github', 'workflows', file), 'utf8')) as Wf;
const copy = <T>(x: T): T => structuredClone(x);
const steps = (job: StepsJob | undefined): Step[] => job?.steps ?? [];
const usesAction = (s: Step, action: string): boolean => s.uses !== undefined && ownAction(s.uses) === action;
/** The one job whose steps use shipkit's `action` (and the step), or a problem. */
function jobUsing(wf: Wf, action: string, filter: (s: Step) => boolean = () => true): { id: string; step: Step; index: number } | string {
  const found = Object.entries(wf.jobs).flatMap(([id, job]) =>
    steps(job).flatMap((s, index) => (usesAction(s, action) && filter(s) ? [{ id, step: s, index }] : [])),
  );
  return found.length === 1 ? found[0]! : `expected one job using ${action}, found ${found.length} (${found.map((f) => f.id).join(', ')})`;
}
const expr = (value: unknown): string => unwrap(String(value ?? '')).replace(/\s+/g, ' ');
const ran = (r: Result): boolean => r !== 'skipped';

// ---------------------------------------------------------------------------------------------
// promote.yml

const ROLES = (wf: Wf) => {
  const staging = jobUsing(wf, 'preview-deploy', (s) => expr(s.with?.environment) === 'inputs.staging-environment');
  const canary = jobUsing(wf, 'canary-step');
  const watch = jobUsing(wf, 'slo-watch');
  const rollback = jobUsing(wf, 'rollback');
  const diagnose = jobUsing(wf, 'diagnose');
  const approvals = Object.entries(wf.jobs).filter(([, j]) => {
    const env = j.environment;
    const name = typeof env === 'object' && env !== null ? (env as { name?: unknown }).name : env;
    return expr(name) === 'inputs.production-environment';
  });
  const problems = [staging, canary, watch, rollback, diagnose].filter((x): x is string => typeof x === 'string');
  if (approvals.length !== 1) problems.push(`expected one job in the production environment, found ${approvals.length}`);
  if (problems.length > 0) return { problems } as const;
  const id = (x: typeof staging) => (x as { id: string }).id;
  return {
    problems,
    staging: staging as { id: string; step: Step; index: number },
    approval: approvals[0]![0],
    canary: id(canary),
    watch: id(watch),
    rollback: id(rollback),
    diagnose: id(diagnose),
  } as const;
};

/** Every scenario: each job succeeds or fails when it runs, with hotfix on and off. */
function scenarios(wf: Wf): { scenario: Scenario; hotfix: boolean; results: Record<string, Result> }[] {
  const out = [];
  for (const hotfix of [false, true])
    for (const outcomes of allOutcomes(Object.keys(wf.jobs))) {
      const scenario: Scenario = { inputs: { hotfix, provider: 'vercel' }, github: { event_name: 'workflow_dispatch' }, outcomes };
      out.push({ scenario, hotfix, results: runGraph(wf, scenario) });
    }
  return out;
}

/** Staging's smoke tests are part of the staging job, after its deploy, and cannot be skipped or ignored. */
function stagingSmokeProblems(wf: Wf): string[] {
  const r = ROLES(wf);
  if (!r.staging) return [...r.problems];
  const job = wf.jobs[r.staging.id]!;
  const problems: string[] = [];
  const deploy = r.staging.step;
  const smokeIndex = steps(job).findIndex((s) => usesAction(s, 'smoke'));
  if (smokeIndex < 0) return [`${r.staging.id} deploys to staging without smoke tests`];
  const smoke = steps(job)[smokeIndex]!;
  if (smokeIndex < r.staging.index) problems.push(`${r.staging.id}: smoke runs before the deploy`);
  if (deploy.id === undefined || expr(smoke.with?.url) !== `steps.${deploy.id}.outputs.url`)
    problems.push(`${r.staging.id}: smoke does not test the URL the staging deploy gave (url: ${String(smoke.with?.url)})`);
  for (const [what, s] of [
    ['smoke', smoke],
    ['the deploy', deploy],
  ] as const) {
    if (s.if !== undefined) problems.push(`${r.staging.id}: ${what} has an \`if\` (${s.if}): it can be skipped`);
    if (s['continue-on-error'] !== undefined)
      problems.push(`${r.staging.id}: ${what} has continue-on-error: its failure would not stop the release`);
  }
  if (job['continue-on-error'] !== undefined) problems.push(`${r.staging.id} has continue-on-error`);
  return problems;
}

/** Nothing reaches production (the canary) without staging's smoke and the approval; a hotfix skips only the approval. */
function productionGateProblems(wf: Wf): string[] {
  const r = ROLES(wf);
  if (!r.staging) return [...r.problems];
  const problems = new Set<string>();
  const before = ancestors(wf, r.canary);
  if (!before.has(r.staging.id)) problems.add(`${r.canary} does not wait for ${r.staging.id} (needs)`);
  if (!before.has(r.approval)) problems.add(`${r.canary} does not wait for ${r.approval} (needs): it could start before the go`);
  if (!ancestors(wf, r.approval).has(r.staging.id))
    problems.add(`${r.approval} does not wait for staging: the go would come before staging is verified`);
  for (const { hotfix, results } of scenarios(wf)) {
    if (!ran(results[r.canary]!)) continue;
    if (results[r.staging.id] !== 'success')
      problems.add(`${r.canary} runs although ${r.staging.id} (deploy + smoke) ${results[r.staging.id]}`);
    if (!hotfix && results[r.approval] !== 'success')
      problems.add(`${r.canary} runs without the approval (${r.approval} ${results[r.approval]})`);
    if (hotfix && !['success', 'skipped'].includes(results[r.approval]!))
      problems.add(`a hotfix's ${r.canary} runs although ${r.approval} ${results[r.approval]}`);
  }
  // And it does run once staging passed and the go was given (or skipped for a hotfix).
  for (const hotfix of [false, true]) {
    const results = runGraph(wf, { inputs: { hotfix, provider: 'vercel' }, github: { event_name: 'workflow_dispatch' } });
    if (!ran(results[r.canary]!)) problems.add(`${r.canary} never runs${hotfix ? ' for a hotfix' : ''} when everything before it passed`);
  }
  return [...problems];
}

/** `hotfix: true` skips the approval job and nothing else: the same jobs run otherwise, and nothing else reads the input. */
function hotfixProblems(wf: Wf): string[] {
  const r = ROLES(wf);
  if (!r.staging) return [...r.problems];
  const problems = new Set<string>();
  for (const outcomes of allOutcomes(Object.keys(wf.jobs))) {
    if (outcomes[r.approval] !== 'success') continue; // a rejected go stops a normal release only
    const run = (hotfix: boolean) =>
      runGraph(wf, { inputs: { hotfix, provider: 'vercel' }, github: { event_name: 'workflow_dispatch' }, outcomes });
    const normal = run(false);
    const hot = run(true);
    if (ran(normal[r.approval]!) && ran(hot[r.approval]!)) problems.add(`${r.approval} runs for a hotfix`);
    for (const id of Object.keys(wf.jobs))
      if (id !== r.approval && ran(normal[id]!) !== ran(hot[id]!))
        problems.add(
          `${id} ${ran(hot[id]!) ? 'runs' : 'is skipped'} for a hotfix but ${ran(normal[id]!) ? 'runs' : 'is skipped'} otherwise`,
        );
  }
  // Only the approval's condition, and the canary's allowance for its skip, read the input.
  for (const [id, job] of Object.entries(wf.jobs)) {
    const { if: condition, ...rest } = job;
    const readers = embeddedExpressions(rest).filter((e) => references(e).includes('inputs.hotfix'));
    for (const e of readers) problems.add(`${id} reads inputs.hotfix outside its \`if\` (${e})`);
    if (condition !== undefined && references(String(condition)).includes('inputs.hotfix') && id !== r.approval && id !== r.canary)
      problems.add(`${id}'s \`if\` depends on hotfix`);
  }
  return [...problems];
}

/** The watch runs after a promoted canary, and only then. */
function watchProblems(wf: Wf): string[] {
  const r = ROLES(wf);
  if (!r.staging) return [...r.problems];
  const problems = new Set<string>();
  for (const { hotfix, results } of scenarios(wf)) {
    const shouldRun = results[r.canary] === 'success';
    if (ran(results[r.watch]!) !== shouldRun)
      problems.add(`${r.watch} ${shouldRun ? 'is skipped' : 'runs'} when ${r.canary} ${results[r.canary]}${hotfix ? ' (hotfix)' : ''}`);
  }
  return [...problems];
}

/** Rollback runs when the canary or the watch failed, and only then. */
function rollbackProblems(wf: Wf): string[] {
  const r = ROLES(wf);
  if (!r.staging) return [...r.problems];
  const problems = new Set<string>();
  for (const { hotfix, results } of scenarios(wf)) {
    const shouldRun = results[r.canary] === 'failure' || results[r.watch] === 'failure';
    if (ran(results[r.rollback]!) !== shouldRun)
      problems.add(
        `${r.rollback} ${shouldRun ? 'is skipped' : 'runs'} when ${Object.entries(results)
          .filter(([id]) => id !== r.rollback && id !== r.diagnose)
          .map(([id, res]) => `${id} ${res}`)
          .join(', ')}${hotfix ? ' (hotfix)' : ''}`,
      );
  }
  return [...problems];
}

/** Diagnose runs when any job failed, and only then, after every other job (so it reads every failed job's log). */
function diagnoseProblems(wf: Wf, diagnose: string, base: Scenario): string[] {
  const problems = new Set<string>();
  const before = ancestors(wf, diagnose);
  for (const id of Object.keys(wf.jobs)) if (id !== diagnose && !before.has(id)) problems.add(`${diagnose} does not wait for ${id}`);
  for (const outcomes of allOutcomes(Object.keys(wf.jobs).filter((j) => j !== diagnose))) {
    const results = runGraph(wf, { ...base, outcomes });
    const failed = Object.entries(results).filter(([id, res]) => id !== diagnose && res === 'failure');
    if (ran(results[diagnose]!) !== failed.length > 0)
      problems.add(
        failed.length > 0
          ? `${diagnose} is skipped when ${failed.map(([id]) => id).join(', ')} failed`
          : `${diagnose} runs when nothing failed`,
      );
  }
  return [...problems];
}

/** Built once: one job runs the build and uploads it; staging and the canary download exactly that artifact, by id. */
function artifactProblems(wf: Wf): string[] {
  const r = ROLES(wf);
  if (!r.staging) return [...r.problems];
  const problems: string[] = [];
  const readsInput = (s: Step, input: string) =>
    embeddedExpressions([s.run, s.env, s.with]).some((e) => references(e).includes(`inputs.${input}`));
  const builders = Object.entries(wf.jobs).filter(([, j]) => steps(j).some((s) => readsInput(s, 'build-command')));
  if (builders.length !== 1)
    return [`expected one job running inputs.build-command, found ${builders.length} (${builders.map(([id]) => id).join(', ')})`];
  const [buildId, build] = builders[0]!;
  const upload = steps(build).find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  if (!upload?.id || expr(upload.with?.path) !== 'inputs.artifact-path') problems.push(`${buildId} does not upload inputs.artifact-path`);
  if (expr(build.outputs?.['artifact-id']) !== `steps.${upload?.id}.outputs.artifact-id`)
    problems.push(`${buildId} does not give the artifact's id as an output`);
  for (const [id, deployStep] of [
    [r.staging.id, r.staging.step],
    [r.canary, steps(wf.jobs[r.canary]).find((s) => usesAction(s, 'canary-step'))!],
  ] as const) {
    const job = wf.jobs[id]!;
    if (steps(job).some((s) => readsInput(s, 'build-command') || readsInput(s, 'install-command'))) problems.push(`${id} builds again`);
    const download = steps(job).find((s) => s.uses?.startsWith('actions/download-artifact@'));
    if (!download) {
      problems.push(`${id} does not download the artifact`);
      continue;
    }
    if (!needsOf(job).includes(buildId)) problems.push(`${id} does not need ${buildId}`);
    if (expr(download.with?.['artifact-ids']) !== `needs.${buildId}.outputs.artifact-id`)
      problems.push(`${id} downloads by ${download.with?.name !== undefined ? 'name' : 'something else'}, not the build's artifact id`);
    if (download.with?.['digest-mismatch'] !== undefined && download.with['digest-mismatch'] !== 'error')
      problems.push(`${id} ignores a digest mismatch`);
    if (expr(deployStep.with?.directory) !== expr(download.with?.path)) problems.push(`${id} does not deploy the downloaded artifact`);
  }
  // The canary rolls out the very deployment staging verified.
  const canaryStep = steps(wf.jobs[r.canary]).find((s) => usesAction(s, 'canary-step'))!;
  if (expr(canaryStep.with?.candidate) !== `needs.${r.staging.id}.outputs.deployment-id`)
    problems.push(`${r.canary}'s candidate is not the staging deployment`);
  if (expr(wf.jobs[r.staging.id]!.outputs?.['deployment-id']) !== `steps.${r.staging.step.id}.outputs.deployment-id`)
    problems.push(`${r.staging.id}'s deployment-id output is not its deploy's`);
  return problems;
}

/** One release per environment at a time, and a release in flight is never cancelled. */
function concurrencyProblems(wf: Wf): string[] {
  const r = ROLES(wf);
  if (!r.staging) return [...r.problems];
  const problems: string[] = [];
  const groupOf = (c: unknown): { group?: string; cancel?: unknown } | undefined =>
    c === undefined
      ? undefined
      : typeof c === 'string'
        ? { group: c, cancel: false }
        : {
            group: String((c as { group?: unknown }).group ?? ''),
            cancel: (c as { 'cancel-in-progress'?: unknown })['cancel-in-progress'],
          };
  const all = [
    ['the workflow', groupOf(wf.concurrency)],
    ...Object.entries(wf.jobs).map(([id, j]) => [id, groupOf(j.concurrency)] as const),
  ] as const;
  for (const [where, c] of all)
    if (c !== undefined && c.cancel !== false)
      problems.push(`${where}: cancel-in-progress is ${String(c.cancel)}: a release in flight could be cancelled`);
  const serialised = (job: string, input: string): boolean =>
    [groupOf(wf.concurrency), groupOf(wf.jobs[job]!.concurrency)].some(
      (c) => c?.group !== undefined && embeddedExpressions(c.group).some((e) => references(e).includes(`inputs.${input}`)),
    );
  for (const job of [r.canary, r.watch, r.rollback])
    if (!serialised(job, 'production-environment')) problems.push(`${job} is not in a concurrency group of the production environment`);
  if (!serialised(r.staging.id, 'staging-environment'))
    problems.push(`${r.staging.id} is not in a concurrency group of the staging environment`);
  return problems;
}

/** The canary and the watch get the analysis inputs; every action gets the provider's. */
function wiringProblems(wf: Wf): string[] {
  const problems: string[] = [];
  const want: Record<string, Record<string, string>> = {};
  const analysis = {
    source: 'inputs.source',
    url: 'needs.staging.outputs.url',
    probes: 'inputs.smoke-probes',
    'prometheus-url': 'inputs.prometheus-url',
    'datadog-api-key': 'secrets.datadog-api-key',
    'datadog-app-key': 'secrets.datadog-app-key',
    metrics: 'inputs.metrics',
    selector: 'inputs.selector',
    'error-slo': 'inputs.error-slo',
    'latency-slo': 'inputs.latency-slo',
  };
  const provider = { provider: 'inputs.provider', project: 'inputs.project', account: 'inputs.account', token: 'secrets.provider-token' };
  want['preview-deploy'] = { ...provider, 'start-command': 'inputs.start-command', 'deploy-command': 'inputs.deploy-command' };
  want['canary-step'] = {
    ...provider,
    ...analysis,
    steps: 'inputs.canary-steps',
    bake: 'inputs.bake',
    environment: 'inputs.production-environment',
    'weight-command': 'inputs.weight-command',
    'promote-command': 'inputs.promote-command',
    'rollback-command': 'inputs.rollback-command',
  };
  want['slo-watch'] = { ...analysis, duration: 'inputs.watch-duration' };
  want.rollback = {
    ...provider,
    environment: 'inputs.production-environment',
    'rollback-command': 'inputs.rollback-command',
    'verify-probes': 'inputs.smoke-probes',
  };
  want.smoke = { probes: 'inputs.smoke-probes' };
  for (const [id, job] of Object.entries(wf.jobs))
    for (const s of steps(job)) {
      const action = s.uses && ownAction(s.uses);
      if (!action || !want[action]) continue;
      for (const [input, value] of Object.entries(want[action]!))
        if (expr(s.with?.[input]) !== value)
          problems.push(`${id}: ${action}'s ${input} is ${String(s.with?.[input] ?? '(not given)')}, not \${{ ${value} }}`);
    }
  const used = new Set(embeddedExpressions(wf.jobs).flatMap(references));
  for (const input of Object.keys(wf.on.workflow_call.inputs))
    if (!used.has(`inputs.${input}`)) problems.push(`input ${input} is never used`);
  return problems;
}

/** Every secret a job reads is one the workflow declares (callers pass each explicitly). */
function secretProblems(wf: Wf): string[] {
  const declared = new Set(Object.keys(wf.on.workflow_call.secrets));
  const read = new Set(
    embeddedExpressions(wf.jobs)
      .flatMap(references)
      .filter((r) => r.startsWith('secrets.')),
  );
  return [...read]
    .map((r) => r.slice('secrets.'.length))
    .filter((s) => !declared.has(s))
    .map((s) => `secrets.${s} is read but not declared`);
}

/** Each job's permissions are exactly what its steps need (the table in workflow-lint/permissions.ts). */
function permissionProblems(wf: Wf): string[] {
  const problems: string[] = [];
  const top = wf.permissions;
  const topScopes = grantedScopes(top);
  if (typeof topScopes === 'string' || Object.entries(topScopes).some(([s, l]) => s !== 'contents' || l !== 'read'))
    problems.push(`top-level permissions ${JSON.stringify(top)}: only {} or contents: read`);
  for (const [id, job] of Object.entries(wf.jobs)) {
    const { scopes: need, unknown } = requiredScopes(steps(job));
    for (const u of unknown) problems.push(`${id}: the permissions table does not know ${u}`);
    const granted = grantedScopes(job.permissions ?? top);
    if (typeof granted === 'string') {
      problems.push(`${id}: permissions ${granted}`);
      continue;
    }
    for (const [scope, level] of Object.entries(need))
      if (granted[scope] !== level && !(level === 'read' && granted[scope] === 'write')) problems.push(`${id} needs ${scope}: ${level}`);
    for (const [scope, level] of Object.entries(granted))
      if (need[scope] === undefined) problems.push(`${id} has ${scope}: ${level} and no step uses it`);
      else if (level === 'write' && need[scope] === 'read') problems.push(`${id} has ${scope}: write where read is enough`);
  }
  return problems;
}

describe('promote.yml, the release workflow', () => {
  const wf = read('promote.yml');

  it('is only called, never triggered itself (a caller starts it by hand or on a tag, never a schedule)', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
  });

  it('finds each role in the graph: staging deploy, the approval, canary, watch, rollback, diagnose', () => {
    const r = ROLES(wf);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ approval: 'approval', canary: 'canary', watch: 'watch', rollback: 'rollback', diagnose: 'diagnose' });
  });

  it('smokes staging in the staging job, after its deploy, and nothing can skip or ignore it', () => {
    expect(stagingSmokeProblems(wf)).toEqual([]);
  });

  it('lets nothing reach production without staging and the approval (a hotfix: without the approval only)', () => {
    expect(productionGateProblems(wf)).toEqual([]);
  });

  it('skips the approval for a hotfix, and nothing else', () => {
    expect(hotfixProblems(wf)).toEqual([]);
  });

  it('watches production after a promoted canary, and only then', () => {
    expect(watchProblems(wf)).toEqual([]);
  });

  it('rolls back when the canary or the watch failed, and only then', () => {
    expect(rollbackProblems(wf)).toEqual([]);
  });

  it('diagnoses any failure, and only a failure', () => {
    expect(diagnoseProblems(wf, 'diagnose', { inputs: { hotfix: false }, github: { event_name: 'workflow_dispatch' } })).toEqual([]);
    expect(diagnoseProblems(wf, 'diagnose', { inputs: { hotfix: true }, github: { event_name: 'workflow_dispatch' } })).toEqual([]);
  });

  it('builds once, and staging and the canary use exactly that artifact', () => {
    expect(artifactProblems(wf)).toEqual([]);
  });

  it('runs one release per environment at a time, and never cancels one', () => {
    expect(concurrencyProblems(wf)).toEqual([]);
  });

  it('passes the analysis and provider inputs to each action, and uses every input it declares', () => {
    expect(wiringProblems(wf)).toEqual([]);
  });

  it('gives each job exactly the permissions its steps need', () => {
    expect(permissionProblems(wf)).toEqual([]);
  });

  it('reads only the secrets it declares', () => {
    expect(secretProblems(wf)).toEqual([]);
    const w = copy(wf);
    steps(w.jobs.watch).find((s) => usesAction(s, 'slo-watch'))!.with!['datadog-api-key'] = '${{ secrets.DD_API_KEY }}';
    expect(secretProblems(w)).toEqual(['secrets.DD_API_KEY is read but not declared']);
  });

  it('refuses the local provider before it builds anything, with one error', () => {
    const [first] = steps(wf.jobs.build);
    expect(expr(first?.if)).toBe("inputs.provider == 'local'");
    const r = spawnSync('bash', ['-e', '-c', first!.run!], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(
      /^::error title=promote::provider local .*give provider vercel, netlify, cloudflare-pages, cloudflare-workers or command/,
    );
    expect(r.stderr).toBe('');
  });

  it('declares the inputs, secrets and outputs shipkit.yml and callers rely on', () => {
    const call = wf.on.workflow_call;
    expect(Object.keys(call.secrets).sort()).toEqual(['SHIPKIT_TOKEN', 'datadog-api-key', 'datadog-app-key', 'provider-token']);
    for (const s of Object.values(call.secrets)) expect((s as { required?: boolean }).required).toBe(false);
    expect(Object.keys(call.outputs ?? {}).sort()).toEqual(['canary-verdict', 'deployment', 'rolled-back', 'staging-url', 'watch-verdict']);
    expect(call.inputs.hotfix).toMatchObject({ type: 'boolean', default: false });
    for (const [name, spec] of Object.entries(call.inputs)) if (name !== 'hotfix') expect(spec.type, name).toBe('string');
    expect(call.inputs['canary-steps']?.default).toBe('5,25,100');
  });

  describe('each check catches a broken graph', () => {
    const broken = (mutate: (w: Wf) => void): Wf => {
      const w = copy(wf);
      mutate(w);
      return w;
    };

    it('staging smoke: removed, made optional, or testing another URL', () => {
      expect(
        stagingSmokeProblems(broken((w) => (w.jobs.staging!.steps = steps(w.jobs.staging).filter((s) => !usesAction(s, 'smoke'))))),
      ).toEqual(['staging deploys to staging without smoke tests']);
      expect(
        stagingSmokeProblems(broken((w) => (steps(w.jobs.staging).find((s) => usesAction(s, 'smoke'))!['continue-on-error'] = true))),
      ).toEqual(['staging: smoke has continue-on-error: its failure would not stop the release']);
      expect(
        stagingSmokeProblems(broken((w) => (steps(w.jobs.staging).find((s) => usesAction(s, 'smoke'))!.if = '${{ !inputs.hotfix }}'))),
      ).toEqual(['staging: smoke has an `if` (${{ !inputs.hotfix }}): it can be skipped']);
      expect(
        stagingSmokeProblems(
          broken((w) => (steps(w.jobs.staging).find((s) => usesAction(s, 'smoke'))!.with!.url = 'https://staging.example.invalid')),
        ),
      ).toEqual(['staging: smoke does not test the URL the staging deploy gave (url: https://staging.example.invalid)']);
    });

    it('the production gate: a canary that ignores the approval, or starts without waiting for it', () => {
      const ignores = broken((w) => (w.jobs.canary!.if = "${{ !cancelled() && needs.staging.result == 'success' }}"));
      expect(productionGateProblems(ignores)).toContain('canary runs without the approval (approval failure)');
      const always = broken((w) => (w.jobs.canary!.if = '${{ always() }}'));
      expect(productionGateProblems(always)).toContain('canary runs although staging (deploy + smoke) failure');
      const unordered = broken((w) => {
        w.jobs.canary!.needs = ['build', 'staging'];
        w.jobs.canary!.if = "${{ !cancelled() && needs.staging.result == 'success' }}";
      });
      expect(productionGateProblems(unordered)).toContain('canary does not wait for approval (needs): it could start before the go');
      const early = broken((w) => delete w.jobs.approval!.needs);
      expect(productionGateProblems(early)).toContain('approval does not wait for staging: the go would come before staging is verified');
    });

    it('hotfix: an approval it does not skip, a canary (or watch) its skipped approval stops, a smoke test it switches off', () => {
      expect(hotfixProblems(broken((w) => delete w.jobs.approval!.if))).toContain('approval runs for a hotfix');
      const canaryDefault = broken((w) => delete w.jobs.canary!.if);
      expect(hotfixProblems(canaryDefault)).toContain('canary is skipped for a hotfix but runs otherwise');
      expect(productionGateProblems(canaryDefault)).toContain('canary never runs for a hotfix when everything before it passed');
      // GitHub's implied success() looks past the canary at the skipped approval: the watch needs its own condition.
      const watchDefault = broken((w) => delete w.jobs.watch!.if);
      expect(hotfixProblems(watchDefault)).toContain('watch is skipped for a hotfix but runs otherwise');
      expect(watchProblems(watchDefault)).toContain('watch is skipped when canary success (hotfix)');
      const noSmoke = broken((w) => (steps(w.jobs.staging).find((s) => usesAction(s, 'smoke'))!.if = '${{ !inputs.hotfix }}'));
      expect(hotfixProblems(noSmoke)).toEqual(['staging reads inputs.hotfix outside its `if` (!inputs.hotfix)']);
      const noAnalysis = broken(
        (w) => (steps(w.jobs.canary).find((s) => usesAction(s, 'canary-step'))!.with!.bake = "${{ inputs.hotfix && '1s' || inputs.bake }}"),
      );
      expect(hotfixProblems(noAnalysis)[0]).toMatch(/^canary reads inputs.hotfix outside its `if`/);
    });

    it('rollback: on any failure, always, or never', () => {
      expect(rollbackProblems(broken((w) => (w.jobs.rollback!.if = '${{ failure() }}')))).toContain(
        'rollback runs when build success, staging failure, approval skipped, canary skipped, watch skipped',
      );
      expect(rollbackProblems(broken((w) => (w.jobs.rollback!.if = '${{ always() }}')))[0]).toMatch(/^rollback runs when/);
      expect(rollbackProblems(broken((w) => (w.jobs.rollback!.if = "${{ needs.canary.result == 'failure' }}")))[0]).toMatch(
        /^rollback is skipped when/,
      );
      expect(rollbackProblems(broken((w) => (w.jobs.rollback!.needs = ['staging', 'canary']))).length).toBeGreaterThan(0);
    });

    it('diagnose: blind to a job it does not need, or running without a failure', () => {
      const base = { inputs: { hotfix: false }, github: { event_name: 'workflow_dispatch' } };
      const early = broken((w) => (w.jobs.diagnose!.needs = needsOf(w.jobs.diagnose!).filter((n) => n !== 'rollback')));
      expect(diagnoseProblems(early, 'diagnose', base)).toEqual(['diagnose does not wait for rollback']);
      const blind = broken((w) => (w.jobs.diagnose!.if = "${{ needs.canary.result == 'failure' }}"));
      expect(diagnoseProblems(blind, 'diagnose', base)).toContain('diagnose is skipped when build failed');
      expect(
        diagnoseProblems(
          broken((w) => (w.jobs.diagnose!.if = '${{ always() }}')),
          'diagnose',
          base,
        ),
      ).toContain('diagnose runs when nothing failed');
    });

    it('the artifact: rebuilt in the canary, or downloaded by name', () => {
      const rebuilt = broken((w) =>
        w.jobs.canary!.steps!.splice(1, 0, {
          name: 'Build',
          env: { BUILD_COMMAND: '${{ inputs.build-command }}' },
          run: 'bash -c "$BUILD_COMMAND"',
        }),
      );
      expect(artifactProblems(rebuilt)[0]).toMatch(/^expected one job running inputs.build-command, found 2/);
      const byName = broken((w) => {
        const d = steps(w.jobs.canary).find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
        d.with = { name: 'shipkit-release-1', path: d.with!.path };
      });
      expect(artifactProblems(byName)).toEqual(["canary downloads by name, not the build's artifact id"]);
      const otherCandidate = broken(
        (w) => (steps(w.jobs.canary).find((s) => usesAction(s, 'canary-step'))!.with!.candidate = '${{ inputs.project }}'),
      );
      expect(artifactProblems(otherCandidate)).toEqual(["canary's candidate is not the staging deployment"]);
    });

    it('concurrency: cancelling, or one group for every environment', () => {
      expect(concurrencyProblems(broken((w) => ((w.concurrency as Record<string, unknown>)['cancel-in-progress'] = true)))).toEqual([
        'the workflow: cancel-in-progress is true: a release in flight could be cancelled',
      ]);
      expect(concurrencyProblems(broken((w) => ((w.concurrency as Record<string, unknown>).group = 'shipkit-promote')))).toEqual([
        'canary is not in a concurrency group of the production environment',
        'watch is not in a concurrency group of the production environment',
        'rollback is not in a concurrency group of the production environment',
      ]);
      expect(concurrencyProblems(broken((w) => delete w.jobs.staging!.concurrency))).toEqual([
        'staging is not in a concurrency group of the staging environment',
      ]);
    });

    it('wiring: an analysis input not passed, an input never used', () => {
      const w1 = broken((w) => delete steps(w.jobs.canary).find((s) => usesAction(s, 'canary-step'))!.with!['latency-slo']);
      expect(wiringProblems(w1)).toEqual(["canary: canary-step's latency-slo is (not given), not ${{ inputs.latency-slo }}"]);
      const w2 = broken((w) => (w.on.workflow_call.inputs.unused = { type: 'string', default: '' }));
      expect(wiringProblems(w2)).toEqual(['input unused is never used']);
    });

    it('permissions: a scope a job does not use, a scope a job lacks, a write scope at the top', () => {
      expect(permissionProblems(broken((w) => ((w.jobs.canary!.permissions as Record<string, string>).issues = 'write')))).toEqual([
        'canary has issues: write and no step uses it',
      ]);
      expect(permissionProblems(broken((w) => delete (w.jobs.staging!.permissions as Record<string, string>).deployments))).toEqual([
        'staging needs deployments: write',
      ]);
      expect(permissionProblems(broken((w) => delete w.jobs.watch!.permissions))).toEqual(['watch needs contents: read']);
      expect(permissionProblems(broken((w) => (w.permissions = { contents: 'write' })))).toContain(
        'top-level permissions {"contents":"write"}: only {} or contents: read',
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// pull-request.yml

describe('pull-request.yml, the pull-request workflow', () => {
  const wf = read('pull-request.yml');
  const pr = (action: string, inputs: Record<string, string | boolean> = {}): Scenario => ({
    inputs: { mutation: true, provider: 'vercel', ...inputs },
    github: { event_name: 'pull_request', event: { action } },
  });
  const running = (results: Record<string, Result>) => Object.keys(results).filter((id) => ran(results[id]!));

  it('runs gates, tests, mutation and the preview on a pull request, and on close only destroys the preview', () => {
    expect(running(runGraph(wf, pr('synchronize')))).toEqual(['gates', 'test', 'mutation', 'preview']);
    expect(running(runGraph(wf, pr('closed')))).toEqual(['preview-destroy']);
    expect(running(runGraph(wf, pr('synchronize', { provider: '' })))).toEqual(['gates', 'test', 'mutation']);
    expect(running(runGraph(wf, pr('closed', { provider: '' })))).toEqual([]);
    expect(running(runGraph(wf, { inputs: { mutation: true, provider: 'local' }, github: { event_name: 'push', event: {} } }))).toEqual([
      'gates',
      'test',
      'preview',
    ]);
  });

  it('diagnoses any failure, and only a failure', () => {
    for (const action of ['opened', 'closed']) expect(diagnoseProblems(wf, 'diagnose', pr(action))).toEqual([]);
    const blind = copy(wf);
    blind.jobs.diagnose!.needs = needsOf(blind.jobs.diagnose!).filter((n) => n !== 'preview-destroy');
    expect(diagnoseProblems(blind, 'diagnose', pr('closed'))).toEqual([
      'diagnose does not wait for preview-destroy',
      'diagnose is skipped when preview-destroy failed',
    ]);
  });

  it("smokes the preview and runs the caller's end-to-end command against its URL, through env only", () => {
    const job = wf.jobs.preview!;
    const deploy = steps(job).find((s) => usesAction(s, 'preview-deploy'))!;
    const smoke = steps(job).find((s) => usesAction(s, 'smoke'))!;
    const e2e = steps(job).find((s) => s.env?.E2E_COMMAND !== undefined)!;
    expect(expr(smoke.with?.url)).toBe(`steps.${deploy.id}.outputs.url`);
    expect(e2e.env).toEqual({ E2E_COMMAND: '${{ inputs.e2e-command }}', PREVIEW_URL: `\${{ steps.${deploy.id}.outputs.url }}` });
    expect(e2e.run).toBe('bash -c "$E2E_COMMAND"');
    expect(steps(job).indexOf(e2e)).toBeGreaterThan(steps(job).indexOf(smoke));
    expect(wf.on.workflow_call.outputs?.['preview-url']?.value).toBe('${{ jobs.preview.outputs.url }}');
    const destroy = steps(wf.jobs['preview-destroy']).find((s) => usesAction(s, 'preview-deploy'))!;
    expect(destroy.with?.mode).toBe('destroy');
    expect(readActionYml('preview-deploy').inputs.mode?.description).toContain('`destroy`');
  });

  it('keeps a deploy and the destroy of one pull request apart, never cancelling either', () => {
    const groups = ['preview', 'preview-destroy'].map((id) => wf.jobs[id]!.concurrency as { group: string; 'cancel-in-progress': boolean });
    expect(groups[0]).toEqual(groups[1]);
    expect(groups[0]!['cancel-in-progress']).toBe(false);
    expect(references(embeddedExpressions(groups[0]!.group)[0]!)).toContain('github.event.pull_request.number');
  });

  it('gives each job exactly the permissions its steps need, and reads only the secrets it declares', () => {
    expect(secretProblems(wf)).toEqual([]);
    expect(permissionProblems(wf)).toEqual([]);
    const more = copy(wf);
    (more.jobs.diagnose!.permissions as Record<string, string>).deployments = 'write';
    expect(permissionProblems(more)).toEqual(['diagnose has deployments: write and no step uses it']);
    const less = copy(wf);
    delete (less.jobs['preview-destroy']!.permissions as Record<string, string>)['pull-requests'];
    expect(permissionProblems(less)).toEqual(['preview-destroy needs pull-requests: write']);
  });
});

// ---------------------------------------------------------------------------------------------
// The graph model itself, on small graphs whose behaviour on GitHub is known

describe("the graph model follows GitHub's rules", () => {
  const graph = (jobs: Record<string, Job>): Workflow => ({ jobs });

  it('skips a job with an implied success() when any job before it was skipped, however far back (actions/runner#2205)', () => {
    const wf = graph({
      skipped: { if: '1 != 1' },
      'needs-skipped': { needs: 'skipped', if: "always() && needs.skipped.result != 'failure'" },
      next: { needs: 'needs-skipped' },
      'next-explicit': { needs: 'needs-skipped', if: "always() && needs.needs-skipped.result == 'success'" },
    });
    expect(runGraph(wf, {})).toEqual({ skipped: 'skipped', 'needs-skipped': 'success', next: 'skipped', 'next-explicit': 'success' });
  });

  it('adds success() to an `if` without a status function, and none to one with', () => {
    const wf = graph({
      a: {},
      b: { needs: 'a', if: "github.event_name == 'push'" },
      c: { needs: 'a', if: "!cancelled() && github.event_name == 'push'" },
    });
    expect(runGraph(wf, { github: { event_name: 'push' }, outcomes: { a: 'failure' } })).toEqual({
      a: 'failure',
      b: 'skipped',
      c: 'success',
    });
    expect(runGraph(wf, { github: { event_name: 'push' }, cancelled: true })).toMatchObject({ b: 'skipped', c: 'skipped' });
  });

  it('sees a failure anywhere before a job with failure(), and compares strings as GitHub does', () => {
    const wf = graph({
      a: {},
      b: { needs: 'a', if: 'always()' },
      report: { needs: 'b', if: 'failure()' },
      named: { if: "inputs.env == 'PRODUCTION'" },
    });
    expect(runGraph(wf, { outcomes: { a: 'failure' }, inputs: { env: 'production' } })).toEqual({
      a: 'failure',
      b: 'success',
      report: 'success',
      named: 'success',
    });
    expect(runGraph(wf, {}).report).toBe('skipped');
  });

  it('refuses a graph it cannot order', () => {
    expect(() => runGraph(graph({ a: { needs: 'b' }, b: { needs: 'a' } }), {})).toThrow('needs cycle: a → b → a');
    expect(() => runGraph(graph({ a: { needs: 'nope' } }), {})).toThrow('a needs nope, which is not a job');
  });

  it('reads the context properties an expression uses', () => {
    expect(references("${{ !cancelled() && (needs.approval.result == 'success' || inputs.hotfix) }}").sort()).toEqual([
      'inputs.hotfix',
      'needs.approval.result',
    ]);
    expect(references("format('{0}', inputs['hotfix'])")).toEqual(['inputs.hotfix']);
  });
});

// ---------------------------------------------------------------------------------------------
// The permissions table itself

describe('the permissions table', () => {
  const docs = (action: string): string => {
    const files = [join(repoRoot, 'actions', action, 'action.yml'), join(repoRoot, 'actions', action, 'README.md')];
    return files.map((f) => readFileSync(f, 'utf8')).join('\n');
  };
  const own = Object.entries(ACTION_PERMISSIONS).filter(([, p]) => p.documented !== undefined);

  it("says what each shipkit action's docs say it needs", () => {
    for (const [action, { documented }] of own)
      for (const scope of documented!) expect(docs(action), `${action}: ${scope}`).toContain(scope);
  });

  it("knows every scope a shipkit action's action.yml names", () => {
    for (const [action, { documented }] of own) {
      const named = [...readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8').matchAll(/`([\w-]+): (read|write)`/g)].map(
        (m) => `${m[1]}: ${m[2]}`,
      );
      for (const scope of named) expect(documented, `${action}'s action.yml names ${scope}`).toContain(scope);
    }
  });

  it('asks for a scope only with what its docs name, and reads expressions as any value', () => {
    for (const [action, p] of own) {
      const samples = [
        {},
        { comment: 'false', issue: 'false', mode: 'summary' },
        { comment: '${{ x }}', mode: '${{ x }}', issue: '${{ x }}', since: '1', 'run-id': '1', 'baseline-artifact': 'a' },
      ];
      for (const w of samples)
        for (const [scope, level] of Object.entries(p.needs(w)))
          expect(p.documented, `${action} with ${JSON.stringify(w)}`).toContain(`${scope}: ${level}`);
    }
    expect(ACTION_PERMISSIONS.diagnose!.needs({ mode: '${{ inputs.diagnose-mode }}', 'run-id': '1' })).toEqual({
      actions: 'read',
      issues: 'write',
      'pull-requests': 'write',
    });
    expect(ACTION_PERMISSIONS.diagnose!.needs({ mode: 'issue', 'run-id': '1' })).toEqual({ actions: 'read', issues: 'write' });
    expect(ACTION_PERMISSIONS['preview-deploy']!.needs({ comment: 'false' })).toEqual({ deployments: 'write' });
    expect(permissionKey('./node_modules/.shipkit/actions/rollback')).toBe('rollback');
    expect(permissionKey('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1')).toBe('actions/checkout');
    expect(permissionKey('someone/else@v1')).toBeUndefined();
  });
});
