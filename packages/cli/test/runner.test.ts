/** The runner contract: what an action's process is given, checked field by field, and one real process started through it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputEnvName as kitInputEnvName } from '@shipkit/kit';
import { actionNames as testkitActionNames, readActionYml as testkitReadActionYml, repoRoot } from '@shipkit/testkit';
import {
  CANCEL_SIGTERM_MS,
  DEFAULT_EVENT_NAME,
  actionNames,
  evaluateDefault,
  execAction,
  inputEnvName,
  inputVariables,
  loadAction,
  prepareRun,
  readActionYml,
  readRunFiles,
  type PreparedRun,
} from '../src/runner.ts';

const runs: PreparedRun[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const r of runs.splice(0)) r.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'runner-test-'));
  dirs.push(d);
  return d;
};

const action = {
  inputs: {
    url: { description: 'u' },
    'wait-timeout': { default: '60s' },
    'github-token': { default: '${{ github.token }}' },
    'other token': { default: '${{ secrets.GITHUB_TOKEN }}' },
    sha: { default: '${{ github.event.pull_request.head.sha }}' },
    mixed: { default: 'pr-${{ github.run_id }}' },
  },
};

describe('INPUT_* names', () => {
  it('turns spaces into underscores and upper-cases, keeping hyphens, as the runner does', () => {
    expect(inputEnvName('wait-timeout')).toBe('INPUT_WAIT-TIMEOUT');
    expect(inputEnvName('my input name')).toBe('INPUT_MY_INPUT_NAME');
    expect(inputEnvName('Mixed Case-x')).toBe('INPUT_MIXED_CASE-X');
  });

  it('agrees with the name the kit reads inputs from', () => {
    for (const name of ['url', 'wait-timeout', 'my input name', 'a  b', 'Ünï-code x'])
      expect(inputEnvName(name)).toBe(kitInputEnvName(name));
  });
});

describe('defaults', () => {
  it('maps the token expressions to the token and every other expression to empty', () => {
    expect(evaluateDefault('${{ github.token }}', 'tok')).toBe('tok');
    expect(evaluateDefault('${{github.token}}', 'tok')).toBe('tok');
    expect(evaluateDefault('${{ secrets.GITHUB_TOKEN }}', 'tok')).toBe('tok');
    expect(evaluateDefault('${{ github.event.pull_request.base.sha }}', 'tok')).toBe('');
    expect(evaluateDefault('x-${{ github.token }}', 'tok')).toBe('');
    expect(evaluateDefault('60s', 'tok')).toBe('60s');
    expect(evaluateDefault(undefined, 'tok')).toBe('');
  });

  it('sets every declared input (empty when it has no default); given values win, undeclared ones pass', () => {
    expect(inputVariables(action, { url: 'http://x', extra: 3, 'wait-timeout': undefined }, { token: 't' })).toEqual({
      INPUT_URL: 'http://x',
      'INPUT_WAIT-TIMEOUT': '60s',
      'INPUT_GITHUB-TOKEN': 't',
      INPUT_OTHER_TOKEN: 't',
      INPUT_SHA: '',
      INPUT_MIXED: '',
      INPUT_EXTRA: '3',
    });
    expect(inputVariables(action, { url: true }, { token: 't', defaults: false })).toEqual({ INPUT_URL: 'true' });
  });
});

describe('prepareRun', () => {
  it('creates the runner files and the environment the runner gives a step', () => {
    const workspace = tempDir();
    const run = prepareRun({ action, inputs: { url: 'http://127.0.0.1:1' }, workspace, baseEnv: { PATH: '/bin', KEEP: 'me' } });
    runs.push(run);
    const e = run.env;
    expect(e).toMatchObject({
      PATH: '/bin',
      KEEP: 'me',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: DEFAULT_EVENT_NAME,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: run.dir,
      INPUT_URL: 'http://127.0.0.1:1',
      'INPUT_GITHUB-TOKEN': '',
    });
    expect(DEFAULT_EVENT_NAME).toBe('workflow_dispatch');
    expect(e.RUNNER_OS).toMatch(/^(Linux|macOS|Windows)$/);
    expect(run.cwd).toBe(workspace);
    for (const [variable, file] of [
      ['GITHUB_OUTPUT', run.files.output],
      ['GITHUB_STEP_SUMMARY', run.files.summary],
      ['GITHUB_STATE', run.files.state],
      ['GITHUB_ENV', run.files.env],
      ['GITHUB_PATH', run.files.path],
    ] as const) {
      expect(e[variable]).toBe(file);
      expect(readFileSync(file, 'utf8')).toBe('');
      expect(file.startsWith(run.dir)).toBe(true);
    }
    expect(JSON.parse(readFileSync(e.GITHUB_EVENT_PATH ?? '', 'utf8'))).toEqual({});
    run.dispose();
    expect(existsSync(run.dir)).toBe(false);
  });

  it('replaces the job environment’s INPUT_* and runner variables, takes the token from it, and applies overrides last', () => {
    const run = prepareRun({
      action,
      event: { pull_request: { number: 7 } },
      eventName: 'pull_request',
      baseEnv: { INPUT_STALE: 'x', GITHUB_OUTPUT: '/elsewhere', GITHUB_TOKEN: 'from-env', UNSET: undefined },
      env: { GITHUB_REPOSITORY: 'acme/shop', CI: undefined },
    });
    runs.push(run);
    expect(run.env.INPUT_STALE).toBeUndefined();
    expect(run.env.GITHUB_OUTPUT).toBe(run.files.output);
    expect(run.env['INPUT_GITHUB-TOKEN']).toBe('from-env');
    expect(run.env.GITHUB_REPOSITORY).toBe('acme/shop');
    expect('CI' in run.env).toBe(false);
    expect('UNSET' in run.env).toBe(false);
    expect(run.env.GITHUB_EVENT_NAME).toBe('pull_request');
    expect(run.env.GITHUB_WORKSPACE).toBe(run.dir);
    expect(JSON.parse(readFileSync(run.files.event, 'utf8'))).toEqual({ pull_request: { number: 7 } });
  });

  it('prefers an explicit token, then a GITHUB_TOKEN override, to the job environment’s', () => {
    const explicit = prepareRun({ action, token: 'explicit', baseEnv: { GITHUB_TOKEN: 'env' } });
    const overridden = prepareRun({ action, baseEnv: { GITHUB_TOKEN: 'env' }, env: { GITHUB_TOKEN: 'override' } });
    runs.push(explicit, overridden);
    expect(explicit.env['INPUT_GITHUB-TOKEN']).toBe('explicit');
    expect(overridden.env['INPUT_GITHUB-TOKEN']).toBe('override');
  });
});

describe('execAction and readRunFiles', () => {
  it('starts node on the main file in the workspace and reads every file command back', async () => {
    const dir = tempDir();
    const main = join(dir, 'main.mjs');
    writeFileSync(
      main,
      [
        "import { appendFileSync } from 'node:fs';",
        'const e = process.env;',
        'appendFileSync(e.GITHUB_OUTPUT, `cwd=${process.cwd()}\\nurl<<EOF\\n${e.INPUT_URL}\\nEOF\\n`);',
        "appendFileSync(e.GITHUB_STATE, 'pid=1\\n');",
        "appendFileSync(e.GITHUB_ENV, 'FOO<<X\\nbar\\nX\\n');",
        "appendFileSync(e.GITHUB_PATH, '/opt/tool/bin\\n');",
        "appendFileSync(e.GITHUB_STEP_SUMMARY, '## hi\\n');",
        "console.log('line one');",
        "process.stdout.write('::notice::no newline at the end');",
        "console.error('to stderr');",
        'process.exitCode = 3;',
      ].join('\n'),
    );
    const run = prepareRun({ action, inputs: { url: 'http://a' }, workspace: dir });
    runs.push(run);
    const lines: string[] = [];
    const r = await execAction(run, main, { onLine: (l) => lines.push(l) });
    expect(r.code).toBe(3);
    expect(r.signal).toBeNull();
    expect(lines).toEqual(['line one', '::notice::no newline at the end']);
    expect(r.stderr).toBe('to stderr\n');
    expect(readRunFiles(run.files)).toEqual({
      outputs: { cwd: dir, url: 'http://a' },
      summary: '## hi\n',
      state: { pid: '1' },
      exportedEnv: { FOO: 'bar' },
      addedPath: ['/opt/tool/bin'],
    });
  });

  it('kills an action past its time-out and reports the signal as 128 + its number', async () => {
    const dir = tempDir();
    const main = join(dir, 'hang.mjs');
    writeFileSync(main, 'setInterval(() => {}, 1000);\n');
    const run = prepareRun({ action, workspace: dir });
    runs.push(run);
    const r = await execAction(run, main, { timeoutMs: 200 });
    expect(r.signal).toBe('SIGKILL');
    expect(r.code).toBe(137);
  });

  it('cancels as the runner cancels a job: SIGINT first', async () => {
    const dir = tempDir();
    const main = join(dir, 'wait.mjs');
    writeFileSync(
      main,
      "process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(130); });\nsetInterval(() => {}, 1000);\nconsole.log('ready');\n",
    );
    const run = prepareRun({ action, workspace: dir });
    runs.push(run);
    const cancel = new AbortController();
    const r = await execAction(run, main, { signal: cancel.signal, onLine: (l) => l === 'ready' && cancel.abort() });
    expect(r.stdout).toBe('ready\ngot SIGINT\n');
    expect(r.code).toBe(130);
  });

  it('then SIGTERM, 7.5 s later, when the action ignores SIGINT', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const dir = tempDir();
      const main = join(dir, 'stubborn.mjs');
      writeFileSync(
        main,
        "process.on('SIGINT', () => console.log('ignoring SIGINT'));\nprocess.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(143); });\nsetInterval(() => {}, 1000);\nconsole.log('ready');\n",
      );
      const run = prepareRun({ action, workspace: dir });
      runs.push(run);
      const cancel = new AbortController();
      const lines: string[] = [];
      const r = await execAction(run, main, {
        signal: cancel.signal,
        onLine: (l) => {
          lines.push(l);
          if (l === 'ready') cancel.abort();
          if (l === 'ignoring SIGINT') vi.advanceTimersByTime(CANCEL_SIGTERM_MS);
        },
      });
      expect(lines).toEqual(['ready', 'ignoring SIGINT', 'got SIGTERM']);
      expect(r.code).toBe(143);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('action.yml', () => {
  it('reads every action of the repository, with runs.main resolved against its folder and defaults as strings', () => {
    const names = actionNames(repoRoot);
    expect(names).toEqual(testkitActionNames());
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const loaded = loadAction(repoRoot, name);
      expect(loaded?.main).toBe(join(repoRoot, 'dist', name, 'index.js'));
      expect(loaded?.metadata).toEqual(testkitReadActionYml(name));
      for (const spec of Object.values(loaded?.metadata.inputs ?? {}))
        if (spec.default !== undefined) expect(typeof spec.default).toBe('string');
    }
    expect(loadAction(repoRoot, 'no-such-action')).toBeUndefined();
    expect(loadAction(repoRoot, '../packages')).toBeUndefined();
  });

  it('refuses a file that is not an action.yml', () => {
    const file = join(tempDir(), 'action.yml');
    writeFileSync(file, 'name: x\n');
    expect(() => readActionYml(file)).toThrow(/needs `runs.main`/);
    writeFileSync(file, 'inputs:\n  n:\n    default: 2\nruns:\n  using: node24\n  main: index.js\n');
    expect(readActionYml(file).inputs.n?.default).toBe('2');
  });
});
