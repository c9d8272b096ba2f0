import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, splitList } from '@shipkit/kit';
import { shellQuote } from '@shipkit/kit/exec';
import type { ChangedFile } from '@shipkit/kit/git';
import { jsonProblem, parseMutationReport, validateMutationReport, type MutationReport, type SchemaMutant } from '../src/schema';
import { changedLineVerdict, mergeMutationReports, metricsOf, projectPath, sourceAt } from '../src/score';
import {
  changeTargets,
  isMutantBearing,
  mutateMatcher,
  shardUnits,
  strykerMutatePatterns,
  workUnits,
  type ChangeTarget,
  type WorkUnit,
} from '../src/ranges';
import {
  crashExplanation,
  initialRunFailures,
  removeSandboxes,
  reportFromFinished,
  splitCommand,
  splitConfigArgument,
} from '../src/stryker';
import { incrementalPlan } from '../src/incremental';
import { mutantMessage } from '../src/render';

const fixtures = join(import.meta.dirname, 'fixtures');

const mutant = (line: number, status: SchemaMutant['status'], extra: Partial<SchemaMutant> = {}): SchemaMutant => ({
  id: String(line),
  mutatorName: 'ArithmeticOperator',
  replacement: 'a - b',
  location: { start: { line, column: 10 }, end: { line, column: 15 } },
  status,
  ...extra,
});

const report = (files: Record<string, SchemaMutant[]>, source?: string): MutationReport => ({
  schemaVersion: '2',
  thresholds: { high: 80, low: 60 },
  files: Object.fromEntries(Object.entries(files).map(([k, mutants]) => [k, { language: 'typescript', source, mutants }])),
});

describe('score as mutation-testing-elements computes it', () => {
  it('counts killed and timeout as detected, survived and no coverage as undetected, ignores the rest', () => {
    const m = metricsOf(['Killed', 'Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Ignored', 'Pending']);
    expect(m).toMatchObject({ detected: 3, undetected: 2, valid: 5, total: 9, compileErrors: 1, runtimeErrors: 1, ignored: 1, pending: 1 });
    expect(m.score).toBeCloseTo(60, 10);
  });

  it('has no score without valid mutants (elements shows NaN)', () => {
    expect(metricsOf(['CompileError', 'Ignored']).score).toBeUndefined();
    expect(metricsOf([]).total).toBe(0);
  });

  it('agrees with the score Stryker printed for the committed fixture report', () => {
    // Stryker's clear-text table for this run: price.ts 50.00 (4 killed, 4 survived).
    const r = parseMutationReport(readFileSync(join(fixtures, 'stryker-report.json'), 'utf8'), 'fixture', 'report');
    const all = Object.values(r.files).flatMap((f) => f.mutants.map((m) => m.status));
    expect(metricsOf(all).score).toBeCloseTo(50, 10);
  });
});

describe('changed-line verdict', () => {
  it('counts only mutants whose location starts on a changed line', () => {
    const r = report({
      'src/a.ts': [
        mutant(3, 'Killed'),
        mutant(4, 'Survived'),
        mutant(9, 'Survived', { location: { start: { line: 9, column: 1 }, end: { line: 12, column: 2 } } }),
      ],
      'src/b.ts': [mutant(1, 'Survived')],
    });
    // The multi-line mutant starts on 9 (unchanged) and ends on 12 (changed): not counted.
    const v = changedLineVerdict(
      r,
      new Map([
        [
          'src/a.ts',
          [
            [3, 4],
            [10, 12],
          ],
        ],
      ]),
      '/p',
    );
    expect(v.metrics).toMatchObject({ killed: 1, survived: 1, valid: 2, score: 50 });
    expect(v.outside).toBe(2);
    expect(v.undetected.map((u) => `${u.file}:${u.mutant.location.start.line}`)).toEqual(['src/a.ts:4']);
    expect(v.files).toEqual([{ file: 'src/a.ts', metrics: expect.objectContaining({ killed: 1, survived: 1 }) }]);
  });

  it('maps absolute report paths onto the project', () => {
    expect(projectPath('/p/src/a.ts', '/p')).toBe('src/a.ts');
    expect(projectPath('/elsewhere/src/a.ts', '/p', '/elsewhere')).toBe('src/a.ts');
    expect(projectPath('./src/a.ts', '/p')).toBe('src/a.ts');
    expect(projectPath('src\\win\\a.ts', '/p')).toBe('src/win/a.ts');
  });

  it('quotes the original code a mutant replaces', () => {
    const source = 'const x = 1;\nreturn a + b;\n';
    expect(sourceAt(source, { start: { line: 2, column: 8 }, end: { line: 2, column: 13 } })).toBe('a + b');
    const m = { file: 'src/a.ts', mutant: mutant(2, 'Survived'), original: 'a + b' };
    expect(mutantMessage(m)).toBe('ArithmeticOperator: `a + b` → `a - b` survived: no test failed');
    expect(mutantMessage({ ...m, mutant: mutant(2, 'NoCoverage') })).toContain('no test covers this code');
  });
});

describe('report validation (bad input is a clear error)', () => {
  const fail = (text: string): string => {
    try {
      parseMutationReport(text, 'the report `x.json`', 'report');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigurationError);
      return (e as Error).message;
    }
    throw new Error('expected a ConfigurationError');
  };
  it('rejects broken JSON, a missing files object and unknown versions', () => {
    expect(fail('{"files": ')).toMatch(/not valid JSON/);
    expect(fail('[]')).toMatch(/top level is not a JSON object/);
    expect(fail('{"schemaVersion":"2"}')).toMatch(/no `files` object/);
    expect(fail('{"schemaVersion":"7","files":{}}')).toMatch(/unsupported `schemaVersion` `7`/);
  });
  it('rejects bad statuses and bad location ranges', () => {
    const one = (m: unknown): string => JSON.stringify({ schemaVersion: '2', files: { 'a.ts': { mutants: [m] } } });
    expect(fail(one({ ...mutant(1, 'Killed'), status: 'Dead' }))).toMatch(/status `Dead`/);
    expect(fail(one({ ...mutant(1, 'Killed'), location: { start: { line: 0, column: 1 }, end: { line: 1, column: 1 } } }))).toMatch(
      /bad location range/,
    );
    expect(fail(one({ ...mutant(1, 'Killed'), location: { start: { line: 5, column: 1 }, end: { line: 4, column: 1 } } }))).toMatch(
      /ends \(4:1\) before it starts \(5:1\)/,
    );
  });
  it('accepts schema v1 and numeric ids', () => {
    const r = validateMutationReport(
      { schemaVersion: '1.7', files: { 'a.ts': { mutants: [{ ...mutant(1, 'Killed'), id: 7 }] } } },
      'x',
      'report',
    );
    expect(r.files['a.ts']?.mutants[0]?.id).toBe('7');
  });
});

describe('merging shard reports', () => {
  it('unions mutants by location, mutator and replacement; finished beats pending', () => {
    const a = report({ 'src/a.ts': [mutant(1, 'Killed'), mutant(2, 'Pending')] }, 'x');
    const b = report({ 'src/a.ts': [mutant(2, 'Survived')], 'src/b.ts': [mutant(5, 'NoCoverage')] });
    const merged = mergeMutationReports([a, b], '/p');
    expect(merged.files['src/a.ts']?.mutants.map((m) => m.status)).toEqual(['Killed', 'Survived']);
    expect(merged.files['src/a.ts']?.source).toBe('x');
    expect(Object.keys(merged.files)).toEqual(['src/a.ts', 'src/b.ts']);
    expect(new Set(Object.values(merged.files).flatMap((f) => f.mutants.map((m) => m.id))).size).toBe(3);
  });
});

describe('ranges and shards', () => {
  const changed: ChangedFile[] = [
    {
      path: 'pkg/src/a.ts',
      status: 'modified',
      binary: false,
      added: [
        [3, 5],
        [20, 20],
      ],
    },
    { path: 'pkg/src/a.test.ts', status: 'modified', binary: false, added: [[1, 2]] },
    { path: 'pkg/src/gone.ts', status: 'deleted', binary: false, added: [] },
    { path: 'pkg/src/only-deletions.ts', status: 'modified', binary: false, added: [] },
    { path: 'pkg/docs/readme.md', status: 'modified', binary: false, added: [[1, 1]] },
    { path: 'other/src/x.ts', status: 'modified', binary: false, added: [[1, 1]] },
  ];

  it('keeps changed source files matching `mutate`, relative to the project, never tests', () => {
    const targets = changeTargets(changed, { repoRoot: '/r', projectDir: '/r/pkg', mutate: ['src/**/*.ts'] });
    expect(targets.map((t) => [t.file, t.repoPath, t.ranges])).toEqual([
      [
        'src/a.ts',
        'pkg/src/a.ts',
        [
          [3, 5],
          [20, 20],
        ],
      ],
    ]);
    expect(mutateMatcher(['src/**', '!src/gen/**'])('src/gen/x.ts')).toBe(false);
    expect(mutateMatcher(['**/*'])('src/__tests__/x.ts')).toBe(false);
    expect(() => mutateMatcher(['!src/**'])).toThrow(/no including glob/);
  });

  it('reads `mutate` as the kit reads every list of globs: newlines and commas outside braces; a malformed glob is an error', () => {
    expect(splitList('src/**/*.{ts,tsx}, lib/*.js\n!src/gen/**\n# note')).toEqual(['src/**/*.{ts,tsx}', 'lib/*.js', '!src/gen/**']);
    expect(() => mutateMatcher(['['])).toThrow(/`mutate`: the glob `\[` has an unclosed `\[`/);
  });

  it('names changed files to Stryker literally: glob characters in a file name match only that file', () => {
    const unit = (file: string, range?: [number, number]): WorkUnit => ({ target: { file, repoPath: file, ranges: [] }, range, weight: 1 });
    expect(strykerMutatePatterns([unit('src/[id].ts', [1, 3]), unit('src/a*b{c}.ts')])).toEqual([
      'src/[[]id[]].ts:1-3',
      'src/a[*]b[{]c[}].ts',
    ]);
  });

  it('reads the failing tests of Stryker’s initial test run from its log', () => {
    const log = [
      '12:00:00 (42) INFO DryRunExecutor Starting initial test run.',
      '12:00:01 (42) ERROR DryRunExecutor One or more tests failed in the initial test run:',
      '\ttest/cart.spec.ts > subtotal adds up',
      '\t\tAssertionError: expected 1080 to be 1081',
      '\ttest/cli.spec.ts > prints help',
      '\t\tError: Invalid command',
      'continued message line',
      '12:00:01 (42) ERROR Stryker There were failed tests in the initial test run.',
    ];
    expect(initialRunFailures(log)).toEqual([
      { name: 'test/cart.spec.ts > subtotal adds up', message: 'AssertionError: expected 1080 to be 1081' },
      { name: 'test/cli.spec.ts > prints help', message: 'Error: Invalid command' },
    ]);
    expect(initialRunFailures(['nothing failed'])).toBeUndefined();
  });

  it('removes the sandboxes a stopped run left, never inPlace backups or what was there before', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'mutation-sandboxes-'));
    for (const d of ['sandbox-old', 'sandbox-new', 'backup-x']) mkdirSync(join(tmp, d, 'src'), { recursive: true });
    removeSandboxes(tmp, new Set(['sandbox-old']), Date.now());
    expect(readdirSync(tmp).sort()).toEqual(['backup-x', 'sandbox-old']);
    rmSync(join(tmp, 'backup-x'), { recursive: true });
    rmSync(join(tmp, 'sandbox-old'), { recursive: true });
    mkdirSync(join(tmp, 'sandbox-now'));
    removeSandboxes(tmp, undefined, Date.now());
    expect(existsSync(tmp)).toBe(false);
  });

  it('says why a report is not JSON without quoting it', () => {
    for (const text of ['root:x:0:0:root:/root:/bin/bash', '{"a": 1,}', '{"a":', '[1] x'])
      try {
        JSON.parse(text);
      } catch (e) {
        expect(jsonProblem(e)).not.toMatch(/root|"a"/);
      }
  });

  it('weighs ranges by mutant-bearing lines', () => {
    expect(['', '  // c', ' * doc', '});', "import { a } from './a';", "} from './b';"].some(isMutantBearing)).toBe(false);
    expect(['return a + b;', 'if (x) {', 'const y = f(1);'].every(isMutantBearing)).toBe(true);
  });

  it('shards deterministically, balanced, never cutting a range, covering every range once', () => {
    const target = (file: string, ranges: [number, number][], lines: string[]): ChangeTarget => ({ file, repoPath: file, ranges, lines });
    const code = Array.from({ length: 100 }, (_, i) => (i % 5 === 4 ? '' : `x += ${i};`));
    const targets = [
      target(
        'src/a.ts',
        [
          [1, 40],
          [50, 52],
        ],
        code,
      ),
      target(
        'src/b.ts',
        [
          [1, 20],
          [30, 31],
          [60, 90],
        ],
        code,
      ),
      target('src/c.ts', [[5, 9]], code),
    ];
    const units = workUnits(targets, 'lines');
    const shards = shardUnits(units, 2);
    expect(shardUnits(units, 2)).toEqual(shards);
    const all = shards.flatMap(strykerMutatePatterns).sort();
    expect(all).toEqual(strykerMutatePatterns(units).sort());
    const loads = shards.map((s) => s.reduce((n, u) => n + u.weight, 0));
    expect(Math.abs((loads[0] as number) - (loads[1] as number))).toBeLessThanOrEqual(Math.max(...units.map((u) => u.weight)));
    expect(strykerMutatePatterns(units)).toContain('src/a.ts:1-40');
    expect(strykerMutatePatterns(workUnits(targets, 'files'))).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
    expect(shardUnits(units, 10).filter((s) => s.length === 0)).toHaveLength(4);
  });
});

describe('running Stryker', () => {
  it('splits and quotes commands', () => {
    expect(splitCommand(`npx stryker run "my conf.mjs" --concurrency 2`)).toEqual([
      'npx',
      'stryker',
      'run',
      'my conf.mjs',
      '--concurrency',
      '2',
    ]);
    expect(shellQuote('src/a.ts:1-4,src/b.ts:2-2')).toBe('src/a.ts:1-4,src/b.ts:2-2');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });

  it('finds the config Stryker would use, or the one the command names', () => {
    const project = join(fixtures, 'project');
    expect(splitConfigArgument('npx stryker run', project)).toEqual({ words: ['npx', 'stryker', 'run'], configFile: 'stryker.config.mjs' });
    expect(splitConfigArgument('npx stryker run stryker.config.mjs --concurrency 1', project)).toEqual({
      words: ['npx', 'stryker', 'run', '--concurrency', '1'],
      configFile: 'stryker.config.mjs',
    });
    expect(() => splitConfigArgument('npx stryker run nope.conf.json', project)).toThrow(/does not exist/);
  });

  it("explains a crash with Stryker's ERROR lines, not its stack", () => {
    const log = [
      '01:33:11 (19403) INFO DryRunExecutor Starting initial test run',
      '01:33:11 (19403) ERROR DryRunExecutor One or more tests failed in the initial test run:',
      '01:33:11 (19403) ERROR Stryker There were failed tests in the initial test run.',
      'ConfigError: There were failed tests in the initial test run.',
      '    at DryRunExecutor.validateResultCompleted (file:///x.js:65:27)',
    ];
    expect(crashExplanation(log)).toBe(
      'One or more tests failed in the initial test run: There were failed tests in the initial test run.',
    );
    expect(crashExplanation(['sh: 1: stryker: not found', '    at x (y.js:1:1)'])).toBe('sh: 1: stryker: not found');
  });

  it('builds a schema report from the mutants that finished before the budget ran out', () => {
    const events = [
      JSON.stringify({ planned: 5 }),
      JSON.stringify({
        fileName: join(fixtures, 'project/src/price.ts'),
        id: '0',
        mutatorName: 'ConditionalExpression',
        replacement: 'true',
        location: { start: { line: 3, column: 7 }, end: { line: 3, column: 19 } },
        status: 'Killed',
      }),
      '{"fileName": "cut by the ki',
    ].join('\n');
    const { report: r, planned, finished } = reportFromFinished(events, join(fixtures, 'project'));
    expect({ planned, finished }).toEqual({ planned: 5, finished: 1 });
    expect(r.files['src/price.ts']?.mutants[0]?.status).toBe('Killed');
    expect(r.files['src/price.ts']?.source).toContain('applyDiscount');
  });

  it('uses the Actions cache only where the runner provides one, keyed by the base SHA', () => {
    expect(incrementalPlan('/p/f.json', { baseSha: 'abc', shardIndex: 0, shardCount: 1 }, {})).toEqual({
      file: '/p/f.json',
      mode: 'local',
    });
    const plan = incrementalPlan(
      '/p/f.json',
      { baseSha: 'abc', shardIndex: 1, shardCount: 2 },
      {
        ACTIONS_RUNTIME_TOKEN: 't',
        ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/',
        RUNNER_OS: 'Linux',
        GITHUB_RUN_ID: '9',
        GITHUB_RUN_ATTEMPT: '2',
      },
    );
    expect(plan).toEqual({
      file: '/p/f.json',
      mode: 'cache',
      key: 'shipkit-mutation-changed-Linux-abc-1of2-9-2',
      restoreKeys: ['shipkit-mutation-changed-Linux-abc-1of2-', 'shipkit-mutation-changed-Linux-abc-', 'shipkit-mutation-changed-Linux-'],
    });
  });
});
