/**
 * The committed bundle, run as the runner runs it, with the real StrykerJS + vitest runner on a
 * small project with a real git history (see ./project.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBundle, type ActionRun } from '@shipkit/testkit';
import { edit, fixtureProject, gitIn, makeProject, tempDir, tempDirs, typicalChange } from './project';
import { startCacheService } from './cache-service';

const STRYKER_TIMEOUT = 100_000;

// node_modules in the projects are symlinks: removing the temp dirs leaves the repository's alone.
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Mutant {
  location: { start: { line: number } };
  status: string;
}

const mutantsByFile = (run: ActionRun): Record<string, Mutant[]> =>
  Object.fromEntries(
    Object.entries(run.report?.data.mutationReport.files as Record<string, { mutants: Mutant[] }>).map(([file, f]) => [file, f.mutants]),
  );

const expectOneCleanError = (run: ActionRun, pattern: RegExp): void => {
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]?.message).toMatch(pattern);
  // No stack trace from the action (Stryker's own log, inside its ::group::, may carry one).
  const ours = `${run.stdout.replace(/::group::[\s\S]*?::endgroup::/g, '')}\n${run.stderr}`;
  expect(ours).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
};

// The change of `typicalChange`: price.ts gains lines 11-16, cart.ts line 12 is modified.
const CHANGED: Record<string, [number, number][]> = { 'src/price.ts': [[11, 16]], 'src/cart.ts': [[12, 12]] };
const onChangedLine = (file: string, line: number): boolean => (CHANGED[file] ?? []).some(([a, b]) => line >= a && line <= b);

describe('mutation-changed with the real Stryker', () => {
  const project = makeProject(typicalChange);
  let single: ActionRun;

  it('mutates only the changed ranges of a pull request and gates on them', { timeout: STRYKER_TIMEOUT }, async () => {
    single = await runBundle('mutation-changed', {
      cwd: project.dir,
      eventName: 'pull_request',
      event: { pull_request: { number: 7, base: { sha: project.base, ref: 'main' }, head: { sha: project.head } } },
      timeoutMs: STRYKER_TIMEOUT,
    });
    expect(single.errors, single.stdout).toEqual([]);
    // Stryker itself mutated nothing outside the change: every mutant in its report starts on a changed line.
    const files = mutantsByFile(single);
    expect(Object.keys(files).sort()).toEqual(['src/cart.ts', 'src/price.ts']);
    for (const [file, mutants] of Object.entries(files))
      for (const m of mutants) expect(onChangedLine(file, m.location.start.line)).toBe(true);
    expect(single.stdout).toMatch(/--mutate=src\/cart\.ts:12-12,src\/price\.ts:11-16 /);
    // cart.ts:12 `total > 0 ? total : 0`: 2 killed, 2 survived; the untested clamp(): 9 without coverage.
    expect(single.outputs).toMatchObject({
      score: '15.38',
      killed: '2',
      survived: '2',
      'no-coverage': '9',
      'timed-out': '0',
      total: '13',
      passed: 'false',
      'changed-files': '2',
    });
    expect(single.code).toBe(1);
    expect(single.report?.verdict).toBe('fail');
    const survivor = single.warnings.find((w) => w.message.includes('`total > 0` → `true`'));
    expect(survivor?.properties).toMatchObject({ file: 'src/cart.ts', line: '12', title: 'Surviving mutant' });
    expect(single.warnings.filter((w) => w.properties.title === 'Mutant without coverage').length).toBeGreaterThan(0);
    expect(single.warnings).toHaveLength(10); // capped; the rest is counted in the summary
    expect(single.summary).toContain('| `src/cart.ts` | 50.00 % | 2 | 0 | 2 | 0 | 0 |');
    expect(single.summary).toContain('| `src/price.ts` | 0.00 % | 0 | 0 | 0 | 9 | 0 |');
    expect(single.summary).toMatch(/1 more surviving\/uncovered mutant/);
    // No Actions cache service in this environment: the incremental file stays in the project, and the summary says so.
    expect(single.summary).toMatch(/no Actions cache service here; Stryker keeps its incremental file locally/);
    expect(existsSync(join(project.dir, 'reports', 'stryker-incremental.json'))).toBe(true);
  });

  it('with `scope: files` mutates the whole files but still counts only the changed lines', { timeout: STRYKER_TIMEOUT }, async () => {
    const run = await runBundle('mutation-changed', {
      cwd: project.dir,
      inputs: { base: 'main', scope: 'files', 'min-score': '15', incremental: 'false' },
      timeoutMs: STRYKER_TIMEOUT,
    });
    expect(run.errors, run.stdout).toEqual([]);
    const all = Object.entries(mutantsByFile(run)).flatMap(([file, ms]) => ms.map((m) => onChangedLine(file, m.location.start.line)));
    expect(all.filter((changed) => !changed).length).toBeGreaterThan(0); // unchanged code was mutated too …
    expect(run.outputs).toMatchObject({ score: '15.38', killed: '2', survived: '2', 'no-coverage': '9', passed: 'true' }); // … and not counted
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/mutant\(s\) outside the changed lines were not counted/);
  });

  it('two shards plus `merge` give the verdict of one job', { timeout: 2 * STRYKER_TIMEOUT }, async () => {
    const shards: ActionRun[] = [];
    for (const index of [0, 1])
      shards.push(
        await runBundle('mutation-changed', {
          cwd: project.dir,
          inputs: { base: 'main', 'shard-index': index, 'shard-count': 2, incremental: 'false' },
          timeoutMs: STRYKER_TIMEOUT,
        }),
      );
    const mutated = shards.map((s) => s.report?.data.mutated as string[]);
    expect(mutated.every((m) => m.length > 0)).toBe(true);
    expect(mutated.flat().sort()).toEqual(['src/cart.ts:12-12', 'src/price.ts:11-16']);
    const dir = join(project.dir, 'shard-reports');
    mkdirSync(dir);
    shards.forEach((s, i) => copyFileSync(s.outputs.report as string, join(dir, `shard-${i}.json`)));
    const merged = await runBundle('mutation-changed', { cwd: project.dir, inputs: { merge: 'shard-reports/*.json' } });
    for (const key of ['score', 'killed', 'timed-out', 'total', 'passed', 'changed-files'])
      expect(merged.outputs[key], key).toBe(single.outputs[key]);
    // Undetected either way. (A shard whose tests cover none of its mutants gets them reported as
    // Survived rather than NoCoverage by Stryker, which then runs every test against them.)
    const undetected = (r: ActionRun): number => Number(r.outputs.survived) + Number(r.outputs['no-coverage']);
    expect(undetected(merged)).toBe(undetected(single));
    expect(merged.code).toBe(single.code);
    expect(merged.summary).toContain('Merged 2 shard report(s).');

    // A missing shard is an error, not a pass on half the mutants.
    writeFileSync(join(dir, 'shard-1.json'), readFileSync(join(dir, 'shard-0.json')));
    expectOneCleanError(
      await runBundle('mutation-changed', { cwd: project.dir, inputs: { merge: 'shard-reports/*.json' } }),
      /found reports for 1 of 2 shards; shard 1 is missing/,
    );
    // Reports of another sharding (the single job's) are not silently mixed in.
    copyFileSync(shards[1]?.outputs.report as string, join(dir, 'shard-1.json'));
    copyFileSync(single.outputs.report as string, join(dir, 'single.json'));
    expectOneCleanError(
      await runBundle('mutation-changed', { cwd: project.dir, inputs: { merge: 'shard-reports/*.json' } }),
      /matched reports of different shardings \(shard-count 2 and 1\)/,
    );
  });
});

describe('gating an existing report (nothing is run)', () => {
  // The committed report is Stryker's for `--mutate src/price.ts:3-4` of the fixture; the change touches line 4 only.
  const project = makeProject((dir) => {
    copyFileSync(join(import.meta.dirname, 'fixtures', 'stryker-report.json'), join(dir, 'mutation.json'));
    edit(dir, 'src/price.ts', (t) => t.replace('percent >= 100', 'percent >= 100 '));
  });

  it('counts the mutants on the changed line only', async () => {
    const run = await runBundle('mutation-changed', { cwd: project.dir, inputs: { base: project.base, report: 'mutation.json' } });
    expect(run.errors, run.stdout).toEqual([]);
    expect(run.stdout).not.toMatch(/stryker run/);
    expect(run.outputs).toMatchObject({ score: '50.00', killed: '2', survived: '2', total: '4', passed: 'false' });
    expect(run.warnings.map((w) => w.message).sort()).toEqual([
      'ConditionalExpression: `percent >= 100` → `false` survived: no test failed',
      'EqualityOperator: `percent >= 100` → `percent > 100` survived: no test failed',
    ]);
    expect(run.summary).toMatch(/4 mutant\(s\) outside the changed lines were not counted/);
  });

  it('passes with a notice when no valid mutant sits on the change', async () => {
    const run = await runBundle('mutation-changed', {
      cwd: project.dir,
      inputs: { base: project.base, report: 'mutation.json', mutate: 'src/cart.ts' },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ score: '', passed: 'true', total: '0', 'changed-files': '0' });
    expect(run.notices.map((n) => n.message)).toEqual(['No changed file is eligible for mutation (see `mutate`); nothing to gate.']);
  });

  it('bad input: a missing report', async () => {
    const run = await runBundle('mutation-changed', { cwd: project.dir, inputs: { base: project.base, report: 'nope.json' } });
    expectOneCleanError(run, /the report `nope.json` does not exist/);
  });

  it('bad input: a broken report', async () => {
    writeFileSync(join(project.dir, 'broken.json'), '{"schemaVersion": "2", "files": {');
    const run = await runBundle('mutation-changed', { cwd: project.dir, inputs: { base: project.base, report: 'broken.json' } });
    expectOneCleanError(run, /the report `broken.json` is not valid JSON/);
  });

  it('bad input: bad ranges (a mutant location that ends before it starts, a shard out of range)', async () => {
    const report = JSON.parse(readFileSync(join(project.dir, 'mutation.json'), 'utf8')) as {
      files: Record<string, { mutants: { location: { end: { line: number } } }[] }>;
    };
    (report.files['src/price.ts']?.mutants[0] as { location: { end: { line: number } } }).location.end.line = 1;
    writeFileSync(join(project.dir, 'bad-range.json'), JSON.stringify(report));
    expectOneCleanError(
      await runBundle('mutation-changed', { cwd: project.dir, inputs: { base: project.base, report: 'bad-range.json' } }),
      /bad location range: it ends \(1:\d+\) before it starts \(3:\d+\)/,
    );
    expectOneCleanError(
      await runBundle('mutation-changed', { cwd: project.dir, inputs: { base: project.base, 'shard-index': 2, 'shard-count': 2 } }),
      /`shard-index` 2 is out of range for `shard-count` 2/,
    );
  });

  it('works on a package of a monorepo (`working-directory`), annotating repository paths', async () => {
    const root = tempDir('shipkit-mutation-monorepo-');
    const pkg = join(root, 'packages', 'shop');
    cpSync(fixtureProject, pkg, { recursive: true });
    copyFileSync(join(import.meta.dirname, 'fixtures', 'stryker-report.json'), join(pkg, 'mutation.json'));
    gitIn(root, 'init', '-q', '-b', 'main');
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-q', '-m', 'base');
    edit(pkg, 'src/price.ts', (t) => t.replace('percent >= 100', 'percent >= 100 '));
    gitIn(root, 'commit', '-q', '-am', 'change');
    const run = await runBundle('mutation-changed', {
      cwd: root,
      inputs: { base: 'main~1', report: 'mutation.json', 'working-directory': 'packages/shop' },
    });
    expect(run.errors, run.stdout).toEqual([]);
    expect(run.outputs).toMatchObject({ score: '50.00', total: '4', 'changed-files': '1' });
    expect(run.warnings.map((w) => w.properties.file)).toEqual(['packages/shop/src/price.ts', 'packages/shop/src/price.ts']);
    expectOneCleanError(
      await runBundle('mutation-changed', { cwd: root, inputs: { base: 'main~1', 'working-directory': 'packages/nope' } }),
      /`working-directory` `packages\/nope` is not a directory/,
    );
  });

  it('bad input: a `mutate` that matches no file of the project, the default included, and a malformed glob', async () => {
    const lib = makeProject((dir) => {
      gitIn(dir, 'mv', 'src', 'lib');
      edit(dir, 'lib/price.ts', (t) => `${t}\nexport const one = 1;\n`);
    });
    expectOneCleanError(
      await runBundle('mutation-changed', { cwd: lib.dir, inputs: { base: lib.base, report: 'mutation.json' } }),
      /`mutate` \(the default, `src\/\*\*\/\*\.\{ts,tsx,js,jsx,mts,mjs\}`\) matches no file in .*; the project's code is in `lib\/`: set `mutate` to e\.g\. `lib\/\*\*\/\*\.\{ts,js\}`/,
    );
    const run = await runBundle('mutation-changed', { cwd: project.dir, inputs: { base: project.base, mutate: '[' } });
    expectOneCleanError(run, /`mutate`: the glob `\[` has an unclosed `\[`/);
    expect(run.errors[0]?.properties.title).toBe('Invalid mutate');
  });

  it('bad input: a report outside the workspace is refused unread, also through a symlink', async () => {
    for (const report of ['../../../../../../../../etc/passwd', 'linked.json']) {
      if (report === 'linked.json') symlinkSync('/etc/passwd', join(project.dir, 'linked.json'));
      const run = await runBundle('mutation-changed', { cwd: project.dir, inputs: { base: project.base, report } });
      expectOneCleanError(run, /`report`: `.*` resolves to \/etc\/passwd.*, outside the workspace/);
      expect(run.stdout).not.toMatch(/root:/);
    }
  });

  it('bad input: a base that looks like a git option is refused, and the command in it never runs', async () => {
    const origin = makeProject(typicalChange);
    gitIn(origin.dir, 'remote', 'add', 'origin', origin.dir);
    const marker = join(tempDir('shipkit-mutation-pwned-'), 'pwned');
    const run = await runBundle('mutation-changed', {
      cwd: origin.dir,
      inputs: { base: `--upload-pack=touch ${marker}`, report: 'mutation.json' },
    });
    expectOneCleanError(run, /`base` is `--upload-pack=touch .*`, which starts with `-`: git would read it as an option/);
    expect(existsSync(marker)).toBe(false);
  });

  it('bad input: no base on a push without `before`', async () => {
    const run = await runBundle('mutation-changed', { cwd: project.dir, inputs: { report: 'mutation.json' } });
    expectOneCleanError(run, /no base to compare with/);
  });
});

describe('Stryker missing, crashing, or out of time', () => {
  it('bad input: Stryker not installed', async () => {
    const project = makeProject(typicalChange, { linkModules: false });
    const run = await runBundle('mutation-changed', { cwd: project.dir, inputs: { base: 'main' } });
    expectOneCleanError(run, /StrykerJS is not installed in .*npm install --save-dev @stryker-mutator\/core/);
  });

  it(
    'bad input: a failing test in the initial run is named; the tests run in the user’s environment, without the action’s inputs',
    { timeout: STRYKER_TIMEOUT },
    async () => {
      const project = makeProject((dir) => {
        typicalChange(dir);
        // The one failing test fails on its last line, reporting the inputs it saw. Tests of a
        // CLI's output depend on the colour variables, so the action must not set any; the code
        // under test is the pull request's, so it must not see the action's inputs (the token
        // among them). It imports the changed code, or Stryker's vitest runner would not run it.
        writeFileSync(
          join(dir, 'test/env.spec.ts'),
          [
            "import { it, expect } from 'vitest';",
            "import { subtotal } from '../src/cart';",
            "it('reports the environment it was given', () => {",
            "  expect(subtotal).toBeTypeOf('function');",
            '  expect(process.env.NO_COLOR).toBeUndefined();',
            "  expect(process.env.SHIPKIT_TEST_MARKER).toBe('as given');",
            "  const inputs = Object.keys(process.env).filter((k) => k.startsWith('INPUT_'));",
            "  expect(inputs.join(',') || 'no inputs').toBe('reported');",
            '});',
            '',
          ].join('\n'),
        );
      });
      const run = await runBundle('mutation-changed', {
        cwd: project.dir,
        inputs: { base: 'main', 'github-token': 'token-for-the-fetch-only' },
        env: { SHIPKIT_TEST_MARKER: 'as given' },
        timeoutMs: STRYKER_TIMEOUT,
      });
      expectOneCleanError(
        run,
        /^the initial test run failed: 1 test\(s\) fail without any mutant, so no mutant can be tested: `[^`]*reports the environment it was given` \(/,
      );
      // It got to its last line: no colour variable, the marker as given, and none of the action's inputs.
      expect(run.errors[0]?.message).toContain("expected 'no inputs' to be 'reported'");
    },
  );

  it('stops at the time budget and gates on what finished, saying so', { timeout: STRYKER_TIMEOUT }, async () => {
    // Every test of the changed code now takes 1.5 s, so 13 mutants cannot finish in 8 s.
    const project = makeProject((dir) => {
      typicalChange(dir);
      // A temp dir from an earlier run: what is in it stays, what this run adds goes.
      mkdirSync(join(dir, '.stryker-tmp', 'sandbox-earlier'), { recursive: true });
      writeFileSync(
        join(dir, 'test/slow.spec.ts'),
        "import { it, expect } from 'vitest';\nimport { clamp } from '../src/price';\nimport { subtotal } from '../src/cart';\n" +
          "it('is slow', async () => {\n  await new Promise((r) => setTimeout(r, 1500));\n  expect(clamp(5, 0, 10)).toBe(5);\n  expect(subtotal([])).toBe(0);\n});\n",
      );
    });
    const run = await runBundle('mutation-changed', {
      cwd: project.dir,
      inputs: { base: 'main', 'time-budget': '8s', 'min-score': '0' },
      timeoutMs: STRYKER_TIMEOUT,
    });
    expect(run.durationMs).toBeLessThan(30_000);
    const stopped = run.warnings.find((w) => w.properties.title === 'Mutation testing stopped');
    expect(stopped?.message).toMatch(/time budget of 8\.00 s exceeded: Stryker was stopped after .*; the gate counts the \d+/);
    expect(run.report?.data.complete).toBe(false);
    expect(Number(run.outputs.total)).toBeLessThan(13);
    expect(run.summary).toMatch(/⏱ Time budget of 8\.00 s exceeded/);
    expect(readdirSync(join(project.dir, '.stryker-tmp'))).toEqual(['sandbox-earlier']);
  });

  it(
    'a budget that leaves nothing on the change tested fails, unless `on-budget-exhausted: pass`',
    { timeout: STRYKER_TIMEOUT },
    async () => {
      const project = makeProject(typicalChange);
      const failed = await runBundle('mutation-changed', {
        cwd: project.dir,
        inputs: { base: 'main', 'time-budget': '1s' },
        timeoutMs: STRYKER_TIMEOUT,
      });
      expect(failed.code).toBe(1);
      expect(failed.outputs.passed).toBe('false');
      expect(failed.outputs.total).toBe('0');
      expect(failed.errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/^The time budget ran out before any mutant on a changed line was tested.*`on-budget-exhausted: pass`/),
      ]);
      expect(existsSync(join(project.dir, '.stryker-tmp'))).toBe(false);
      const passed = await runBundle('mutation-changed', {
        cwd: project.dir,
        inputs: { base: 'main', 'time-budget': '1s', 'on-budget-exhausted': 'pass' },
        timeoutMs: STRYKER_TIMEOUT,
      });
      expect(passed.code).toBe(0);
      expect(passed.outputs.passed).toBe('true');
      expect(passed.notices.map((n) => n.message)).toEqual([expect.stringMatching(/passing: `on-budget-exhausted` is `pass`/)]);
    },
  );
});

describe('incremental through the Actions cache', () => {
  it('saves the incremental file keyed by the base SHA and restores it in the next run', { timeout: 2 * STRYKER_TIMEOUT }, async () => {
    const cache = await startCacheService();
    try {
      const project = makeProject(typicalChange);
      const env = { ACTIONS_RUNTIME_TOKEN: 'test-runtime-token', ACTIONS_CACHE_URL: cache.url, RUNNER_OS: 'Linux' };
      const first = await runBundle('mutation-changed', {
        cwd: project.dir,
        inputs: { base: 'main' },
        env: { ...env, GITHUB_RUN_ID: '501' },
        timeoutMs: STRYKER_TIMEOUT,
      });
      expect(first.errors, first.stdout).toEqual([]);
      const key = `shipkit-mutation-changed-Linux-${project.base}-0of1-501-1`;
      expect(first.summary).toContain('incremental: no cached incremental file for this base yet');
      expect(first.summary).toContain(`to the Actions cache as ${key}`);
      expect(cache.entries.map((e) => [e.key, (e.archive?.length ?? 0) > 0])).toEqual([[key, true]]);

      // A fresh runner: the file is gone from the work tree, the cache brings it back, Stryker reuses every result.
      rmSync(join(project.dir, 'reports'), { recursive: true, force: true });
      const second = await runBundle('mutation-changed', {
        cwd: project.dir,
        inputs: { base: 'main' },
        env: { ...env, GITHUB_RUN_ID: '502' },
        timeoutMs: STRYKER_TIMEOUT,
      });
      expect(second.errors, second.stdout).toEqual([]);
      expect(second.summary).toContain(`from the Actions cache (${key})`);
      expect(second.stdout).toMatch(/13 of 13 mutant result\(s\) are reused/);
      for (const k of ['score', 'killed', 'survived', 'no-coverage', 'total', 'passed'])
        expect(second.outputs[k], k).toBe(first.outputs[k]);
      expect(cache.entries.map((e) => e.key)).toEqual([key, `shipkit-mutation-changed-Linux-${project.base}-0of1-502-1`]);
    } finally {
      await cache.close();
    }
  });
});
