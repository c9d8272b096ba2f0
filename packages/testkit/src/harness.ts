/**
 * Runs an action's committed bundle exactly as the runner does, through the runner contract of
 * `@shipkit/cli/runner` (the same code the CLI, the benchmarks and the load check use): INPUT_* with
 * the action.yml defaults, the runner files, the event, RUNNER_TEMP. The harness adds a fixed,
 * hermetic job environment (a repository `acme/shop`, run 1001, the API on a dead loopback port
 * unless `githubApiUrl` is given) and returns the exit code, outputs, workflow commands and summary.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { execAction, loadAction, prepareRun, readRunFiles } from '@shipkit/cli/runner';
import { parseCommands, type WorkflowCommand } from '@shipkit/cli/workflow-commands';
import { repoRoot } from './action-yml';

export type { WorkflowCommand } from '@shipkit/cli/workflow-commands';

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  commands: WorkflowCommand[];
  errors: WorkflowCommand[];
  warnings: WorkflowCommand[];
  notices: WorkflowCommand[];
  masks: string[];
  summary: string;
  /** The parsed JSON report when the action set the `report` output. */
  report?: { action: string; verdict: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- each action's report shape differs; tests narrow it
  durationMs: number;
  tempDir: string;
}

export interface RunOptions {
  inputs?: Record<string, string | number | boolean>;
  env?: Record<string, string | undefined>;
  event?: Record<string, unknown>;
  eventName?: string;
  cwd?: string;
  githubApiUrl?: string;
  timeoutMs?: number;
  /** Skip action.yml defaults (to test what the bundle does with an empty input). */
  noDefaults?: boolean;
  node?: string;
}

// One parser for workflow commands and GITHUB_OUTPUT, shared with the CLI, so tests check what users see.
export { parseCommands, parseOutputFile } from '@shipkit/cli/workflow-commands';

// Each run's temp dir (outputs, summary, the report) stays readable until its test file ends;
// the e2e project's setup file calls `removeRunDirs` after each file.
const tempDirs: string[] = [];
export function removeRunDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function bundlePath(action: string): string {
  return loadAction(repoRoot, action)?.main ?? `${repoRoot}/dist/${action}/index.js`;
}

export async function runBundle(action: string, options: RunOptions = {}): Promise<ActionRun> {
  const loaded = loadAction(repoRoot, action);
  if (!loaded) throw new Error(`actions/${action}/action.yml does not exist`);
  if (!existsSync(loaded.main)) throw new Error(`${loaded.main} is missing; run \`npm run build\` first`);
  const run = prepareRun({
    action: loaded.metadata,
    inputs: options.inputs,
    defaults: !options.noDefaults,
    event: options.event,
    eventName: options.eventName,
    // Without a cwd, the run's own directory is the workspace.
    workspace: options.cwd,
    baseEnv: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? homedir(),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_REPOSITORY_OWNER: 'acme',
      GITHUB_RUN_ID: '1001',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'test',
      GITHUB_SHA: '0'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: options.githubApiUrl ?? 'http://127.0.0.1:9',
    },
    env: options.env,
    prefix: `shipkit-${action}-`,
  });
  tempDirs.push(run.dir);
  const exec = await execAction(run, loaded.main, { node: options.node, timeoutMs: options.timeoutMs ?? 60_000 });
  const files = readRunFiles(run.files);
  const commands = parseCommands(exec.stdout);
  let report: ActionRun['report'];
  if (files.outputs.report && existsSync(files.outputs.report))
    report = JSON.parse(readFileSync(files.outputs.report, 'utf8')) as ActionRun['report'];
  return {
    code: exec.code,
    stdout: exec.stdout,
    stderr: exec.stderr,
    outputs: files.outputs,
    commands,
    errors: commands.filter((c) => c.command === 'error'),
    warnings: commands.filter((c) => c.command === 'warning'),
    notices: commands.filter((c) => c.command === 'notice'),
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
    summary: files.summary,
    report,
    durationMs: exec.durationMs,
    tempDir: run.dir,
  };
}
