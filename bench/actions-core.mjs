#!/usr/bin/env node
// What importing @actions/core costs an action's cold start, and so why the kit writes the runner
// protocol itself (checked against @actions/core in packages/kit/test/actions-core.test.ts).
// Bundles two one-line actions with ncc exactly as scripts/build.mjs does (minified, es2023): one
// that prints a line, one that prints it through `core.info`. Runs each in a clean environment
// (`env -i PATH=…`), median of 15 (BENCH_RUNS), beside `node -e 0`, and prints the difference in
// wall time and in CPU time (user + system, from /usr/bin/time: steadier on a shared machine).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ncc = createRequire(import.meta.url)('@vercel/ncc');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
// Inside the repository, so the entries resolve @actions/core from its node_modules.
const work = join(root, 'node_modules', '.cache', 'shipkit-bench-actions-core');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const variants = {
  'plain stdout': "process.stdout.write('hello\\n');\n",
  '@actions/core': "import * as core from '@actions/core';\ncore.info('hello');\n",
};
const bundles = {};
for (const [name, source] of Object.entries(variants)) {
  const dir = join(work, name.replace(/\W+/g, '-'));
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'main.mjs');
  writeFileSync(entry, source);
  const { code, assets } = await ncc(entry, { minify: true, target: 'es2023', quiet: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.mjs'), code);
  for (const [file, asset] of Object.entries(assets)) writeFileSync(join(dir, 'dist', file), asset.source);
  bundles[name] = join(dir, 'dist', 'index.mjs');
}

/** Wall ms and CPU ms (user + system) of one clean run. */
const run = (args) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - started;
      const [user, sys] = (err.trim().split('\n').pop() ?? '').split(' ').map(Number);
      if (code === 0) resolve({ wall, cpu: ((user ?? 0) + (sys ?? 0)) * 1000 });
      else reject(new Error(`${args} exited ${code}: ${err}`));
    });
  });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = { 'node -e 0': [], ...Object.fromEntries(Object.keys(bundles).map((k) => [k, []])) };
for (let i = 0; i < RUNS; i++) {
  times['node -e 0'].push(await run(['-e', '0']));
  for (const [name, file] of Object.entries(bundles)) times[name].push(await run([file]));
}
console.log(`cold start of a one-line action bundled with ncc, env -i, median of ${RUNS}:`);
const wall = (name) => median(times[name].map((t) => t.wall));
const cpu = (name) => median(times[name].map((t) => t.cpu));
for (const name of Object.keys(times))
  console.log(`  ${name.padEnd(14)} wall ${wall(name).toFixed(1)} ms   cpu ${cpu(name).toFixed(0)} ms`);
const size = readFileSync(bundles['@actions/core']).length;
console.log(
  `  importing @actions/core costs +${(wall('@actions/core') - wall('plain stdout')).toFixed(1)} ms wall, +${(cpu('@actions/core') - cpu('plain stdout')).toFixed(0)} ms cpu (its bundle: ${(size / 1024).toFixed(0)} KiB)`,
);
rmSync(work, { recursive: true, force: true });
