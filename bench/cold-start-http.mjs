#!/usr/bin/env node
// Cold start of the bundles that talk HTTP (bench/cold-start.mjs times every bundle with no inputs): the whole process, started in a clean environment
// (`env -i PATH=… node dist/<name>/index.js`, as `env -i` would, from a copy of the bundle outside
// the repository), median of 15 runs each (BENCH_RUNS), beside a bare `node -e 0`:
//   smoke     one probe to a local 200 (kit http on node:http)
//   diagnose  summary mode, one tsc log (no GitHub API, no Octokit)
//   diagnose  comment mode against a minimal GitHub API stub on loopback (Octokit, the identity
//             lookup, one comment listed and one created)
// Prints median, min and max wall time per case, and each case's cost over an empty node.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

// One server plays both parts: a 200 for smoke and the few GitHub routes diagnose calls.
const server = createServer((req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/graphql') return send(200, { data: { viewer: { login: 'github-actions[bot]' } } });
    if (path === '/repos/acme/shop/issues/7/comments' && req.method === 'GET') return send(200, []);
    if (path === '/repos/acme/shop/issues/7/comments' && req.method === 'POST')
      return send(201, {
        id: 1,
        body: JSON.parse(body).body,
        html_url: 'https://github.com/acme/shop/issues/7#issuecomment-1',
        user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
      });
    send(200, { ok: true });
  });
});
server.keepAliveTimeout = 10_000;
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const work = mkdtempSync(join(tmpdir(), 'shipkit-bench-cold-'));
mkdirSync(join(work, 'logs'));
// The bundles run from a copy outside the repository, as on a runner: inside it, a bundled
// dependency that probes for optional packages (fdir for picomatch) would find the repo's
// node_modules and load them, which no runner does.
for (const name of ['smoke', 'diagnose']) cpSync(join(root, 'dist', name), join(work, 'dist', name), { recursive: true });
copyFileSync(join(root, 'actions', 'diagnose', 'test', 'fixtures', 'logs', 'tsc.log'), join(work, 'logs', 'tsc.log'));
const event = join(work, 'event.json');
writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) } } }));

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, out }));
  });
}

const clean = (extra) => ({
  PATH: process.env.PATH,
  GITHUB_OUTPUT: '/dev/null',
  GITHUB_STEP_SUMMARY: '/dev/null',
  RUNNER_TEMP: work,
  GITHUB_WORKSPACE: work,
  ...extra,
});
const input = (inputs) => Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, String(v)]));

const cases = [
  {
    name: 'smoke, one probe',
    bundle: 'smoke',
    env: clean(
      input({
        url: `${base}/`,
        'wait-timeout': '0',
        retries: '2',
        'retry-delay': '1s',
        timeout: '10s',
        concurrency: '8',
        'follow-redirects': 'true',
      }),
    ),
  },
  {
    name: 'diagnose, summary mode',
    bundle: 'diagnose',
    env: clean(input({ logs: 'logs/*.log', mode: 'summary', 'max-cycles': '3' })),
  },
  {
    name: 'diagnose, comment mode',
    bundle: 'diagnose',
    env: clean({
      ...input({ logs: 'logs/*.log', mode: 'comment', 'max-cycles': '3', 'github-token': 'ghs_benchTokenBenchTokenBenchToken0123' }),
      GITHUB_API_URL: base,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_RUN_ID: '1',
      GITHUB_SERVER_URL: 'https://github.com',
    }),
  },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (ms) => `${ms.toFixed(1)} ms`;
const times = new Map(cases.map((c) => [c.name, []]));
const bare = [];
// Interleaved, so a burst of load on the shared machine hits every case alike.
for (let i = 0; i < RUNS; i++) {
  bare.push((await run(process.execPath, ['-e', '0'], { PATH: process.env.PATH })).ms);
  for (const c of cases) {
    const r = await run(process.execPath, [join(work, 'dist', c.bundle, 'index.js')], c.env);
    if (r.code !== 0) throw new Error(`${c.name} exited ${r.code}:\n${r.out.slice(0, 3000)}`);
    times.get(c.name).push(r.ms);
  }
}
console.log(`cold start, env -i, median of ${RUNS} (min, max):`);
console.log(`  ${'node -e 0'.padEnd(26)} ${f(median(bare))}`);
for (const c of cases) {
  const t = times.get(c.name);
  console.log(
    `  ${c.name.padEnd(26)} ${f(median(t))}   (${f(Math.min(...t))}, ${f(Math.max(...t))})   +${f(median(t) - median(bare))} over node`,
  );
}
server.close();
rmSync(work, { recursive: true, force: true });
process.exit(0);
