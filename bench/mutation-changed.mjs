#!/usr/bin/env node
// Benchmark: mutation-changed, the committed bundle, with the real StrykerJS + vitest runner from
// this repo's node_modules.
//
// A generated project of 40 source files (4 functions each, BENCH_FUNCTIONS to change; one spec file per module) with a
// real git history; the change touches 2 files by a few lines.
//   1. A full Stryker run of the whole project (`npx stryker run`, the reference) vs the action
//      with `scope: lines` on the change; prints both wall times and the ratio (target ≥ 10×).
//   2. The same change in two shards (`shard-count: 2`) plus a `merge` job; prints each verdict
//      and whether it equals the single job's.
//
//   node bench/mutation-changed.mjs            (or: npm run bench -- mutation-changed)
import { execFileSync, spawnSync } from 'node:child_process';
import { root, runActionMeasured } from './_lib.mjs';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const fixture = join(root, 'actions', 'mutation-changed', 'test', 'fixtures', 'project');
const FILES = 40;
const FUNCTIONS = Number(process.env.BENCH_FUNCTIONS ?? 4);

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/** Module i: FUNCTIONS small functions with branches and arithmetic, each a handful of mutants. */
function source(i) {
  const fns = [];
  for (let j = 0; j < FUNCTIONS; j++)
    fns.push(`export function f${i}_${j}(a: number, b: number): number {
  if (a > b) return a - b * ${j + 1};
  const sum = a + b;
  return sum >= ${i} ? sum : ${i} - sum;
}
`);
  return fns.join('\n');
}

function spec(i) {
  const cases = [];
  for (let j = 0; j < FUNCTIONS; j++)
    cases.push(`  it('f${i}_${j}', () => {
    expect(f${i}_${j}(10, 2)).toBe(${10 - 2 * (j + 1)});
    expect(f${i}_${j}(${i}, ${i})).toBe(${2 * i >= i ? 2 * i : 0});
  });`);
  const names = Array.from({ length: FUNCTIONS }, (_, j) => `f${i}_${j}`).join(', ');
  return `import { describe, expect, it } from 'vitest';\nimport { ${names} } from '../src/m${i}';\n\ndescribe('m${i}', () => {\n${cases.join('\n')}\n});\n`;
}

function makeProject() {
  const dir = join(mkdtempSync(join(tmpdir(), 'shipkit-bench-mutation-')), 'project');
  mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'vitest.config.mjs', 'stryker.config.mjs']) cpSync(join(fixture, f), join(dir, f));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'test'));
  for (let i = 0; i < FILES; i++) {
    writeFileSync(join(dir, 'src', `m${i}.ts`), source(i));
    writeFileSync(join(dir, 'test', `m${i}.spec.ts`), spec(i));
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, '.gitignore'), 'node_modules\nreports\n.stryker-tmp\nshards\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'switch', '-q', '-c', 'feature');
  // The change: 2 files, a few lines each.
  const edit = (file, from, to) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(from, to));
  edit('src/m3.ts', 'if (a > b) return a - b * 3;', 'if (a > b + 1) return a - b * 3;');
  edit('src/m3.ts', 'if (a > b) return a - b * 4;', 'if (a > b && b >= 0) return a - b * 4;');
  writeFileSync(
    join(dir, 'src', 'm27.ts'),
    readFileSync(join(dir, 'src', 'm27.ts'), 'utf8') + '\nexport function half27(n: number): number {\n  return n > 0 ? n / 2 : 0;\n}\n',
  );
  git(dir, 'commit', '-q', '-am', 'change');
  return dir;
}

function time(fn) {
  const started = process.hrtime.bigint();
  const result = fn();
  return { ...result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function runAction(dir, inputs, reportDir = join(dir, 'reports', 'shipkit')) {
  const r = runActionMeasured('mutation-changed', {
    cwd: dir,
    inputs: { base: 'main', incremental: 'false', ...inputs },
    env: { SHIPKIT_REPORT_DIR: reportDir },
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`the bundle exited ${r.status}: ${r.stdout.slice(-2000)}`);
  return { code: r.status, outputs: r.outputs };
}

const verdict = (o) =>
  `score ${o.score || 'n/a'} %, killed ${o.killed}, timed out ${o['timed-out']}, undetected ${Number(o.survived) + Number(o['no-coverage'])} (survived ${o.survived}, no coverage ${o['no-coverage']}), total ${o.total}, passed ${o.passed}`;
const sameVerdict = (a, b) =>
  ['score', 'killed', 'timed-out', 'total', 'passed'].every((k) => a[k] === b[k]) &&
  Number(a.survived) + Number(a['no-coverage']) === Number(b.survived) + Number(b['no-coverage']);

const dir = makeProject();
console.log(`project: ${FILES} source files × ${FUNCTIONS} functions, ${FILES} spec files, in ${dir}`);
console.log(`change: ${git(dir, 'diff', '--shortstat', 'main', 'HEAD')}\n`);

const full = time(() => {
  const r = spawnSync('npx', ['--no-install', 'stryker', 'run', '--reporters', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`full Stryker run failed: ${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(join(dir, 'reports', 'mutation', 'mutation.json'), 'utf8'));
  return { mutants: Object.values(report.files).reduce((n, f) => n + f.mutants.length, 0) };
});
console.log(`full Stryker run (npx stryker run):        ${full.seconds.toFixed(1)} s, ${full.mutants} mutants`);

const lines = time(() => runAction(dir, { scope: 'lines' }));
console.log(`mutation-changed, scope: lines:            ${lines.seconds.toFixed(1)} s, ${lines.outputs.total} mutants on changed lines`);
const ratio = full.seconds / lines.seconds;
console.log(`speed-up: ${ratio.toFixed(1)}× (target ≥ 10×) ${ratio >= 10 ? 'OK' : 'MISSED'}\n`);

console.log(`one job:         ${verdict(lines.outputs)}`);
const shards = [0, 1].map((i) => time(() => runAction(dir, { scope: 'lines', 'shard-index': i, 'shard-count': 2 }, join(dir, 'shards'))));
shards.forEach((s, i) => console.log(`shard ${i + 1} of 2:    ${verdict(s.outputs)} (${s.seconds.toFixed(1)} s)`));
const merged = runAction(dir, { merge: 'shards/*.json' });
console.log(`merge of 2:      ${verdict(merged.outputs)}`);
const same = sameVerdict(merged.outputs, lines.outputs) && merged.code === lines.code;
console.log(`two shards + merge give the same verdict as one job: ${same ? 'yes' : 'NO'}`);
rmSync(dirname(dir), { recursive: true, force: true });
if (ratio < 10 || !same) process.exitCode = 1;
