// The oracle: on the same Cobertura or LCOV input, `new-lines` equals diff-cover's diff coverage
// exactly (diff-cover from Debian, /usr/bin/diff-cover, run on the same temp git repository).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool, runBundle } from '@shipkit/testkit';
import { coberturaFor, lcovFor, standardRepo, trackedFiles, type Repo } from './repo';

interface DiffCoverJson {
  total_num_lines: number;
  total_num_violations: number;
  total_percent_covered: number;
}

const diffCoverBin = requireTool('diff-cover');

function diffCover(dir: string, report: string): DiffCoverJson {
  const out = join(dir, '.diff-cover.json');
  execFileSync(diffCoverBin, [report, '--compare-branch=main', `--json-report=${out}`], { cwd: dir, stdio: 'ignore' });
  return JSON.parse(readFileSync(out, 'utf8')) as DiffCoverJson;
}

describe('new-lines equals diff-cover', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = standardRepo(8);
    const files = trackedFiles(repo.dir);
    writeFileSync(join(repo.dir, `${repo.dir.split('/').pop()}.lcov.info`), lcovFor(repo.dir, files));
    writeFileSync(join(repo.dir, `${repo.dir.split('/').pop()}.coverage.xml`), coberturaFor(repo.dir, files));
  });
  afterAll(() => repo.cleanup());

  for (const format of ['lcov.info', 'coverage.xml']) {
    it(`on ${format === 'lcov.info' ? 'LCOV' : 'Cobertura'}`, async () => {
      const report = join(repo.dir, `${repo.dir.split('/').pop()}.${format}`);
      const oracle = diffCover(repo.dir, report);
      const run = await runBundle('coverage-gate', {
        cwd: repo.dir,
        inputs: { files: report, base: 'main', 'min-new-lines': '0', 'min-new-branches': '0' },
      });
      expect(run.errors).toEqual([]);
      expect(run.code).toBe(0);
      const covered = oracle.total_num_lines - oracle.total_num_violations;
      expect(oracle.total_num_lines).toBeGreaterThan(5);
      expect(oracle.total_num_violations).toBeGreaterThan(0);
      expect(Number(run.outputs['new-lines-total'])).toBe(oracle.total_num_lines);
      expect(Number(run.outputs['new-lines-covered'])).toBe(covered);
      expect(Number(run.outputs['new-lines'])).toBe(Math.floor((covered / oracle.total_num_lines) * 10000) / 100);
      expect(Math.floor(Number(run.outputs['new-lines']))).toBe(Math.floor(oracle.total_percent_covered));
    });
  }
});
