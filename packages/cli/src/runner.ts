/**
 * The runner contract, written once: how a GitHub Actions runner starts a JavaScript action
 * (`runs.using: node24`). The `shipkit` CLI, the e2e harness (`runBundle` in @shipkit/testkit), the
 * benchmarks and the bundle load check all start a bundle through this module, so they cannot
 * disagree about what an action sees.
 *
 * What the runner does, and so what this module does:
 * - Every input the action.yml declares becomes `INPUT_<NAME>`: the name with spaces turned into `_`
 *   and upper-cased, hyphens kept (`wait-timeout` → `INPUT_WAIT-TIMEOUT`). A workflow's `with:` value
 *   wins; otherwise the action.yml default; otherwise the empty string. Inputs the caller gives that
 *   the action.yml does not declare are passed too (the runner only warns about them).
 * - A default that is a workflow expression is evaluated by the runner. Outside a runner the one that
 *   matters is the token: `${{ github.token }}` (or `${{ secrets.GITHUB_TOKEN }}`) becomes the token
 *   the caller names, else the job environment's `GITHUB_TOKEN`, else empty. Every other `${{ … }}`
 *   default is empty: no workflow context exists to evaluate it in.
 * - The file commands (`GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_STATE`, `GITHUB_ENV`,
 *   `GITHUB_PATH`) are fresh empty files; the event payload is a JSON file at `GITHUB_EVENT_PATH`;
 *   `GITHUB_EVENT_NAME` names the event (`DEFAULT_EVENT_NAME`, `workflow_dispatch`, when the caller
 *   names none: a run started by hand, which is what a local run is); `RUNNER_TEMP` is a directory of
 *   the run's own; `GITHUB_WORKSPACE` is the directory the action starts in; `CI` and
 *   `GITHUB_ACTIONS` are `true`; `RUNNER_OS` / `RUNNER_ARCH` name this machine as the runner would.
 * - `node <runs.main>` is started in the workspace, `runs.main` resolved against the action.yml's
 *   folder, with the job's environment plus the above.
 *
 * Erasable TypeScript only, with `.ts` imports: Node 22.18+ runs this file as it is.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { arch, constants, platform, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseOutputFile } from './workflow-commands.ts';

/** The event a run reports when the caller names none: a run started by hand (`workflow_dispatch`), with an empty payload. */
export const DEFAULT_EVENT_NAME = 'workflow_dispatch';

export interface ActionInput {
  description?: string;
  required?: boolean;
  /** Always a string: YAML `default: 2` is the runner's `'2'`. */
  default?: string;
  deprecationMessage?: string;
}

export interface ActionMetadata {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; pre?: string; post?: string };
}

/** Reads an action.yml; defaults become strings, as the runner sees them. */
export function readActionYml(file: string): ActionMetadata {
  const doc = parseYaml(readFileSync(file, 'utf8')) as Partial<ActionMetadata> | null;
  if (!doc || typeof doc !== 'object' || !doc.runs || typeof doc.runs.main !== 'string')
    throw new Error(`${file} is not an action.yml: it needs \`runs.main\``);
  const inputs: Record<string, ActionInput> = {};
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    const input: ActionInput = { ...(spec ?? {}) };
    if (spec?.default !== undefined && spec.default !== null) input.default = String(spec.default);
    inputs[name] = input;
  }
  return { name: doc.name ?? '', description: doc.description ?? '', inputs, outputs: doc.outputs ?? {}, runs: doc.runs };
}

export interface LoadedAction {
  name: string;
  /** The folder of its action.yml. */
  dir: string;
  metadata: ActionMetadata;
  /** `runs.main`, resolved against `dir` as the runner resolves it. */
  main: string;
}

/** The action `actions/<name>/action.yml` under `root`, or undefined when there is none. */
export function loadAction(root: string, name: string): LoadedAction | undefined {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) return undefined;
  const dir = join(root, 'actions', name);
  const file = join(dir, 'action.yml');
  if (!existsSync(file)) return undefined;
  const metadata = readActionYml(file);
  return { name, dir, metadata, main: resolve(dir, metadata.runs.main) };
}

/** The names of the actions under `root/actions`, sorted. */
export function actionNames(root: string): string[] {
  const dir = join(root, 'actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'action.yml')))
    .sort();
}

/** The variable the runner passes an input in: spaces become `_`, then upper case; hyphens stay. */
export const inputEnvName = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

const TOKEN_EXPRESSION = /^\$\{\{\s*(?:github\.token|secrets\.GITHUB_TOKEN)\s*\}\}$/;

/** An action.yml default as the runner evaluates it, with no workflow context beyond the token. */
export function evaluateDefault(value: string | undefined, token: string): string {
  if (value === undefined) return '';
  if (!value.includes('${{')) return value;
  return TOKEN_EXPRESSION.test(value.trim()) ? token : '';
}

export type InputValues = Record<string, string | number | boolean | undefined>;

/** The `INPUT_*` variables of one step: the given values over the evaluated action.yml defaults. */
export function inputVariables(
  metadata: Pick<ActionMetadata, 'inputs'>,
  given: InputValues,
  { token, defaults = true }: { token: string; defaults?: boolean },
): Record<string, string> {
  const env: Record<string, string> = {};
  if (defaults) for (const [name, spec] of Object.entries(metadata.inputs)) env[inputEnvName(name)] = evaluateDefault(spec.default, token);
  for (const [name, value] of Object.entries(given)) if (value !== undefined) env[inputEnvName(name)] = String(value);
  return env;
}

/** `RUNNER_OS` / `RUNNER_ARCH` as the runner spells them. */
export function runnerPlatform(): { os: string; arch: string } {
  const os = ({ linux: 'Linux', darwin: 'macOS', win32: 'Windows' } as Record<string, string>)[platform()] ?? platform();
  const cpu = ({ x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' } as Record<string, string>)[arch()] ?? arch();
  return { os, arch: cpu };
}

export interface RunnerFiles {
  output: string;
  summary: string;
  state: string;
  env: string;
  path: string;
  event: string;
}

export interface PrepareOptions {
  /** The action's metadata: its inputs and their defaults. */
  action: Pick<ActionMetadata, 'inputs'>;
  /** The step's `with:` values. */
  inputs?: InputValues;
  /** Apply the action.yml defaults (the runner always does; off only to test a bundle's own handling of empty inputs). */
  defaults?: boolean;
  /** What `${{ github.token }}` evaluates to; default: the job environment's `GITHUB_TOKEN`, else empty. */
  token?: string;
  /** The event payload written to `GITHUB_EVENT_PATH`; default `{}`. */
  event?: unknown;
  /** `GITHUB_EVENT_NAME`; default `DEFAULT_EVENT_NAME`. */
  eventName?: string;
  /** `GITHUB_WORKSPACE`, and the directory the action starts in; default: the run's own directory. */
  workspace?: string;
  /** The job's environment. `INPUT_*` variables in it are dropped; the runner's own variables are replaced. */
  baseEnv?: Record<string, string | undefined>;
  /** Set after everything else (a value of undefined removes the variable): a test's or a caller's deliberate override. */
  env?: Record<string, string | undefined>;
  /** Name prefix of the run's directory under the OS temp dir. */
  prefix?: string;
}

export interface PreparedRun {
  /** The run's own directory (`RUNNER_TEMP` unless overridden); it holds the runner files. */
  dir: string;
  files: RunnerFiles;
  /** The complete environment of the action's process. */
  env: Record<string, string>;
  cwd: string;
  /** Removes the run's directory (and everything the action left in `RUNNER_TEMP`). */
  dispose(): void;
}

/** Creates the run's directory and files and the action's environment, as the runner does before it starts a step. */
export function prepareRun(o: PrepareOptions): PreparedRun {
  const dir = mkdtempSync(join(tmpdir(), o.prefix ?? 'shipkit-run-'));
  const files: RunnerFiles = {
    output: join(dir, 'output'),
    summary: join(dir, 'step-summary.md'),
    state: join(dir, 'state'),
    env: join(dir, 'env'),
    path: join(dir, 'path'),
    event: join(dir, 'event.json'),
  };
  for (const file of [files.output, files.summary, files.state, files.env, files.path]) writeFileSync(file, '');
  writeFileSync(files.event, JSON.stringify(o.event ?? {}));

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.baseEnv ?? {})) if (v !== undefined && !k.startsWith('INPUT_')) env[k] = v;
  const overridden = (name: string): string | undefined => (o.env && name in o.env ? o.env[name] : env[name]);
  const token = o.token ?? overridden('GITHUB_TOKEN') ?? '';
  const workspace = o.workspace ?? dir;
  const { os, arch: cpu } = runnerPlatform();
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: o.eventName ?? DEFAULT_EVENT_NAME,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: dir,
    RUNNER_OS: os,
    RUNNER_ARCH: cpu,
    ...inputVariables(o.action, o.inputs ?? {}, { token, defaults: o.defaults }),
  });
  for (const [k, v] of Object.entries(o.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return { dir, files, env, cwd: workspace, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunFiles {
  outputs: Record<string, string>;
  summary: string;
  /** What the action saved with `GITHUB_STATE` (for its post step). */
  state: Record<string, string>;
  /** What it exported to later steps with `GITHUB_ENV`. */
  exportedEnv: Record<string, string>;
  /** What it added to later steps' PATH with `GITHUB_PATH`. */
  addedPath: string[];
}

/** Reads what the action wrote to the runner files. */
export function readRunFiles(files: RunnerFiles): RunFiles {
  const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  return {
    outputs: parseOutputFile(read(files.output)),
    summary: read(files.summary),
    state: parseOutputFile(read(files.state)),
    exportedEnv: parseOutputFile(read(files.env)),
    addedPath: read(files.path)
      .split('\n')
      .filter((l) => l.trim() !== ''),
  };
}

export interface ExecOptions {
  /** The Node binary; default: the one running this code. */
  node?: string;
  /** Killed with SIGKILL after this long. */
  timeoutMs?: number;
  /** Called with each stdout line as it arrives (the full stdout is returned either way). */
  onLine?: (line: string) => void;
  /** `inherit` passes the action's stderr straight through (the CLI); `pipe` collects it. */
  stderr?: 'pipe' | 'inherit';
  /** Aborting cancels the action as the runner cancels a job: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. */
  signal?: AbortSignal;
}

export interface ExecResult {
  /** The exit code; 128 + the signal number when a signal ended it. */
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** How long a cancelled action has after SIGINT before SIGTERM, and after SIGTERM before SIGKILL (the runner's figures). */
export const CANCEL_SIGTERM_MS = 7_500;
export const CANCEL_SIGKILL_MS = 2_500;

/** Starts `node <main>` for a prepared run and waits for it to end. */
export function execAction(run: PreparedRun, main: string, o: ExecOptions = {}): Promise<ExecResult> {
  const started = performance.now();
  const child = spawn(o.node ?? process.execPath, [main], { cwd: run.cwd, env: run.env, stdio: ['ignore', 'pipe', o.stderr ?? 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out.push(chunk);
    if (!o.onLine) return;
    pending += chunk.toString('utf8');
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      o.onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  const timer = o.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), o.timeoutMs);
  const escalation: NodeJS.Timeout[] = [];
  const abort = (): void => {
    child.kill('SIGINT');
    escalation.push(
      setTimeout(() => child.kill('SIGTERM'), CANCEL_SIGTERM_MS),
      setTimeout(() => child.kill('SIGKILL'), CANCEL_SIGTERM_MS + CANCEL_SIGKILL_MS),
    );
  };
  if (o.signal?.aborted) abort();
  else o.signal?.addEventListener('abort', abort, { once: true });
  return new Promise((resolvePromise, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      escalation.forEach(clearTimeout);
      o.signal?.removeEventListener('abort', abort);
      if (pending && o.onLine) o.onLine(pending);
      resolvePromise({
        code: code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1),
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: performance.now() - started,
      });
    });
  });
}
