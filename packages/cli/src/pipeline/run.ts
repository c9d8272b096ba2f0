// `shipkit pipeline`: the release workflow's stages on this machine, each one a shipkit action run
// from its committed bundle as the runner runs it (runAction), with the local provider and the
// local ledger in the project's `.shipkit` directory:
//
//   gates → risk (risk-gate's class of the change, informational) → tests → coverage → mutation → build (once) → preview + smoke → staging + smoke →
//   the "go" → release (canary-step through the traffic proxy; the first release goes straight to
//   production) + smoke → watch (slo-watch) → rollback + diagnose when the release fails.
//
// A failed gate stops the run before anything is deployed and is diagnosed. Every action's report
// and summary, and every stage's log, go into one reports directory, with the pipeline's own report
// (pipeline.json). Ctrl-C stops the running step (the action is cancelled as the runner cancels a
// job: canary-step puts all traffic back on stable), makes sure traffic is on stable, and stops
// everything the run started; production keeps serving.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { formatDuration } from '@shipkit/kit/duration';
import { CliError } from '../errors.ts';
import { runAction, styleFor, type RunActionResult, type Style } from '../cli.ts';
import { diagnoseRulesYaml } from './diagnose-rules.ts';
import { readPipelineConfig, type PipelineConfig, type PipelineKey } from './config.ts';
import { hasCommit, keepOutOfGit, parentOfHead, releaseOf, resolveBase, type Release } from './git.ts';
import { localStableUrl, runShell, stopLocalDeployment } from './processes.ts';
import { Progress, stageTable, type StageResult, type Verdict } from './progress.ts';
import { copyArtifact, promoted, pruneArtifacts, readState, writeState, type LiveRelease, type PipelineState } from './state.ts';
import { startUsers, trafficPaths } from './users.ts';

export interface PipelineArgs {
  config: string;
  base?: string;
  yes: boolean;
  reports?: string;
  /** Requests a second the pipeline sends to the stable URL during the canary. */
  traffic: number;
}

export interface PipelineIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  root: string;
  write: (text: string) => void;
  /** Resolves with the answer to the "go" question (only asked on a terminal). */
  ask?: (question: string, signal: AbortSignal) => Promise<string>;
}

/** The pipeline's own report (`pipeline.json` in the reports directory). */
export interface PipelineReport {
  schema: 'https://shipkit.dev/schemas/pipeline/v1';
  name: string;
  release: Release;
  base?: string;
  baseWhy: string;
  reports: string;
  startedAt: string;
  durationMs: number;
  exitCode: number;
  outcome: 'released' | 'rolled-back' | 'stopped' | 'interrupted';
  stages: StageResult[];
  /** What serves production when the run ends. */
  live?: LiveRelease;
  rolledBack?: { sha: string; reason: string; evidence: string[] };
  canary?: { verdict: string; reason: string; weight: string; step: string; users?: { requests: number; failed: number } };
  watch?: { verdict: string; reason: string };
  /** risk-gate's verdict on the change (informational: a pull request's reviewers act on it, the local pipeline does not). */
  risk?: { class: string; decision: string; reasons: string[]; report?: string };
}

/**
 * How the release stage ended. A failed one says whether it reached production (`live`: it served
 * there, then failed its smoke test) and whether production must be rolled back (traffic moved).
 */
type Released =
  | { ok: true; live: LiveRelease; evidence: string[] }
  | { ok: false; reason: string; evidence: string[]; live?: LiveRelease; rollBack: boolean };

/** The inputs of a stage's action that come from shipkit.yml keys, for errors that name the input. */
type KeyOf = Partial<Record<string, PipelineKey>>;

const RATE_PER_WATCH = '40/s';
const INTERVAL = '1s';

class Stop extends Error {}

export class Pipeline {
  private readonly args: PipelineArgs;
  private readonly io: PipelineIo;
  private readonly style: Style;
  private readonly plain = styleFor({ isTTY: false });
  private readonly interrupt = new AbortController();
  /** Cleanup after an interrupt has a signal of its own: a second Ctrl-C stops it too. */
  private readonly cleanupAbort = new AbortController();
  private readonly results: StageResult[] = [];
  private progress!: Progress;
  private config!: PipelineConfig;
  private project!: string;
  private stateDir!: string;
  private reports!: string;
  private name!: string;
  private release!: Release;
  private base: string | undefined;
  private baseWhy = '';
  private state!: PipelineState;
  private artifact: string | undefined;
  private stageNo = 0;
  private log: string[] = [];
  private deployed = { preview: false, staging: false };
  private readonly startedAt = new Date();
  private report: Partial<PipelineReport> = {};

  constructor(args: PipelineArgs, io: PipelineIo) {
    this.args = args;
    this.io = io;
    this.style = styleFor(io.stdout, io.env);
  }

  /** Ctrl-C: the first one cancels the running step and starts the cleanup; the next one cancels the cleanup. */
  cancel(): void {
    if (!this.interrupt.signal.aborted) this.interrupt.abort();
    else this.cleanupAbort.abort();
  }

  private get interrupted(): boolean {
    return this.interrupt.signal.aborted;
  }

  /** Everything that can be checked before a stage runs: the configuration, the repository, the "go". */
  prepare(): void {
    const { cwd } = this.io;
    this.project = cwd;
    const configPath = resolve(cwd, this.args.config);
    this.config = readPipelineConfig(configPath, relative(cwd, configPath) || this.args.config);
    if (!this.args.yes && !this.config.hotfix && !this.io.stdin.isTTY)
      throw new CliError(
        'the release waits for a "go" before production, and there is no terminal here to ask: pass `--yes` to give it in a script (or set `hotfix: true` in shipkit.yml, which skips only the go)',
      );
    this.release = releaseOf(cwd);
    this.stateDir = join(cwd, '.shipkit');
    this.name =
      this.config.project ||
      basename(cwd)
        .replace(/[^\w.-]/g, '-')
        .slice(0, 100) ||
      'app';
    this.state = readState(this.stateDir);
    if (this.args.base !== undefined) {
      this.base = resolveBase(cwd, this.args.base);
      this.baseWhy = `--base ${this.args.base}`;
    } else if (this.state.production && hasCommit(cwd, this.state.production.sha) && this.state.production.sha !== this.release.sha) {
      this.base = this.state.production.sha;
      this.baseWhy = "production's commit";
    } else if (parentOfHead(cwd)) {
      this.base = parentOfHead(cwd);
      this.baseWhy = 'the parent commit: nothing in production yet';
    } else this.baseWhy = 'none: the first commit, checked whole';
    const stamp = this.startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    this.reports = this.args.reports
      ? resolve(cwd, this.args.reports)
      : join(this.stateDir, 'reports', `${stamp}-${this.release.sha.slice(0, 7)}`);
    const rel = relative(cwd, this.reports);
    if (rel.startsWith('..') || isAbsolute(rel))
      throw new CliError(
        `\`--reports ${this.args.reports}\` is outside the project: the rollback reads the canary's report and diagnose the stages' logs from it, and they read only inside the project`,
      );
    mkdirSync(this.reports, { recursive: true });
    this.progress = new Progress({
      write: this.io.write,
      tty: Boolean(this.io.stdout.isTTY),
      style: this.style,
      columns: () => this.io.stdout.columns || 100,
    });
  }

  async run(): Promise<number> {
    const s = this.style;
    const r = this.release;
    this.io.write(
      `${s.bold('shipkit pipeline')} · ${this.name} @ ${r.sha.slice(0, 7)} (${r.branch}) ${JSON.stringify(r.subject)}\n` +
        s.dim(`  base ${this.base ? this.base.slice(0, 7) : '—'} (${this.baseWhy}) · reports ${relative(this.project, this.reports)}\n`),
    );
    if (keepOutOfGit(this.project, '.shipkit')) this.progress.note(s.dim('.shipkit/ (the local state) added to .git/info/exclude'));
    if (r.dirty) this.progress.note(s.yellow(`⚠ uncommitted changes: they are tested and deployed, but recorded as ${r.sha.slice(0, 7)}`));
    const major = process.versions.node.split('.')[0];
    if (this.config['node-version'] && !this.config['node-version'].startsWith(major ?? ''))
      this.progress.note(
        s.yellow(`⚠ node-version ${this.config['node-version']} in shipkit.yml; this machine runs Node ${process.versions.node}`),
      );
    if (this.config.provider !== 'local' && this.config.provider !== 'vercel')
      this.progress.note(
        s.dim(`provider ${this.config.provider} in shipkit.yml: on this machine every stage deploys with the local provider`),
      );

    let outcome: PipelineReport['outcome'];
    try {
      outcome = await this.stages();
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      outcome = this.interrupted ? 'interrupted' : 'stopped';
    } finally {
      await this.cleanup();
      this.progress.stop();
    }
    return this.finish(outcome);
  }

  // ---- the stages ----

  private async stages(): Promise<PipelineReport['outcome']> {
    const c = this.config;
    await this.gates();
    await this.risk();
    await this.tests();
    await this.coverage();
    await this.mutation();
    await this.build();
    await this.deploy('preview', this.previewEnvironment());
    await this.deploy('staging', c['staging-environment']);
    await this.go();
    const previous = await this.liveProduction();
    const before = this.state;
    const released = previous ? await this.canary(previous) : await this.firstRelease();
    // What serves production now is recorded at once: an interrupt during the watch must not lose it.
    if (released.live) {
      this.state = promoted(before, released.live);
      writeState(this.stateDir, this.state);
    }
    if (!released.ok) {
      if (!released.rollBack) {
        await this.diagnose('release');
        return 'stopped';
      }
      await this.rollback(previous, before, released.evidence, released.reason, released.live);
      await this.diagnose('release');
      return 'rolled-back';
    }
    const watched = await this.watch(released.live);
    if (!watched.ok) {
      // The release is live and failed its watch: the release before it comes back.
      await this.rollback(previous, before, [...released.evidence, ...watched.evidence], watched.reason, released.live);
      await this.diagnose('watch');
      return 'rolled-back';
    }
    return 'released';
  }

  private async gates(): Promise<void> {
    await this.stage('gates', 'fast-gates', async () => {
      const run = await this.action('gates', 'fast-gates', { 'changed-only': this.base ? 'true' : 'false', base: this.base });
      const gates = (run.report?.data as { gates?: { name?: string; status?: string }[] } | undefined)?.gates ?? [];
      const named = (status: string): string[] => gates.filter((g) => g.status === status).map((g) => String(g.name));
      const others = [
        named('passed').length ? `passed: ${named('passed').join(', ')}` : '',
        named('skipped').length ? `skipped (nothing to check): ${named('skipped').join(', ')}` : '',
        named('cancelled').length ? `cancelled: ${named('cancelled').join(', ')}` : '',
      ].filter(Boolean);
      const scope = this.base ? 'the changed files' : 'every file';
      if (run.code === 0)
        return { verdict: 'pass', detail: gates.length ? `${others.join('; ')} (${scope})` : 'no gate applies to this project' };
      const failed = run.outputs['failed-gates'];
      return { verdict: 'fail', detail: failed ? [`failed: ${failed.split(',').join(', ')}`, ...others].join('; ') : this.failure(run) };
    });
  }

  /**
   * risk-gate on the change against the base, as the pull-request workflow runs it after the gates,
   * with what a laptop has: no GitHub, so `trust: none` (every agent at the first level) and
   * nothing carried to a pull request. The class and its reason are information, never a stop;
   * only a bad configuration (risk-gate's exit 1) fails the stage.
   */
  private async risk(): Promise<void> {
    const c = this.config;
    await this.stage('risk', 'risk-gate', async () => {
      if (!c['risk-gate']) return { verdict: 'skip', detail: 'risk-gate: false' };
      if (!this.base) return { verdict: 'skip', detail: 'no base commit to compare the change with (--base)' };
      const run = await this.action(
        'risk',
        'risk-gate',
        { rules: c['risk-rules'] || undefined, trust: 'none', 'on-allowed': 'none', 'on-review': 'none' },
        { rules: 'risk-rules' },
        undefined,
        undefined,
        { name: 'pull_request', payload: this.pullRequestEvent(this.base) },
      );
      const o = run.outputs;
      if (run.code !== 0 || !o.risk) return { verdict: 'fail', detail: this.failure(run) };
      const reasons = (o.reasons ?? '').split('\n').filter(Boolean);
      this.report.risk = {
        class: o.risk,
        decision: o.decision ?? '',
        reasons,
        ...(o.report ? { report: relative(this.project, o.report) } : {}),
      };
      const why = (reasons[0] ?? '').replace(/^risk \w+: /, '');
      return {
        verdict: 'pass',
        detail: `${o.risk}${why ? `: ${why}` : ''} (${o.decision === 'auto-merge' ? 'may merge on its own' : 'a person reviews'})`,
      };
    });
  }

  /**
   * The `pull_request` event risk-gate reads, made from the local repository: the change from the
   * base to this commit, on this branch. No repository owner is given (GITHUB_REPOSITORY stays
   * unset), so nothing can be asked of or written to GitHub.
   */
  private pullRequestEvent(base: string): Record<string, unknown> {
    const r = this.release;
    return {
      action: 'synchronize',
      number: 0,
      pull_request: {
        number: 0,
        title: r.subject,
        base: { sha: base, ref: r.branch },
        head: { sha: r.sha, ref: r.branch },
        auto_merge: null,
      },
      repository: { name: this.name },
    };
  }

  private async tests(): Promise<void> {
    const command = this.config['test-command'];
    await this.stage('tests', `$ ${command}`, async () => {
      if (command.trim() === '') return { verdict: 'skip', detail: 'no test-command' };
      const run = await this.shell(command);
      if (run.cancelled) return { verdict: 'interrupted', detail: `\`${command}\` was stopped` };
      return run.code === 0
        ? { verdict: 'pass', detail: this.testCounts() ?? `\`${command.length > 50 ? `${command.slice(0, 49)}…` : command}\` exited 0` }
        : { verdict: 'fail', detail: `\`${command}\` exited ${run.code}${this.lastLines(3)}` };
    });
  }

  private async coverage(): Promise<void> {
    const c = this.config;
    await this.stage('coverage', 'coverage-gate', async () => {
      if (c['test-command'].trim() === '') return { verdict: 'skip', detail: 'no tests ran' };
      if (!this.base) return { verdict: 'skip', detail: 'no base commit to measure the change against (--base)' };
      const run = await this.action(
        'coverage',
        'coverage-gate',
        { files: c['coverage-files'], base: this.base, 'min-new-lines': c['min-new-lines'], 'min-new-branches': c['min-new-branches'] },
        { files: 'coverage-files', 'min-new-lines': 'min-new-lines', 'min-new-branches': 'min-new-branches' },
      );
      const o = run.outputs;
      if (!o.passed) return { verdict: 'fail', detail: this.failure(run) };
      const lines = o['new-lines'] ? `${o['new-lines']} % of ${o['new-lines-total']} changed lines` : 'no instrumented changed line';
      const branches = o['new-branches'] ? `, ${o['new-branches']} % of ${o['new-branches-total']} branches` : '';
      return {
        verdict: run.code === 0 ? 'pass' : 'fail',
        detail: `${lines}${branches} (min ${c['min-new-lines']} % / ${c['min-new-branches']} %)${o.lines ? `; overall ${o.lines} % lines` : ''}`,
      };
    });
  }

  private async mutation(): Promise<void> {
    const c = this.config;
    await this.stage('mutation', 'mutation-changed', async () => {
      if (!c.mutation) return { verdict: 'skip', detail: 'mutation: false' };
      if (!this.base) return { verdict: 'skip', detail: 'no base commit to find the changed lines (--base)' };
      const run = await this.action(
        'mutation',
        'mutation-changed',
        { base: this.base, 'min-score': c['min-mutation-score'] },
        { 'min-score': 'min-mutation-score' },
      );
      const o = run.outputs;
      if (!o.passed) return { verdict: 'fail', detail: this.failure(run) };
      if (!o.score)
        return {
          verdict: run.code === 0 ? 'pass' : 'fail',
          detail: `no mutant on the changed lines (${o['changed-files'] ?? 0} changed source files)`,
        };
      return {
        verdict: run.code === 0 ? 'pass' : 'fail',
        detail: `score ${o.score || 'n/a'} % of ${o.total} mutants on the changed lines (killed ${o.killed}, survived ${o.survived}, no coverage ${o['no-coverage']}; min ${c['min-mutation-score']} %)`,
      };
    });
  }

  private async build(): Promise<void> {
    const c = this.config;
    const command = c['build-command'];
    await this.stage('build', command.trim() ? `$ ${command}` : `copy ${c['artifact-path']}`, async () => {
      if (command.trim()) {
        const run = await this.shell(command);
        if (run.cancelled) return { verdict: 'interrupted', detail: `\`${command}\` was stopped` };
        if (run.code !== 0) return { verdict: 'fail', detail: `\`${command}\` exited ${run.code}${this.lastLines(3)}` };
      }
      if (!existsSync(resolve(this.project, c['artifact-path'])))
        return {
          verdict: 'fail',
          detail: `artifact-path \`${c['artifact-path']}\` does not exist${command.trim() ? ` after \`${command}\`` : ''}; set it to the built directory`,
        };
      this.progress.step(`copy ${c['artifact-path']}`);
      const stamp = this.startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
      this.artifact = copyArtifact(this.project, c['artifact-path'], this.stateDir, `${this.release.sha.slice(0, 7)}-${stamp}`);
      return {
        verdict: 'pass',
        detail: `${command.trim() ? `\`${command}\`, then ` : ''}${c['artifact-path']} copied once to ${this.artifact}: every stage deploys this copy`,
      };
    });
  }

  /** Deploys the artifact to `environment` with the local provider and smokes it. */
  private async deploy(stage: 'preview' | 'staging', environment: string): Promise<void> {
    await this.stage(stage, 'preview-deploy', async () => {
      this.deployed[stage] = true;
      const run = await this.action(
        stage,
        'preview-deploy',
        {
          provider: 'local',
          name: this.name,
          environment,
          directory: this.artifact,
          'start-command': this.config['start-command'],
          comment: 'false',
          'wait-timeout': '2m',
        },
        { 'start-command': 'start-command' },
      );
      if (run.code !== 0 || !run.outputs.url || !run.outputs['deployment-id']) return { verdict: 'fail', detail: this.failure(run) };
      const url = run.outputs.url;
      const smoke = await this.smoke(stage, url);
      return { verdict: smoke.ok ? 'pass' : 'fail', detail: `${url} (${environment}); smoke ${smoke.detail}` };
    });
  }

  private previewEnvironment(): string {
    return `preview/${this.name}/${this.release.branch.replace(/[^\w.-]/g, '-')}`;
  }

  private async smoke(stage: string, url: string): Promise<{ ok: boolean; detail: string; report?: string }> {
    this.progress.step(`smoke ${url}`);
    const run = await this.action(
      stage,
      'smoke',
      { url, probes: this.config['smoke-probes'] || undefined, 'wait-timeout': '30s' },
      { probes: 'smoke-probes' },
    );
    const o = run.outputs;
    if (!o.total) return { ok: false, detail: this.failure(run) };
    const passed = Number(o.total) - Number(o.failed ?? 0);
    return {
      ok: run.code === 0,
      detail: `${passed}/${o.total} probes${o['p95-ms'] ? ` (p95 ${o['p95-ms']} ms)` : ''}${run.code === 0 ? '' : ` — ${this.failure(run)}`}`,
      report: o.report,
    };
  }

  private async go(): Promise<void> {
    await this.stage('go', 'waiting for the go', async () => {
      if (this.config.hotfix) return { verdict: 'pass', detail: 'hotfix: true (only the go is skipped)' };
      if (this.args.yes) return { verdict: 'pass', detail: '--yes' };
      const ask = this.io.ask;
      if (!ask) return { verdict: 'declined', detail: 'no terminal to ask' };
      this.progress.stop();
      const answer = await ask(
        `Release ${this.release.sha.slice(0, 7)} ${JSON.stringify(this.release.subject)} to ${this.config['production-environment']} (canary ${this.config['canary-steps']} %)? [y/N] `,
        this.interrupt.signal,
      ).catch(() => '');
      if (this.interrupted) return { verdict: 'interrupted', detail: 'interrupted at the go' };
      return /^y(es)?$/i.test(answer.trim())
        ? { verdict: 'pass', detail: 'yes, at the prompt' }
        : { verdict: 'declined', detail: `not released: the answer was ${JSON.stringify(answer.trim() || 'no')}` };
    });
  }

  /** The release production runs, when it still answers. */
  private async liveProduction(): Promise<LiveRelease | undefined> {
    const live = this.state.production;
    if (!live) return undefined;
    const url = localStableUrl(this.stateDir, this.name) ?? live.url;
    try {
      await fetch(url, { signal: AbortSignal.timeout(5000) }).then((r) => r.arrayBuffer());
      return { ...live, url };
    } catch {
      this.progress.note(
        this.style.yellow(
          `⚠ production (${live.sha.slice(0, 7)}, ${live.deploymentId}) no longer answers at ${url}: this release goes to production as a first release`,
        ),
      );
      this.state = { ...this.state, production: undefined };
      return undefined;
    }
  }

  /** Nothing runs in production yet: there is no stable release to run a canary against, so it goes there whole, then smoke. */
  private async firstRelease(): Promise<Released> {
    let result: Released = {
      ok: false,
      reason: 'not deployed',
      evidence: [],
      rollBack: false,
    };
    await this.stage('release', 'preview-deploy (first release)', async () => {
      const env = this.config['production-environment'];
      const run = await this.action('release', 'preview-deploy', {
        provider: 'local',
        name: this.name,
        environment: env,
        directory: this.artifact,
        'start-command': this.config['start-command'],
        comment: 'false',
        'wait-timeout': '2m',
      });
      const url = run.outputs.url;
      const deploymentId = run.outputs['deployment-id'];
      if (run.code !== 0 || !url || !deploymentId) {
        // preview-deploy removes a deployment that did not come up: nothing reached production.
        result = { ok: false, reason: this.failure(run), evidence: [], rollBack: false };
        return { verdict: 'fail', detail: this.failure(run) };
      }
      const smoke = await this.smoke('release', url);
      const live = this.liveRelease({ deploymentId, url, ledgerId: run.outputs['github-deployment-id'] });
      result = smoke.ok
        ? { ok: true, live, evidence: [] }
        : {
            ok: false,
            reason: `smoke of production failed: ${smoke.detail}`,
            evidence: smoke.report ? [smoke.report] : [],
            live,
            rollBack: true,
          };
      return {
        verdict: smoke.ok ? 'pass' : 'fail',
        detail: `first release: nothing in ${env} to run a canary against, so it went there at once — ${url}; smoke ${smoke.detail}`,
      };
    });
    if (this.interrupted) throw new Stop();
    return result;
  }

  private liveRelease(d: { deploymentId: string; url: string; ledgerId?: string }): LiveRelease {
    return {
      sha: this.release.sha,
      subject: this.release.subject,
      deploymentId: d.deploymentId,
      ledgerId: d.ledgerId,
      url: d.url,
      artifact: this.artifact ?? '',
      startCommand: this.config['start-command'],
      releasedAt: new Date().toISOString(),
    };
  }

  /** canary-step through the canary steps, with the pipeline's users on the stable URL. */
  private async canary(previous: LiveRelease): Promise<Released> {
    const c = this.config;
    const steps = c['canary-steps'].split(',').map((x) => x.trim());
    let result: Released = {
      ok: false,
      reason: 'the canary did not run',
      evidence: [],
      rollBack: false,
    };
    let lastWeight = 0;
    await this.stage('release', `canary-step ${steps.join(' → ')} %`, async () => {
      const users = startUsers({
        url: () => localStableUrl(this.stateDir, this.name) ?? previous.url,
        paths: trafficPaths(c['smoke-probes'], this.project),
        perSecond: this.args.traffic,
      });
      let run: RunActionResult;
      try {
        run = await this.action(
          'release',
          'canary-step',
          {
            provider: 'local',
            name: this.name,
            environment: c['production-environment'],
            candidate: this.artifact ?? '',
            stable: previous.deploymentId,
            'start-command': c['start-command'],
            'wait-timeout': '2m',
            steps: c['canary-steps'],
            bake: c.bake,
            interval: INTERVAL,
            'error-slo': c['error-slo'],
            'latency-slo': c['latency-slo'] || undefined,
            baseline: c.baseline,
            source: c.source || undefined,
            'prometheus-url': c['prometheus-url'] || undefined,
            metrics: c.metrics || undefined,
            selector: c.selector || undefined,
            // `source: probes` probes the candidate beside stable, as the workflow does with staging's URL.
            ...(c.source === 'probes' ? { url: previous.url, probes: c['smoke-probes'] || undefined } : {}),
            'on-inconclusive': 'abort',
          },
          {
            steps: 'canary-steps',
            bake: 'bake',
            'error-slo': 'error-slo',
            'latency-slo': 'latency-slo',
            baseline: 'baseline',
            source: 'source',
            'prometheus-url': 'prometheus-url',
            metrics: 'metrics',
            selector: 'selector',
            probes: 'smoke-probes',
            'start-command': 'start-command',
          },
          (line) => {
            const moved = /the candidate serves (\d+) % of traffic/.exec(line);
            if (moved) {
              const weight = Number(moved[1]);
              if (weight > 0) lastWeight = weight;
              const k = steps.indexOf(String(weight));
              this.progress.step(`canary step ${k >= 0 ? k + 1 : '?'}/${steps.length}`, weight);
            }
          },
        );
      } finally {
        const tally = await users.stop();
        this.report.canary = { verdict: '', reason: '', weight: '', step: '', users: tally };
      }
      const o = run.outputs;
      const data = (run.report?.data ?? {}) as { candidate?: string; url?: string; ledgerId?: string };
      this.report.canary = {
        ...this.report.canary,
        verdict: o.verdict ?? '',
        reason: o.reason ?? '',
        weight: o.weight ?? '',
        step: o.step ?? '',
      };
      const users_ = this.report.canary.users;
      const traffic = users_ && users_.requests > 0 ? `; users: ${users_.requests} requests, ${users_.failed} failed` : '';
      if (this.interrupted) {
        await this.backOnStable(run, previous);
        result = { ok: false, reason: 'interrupted', evidence: [], rollBack: false };
        return {
          verdict: 'interrupted',
          detail: `interrupted at ${lastWeight} %: traffic back on stable (${previous.deploymentId})${traffic}`,
        };
      }
      if (o.verdict === 'promoted' && data.candidate) {
        const live = this.liveRelease({
          deploymentId: data.candidate,
          url: data.url ?? localStableUrl(this.stateDir, this.name) ?? previous.url,
          ledgerId: data.ledgerId,
        });
        const smoke = await this.smoke('release', live.url);
        if (!smoke.ok) {
          result = {
            ok: false,
            reason: `smoke of production after the promotion failed: ${smoke.detail}`,
            evidence: [o.report, smoke.report].filter((x): x is string => Boolean(x)),
            live,
            rollBack: true,
          };
          return { verdict: 'fail', detail: `promoted to 100 %, then smoke failed: ${smoke.detail}` };
        }
        result = { ok: true, live, evidence: o.report ? [o.report] : [] };
        return {
          verdict: 'pass',
          detail: `canary ${steps.join(' → ')} %: promoted — ${o.reason}; ${live.url} smoke ${smoke.detail}${traffic}`,
        };
      }
      result = {
        ok: false,
        reason: o.reason ? `canary ${o.verdict} at step ${o.step}: ${o.reason}` : this.failure(run),
        evidence: o.report ? [o.report] : [],
        // An abort put the traffic back on stable, which the rollback verifies; a canary that failed
        // before it moved any traffic (its inputs, the candidate not starting) changed nothing.
        rollBack: o.verdict === 'aborted' || lastWeight > 0,
      };
      return {
        verdict: 'fail',
        detail: o.verdict
          ? `canary ${o.verdict} at step ${o.step} (${steps[Number(o.step) - 1] ?? '?'} %): ${o.reason}${traffic}`
          : this.failure(run),
      };
    });
    if (this.interrupted) throw new Stop();
    return result;
  }

  /**
   * After an interrupted canary: canary-step, cancelled, put the traffic back on stable itself. When
   * it could not say so (it was killed, or failed before its report), the rollback action puts all
   * traffic on the stable deployment (not marked bad: nothing was found wrong).
   */
  private async backOnStable(run: RunActionResult, previous: LiveRelease): Promise<void> {
    if (run.outputs.verdict === 'aborted' && run.outputs.weight === '0') return;
    this.progress.step('rollback: all traffic to stable');
    await this.action(
      'release',
      'rollback',
      {
        ...this.rollbackTo(previous),
        reason: 'the pipeline was interrupted during the canary',
        'mark-bad': 'false',
        force: 'true',
      },
      {},
      undefined,
      this.cleanupAbort.signal,
    );
  }

  /**
   * The rollback action's inputs that put production back on `release`: its ledger record, and
   * what to start it from when it no longer runs (its artifact copy and start command).
   */
  private rollbackTo(release: LiveRelease): Record<string, string | undefined> {
    return {
      provider: 'local',
      environment: this.config['production-environment'],
      to: release.ledgerId ?? release.deploymentId,
      'start-command': release.startCommand,
      directory: release.artifact,
      'verify-probes': this.config['smoke-probes'] || undefined,
      issue: 'false',
    };
  }

  private async watch(live: LiveRelease): Promise<{ ok: boolean; reason: string; evidence: string[] }> {
    const c = this.config;
    let result = { ok: false, reason: 'the watch did not run', evidence: [] as string[] };
    await this.stage('watch', `slo-watch ${live.url}`, async () => {
      const run = await this.action(
        'watch',
        'slo-watch',
        {
          source: c.source || undefined,
          url: live.url,
          probes: c['smoke-probes'] || undefined,
          rate: RATE_PER_WATCH,
          duration: c['watch-duration'],
          interval: INTERVAL,
          'error-slo': c['error-slo'],
          'latency-slo': c['latency-slo'] || undefined,
          'prometheus-url': c['prometheus-url'] || undefined,
          metrics: c.metrics || undefined,
          selector: c.selector || undefined,
        },
        {
          source: 'source',
          probes: 'smoke-probes',
          duration: 'watch-duration',
          'error-slo': 'error-slo',
          'latency-slo': 'latency-slo',
          'prometheus-url': 'prometheus-url',
          metrics: 'metrics',
          selector: 'selector',
        },
      );
      const o = run.outputs;
      this.report.watch = { verdict: o.verdict ?? '', reason: o.reason ?? '' };
      if (this.interrupted) return { verdict: 'interrupted', detail: 'interrupted' };
      const figures = `${o.requests ?? 0} requests, ${o['error-rate'] ?? '?'} % errors${o['p99-ms'] ? `, p99 ${o['p99-ms']} ms` : ''}, decided after ${o['decided-after'] ?? '?'} s`;
      if (o.verdict === 'pass') {
        result = { ok: true, reason: o.reason ?? '', evidence: [] };
        return { verdict: 'pass', detail: figures };
      }
      if (o.verdict === 'inconclusive') {
        result = { ok: true, reason: o.reason ?? '', evidence: [] };
        return { verdict: 'inconclusive', detail: `${figures}: ${o.reason} (kept: nothing was found wrong)` };
      }
      result = {
        ok: false,
        reason: o.reason ? `the watch after the release failed: ${o.reason}` : this.failure(run),
        evidence: o.report ? [o.report] : [],
      };
      return { verdict: 'fail', detail: o.reason ? `${figures}: ${o.reason}` : this.failure(run) };
    });
    if (this.interrupted) throw new Stop();
    return result;
  }

  /**
   * The release failed in production: the release before it serves again, verified with the smoke
   * probes, and the failed one is marked bad in the ledger. After a canary's abort the traffic is
   * on stable already, so this verifies it. A first release has nothing to go back to: it is taken down.
   */
  private async rollback(
    previous: LiveRelease | undefined,
    before: PipelineState,
    evidence: string[],
    reason: string,
    bad?: LiveRelease,
  ): Promise<void> {
    this.report.rolledBack = { sha: this.release.sha, reason, evidence: evidence.map((e) => relative(this.project, e)) };
    await this.stage('rollback', 'rollback', async () => {
      if (!previous) {
        const taken = await this.action('rollback', 'preview-deploy', {
          provider: 'local',
          name: this.name,
          mode: 'destroy',
          environment: this.config['production-environment'],
          comment: 'false',
        });
        this.state = { ...before, production: undefined };
        writeState(this.stateDir, this.state);
        return {
          verdict: taken.code === 0 ? 'pass' : 'fail',
          detail: `no earlier release to go back to: the first release was ${taken.code === 0 ? 'taken down' : `NOT taken down (${this.failure(taken)})`}`,
        };
      }
      const run = await this.action(
        'rollback',
        'rollback',
        { ...this.rollbackTo(previous), reason, evidence: evidence.length > 0 ? evidence.join('\n') : undefined },
        { 'verify-probes': 'smoke-probes' },
      );
      const o = run.outputs;
      const to = (() => {
        try {
          return JSON.parse(o['rolled-back-to'] ?? '') as { ledgerId?: string; deploymentId?: string; url?: string };
        } catch {
          return undefined;
        }
      })();
      if (to?.deploymentId && o.verified === 'true') {
        const url = localStableUrl(this.stateDir, this.name) ?? o.url ?? previous.url;
        this.state = {
          ...before,
          production: { ...previous, deploymentId: to.deploymentId, ledgerId: to.ledgerId ?? previous.ledgerId, url },
        };
        writeState(this.stateDir, this.state);
        // The release rolled back from serves nothing now; on this machine its process goes too.
        if (bad && bad.deploymentId !== to.deploymentId) await stopLocalDeployment(this.stateDir, bad.deploymentId);
      }
      const done = (run.report?.data ?? {}) as { outcome?: string; method?: string };
      const said =
        done.outcome === 'nothing-to-do'
          ? `traffic was on ${previous.sha.slice(0, 7)} already (the canary put it back)`
          : `${this.config['production-environment']} restored to ${previous.sha.slice(0, 7)}${done.method === 'redeploy' ? ' (started again from its artifact)' : ''}`;
      return o.verified === 'true'
        ? { verdict: 'pass', detail: `${said}; verified at ${o.url}; ${this.release.sha.slice(0, 7)} marked bad in the ledger` }
        : { verdict: 'fail', detail: `NOT verified — a person has to look: ${this.failure(run)}` };
    });
  }

  private async diagnose(failed: string): Promise<void> {
    const log = this.stageLog(failed);
    await this.stage('diagnose', 'diagnose', async () => {
      const rules = join(this.reports, 'diagnose-rules.yml');
      writeFileSync(rules, diagnoseRulesYaml());
      const run = await this.action(
        'diagnose',
        'diagnose',
        { logs: relative(this.project, log), rules: relative(this.project, rules), mode: 'summary' },
        {},
        undefined,
        this.cleanupAbort.signal,
      );
      const o = run.outputs;
      if (run.code !== 0 || !o.category) return { verdict: 'fail', detail: this.failure(run) };
      const tier = { '1': 'safe to fix automatically', '2': 'needs a reviewed PR', '3': 'needs a person' }[o.tier ?? ''] ?? '';
      const next = /Next step: (.*)$/.exec(o.summary ?? '')?.[1];
      return {
        verdict: 'pass',
        detail: `${o.category}, tier ${o.tier}${tier ? ` (${tier})` : ''}, from ${relative(this.project, log)}${next ? ` — next: ${next}` : ''}`,
      };
    });
  }

  /** Preview and staging are stopped when the run ends: on this machine only production keeps running. */
  private async cleanup(): Promise<void> {
    const environments = [
      ...(this.deployed.preview ? [this.previewEnvironment()] : []),
      ...(this.deployed.staging ? [this.config['staging-environment']] : []),
    ];
    if (environments.length === 0) return;
    const stopped: string[] = [];
    for (const environment of environments) {
      const run = await runAction(
        'preview-deploy',
        { provider: 'local', name: this.name, mode: 'destroy', environment, comment: 'false' },
        {
          root: this.io.root,
          cwd: this.project,
          env: this.actionEnv('cleanup'),
          reportDir: this.reports,
          signal: this.cleanupAbort.signal,
          onLine: (l) => this.appendLog('cleanup', l),
        },
      ).catch((e: unknown) => ({ code: 1, outputs: {}, summary: String(e) }) as unknown as RunActionResult);
      stopped.push(run.code === 0 ? environment : `${environment} (NOT stopped: see cleanup.log)`);
    }
    this.progress.note(this.style.dim(`stopped ${stopped.join(' and ')}: only production keeps running`));
  }

  // ---- the machinery ----

  private async stage(name: string, step: string, work: () => Promise<{ verdict: Verdict; detail: string }>): Promise<void> {
    if (this.interrupted && name !== 'rollback' && name !== 'diagnose') throw new Stop();
    this.stageNo++;
    this.log = [];
    const started = performance.now();
    this.progress.begin(name, step);
    let outcome: { verdict: Verdict; detail: string };
    try {
      outcome = await work();
    } catch (e) {
      if (e instanceof Stop)
        outcome = { verdict: this.interrupted ? 'interrupted' : 'fail', detail: this.interrupted ? 'interrupted' : 'stopped' };
      else if (e instanceof CliError) outcome = { verdict: 'fail', detail: e.message };
      else throw e;
    }
    if (this.interrupted && outcome.verdict !== 'pass' && name !== 'rollback' && name !== 'diagnose')
      outcome = { verdict: 'interrupted', detail: outcome.verdict === 'interrupted' ? outcome.detail : `interrupted (${outcome.detail})` };
    const result: StageResult = { stage: name, verdict: outcome.verdict, ms: performance.now() - started, detail: outcome.detail };
    writeFileSync(this.stageLog(name), this.log.join('\n') + (this.log.length ? '\n' : ''), { flag: 'a' });
    this.results.push(result);
    this.progress.end(result);
    if (outcome.verdict === 'fail' && name !== 'rollback' && name !== 'diagnose' && name !== 'release' && name !== 'watch') {
      await this.diagnose(name);
      throw new Stop();
    }
    if (outcome.verdict === 'interrupted' || outcome.verdict === 'declined') throw new Stop();
  }

  private stageLog(stage: string): string {
    return join(this.reports, `${stage}.log`);
  }

  private appendLog(stage: string, line: string): void {
    appendFileSync(this.stageLog(stage), `${line}\n`);
  }

  /** The job environment of the actions: this machine's, without a GitHub token or repository, so every action uses the local ledger. */
  private actionEnv(stage: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...this.io.env };
    for (const k of Object.keys(env)) if (/^(GITHUB_|GH_TOKEN$|RUNNER_|ACTIONS_)/.test(k)) delete env[k];
    env.GITHUB_SHA = this.release.sha;
    env.GITHUB_REF = `refs/heads/${this.release.branch}`;
    env.GITHUB_REF_NAME = this.release.branch;
    env.GITHUB_JOB = stage;
    return env;
  }

  private async action(
    stage: string,
    action: string,
    inputs: Record<string, string | undefined>,
    keys: KeyOf = {},
    onLine?: (line: string) => void,
    signal: AbortSignal = this.interrupt.signal,
    event?: { name: string; payload: unknown },
  ): Promise<RunActionResult> {
    const given = Object.fromEntries(Object.entries(inputs).filter((e): e is [string, string] => e[1] !== undefined));
    this.log.push(
      `$ shipkit ${action} ${Object.entries(given)
        .map(([k, v]) => `--${k} ${v.includes('\n') || v.length > 60 ? JSON.stringify(v.slice(0, 57) + '…') : JSON.stringify(v)}`)
        .join(' ')}`,
    );
    const result = await runAction(action, given, {
      root: this.io.root,
      cwd: this.project,
      env: this.actionEnv(stage),
      reportDir: this.reports,
      style: this.plain,
      signal,
      ...(event ? { event: event.payload, eventName: event.name } : {}),
      onLine: (line) => {
        this.log.push(line);
        this.progress.output(line);
        onLine?.(line);
      },
    });
    const md = join(this.reports, `${String(this.stageNo).padStart(2, '0')}-${stage}-${action}.md`);
    if (result.summary.trim()) writeFileSync(md, result.summary, { flag: 'a' });
    // An input the action refused that came from shipkit.yml: name the key the user wrote.
    for (const [input, key] of Object.entries(keys))
      if (key && this.log.some((l) => l.startsWith('✖') && l.includes(`\`${input}\``)) && input !== key)
        this.log.push(`✖ (\`${input}\` of ${action} is \`${key}\` in shipkit.yml)`);
    return result;
  }

  private async shell(command: string): Promise<{ code: number; cancelled: boolean }> {
    this.log.push(`$ ${command}`);
    return runShell(command, {
      cwd: this.project,
      env: this.io.env,
      signal: this.interrupt.signal,
      onLine: (line) => {
        this.log.push(line);
        this.progress.output(line);
      },
    });
  }

  /** The errors an action printed (its `::error::` lines), or its exit code. */
  private failure(run: RunActionResult): string {
    const errors = this.log.filter((l) => l.startsWith('✖')).map((l) => l.slice(2).trim());
    const text = errors.length > 0 ? [...new Set(errors)].slice(-2).join(' ') : `exit ${run.code}`;
    return text.length > 400 ? `${text.slice(0, 399)}…` : text;
  }

  /** The test runner's own tally line, when it printed one (vitest, jest, node --test, mocha, pytest). */
  private testCounts(): string | undefined {
    const lines = [...this.log]
      .reverse()
      // eslint-disable-next-line no-control-regex -- the runners' colours
      .map((l) => l.replace(/\u001b\[[0-9;]*m/g, '').trim());
    const tally = lines.find((l) => /^(Tests:?\s+\d+ passed|\d+ passing|=+ .*\d+ passed)/.test(l));
    if (tally)
      return tally
        .replace(/^Tests:?\s+/, '')
        .replace(/^=+\s*|\s*=+$/g, '')
        .replace(/\s+/g, ' ');
    // node --test: `ℹ tests 3`, `ℹ pass 3`
    const pass = lines.map((l) => /^(?:ℹ|#) pass (\d+)$/.exec(l)?.[1]).find(Boolean);
    return pass ? `${pass} passed` : undefined;
  }

  private lastLines(n: number): string {
    const lines = this.log.filter((l) => l.trim() !== '').slice(-n);
    return lines.length ? `: ${lines.join(' ⏎ ').slice(0, 300)}` : '';
  }

  private finish(outcome: PipelineReport['outcome']): number {
    const s = this.style;
    const exitCode = outcome === 'released' ? 0 : outcome === 'interrupted' ? 130 : 1;
    const live = this.state.production;
    const report: PipelineReport = {
      schema: 'https://shipkit.dev/schemas/pipeline/v1',
      name: this.name,
      release: this.release,
      base: this.base,
      baseWhy: this.baseWhy,
      reports: this.reports,
      startedAt: this.startedAt.toISOString(),
      durationMs: Date.now() - this.startedAt.getTime(),
      exitCode,
      outcome,
      stages: this.results,
      ...(live ? { live } : {}),
      ...this.report,
    };
    writeFileSync(join(this.reports, 'pipeline.json'), `${JSON.stringify(report, null, 2)}\n`);
    if (this.state.production || this.artifact) pruneArtifacts(this.stateDir, this.state, this.artifact ? [this.artifact] : []);
    const lines = ['', stageTable(this.results, s), ''];
    const sha = this.release.sha.slice(0, 7);
    if (outcome === 'released') lines.push(s.bold(`Released ${sha} to ${this.config['production-environment']}: live at ${live?.url}`));
    else if (outcome === 'rolled-back')
      lines.push(s.bold(s.red(`Rolled back ${sha}: ${this.report.rolledBack?.reason ?? 'the release failed'}`)));
    else if (outcome === 'interrupted')
      lines.push(s.yellow('Interrupted: traffic is on stable, and nothing this run started is left running'));
    else
      lines.push(
        s.bold(
          `Not released: ${this.results.find((r) => r.verdict === 'fail' || r.verdict === 'declined')?.stage ?? 'a stage'} stopped the run`,
        ),
      );
    if (outcome !== 'released')
      lines.push(
        live
          ? `${this.config['production-environment']} runs ${live.sha.slice(0, 7)} at ${live.url}`
          : `nothing runs in ${this.config['production-environment']}`,
      );
    lines.push(
      s.dim(`reports: ${relative(this.project, this.reports)}/ (${this.results.length} stages, ${formatDuration(report.durationMs)})`),
    );
    this.io.write(lines.join('\n') + '\n');
    return exitCode;
  }
}
