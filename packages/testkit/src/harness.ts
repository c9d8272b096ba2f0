/**
 * Runs an action's committed bundle exactly as the runner does: `node dist/<name>/index.js` with
 * INPUT_* (action.yml defaults applied), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH,
 * GITHUB_API_URL and friends. Returns the exit code, outputs, workflow commands and summary.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readActionYml, repoRoot } from './action-yml';
import { parseCommands, parseOutputFile, type WorkflowCommand } from '@shipkit/cli/workflow-commands';

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
  return join(repoRoot, 'dist', action, 'index.js');
}

export async function runBundle(action: string, options: RunOptions = {}): Promise<ActionRun> {
  const bundle = bundlePath(action);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run \`npm run build\` first`);
  const yml = readActionYml(action);
  const temp = mkdtempSync(join(tmpdir(), `shipkit-${action}-`));
  tempDirs.push(temp);
  const outputFile = join(temp, 'output');
  const summaryFile = join(temp, 'summary.md');
  const eventFile = join(temp, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(options.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'test',
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.githubApiUrl ?? 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: options.cwd ?? temp,
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
  };
  if (!options.noDefaults)
    for (const [name, spec] of Object.entries(yml.inputs))
      if (spec.default !== undefined) env[`INPUT_${name.toUpperCase()}`] = spec.default.includes('${{') ? '' : spec.default;
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[`INPUT_${name.toUpperCase()}`] = String(value);
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const started = Date.now();
  const child = spawn(options.node ?? process.execPath, [bundle], { cwd: options.cwd ?? temp, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number>((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
  clearTimeout(timeout);
  const stdout = Buffer.concat(out).toString('utf8');
  const commands = parseCommands(stdout);
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
  let report: ActionRun['report'];
  if (outputs.report && existsSync(outputs.report)) report = JSON.parse(readFileSync(outputs.report, 'utf8')) as ActionRun['report'];
  return {
    code,
    stdout,
    stderr: Buffer.concat(err).toString('utf8'),
    outputs,
    commands,
    errors: commands.filter((c) => c.command === 'error'),
    warnings: commands.filter((c) => c.command === 'warning'),
    notices: commands.filter((c) => c.command === 'notice'),
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
    summary: readFileSync(summaryFile, 'utf8'),
    report,
    durationMs: Date.now() - started,
    tempDir: temp,
  };
}
