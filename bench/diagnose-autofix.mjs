#!/usr/bin/env node
// diagnose auto-fix cycle: a generated TypeScript project (500 files, Prettier with a config) whose
// pull request leaves 5 files unformatted, diagnosed from `prettier --check .`'s log with
// `fix: true` by the committed bundle: Prettier on the 5 files, the gate (`prettier --check .`)
// again, the commit with its trailers, the push to a bare `origin` on disk. Against the same steps
// typed by hand in a shell (the reference: what a person or a script would run). Prints wall time
// of each, the action's own account of its parts (fixers + gate, gate alone) and the overhead.
// Median of BENCH_RUNS (default 5); every run gets a fresh repository, generated deterministically.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, root, runActionMeasured } from './_lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FILES = 500;
const SLIPS = 5;
const PRETTIER = join(root, 'node_modules', '.bin', 'prettier');
const scratch = mkdtempSync(join(tmpdir(), 'bench-diagnose-autofix-'));

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

function write(dir, files) {
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
}

const module = (i) => `export function price${i}(cents: number): string {\n  return '$' + (cents / ${100 + i}).toFixed(2);\n}\n`;

/** `main` with the project, `feature` with SLIPS files unformatted, both on a bare origin; the log of the failing gate. */
function project(n) {
  const dir = join(scratch, `run-${n}`);
  const ws = join(dir, 'ws');
  const bare = join(dir, 'origin.git');
  mkdirSync(ws, { recursive: true });
  git(dir, 'init', '-q', '--bare', '-b', 'main', bare);
  const files = { '.prettierrc.json': '{ "singleQuote": true }\n', '.gitignore': 'node_modules\nlogs\n' };
  for (let i = 0; i < FILES; i++) files[`src/m${Math.floor(i / 50)}/f${i}.ts`] = module(i);
  write(ws, files);
  symlinkSync(join(root, 'node_modules'), join(ws, 'node_modules'), 'dir');
  git(ws, 'init', '-q', '-b', 'main');
  git(ws, 'add', '-A');
  git(ws, 'commit', '-q', '-m', 'base');
  git(ws, 'remote', 'add', 'origin', bare);
  git(ws, 'push', '-q', 'origin', 'main');
  const base = git(ws, 'rev-parse', 'HEAD');
  git(ws, 'checkout', '-q', '-b', 'feature');
  const slipped = {};
  for (let i = 0; i < SLIPS; i++)
    slipped[`src/m${i}/f${i * 50}.ts`] = module(i * 50)
      .replace('return ', 'return  ')
      .replace(/'/g, '"');
  write(ws, slipped);
  git(ws, 'commit', '-q', '-am', 'change');
  git(ws, 'push', '-q', 'origin', 'feature');
  const r = spawnSync(PRETTIER, ['--check', '.'], { cwd: ws, encoding: 'utf8' });
  write(ws, { 'logs/format.log': r.stdout + r.stderr });
  return { ws, bare, base, head: git(ws, 'rev-parse', 'HEAD'), slipped: Object.keys(slipped) };
}

const action = [];
const fixers = [];
const gate = [];
const byHand = [];
for (let n = 0; n < RUNS; n++) {
  const p = project(n);
  const r = runActionMeasured('diagnose', {
    cwd: p.ws,
    eventName: 'pull_request',
    event: {
      pull_request: {
        number: 7,
        head: { ref: 'feature', sha: p.head, repo: { full_name: 'acme/shop' } },
        base: { ref: 'main', sha: p.base, repo: { full_name: 'acme/shop', default_branch: 'main' } },
      },
      repository: { full_name: 'acme/shop', default_branch: 'main' },
    },
    env: { GITHUB_REPOSITORY: 'acme/shop' },
    inputs: { logs: 'logs/*.log', fix: 'true', 'gate-command': 'node_modules/.bin/prettier --check .' },
  });
  const fix = r.report?.fix;
  if (r.status !== 0 || fix?.status !== 'fixed')
    throw new Error(`run ${n}: the fix did not land (${fix?.status}: ${fix?.reason})\n${r.stdout}`);
  action.push(r.wallMs);
  gate.push(fix.gate.durationMs);
  fixers.push(fix.durationMs);

  // The reference: the same steps by hand on a fresh copy.
  const q = project(`${n}-ref`);
  const t0 = performance.now();
  const sh = spawnSync(
    'sh',
    [
      '-ec',
      `node_modules/.bin/prettier --write -- "$@" >/dev/null
node_modules/.bin/prettier --check . >/dev/null
git -c user.name=bot -c user.email=bot@example.com commit -q --trailer 'Agent-By: shipkit/diagnose' -m 'fix format' -- "$@"
git push -q origin HEAD:refs/heads/feature`,
      'sh',
      ...q.slipped,
    ],
    { cwd: q.ws, encoding: 'utf8' },
  );
  if (sh.status !== 0) throw new Error(`reference run ${n} failed: ${sh.stderr}`);
  byHand.push(performance.now() - t0);
}
rmSync(scratch, { recursive: true, force: true });

const ms = (x) => `${Math.round(x)} ms`;
console.log(`diagnose auto-fix: ${FILES}-file project, ${SLIPS} files unformatted, median of ${RUNS} runs`);
console.log(`  action, whole process (start-up, log scan, diagnosis, fix path, summary, report): ${ms(median(action))}`);
console.log(`    fix path (count earlier attempts, prettier --write, gate, commit, push):      ${ms(median(fixers))}`);
console.log(`    of which the gate (prettier --check .):                                       ${ms(median(gate))}`);
console.log(`  the same steps by hand in sh (prettier --write, --check, commit, push):           ${ms(median(byHand))}`);
console.log(
  `  overhead of the action over the steps by hand: ${ms(median(action) - median(byHand))} (${(median(action) / median(byHand)).toFixed(2)}x)`,
);
