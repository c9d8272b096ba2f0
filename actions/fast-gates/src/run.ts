/** One fast-gates run: decide the scope, plan the gates, run them, and build the report. */
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigurationError, notice } from '@shipkit/kit';
import { toolEnvironment } from '@shipkit/kit/exec';
import { changedFiles, git, mergeBase, type ChangedFile } from '@shipkit/kit/git';
import type { GateContext } from './context';
import { readProject } from './detect';
import type { GateResult } from './model';
import { parseGateRequests, planGates } from './plan';
import { runScheduled } from './schedule';

export interface FastGatesOptions {
  gates: unknown;
  changedOnly: boolean;
  base: string | undefined;
  failFast: boolean;
  parallel: number | undefined;
  workingDirectory: string;
  /** Fetches the base with it when the checkout keeps no credential and the server wants one. */
  token?: string;
  /** The server the token is for (GITHUB_SERVER_URL). */
  serverUrl?: string;
  env?: NodeJS.ProcessEnv;
  onGateDone?: (r: GateResult) => void;
}

export interface FastGatesRun {
  results: GateResult[];
  passed: boolean;
  durationMs: number;
  changedOnly: boolean;
  base: string | undefined;
  mergeBase: string | undefined;
  changedFiles: string[] | undefined;
  notes: string[];
  parallel: number;
}

async function repoRoot(dir: string): Promise<string> {
  const r = await git(['rev-parse', '--show-toplevel'], dir).catch(() => undefined);
  return r && r.code === 0 ? realpathSync(r.stdout.trim()) : dir;
}

export async function fastGates(o: FastGatesOptions): Promise<FastGatesRun> {
  const started = performance.now();
  const env = o.env ?? process.env;
  const dirInput = resolve(o.workingDirectory);
  if (!existsSync(dirInput))
    throw new ConfigurationError(`\`${o.workingDirectory}\` does not exist; set it to the project's directory`, 'working-directory');
  const dir = realpathSync(dirInput);
  const root = await repoRoot(dir);
  const requests = parseGateRequests(o.gates);
  const plan = planGates(requests, readProject(dir, root), env);
  const notes = [...plan.notes];

  let changed: string[] | undefined;
  let diff: ChangedFile[] | undefined;
  let base = o.base;
  let mb: string | undefined;
  let changedOnly = o.changedOnly;
  if (changedOnly && !base) {
    notes.push('changed-only was asked for but there is no base commit (no `base` input and none in the event): checked the whole project');
    changedOnly = false;
  }
  if (changedOnly && base) {
    mb = (await mergeBase(base, root, { token: o.token, serverUrl: o.serverUrl, env })).mergeBase;
    // The work tree, not HEAD: locally that includes edits not yet committed; on a runner it is HEAD.
    diff = await changedFiles(mb, root, undefined);
    changed = diff
      .filter((f) => f.status !== 'deleted')
      .map((f) => relative(dir, join(root, f.path)))
      .filter((p) => !p.startsWith(`..${sep}`) && p !== '..' && !isAbsolute(p) && existsSync(join(dir, p)));
  } else base = undefined;

  const tempDir = mkdtempSync(join(env.RUNNER_TEMP && existsSync(env.RUNNER_TEMP) ? env.RUNNER_TEMP : tmpdir(), 'fast-gates-'));
  mkdirSync(tempDir, { recursive: true });
  const toPath = (toolPath: string): string => {
    const abs = isAbsolute(toolPath) ? toolPath : join(dir, toolPath);
    const rel = relative(root, abs);
    return (rel.startsWith('..') ? abs : rel).split(sep).join('/');
  };
  let tracked: Promise<string[]> | undefined;
  const trackedFiles = (): Promise<string[]> =>
    (tracked ??= git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], dir).then((r) =>
      r.code === 0 ? r.stdout.split('\0').filter((p) => p !== '' && existsSync(join(dir, p))) : [],
    ));
  const parallel = o.parallel ?? availableParallelism();
  // The tools run the pull request's code (its configs, plugins, gate commands): not the action's inputs and tokens.
  const toolEnv = toolEnvironment(env);
  try {
    const results = await runScheduled(
      plan.gates.map((gate) => ({
        name: gate.name,
        tool: gate.tool,
        preview: gate.preview,
        run: (signal: AbortSignal) => {
          const ctx: GateContext = { dir, root, changed, diff, tempDir, signal, env: toolEnv, toPath, trackedFiles };
          return gate.run(ctx);
        },
      })),
      { parallel, failFast: o.failFast, onDone: o.onGateDone },
    );
    const passed = results.every((r) => r.status === 'passed' || r.status === 'skipped');
    return {
      results,
      passed,
      durationMs: Math.round(performance.now() - started),
      changedOnly,
      base,
      mergeBase: mb,
      changedFiles: changed,
      notes,
      parallel,
    };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

export const noticeAll = (notes: readonly string[]): void => notes.forEach((n) => notice(n, { title: 'fast-gates' }));
