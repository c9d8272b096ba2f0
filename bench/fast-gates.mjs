#!/usr/bin/env node
// Benchmark: fast-gates, the committed bundle, with the real tools from this repo's node_modules.
//
// 1. Parallel vs serial: the four gates of a generated TypeScript project (1,000 files, whole
//    project) run with `parallel: 4` and with `parallel: 1`; prints the wall times, the per-gate
//    times and the parallel wall time as a multiple of the slowest gate (target ≤ 1.2×).
// 2. The same project with a 20-file change, `auto` in changed-only mode (target < 30 s).
// 3. shipkit itself: the whole repository, and changed-only against HEAD~5.
//
// Peak memory (`/usr/bin/time -f %M`) is the largest resident set among the bundle and the tools it
// ran (wait4 reports the maximum over the waited-for process tree), usually tsc or ESLint.
//
//   node bench/fast-gates.mjs            (or: npm run bench -- fast-gates)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { root, runActionMeasured } from './_lib.mjs';

const FILES = 1000;
const MODULES = 50;
const CHANGED = 20;

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }).trim();

/** A module of the generated project: types, a class and functions that use the previous module. */
function source(m, f, extra = '') {
  const prev = f > 0 ? `import { total${m}_${f - 1}, type Item${m}_${f - 1} } from './file${f - 1}';\n\n` : '';
  const base = f > 0 ? `total${m}_${f - 1}(items as Item${m}_${f - 1}[])` : '0';
  return `${prev}export interface Item${m}_${f} {
  id: number;
  name: string;
  price: number;
  tags: readonly string[];
}

export class Cart${m}_${f} {
  private readonly items: Item${m}_${f}[] = [];

  add(item: Item${m}_${f}): this {
    this.items.push(item);
    return this;
  }

  byTag(tag: string): Item${m}_${f}[] {
    return this.items.filter((i) => i.tags.includes(tag));
  }
}

export function total${m}_${f}(items: readonly Item${m}_${f}[]): number {
  const own = items.reduce((sum, i) => sum + i.price, 0);
  return own + ${base};
}

export function describe${m}_${f}(item: Item${m}_${f}): string {
  return \`\${item.id}: \${item.name} (\${item.price.toFixed(2)})\`;
}
${extra}`;
}

function generateProject() {
  const dir = mkdtempSync(join(tmpdir(), 'shipkit-bench-fast-gates-'));
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    'package.json',
    JSON.stringify(
      {
        name: 'bench',
        private: true,
        type: 'module',
        devDependencies: {
          prettier: '^3',
          eslint: '^10',
          'typescript-eslint': '^8',
          typescript: '^6',
          secretlint: '^13',
          '@secretlint/secretlint-rule-preset-recommend': '^13',
        },
      },
      null,
      2,
    ) + '\n',
  );
  write('.prettierrc.json', '{ "singleQuote": true, "printWidth": 120 }\n');
  write('.gitignore', 'node_modules\n');
  write(
    'eslint.config.js',
    "import tseslint from 'typescript-eslint';\n\nexport default tseslint.config(...tseslint.configs.recommended);\n",
  );
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        skipLibCheck: true,
        types: [],
      },
      include: ['src'],
    }) + '\n',
  );
  const perModule = FILES / MODULES;
  for (let m = 0; m < MODULES; m++) for (let f = 0; f < perModule; f++) write(`src/mod${m}/file${f}.ts`, source(m, f));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // Prettier decides the formatting of the generated files, so the clean project passes.
  execFileSync(join(dir, 'node_modules/.bin/prettier'), ['--write', '--log-level', 'warn', '.'], { cwd: dir });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

/** Runs the bundle like the runner does; returns wall ms, peak RSS KiB, exit code and the report. */
function runGates(cwd, inputs, { eventName = 'push', event = {} } = {}) {
  const m = runActionMeasured('fast-gates', { cwd, inputs: { 'fail-fast': false, ...inputs }, eventName, event });
  return { wallMs: m.wallMs, peakKiB: m.peakMb * 1024, code: m.status, report: m.report };
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const gatesLine = (report) => report.gates.map((g) => `${g.name} ${s(g.durationMs)} ${g.status}`).join(', ');

console.log(`fast-gates benchmark — node ${process.version}, ${cpus().length} CPUs\n`);
const project = generateProject();
console.log(`generated a TypeScript project of ${FILES} files in ${project}\n`);

// 1. Parallel vs serial, whole project.
const serial = runGates(project, { parallel: 1, 'changed-only': 'false' });
const parallel = runGates(project, { parallel: 4, 'changed-only': 'false' });
const slowestSerial = Math.max(...serial.report.gates.map((g) => g.durationMs));
const slowestParallel = Math.max(...parallel.report.gates.map((g) => g.durationMs));
console.log('1. parallel vs serial (whole project, 4 gates)');
console.log(
  `   serial   (parallel: 1): wall ${s(serial.wallMs)}  [${gatesLine(serial.report)}]  sum of gates ${s(serial.report.gates.reduce((n, g) => n + g.durationMs, 0))}`,
);
console.log(
  `   parallel (parallel: 4): wall ${s(parallel.wallMs)}  [${gatesLine(parallel.report)}]  peak RSS (largest process) ${(parallel.peakKiB / 1024).toFixed(0)} MiB`,
);
console.log(
  `   parallel wall / slowest gate alone = ${(parallel.wallMs / slowestSerial).toFixed(2)}× (target ≤ 1.2×); / slowest gate in the same run = ${(parallel.wallMs / slowestParallel).toFixed(2)}×; serial / parallel = ${(serial.wallMs / parallel.wallMs).toFixed(2)}×`,
);
for (const r of [serial, parallel]) if (r.code !== 0) console.log(`   ! the clean project did not pass (exit ${r.code})`);

// 2. A 20-file change in changed-only auto mode (as on a pull request).
const base = git(project, 'rev-parse', 'HEAD');
git(project, 'checkout', '-q', '-b', 'feature');
for (let i = 0; i < CHANGED; i++) {
  const m = (i * 7) % MODULES;
  const f = (i * 3) % (FILES / MODULES);
  const path = join(project, `src/mod${m}/file${f}.ts`);
  writeFileSync(path, `${readFileSync(path, 'utf8')}\nexport const changed${i} = ${i};\n`);
}
git(project, 'commit', '-q', '-am', 'change 20 files');
const head = git(project, 'rev-parse', 'HEAD');
const changed = runGates(
  project,
  {},
  { eventName: 'pull_request', event: { pull_request: { number: 1, base: { sha: base }, head: { sha: head } } } },
);
console.log(`\n2. ${CHANGED}-file change, auto, changed-only (pull_request event)`);
console.log(
  `   wall ${s(changed.wallMs)} (target < 30 s) — ${changed.report.changedFiles.length} changed files, exit ${changed.code}  [${gatesLine(changed.report)}]  peak RSS (largest process) ${(changed.peakKiB / 1024).toFixed(0)} MiB`,
);

// 3. shipkit itself.
const full = runGates(root, { 'changed-only': 'false' });
const since = git(root, 'rev-parse', 'HEAD~5');
const shipkitChanged = runGates(root, { 'changed-only': 'true', base: since });
console.log('\n3. shipkit itself');
console.log(`   whole repository: wall ${s(full.wallMs)}, exit ${full.code}  [${gatesLine(full.report)}]`);
console.log(
  `   changed-only vs HEAD~5 (${shipkitChanged.report.changedFiles.length} files): wall ${s(shipkitChanged.wallMs)}, exit ${shipkitChanged.code}  [${gatesLine(shipkitChanged.report)}]`,
);

rmSync(project, { recursive: true, force: true });
