// End-to-end runs of the committed bundle on temp git repositories: gates, annotations, summary,
// shards, path mapping, exclude, saved diffs, baselines (file and artifact via the REST API emulator).
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, startGitHubApi, type GitHubApi } from '@shipkit/testkit';
import { hitsFor, instrumented, lcovFor, sh, standardRepo, trackedFiles, write, type Repo } from './repo';

let repo: Repo;
let files: string[];
beforeAll(() => {
  repo = standardRepo(4);
  files = trackedFiles(repo.dir);
  write(repo.dir, 'lcov.info', lcovFor(repo.dir, files));
});
afterAll(() => repo.cleanup());

const run = (inputs: Record<string, string>, extra: Parameters<typeof runBundle>[1] = {}) =>
  runBundle('coverage-gate', { cwd: repo.dir, ...extra, inputs: { base: 'main', ...inputs, ...(extra.inputs ?? {}) } });

describe('coverage-gate', () => {
  it('fails below the new-code thresholds with ranged annotations, a summary and a report', async () => {
    const r = await run({ files: 'lcov.info' });
    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/min-new-lines needs 90 %, got \d/);
    const total = Number(r.outputs['new-lines-total']);
    const covered = Number(r.outputs['new-lines-covered']);
    expect(total).toBeGreaterThan(0);
    expect(Number(r.outputs['new-lines'])).toBe(Math.floor((covered / total) * 10000) / 100);
    // Every annotation names a file of the change and a range inside its added lines; there are some.
    const data = r.report?.data as { files: { path: string; changed: [number, number][]; uncovered: [number, number][] }[] };
    const annotations = r.warnings.filter((x) => x.properties.title === 'Changed lines not covered');
    const uncoveredRanges = data.files.reduce((n, f) => n + f.uncovered.length, 0);
    expect(uncoveredRanges).toBeGreaterThan(0);
    expect(annotations).toHaveLength(Math.min(uncoveredRanges, 10));
    for (const w of annotations) {
      const f = data.files.find((x) => x.path === w.properties.file);
      expect(f, w.properties.file).toBeDefined();
      expect(f?.uncovered).toContainEqual([Number(w.properties.line), Number(w.properties.endLine)]);
    }
    expect(r.summary).toContain('Coverage gate: ❌ failed');
    expect(r.summary).toContain('| `min-new-lines`: changed lines covered | ≥ 90 % |');
    expect(r.summary).toMatch(/\| `src\/fresh\.js` \|/);
    // Deleted and pure-renamed files are not part of the change's lines.
    expect(data.files.map((f) => f.path).sort()).toEqual(['src/fresh.js', 'src/mod0.js', 'src/mod1.js', 'src/new name.js']);
    const summary = JSON.parse(readFileSync(r.outputs['summary-path'] as string, 'utf8'));
    expect(summary.schema).toBe('https://shipkit.dev/schemas/coverage-summary/v1');
    expect(summary.lines.total).toBeGreaterThan(total);
  });

  it('groups consecutive uncovered lines into one annotation and caps them', async () => {
    const dir = repo.dir;
    // Everything uncovered: each changed file's added lines become whole ranges.
    write(dir, 'none.info', lcovFor(dir, files, { hits: () => 0 }));
    const r = await run({ files: 'none.info', 'min-new-branches': '0' });
    expect(r.code).toBe(1);
    const w = r.warnings.filter((x) => x.properties.title === 'Changed lines not covered');
    expect(w.length).toBeGreaterThan(0);
    expect(w.length).toBeLessThanOrEqual(10);
    expect(w.some((x) => Number(x.properties.endLine) > Number(x.properties.line))).toBe(true);
    expect(r.outputs['new-lines']).toBe('0');
  });

  it('passes when the thresholds are met, and sets every output', async () => {
    const r = await run({ files: 'lcov.info', 'min-new-lines': '50', 'min-new-branches': '50', 'min-lines': '50', 'min-branches': '10' });
    expect(r.code).toBe(0);
    expect(r.outputs.passed).toBe('true');
    for (const name of [
      'lines',
      'branches',
      'new-lines',
      'new-branches',
      'new-branches-covered',
      'new-branches-total',
      'report',
      'summary-path',
    ])
      expect(r.outputs[name], name).not.toBe('');
    expect(r.outputs.drop).toBe('');
    expect(r.report?.verdict).toBe('pass');
  });

  it('gives the same answer from JaCoCo and Clover reports of the same run (mapped by suffix)', async () => {
    const plain = await run({ files: 'lcov.info', 'min-new-lines': '0', 'min-new-branches': '0' });
    const lines = (f: string) => instrumented(readFileSync(join(repo.dir, f), 'utf8'));
    // JaCoCo names files by package + sourcefile (relative to a source root); Clover by absolute path.
    const jacoco = [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="shop">',
      ...['src', 'lib'].map(
        (dir) =>
          `<package name="app/${dir}">${files
            .filter((f) => f.startsWith(`${dir}/`))
            .map(
              (f) =>
                `<sourcefile name="${f.slice(dir.length + 1)}">${lines(f)
                  .map((n) => `<line nr="${n}" mi="${hitsFor(f, n) ? 0 : 3}" ci="${hitsFor(f, n) ? 3 : 0}" mb="0" cb="0"/>`)
                  .join('')}</sourcefile>`,
            )
            .join('')}</package>`,
      ),
      '</report>',
    ].join('\n');
    const clover = [
      '<?xml version="1.0" encoding="UTF-8"?><coverage generated="1700000000000" clover="4.4.1"><project timestamp="1700000000000" name="shop">',
      ...files.map(
        (f) =>
          `<file name="${f.split('/').pop()}" path="/build/agent/shop/${f}">${lines(f)
            .map((n) => `<line num="${n}" count="${hitsFor(f, n)}" type="stmt"/>`)
            .join('')}</file>`,
      ),
      '</project></coverage>',
    ].join('\n');
    write(repo.dir, 'jacoco.xml', jacoco);
    write(repo.dir, 'clover.xml', clover);
    for (const report of ['jacoco.xml', 'clover.xml']) {
      const r = await run({ files: report, 'min-new-lines': '0', 'min-new-branches': '0' });
      expect(r.errors, report).toEqual([]);
      expect(
        r.warnings.filter((w) => !w.properties.file),
        report,
      ).toEqual([]);
      expect(r.outputs['new-lines-total'], report).toBe(plain.outputs['new-lines-total']);
      expect(r.outputs['new-lines-covered'], report).toBe(plain.outputs['new-lines-covered']);
      expect(r.outputs.lines, report).toBe(plain.outputs.lines);
    }
  });

  it('merges shards: a line covered in any shard is covered', async () => {
    const changed = (f: string, n: number) => hitsFor(f, n);
    write(repo.dir, 'shard1.info', lcovFor(repo.dir, files, { hits: (f, n) => (n % 2 ? changed(f, n) : 0) }));
    write(repo.dir, 'shard2.info', lcovFor(repo.dir, files, { hits: (f, n) => (n % 2 ? 0 : changed(f, n)) }));
    const whole = await run({ files: 'lcov.info', 'min-new-lines': '0', 'min-new-branches': '0' });
    const shards = await run({ files: 'shard*.info', 'min-new-lines': '0', 'min-new-branches': '0' });
    expect(shards.code).toBe(0);
    expect(shards.outputs['new-lines-covered']).toBe(whole.outputs['new-lines-covered']);
    expect(shards.outputs['new-lines-total']).toBe(whole.outputs['new-lines-total']);
    expect(shards.outputs.lines).toBe(whole.outputs.lines);
  });

  it('maps absolute paths from another checkout by suffix, and warns with a path-map for paths it cannot place', async () => {
    write(repo.dir, 'abs.info', lcovFor(repo.dir, files, { prefix: '/home/runner/work/shop/shop/' }));
    const auto = await run({ files: 'abs.info', 'min-new-lines': '0', 'min-new-branches': '0' });
    const plain = await run({ files: 'lcov.info', 'min-new-lines': '0', 'min-new-branches': '0' });
    expect(auto.warnings.filter((w) => !w.properties.file)).toEqual([]);
    expect(auto.outputs['new-lines-total']).toBe(plain.outputs['new-lines-total']);
    // With a path-map that does not fit, nothing is guessed: one warning with examples and the fix.
    const wrong = await run({ files: 'abs.info', 'path-map': '/somewhere/else/=', 'min-new-lines': '0', 'min-new-branches': '0' });
    const w = wrong.warnings.find((x) => /match no file in the repository/.test(x.message));
    expect(w?.message).toContain('/home/runner/work/shop/shop/');
    expect(w?.message).toContain('`path-map: /home/runner/work/shop/shop/=` would map them');
    expect(wrong.outputs['new-lines-total']).toBe('0');
    const right = await run({
      files: 'abs.info',
      'path-map': '/home/runner/work/shop/shop/=',
      'min-new-lines': '0',
      'min-new-branches': '0',
    });
    expect(right.warnings.filter((w) => !w.properties.file)).toEqual([]);
    expect(right.outputs['new-lines-total']).toBe(plain.outputs['new-lines-total']);
  });

  it('leaves excluded files out of every gate', async () => {
    const r = await run({ files: 'lcov.info', exclude: 'src/fresh.js, src/mod*.js', 'min-new-lines': '0', 'min-new-branches': '0' });
    const data = r.report?.data as { files: { path: string }[]; excludedFiles: number };
    expect(data.files.map((f) => f.path)).toEqual(['src/new name.js']);
    expect(data.excludedFiles).toBe(5);
  });

  it('reads a saved diff instead of git', async () => {
    const diff = sh(repo.dir, 'git', 'diff', '-M', 'main', 'HEAD'); // with context: only + lines count
    writeFileSync(join(repo.dir, 'change.diff'), diff + '\n');
    const fromGit = await run({ files: 'lcov.info', 'min-new-lines': '0', 'min-new-branches': '0' });
    const fromFile = await runBundle('coverage-gate', {
      cwd: repo.dir,
      inputs: { files: 'lcov.info', 'diff-file': 'change.diff', 'min-new-lines': '0', 'min-new-branches': '0' },
    });
    expect(fromFile.code).toBe(0);
    expect(fromFile.outputs['new-lines-covered']).toBe(fromGit.outputs['new-lines-covered']);
    expect(fromFile.outputs['new-lines-total']).toBe(fromGit.outputs['new-lines-total']);
  });

  it('passes with a notice when nothing on the change is instrumented', async () => {
    write(repo.dir, 'other.info', 'SF:src/mod3.js\nDA:3,1\nend_of_record\n');
    const r = await run({ files: 'other.info' });
    expect(r.code).toBe(0);
    expect(r.outputs['new-lines']).toBe('');
    expect(r.notices.map((n) => n.message).join('\n')).toMatch(/none of the \d+ changed lines is instrumented/);
  });

  it('takes overall totals from a coverage-summary.json alone, and says the changed lines cannot be measured', async () => {
    // Reports are read from the workspace (or RUNNER_TEMP) only: the fixture is copied there.
    const summary = join(repo.dir, 'vitest-coverage-summary.json');
    copyFileSync(join(import.meta.dirname, '../../../packages/coverage/test/fixtures/real/vitest-coverage-summary.json'), summary);
    const r = await run({ files: summary, 'min-lines': '95' });
    expect(r.code).toBe(1);
    expect(r.outputs.lines).toBe('91.66'); // 11 of 12, rounded down
    expect(r.outputs['new-lines']).toBe('');
    expect(r.notices.map((n) => n.message).join('\n')).toMatch(/coverage-summary\.json has no per-line data/);
    expect(r.errors.map((e) => e.message)).toEqual(['coverage gate failed: min-lines needs 95 %, got 91.66 %']);
  });

  it('fetches the base a shallow clone lacks, and says so', async () => {
    const clone = join(repo.dir, '..', `${repo.dir.split('/').pop()}-shallow`);
    sh(join(repo.dir, '..'), 'git', 'clone', '-q', '--depth=1', '--branch=feature', `file://${repo.dir}`, clone);
    writeFileSync(join(clone, 'lcov.info'), readFileSync(join(repo.dir, 'lcov.info')));
    const full = await run({ files: 'lcov.info', 'min-new-lines': '0', 'min-new-branches': '0' });
    const r = await runBundle('coverage-gate', {
      cwd: clone,
      inputs: { files: 'lcov.info', base: repo.base, 'min-new-lines': '0', 'min-new-branches': '0' },
    });
    expect(r.errors).toEqual([]);
    expect(r.notices.map((n) => n.message).join('\n')).toMatch(/missing from this shallow clone; fetched /);
    expect(r.outputs['new-lines-total']).toBe(full.outputs['new-lines-total']);
    expect(r.outputs['new-lines-covered']).toBe(full.outputs['new-lines-covered']);
    rmSync(clone, { recursive: true, force: true });
  });

  it('takes the base from the pull request event and gates the drop against a baseline file', async () => {
    const first = await run({ files: 'lcov.info', 'min-new-lines': '0', 'min-new-branches': '0' });
    const baselinePath = join(repo.dir, 'baseline.json');
    const base = JSON.parse(readFileSync(first.outputs['summary-path'] as string, 'utf8'));
    base.lines.covered = base.lines.total; // main was fully covered: this change drops coverage
    writeFileSync(baselinePath, JSON.stringify(base));
    const r = await runBundle('coverage-gate', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: { pull_request: { number: 7, base: { sha: repo.base, ref: 'main' }, head: { sha: 'x' } } },
      inputs: { files: 'lcov.info', baseline: baselinePath, 'max-drop': '1', 'min-new-lines': '0', 'min-new-branches': '0' },
    });
    expect(r.code).toBe(1);
    expect(Number(r.outputs.drop)).toBeCloseTo(100 - Number(first.outputs.lines), 1);
    expect(r.outputs['new-lines-total']).toBe(first.outputs['new-lines-total']);
    expect(r.errors[0]?.message).toMatch(/dropped [\d.]+ pp below the baseline \(max-drop 1\)/);
  });
});

describe('baseline-artifact through the REST API', () => {
  let api: GitHubApi;
  beforeAll(async () => {
    api = await startGitHubApi();
  });
  afterAll(async () => api.close());

  const zip = (name: string, text: string): Buffer => {
    const out = join(repo.dir, '..', 'artifact.zip');
    execFileSync('/usr/bin/python3', [
      '-c',
      'import sys,zipfile\nwith zipfile.ZipFile(sys.argv[1],"w") as z: z.writestr(sys.argv[2], sys.argv[3])',
      out,
      name,
      text,
    ]);
    return readFileSync(out);
  };
  const env = { GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/ci.yml@refs/pull/7/merge' };
  const event = { pull_request: { number: 7, base: { sha: '', ref: 'main' }, head: { sha: 'x' } } };

  it('downloads the summary of the latest successful run on the base branch with @actions/artifact', async () => {
    event.pull_request.base.sha = repo.base;
    api.state.workflowRuns.push(
      {
        id: 501,
        path: '.github/workflows/ci.yml',
        head_branch: 'main',
        status: 'completed',
        conclusion: 'success',
        head_sha: 'a'.repeat(40),
      },
      {
        id: 502,
        path: '.github/workflows/ci.yml',
        head_branch: 'main',
        status: 'completed',
        conclusion: 'success',
        head_sha: 'b'.repeat(40),
      },
    );
    const baseline = {
      schema: 'https://shipkit.dev/schemas/coverage-summary/v1',
      lines: { covered: 99, total: 100, pct: 99 },
      branches: { covered: 0, total: 0, pct: null },
      files: 1,
      createdAt: '',
    };
    api.state.artifacts.push({ id: 9001, name: 'coverage-baseline', expired: false, size_in_bytes: 100, workflow_run: { id: 501 } });
    api.state.artifactZips[9001] = zip('coverage-summary.json', JSON.stringify(baseline));
    const r = await runBundle('coverage-gate', {
      cwd: repo.dir,
      githubApiUrl: api.url,
      env,
      eventName: 'pull_request',
      event,
      inputs: {
        files: 'lcov.info',
        'baseline-artifact': 'coverage-baseline',
        'github-token': 'ghs_testtoken1234',
        'min-new-lines': '0',
        'min-new-branches': '0',
      },
    });
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^coverage gate failed: overall line coverage dropped/)]);
    expect(Number(r.outputs.drop)).toBeCloseTo(99 - Number(r.outputs.lines), 1);
    expect(r.code).toBe(1); // the drop gate (max-drop 0) fails
    const paths = api.apiRequests().map((q) => q.path);
    expect(
      paths.some(
        (p) => p.startsWith('/repos/acme/shop/actions/workflows/ci.yml/runs?') && p.includes('branch=main') && p.includes('status=success'),
      ),
    ).toBe(true);
    expect(paths).toContain('/repos/acme/shop/actions/artifacts/9001/zip');
    expect(r.summary).toContain('baseline: artifact `coverage-baseline` of run 501');
  });

  it('gives a notice and no drop gate when there is no such artifact', async () => {
    const r = await runBundle('coverage-gate', {
      cwd: repo.dir,
      githubApiUrl: api.url,
      env,
      eventName: 'pull_request',
      event,
      inputs: {
        files: 'lcov.info',
        'baseline-artifact': 'nope',
        'github-token': 'ghs_testtoken1234',
        'min-new-lines': '0',
        'min-new-branches': '0',
      },
    });
    expect(r.code).toBe(0);
    expect(r.outputs.drop).toBe('');
    expect(r.notices.map((n) => n.message).join('\n')).toMatch(/no baseline: no artifact `nope`.*the drop gate is skipped/);
  });
});
