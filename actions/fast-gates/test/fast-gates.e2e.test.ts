import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireTool, runBundle, type ActionRun } from '@shipkit/testkit';
import { NODE_PROJECT, commitChange, createProject, pullRequestEvent, removeProjects } from './project';

afterAll(removeProjects);

// Built at run time so this file holds no token-shaped literal (shipkit runs its own secrets gate).
const TOKEN = ['ghp', 'R7xk2Pq9LmN4vB8sT1wY6zC3dF5gH0jK2aQe'].join('_');

interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }[];
    }[];
  }[];
}

/** The SARIF structure code scanning needs: 2.1.0, a named driver per run, results with a file and a line. */
function readSarif(path: string): Sarif {
  const sarif = JSON.parse(readFileSync(path, 'utf8')) as Sarif;
  expect(sarif.version).toBe('2.1.0');
  expect(Array.isArray(sarif.runs)).toBe(true);
  for (const run of sarif.runs) {
    expect(typeof run.tool.driver.name).toBe('string');
    expect(run.tool.driver.name.length).toBeGreaterThan(0);
    for (const result of run.results) {
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
      expect(run.tool.driver.rules.map((r) => r.id)).toContain(result.ruleId);
      expect(result.locations.length).toBeGreaterThan(0);
      const loc = result.locations[0]?.physicalLocation;
      expect(loc?.artifactLocation.uri).toMatch(/^[^/]/);
      expect(loc?.region.startLine).toBeGreaterThan(0);
    }
  }
  return sarif;
}

/** Alive and not a zombie (a container's init may not reap orphans right away). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The bundle as a pull_request workflow runs it: the event names the base and head commits. */
const onPullRequest = (dir: string, base: string, head: string, inputs: Record<string, string>): Promise<ActionRun> =>
  runBundle('fast-gates', { cwd: dir, eventName: 'pull_request', event: pullRequestEvent(base, head), inputs });

const annotationsOf = (run: ActionRun, titlePrefix: string) => run.errors.filter((e) => (e.properties.title ?? '').startsWith(titlePrefix));

describe('fast-gates on a TypeScript project with the real tools', () => {
  it('passes a clean pull request change with every auto-detected gate, and warns over budget with per-gate timings', async () => {
    const { dir, base } = createProject();
    const head = commitChange(dir, { 'src/sub.ts': 'export function sub(a: number, b: number): number {\n  return a - b;\n}\n' });
    const run = await onPullRequest(dir, base, head, { sarif: join(dir, 'out/fast-gates.sarif'), budget: '1ms' });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.passed).toBe('true');
    expect(run.outputs['failed-gates']).toBe('');
    expect(Number(run.outputs['duration-ms'])).toBeGreaterThan(0);
    const gates = run.report?.data.gates as { name: string; status: string; exitCode: number; durationMs: number }[];
    expect(gates.map((g) => g.name).sort()).toEqual(['format', 'lint', 'secrets', 'types']);
    expect(gates.every((g) => g.status === 'passed')).toBe(true);
    expect(run.report?.data.changedOnly).toBe(true);
    expect(run.report?.data.changedFiles).toEqual(['src/sub.ts']);
    expect(readSarif(run.outputs.sarif as string).runs.flatMap((r) => r.results)).toEqual([]);
    // Over budget: a warning naming every gate with its time.
    const budget = run.warnings.find((w) => w.properties.title === 'fast-gates budget');
    expect(budget?.message).toMatch(/over the 1 ms budget: .*types \d/);
    for (const name of ['format', 'lint', 'types', 'secrets']) expect(budget?.message).toContain(name);
    expect(run.summary).toMatch(/\| format \| ✅ passed \|/);
    expect(run.summary).toContain('Over the 1 ms budget');
  });

  it('fails a change with a format slip, a lint error, a type error and a leaked token, at the right lines, without printing the token', async () => {
    const { dir, base } = createProject();
    const head = commitChange(dir, {
      // Line 2: Prettier wants single quotes and no double space.
      'src/format.ts': 'export const a = 1;\nexport const  b = "two";\n',
      // Line 3: @typescript-eslint/no-explicit-any.
      'src/lint.ts': 'export function id(x: number): number {\n  return x;\n}\nexport const loose: any = 1;\n',
      // Line 2, column 14: TS2322.
      'src/types.ts': "export const ok = 1;\nexport const n: number = 'x';\n",
      // A token in a TypeScript file (line 2) and in a file of no particular type (line 3).
      'src/config.ts': `export const url = 'https://api.example.com';\nexport const token = '${TOKEN}';\n`,
      'deploy/notes.txt': `deploy notes\n\nuse ${TOKEN} for the registry\n`,
      // What .secretlintignore excludes stays excluded, in the files and in the added lines.
      '.secretlintignore': 'fixtures/\n',
      'fixtures/sample.txt': `${TOKEN}\n`,
    });
    const run = await onPullRequest(dir, base, head, { 'fail-fast': 'false', sarif: 'reports/gates.sarif' });
    expect(run.code).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect((run.outputs['failed-gates'] ?? '').split(',').sort()).toEqual(['format', 'lint', 'secrets', 'types']);

    const format = annotationsOf(run, 'format:');
    expect(format.map((a) => [a.properties.file, a.properties.line])).toEqual([['src/format.ts', '2']]);
    const lint = annotationsOf(run, 'lint:');
    expect(lint).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({
          file: 'src/lint.ts',
          line: '4',
          col: '21',
          title: 'lint: @typescript-eslint/no-explicit-any',
        }),
      }),
    ]);
    const types = annotationsOf(run, 'types:');
    expect(types.map((a) => [a.properties.file, a.properties.line, a.properties.col, a.properties.title])).toEqual([
      ['src/types.ts', '2', '14', 'types: TS2322'],
    ]);
    const secrets = annotationsOf(run, 'secrets:');
    expect(secrets.map((a) => [a.properties.file, a.properties.line]).sort()).toEqual([
      ['deploy/notes.txt', '3'],
      ['src/config.ts', '2'],
    ]);
    expect(secrets.every((a) => a.properties.title === 'secrets: @secretlint/secretlint-rule-github')).toBe(true);

    // The token appears nowhere: log, summary, report, SARIF.
    const sarifPath = join(dir, 'reports/gates.sarif');
    expect(run.outputs.sarif).toBe(sarifPath);
    const sarifText = readFileSync(sarifPath, 'utf8');
    for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.report), sarifText]) expect(text).not.toContain(TOKEN);
    expect(run.masks).not.toContain(TOKEN);

    const sarif = readSarif(sarifPath);
    const byTool = Object.fromEntries(sarif.runs.map((r) => [r.tool.driver.name, r.results]));
    expect(Object.keys(byTool).sort()).toEqual(['ESLint', 'Prettier', 'TypeScript', 'secretlint']);
    expect(byTool.TypeScript?.[0]).toMatchObject({
      ruleId: 'TS2322',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/types.ts' }, region: { startLine: 2, startColumn: 14 } } }],
    });
    expect(byTool.ESLint?.[0]?.locations[0]?.physicalLocation.region).toMatchObject({ startLine: 4, startColumn: 21 });

    // Summary: one row per gate, then the findings.
    for (const gate of ['format', 'lint', 'types', 'secrets'])
      expect(run.summary).toMatch(new RegExp(`\\| ${gate} \\| ❌ failed \\| 1 error|\\| ${gate} \\| ❌ failed \\| 2 error`));
    expect(run.summary.indexOf('### Findings')).toBeGreaterThan(run.summary.indexOf('| secrets |'));
    expect(run.summary).toContain('src/types.ts:2:14');

    const report = run.report?.data.gates as {
      name: string;
      command: string;
      exitCode: number;
      findings: { file: string; line: number; rule: string }[];
    }[];
    const types2 = report.find((g) => g.name === 'types');
    expect(types2?.command).toContain('tsc -p tsconfig.json --noEmit --pretty false');
    expect(types2?.exitCode).toBe(2);
    expect(report.find((g) => g.name === 'lint')?.command).toMatch(/^eslint -f json .* src\/lint\.ts$|<\d+ changed files>/);
  });
});

describe('fast-gates on a Python project', () => {
  // mypy from the Debian package (CI installs it with the other Debian tools).
  it('runs mypy when it is configured and points at the line and column', async () => {
    requireTool('mypy');
    const { dir } = createProject(
      {
        'pyproject.toml': '[tool.mypy]\nstrict = true\n',
        '.gitignore': '.mypy_cache\n',
        'app/main.py': 'def add(a: int, b: int) -> int:\n    return a + b\n\n\nx: int = add(1, "2")\n',
      },
      { nodeModules: false },
    );
    const run = await runBundle('fast-gates', { cwd: dir, inputs: { sarif: 'gates.sarif' } });
    expect(run.code).toBe(1);
    expect(run.outputs['failed-gates']).toBe('mypy');
    expect(run.errors.map((e) => [e.properties.file, e.properties.line, e.properties.col, e.properties.title])).toEqual([
      ['app/main.py', '5', '17', 'mypy: arg-type'],
    ]);
    expect(readSarif(join(dir, 'gates.sarif')).runs.map((r) => [r.tool.driver.name, r.results.length])).toEqual([['mypy', 1]]);
  });
});

describe('fast-gates gates input', () => {
  it('runs custom gates beside built-in ones: exit code decides, file:line lines become findings, changed files are in the env', async () => {
    const { dir, base } = createProject();
    const head = commitChange(dir, { 'src/todo.ts': 'export const x = 1; // TODO remove\n' });
    writeFileSync(
      join(dir, 'check-todo.sh'),
      'grep -n TODO $FAST_GATES_CHANGED_FILES | sed "s/^\\([0-9]*\\):/src\\/todo.ts:\\1:1: error: /" >&2; ! grep -q TODO $FAST_GATES_CHANGED_FILES\n',
    );
    const run = await onPullRequest(dir, base, head, {
      gates: '- format\n- no-todo: sh check-todo.sh\n- echo: echo "$FAST_GATES_CHANGED_FILES"\n',
      'fail-fast': 'false',
    });
    expect(run.code).toBe(1);
    expect(run.outputs['failed-gates']).toBe('no-todo');
    const gates = run.report?.data.gates as { name: string; status: string; tool: string; exitCode: number }[];
    expect(gates.map((g) => [g.name, g.tool, g.status, g.exitCode])).toEqual([
      ['format', 'Prettier', 'passed', 0],
      ['no-todo', 'custom', 'failed', 1],
      ['echo', 'custom', 'passed', 0],
    ]);
    expect(run.errors).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: 'src/todo.ts', line: '1', col: '1', title: 'no-todo: custom' }),
      }),
    ]);
    expect(run.errors[0]?.message).toContain('TODO remove');
  });

  it('caps annotations the way GitHub shows them and counts the rest in the summary', async () => {
    const many = 'for i in $(seq 1 15); do echo "src/a.ts:$i:1: error: problem $i"; done\necho "src/a.ts:1:1: error: problem 1"\nexit 1\n';
    const { dir } = createProject(
      { 'package.json': '{"name":"x"}\n', 'src/a.ts': 'x\n'.repeat(20), 'many.sh': many },
      { nodeModules: false },
    );
    const run = await runBundle('fast-gates', { cwd: dir, inputs: { gates: '- many: sh many.sh\n' } });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(10);
    expect(run.errors.map((e) => e.properties.line)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    // 16 lines, one repeated: 15 findings after de-duplication.
    expect(run.summary).toContain(
      '16 finding(s): 16 error(s), 0 warning(s), 0 note(s); 10 shown as annotations, 5 not (GitHub shows 10 per level per step)',
    );
    expect(run.report?.data.gates[0].findings).toHaveLength(16);
  });

  it('in a sub-directory project: tools see paths relative to it, annotations paths relative to the repository', async () => {
    const { dir, base } = createProject(
      { 'README.md': '# repo\n', 'web/package.json': '{"name":"web"}\n', 'web/src/a.ts': 'x\n' },
      { nodeModules: false },
    );
    const head = commitChange(dir, {
      'README.md': '# repo!\n',
      'web/src/a.ts': 'y\n',
      'web/report.sh': 'echo "$FAST_GATES_CHANGED_FILES" | sed "s/$/:1:1: error: changed/"\nexit 1\n',
    });
    const run = await onPullRequest(dir, base, head, { 'working-directory': 'web', gates: '- changed: sh report.sh\n' });
    expect(run.code).toBe(1);
    expect(run.report?.data.changedFiles).toEqual(['report.sh', 'src/a.ts']);
    expect(run.errors.map((e) => e.properties.file).sort()).toEqual(['web/report.sh', 'web/src/a.ts']);
  });

  it('fail-fast stops the other gates, kills their process trees and reports them as cancelled', async () => {
    const { dir } = createProject({ 'package.json': '{"name":"x"}\n' }, { nodeModules: false });
    const run = await runBundle('fast-gates', {
      cwd: dir,
      inputs: {
        gates:
          '- slow: "sleep 30 & echo $! > grandchild.pid; echo $$ > child.pid; wait"\n- broken: sleep 1; echo "it broke"; exit 3\n- later: echo never\n',
        parallel: 2,
      },
    });
    expect(run.code).toBe(1);
    expect(run.durationMs).toBeLessThan(15_000);
    const gates = run.report?.data.gates as { name: string; status: string; exitCode: number | null }[];
    expect(gates.map((g) => [g.name, g.status, g.exitCode])).toEqual([
      ['slow', 'cancelled', null],
      ['broken', 'failed', 3],
      ['later', 'cancelled', null],
    ]);
    expect(run.outputs['failed-gates']).toBe('broken');
    expect(run.summary).toMatch(/\| slow \| ⏹️ cancelled \|/);
    expect(run.errors.find((e) => e.properties.title === 'broken: broken')?.message).toContain('it broke');
    // Neither the shell nor the sleep it started in the background survived.
    for (const file of ['child.pid', 'grandchild.pid']) {
      const pid = Number(readFileSync(join(dir, file), 'utf8'));
      expect(running(pid), `${file} ${pid}`).toBe(false);
    }
  });

  it('rejects an unknown gate with one error saying how to fix it', async () => {
    const { dir } = createProject();
    const run = await runBundle('fast-gates', { cwd: dir, inputs: { gates: '[format, spellcheck]' } });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.message).toMatch(
      /unknown gate `spellcheck`.*built-in gates are `format`.*`spellcheck: <command>`.*drop `spellcheck` from `gates`/,
    );
    expect(run.errors[0]?.properties.title).toBe('Invalid gates');
    expect(run.stdout).not.toMatch(/at .*index\.js/);
  });

  it('names a missing tool and how to install it or drop the gate', async () => {
    const { dir } = createProject(
      { 'package.json': '{"name":"x"}\n', 'package-lock.json': '{}\n', 'pyproject.toml': '[tool.ruff]\nline-length = 100\n' },
      { nodeModules: false },
    );
    const run = await runBundle('fast-gates', {
      cwd: dir,
      inputs: { gates: '- lint\n- ruff\n' },
      env: { PATH: '/usr/bin:/bin' },
      node: process.execPath,
    });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    const message = run.errors[0]?.message ?? '';
    expect(message).toContain('the `lint` gate needs ESLint, which is not installed');
    expect(message).toContain('npm install --save-dev eslint');
    expect(message).toContain('drop `lint` from `gates`');
    expect(message).toContain('the `ruff` gate needs Ruff');
    expect(message).toContain('pip install ruff');
  });

  it('says when a tool the project lists is not installed, in auto mode', async () => {
    const { dir } = createProject({ ...NODE_PROJECT, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, { nodeModules: false });
    const run = await runBundle('fast-gates', { cwd: dir, env: { PATH: '/usr/bin:/bin' } });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.message).toMatch(
      /the `format` gate needs Prettier, which is listed by the project but not installed.*run `pnpm install --frozen-lockfile` before fast-gates, or list the gates you want instead of `auto`/,
    );
  });

  it('rejects bad inputs in one error naming each input', async () => {
    const { dir } = createProject({ 'package.json': '{"name":"x"}\n' }, { nodeModules: false });
    const run = await runBundle('fast-gates', {
      cwd: dir,
      inputs: { 'changed-only': 'maybe', parallel: '0', budget: 'soon', gates: '[format' },
    });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    const message = run.errors[0]?.message ?? '';
    for (const input of ['changed-only', 'parallel', 'budget', 'gates']) expect(message).toContain(`input \`${input}\``);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('rejects a working directory that does not exist', async () => {
    const { dir } = createProject({ 'package.json': '{"name":"x"}\n' }, { nodeModules: false });
    const run = await runBundle('fast-gates', { cwd: dir, inputs: { 'working-directory': 'nope' } });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.message).toMatch(/`nope` does not exist; set it to the project's directory/);
  });
});
