#!/usr/bin/env node
// smoke benchmarks (issue: foundation + smoke):
//  1. 200 probes against a loopback server that answers in 50 ms, concurrency 16: wall time vs the
//     ideal ceil(200/16) × 50 ms plus process start-up (target: within 1.3×).
//  2. Cold start of dist/smoke/index.js with one probe to a local 200 in a clean environment
//     (PATH alone, plus what the runner sets): median of 15 runs (target: under 80 ms), beside bare
//     `node -e 0` and curl doing the same request, measured in this script.
//  3. The size of every bundle in dist/.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, root, runActionAsync } from './_lib.mjs';

const server = createServer((req, res) => {
  const delay = req.url?.startsWith('/slow') ? 50 : 0;
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  }, delay);
});
server.keepAliveTimeout = 10_000;
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, out }));
  });
}

// The job environment is PATH alone; the runner contract adds its files, event and inputs.
const smoke = (inputs) => runActionAsync('smoke', { cwd: tmpdir(), inputs, baseEnv: { PATH: process.env.PATH } });
const f = (ms) => `${ms.toFixed(1)} ms`;

// 2. Cold start first (before the throughput run warms anything).
const RUNS = 15;
const oneProbe = {
  url: `${base}/`,
  'wait-timeout': '0',
  retries: '2',
  'retry-delay': '1s',
  timeout: '10s',
  concurrency: '8',
  'follow-redirects': 'true',
};
const cold = [];
const bare = [];
const curl = [];
for (let i = 0; i < RUNS; i++) {
  const r = await smoke(oneProbe);
  if (r.code !== 0) throw new Error(`smoke failed in the cold-start run:\n${r.out}`);
  cold.push(r.wallMs);
  bare.push((await run(process.execPath, ['-e', '0'], { PATH: process.env.PATH })).ms);
  curl.push((await run('curl', ['-s', '-o', '/dev/null', `${base}/`], { PATH: process.env.PATH })).ms);
}
console.log(`cold start, one probe, PATH and the runner's variables only, median of ${RUNS}:`);
console.log(`  dist/smoke/index.js  ${f(median(cold))}   (min ${f(Math.min(...cold))}, max ${f(Math.max(...cold))}; target < 80 ms)`);
console.log(`  node -e 0            ${f(median(bare))}   → smoke costs ${f(median(cold) - median(bare))} over an empty node`);
console.log(`  curl (same request)  ${f(median(curl))}   → ratio smoke/curl ${(median(cold) / median(curl)).toFixed(2)}×`);

// 1. Throughput.
const probes = Array.from({ length: 200 }, (_, i) => `- path: /slow/${i}`).join('\n');
const ideal = Math.ceil(200 / 16) * 50;
const startup = median(cold);
const runsThroughput = [];
for (let i = 0; i < 3; i++) {
  const r = await smoke({
    url: base,
    probes,
    concurrency: 16,
    'wait-timeout': '0',
    retries: '0',
    'retry-delay': '1s',
    timeout: '10s',
    'follow-redirects': 'true',
  });
  if (r.code !== 0) throw new Error(`smoke failed in the throughput run:\n${r.out.slice(0, 2000)}`);
  runsThroughput.push(r.wallMs);
}
const wall = median(runsThroughput);
console.log(`\n200 probes, 50 ms each, concurrency 16 (median of 3):`);
console.log(`  wall ${f(wall)}; ideal ceil(200/16)×50 ms = ${ideal} ms + start-up ${f(startup)} = ${f(ideal + startup)}`);
console.log(`  ratio ${(wall / (ideal + startup)).toFixed(2)}× (target ≤ 1.3×)`);

// 3. Bundle sizes.
console.log('\nbundle sizes:');
for (const name of readdirSync(join(root, 'dist')).sort()) {
  const dir = join(root, 'dist', name);
  const files = readdirSync(dir).filter((f) => f.endsWith('.js') || f.endsWith('.mjs') || f.endsWith('.cjs'));
  const total = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  const main = statSync(join(dir, 'index.js')).size;
  console.log(
    `  ${name.padEnd(18)} index.js ${(main / 1024).toFixed(0).padStart(5)} KiB${files.length > 1 ? `   all chunks ${(total / 1024).toFixed(0)} KiB (${files.length} files)` : ''}`,
  );
}
server.close();
process.exit(0);
