#!/usr/bin/env node
// The local provider's traffic proxy (dist/proxy/index.js, the committed bundle, as its own
// process) in front of two releases of the example service (examples/app, one process each),
// against a direct connection to one release and against nginx (Debian package, one worker,
// `split_clients` per request, keep-alive upstreams) with the same split (25 % candidate).
// autocannon, in this process, is the load generator.
//
// 1. Closed loop, 16 connections, `ROUNDS` rounds of `SECONDS` s each, the three targets
//    interleaved (median of the rounds): req/s, p50 and p99 latency, added latency over direct,
//    and CPU time per request of the proxy process (of the nginx worker), which the other load on a
//    shared machine disturbs less than wall-clock figures. Target: ≥ 5,000 req/s through the proxy.
// 2. 1,000 req/s: autocannon's rate limit sends each connection's quota for a second in one burst,
//    so 1,000 req/s on 16 connections measures the latency of a burst at full speed. Paced instead:
//    `PACED` autocannon instances of one connection at 1000/PACED req/s each, their starts spread
//    evenly over one second, so 1,000 requests a second arrive in PACED small groups. Added p99 over
//    direct, target ≤ 1 ms.
//
// 3. Start-up: from spawning `node dist/proxy/index.js` to its ready line, median of 9, beside
//    `node -e 0` (undici and prom-client are in the bundle; the light modules launch.ts and
//    client.ts, which actions import to start and drive it, load neither).
//
// Latencies are the exact per-response times autocannon reports (its own histograms round to 1 ms).
// Beside the load average, a gauge of the machine's scheduling noise: how late an idle node
// process's event loop runs (monitorEventLoopDelay) while the benchmark runs. Where that is
// milliseconds, so are the tails of every target; the lead re-runs on a quiet machine.
//
//   npm run bench -- proxy            (ROUNDS=5 SECONDS=8 npm run bench -- proxy for a longer run)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './_lib.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 5);
const PACED = 50;
const WEIGHT = 25;
const NGINX = '/usr/sbin/nginx';
const bundle = join(root, 'dist', 'proxy', 'index.js');
if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run \`node scripts/build.mjs proxy\``);
if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install -y nginx`);

const work = mkdtempSync(join(tmpdir(), 'shipkit-bench-proxy-'));
const children = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function startProcess(cmd, args, env, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const onData = (d) => {
      out += d;
      const m = ready(out);
      if (m) resolve({ child, match: m });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${cmd} exited (${code}) before it was ready:\n${out}`)));
  });
}

const freePort = async () => {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
};

async function startApp(version) {
  const { match } = await startProcess(
    process.execPath,
    [join(root, 'examples', 'app', 'src', 'server.js')],
    { PORT: '0', APP_VERSION: version },
    (out) => /listening on (http:\/\/\S+)/.exec(out),
  );
  return match[1];
}

async function startProxy(stable, candidate) {
  const config = join(work, 'proxy.json');
  const token = randomBytes(24).toString('hex');
  writeFileSync(
    config,
    JSON.stringify({ token, stable: { url: stable, version: 'v1' }, candidate: { url: candidate, version: 'v2' }, weight: WEIGHT }),
    { mode: 0o600 },
  );
  const { child, match } = await startProcess(process.execPath, [bundle, '--config', config], {}, (out) =>
    /"event":"ready".*?"url":"([^"]+)"/.exec(out),
  );
  return { url: match[1], pids: [child.pid] };
}

async function startNginx(stable, candidate) {
  const dir = join(work, 'nginx');
  for (const d of ['', 'tmp']) spawnSync('mkdir', ['-p', join(dir, d)]);
  const port = await freePort();
  const hostPort = (u) => new URL(u).host;
  const conf = `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  upstream stable { server ${hostPort(stable)}; keepalive 64; }
  upstream candidate { server ${hostPort(candidate)}; keepalive 64; }
  split_clients "\${request_id}" $arm { ${WEIGHT}% candidate; * stable; }
  server {
    listen 127.0.0.1:${port} reuseport;
    keepalive_requests 100000;
    location / {
      proxy_pass http://$arm;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header x-shipkit-arm $arm;
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${url}/api/items`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(25);
  }
  const workers = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(child.pid);
      } catch {
        return false;
      }
    })
    .map(Number);
  return { url, pids: workers };
}

/** CPU seconds (user + system) the processes have used so far. */
function cpuSeconds(pids) {
  const tick = 100; // USER_HZ on Linux
  return pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      return sum;
    }
  }, 0);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

function runCannon(options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve({ result, latencies })));
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      if (statusCode === 200) latencies.push(ms);
    });
  });
}

/** Closed loop at 16 connections. */
async function closedLoop(target, seconds) {
  const before = cpuSeconds(target.pids);
  const { result, latencies } = await runCannon({ url: `${target.url}/api/items`, connections: 16, duration: seconds });
  const cpu = cpuSeconds(target.pids) - before;
  latencies.sort((a, b) => a - b);
  const failed = result.errors + result.timeouts + result.non2xx;
  return {
    rps: result.requests.total / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failed,
    cpuUsPerRequest: target.pids.length ? (cpu / result.requests.total) * 1e6 : Number.NaN,
  };
}

/** About 1,000 req/s from PACED one-connection clients whose starts are spread over a second. */
async function paced(target, seconds) {
  const all = [];
  let requests = 0;
  let failed = 0;
  const runs = [];
  for (let i = 0; i < PACED; i++) {
    runs.push(
      runCannon({ url: `${target.url}/api/items`, connections: 1, connectionRate: 1000 / PACED, duration: seconds }).then(
        ({ result, latencies }) => {
          all.push(...latencies);
          requests += result.requests.total;
          failed += result.errors + result.timeouts + result.non2xx;
        },
      ),
    );
    await sleep(1000 / PACED);
  }
  await Promise.all(runs);
  all.sort((a, b) => a - b);
  // Each client runs `seconds` at 1000/PACED req/s: requests / seconds is the rate while all run.
  return { rps: requests / seconds, p50: percentile(all, 50), p99: percentile(all, 99), failed };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(3)} ms`;
const plus = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(3)} ms`;

const NOISE = `const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 5 }); h.enable(); setInterval(() => {}, 1000);
process.on('SIGTERM', () => { process.stdout.write(JSON.stringify({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 })); process.exit(0); });
console.error('ready');`;

try {
  const loadBefore = load();
  const noise = (await startProcess(process.execPath, ['-e', NOISE], {}, (out) => out.includes('ready'))).child;
  const stable = await startApp('1.0.0');
  const candidate = await startApp('2.0.0');
  const targets = {
    direct: { url: stable, pids: [] },
    proxy: await startProxy(stable, candidate),
    nginx: await startNginx(stable, candidate),
  };
  const nginxVersion = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim();
  console.log(`proxy benchmark: node ${process.version}, ${nginxVersion}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`);
  console.log(
    `load average at start: ${loadBefore} (1, 5, 15 min) — the machine may be shared; figures below are medians of ${ROUNDS} rounds`,
  );
  console.log(`backends: examples/app v1 and v2, GET /api/items; proxy and nginx split ${100 - WEIGHT} % / ${WEIGHT} %\n`);

  // Warm up every path (JIT, connection pools).
  for (const t of Object.values(targets)) await closedLoop(t, 1);

  const closed = { direct: [], proxy: [], nginx: [] };
  for (let r = 0; r < ROUNDS; r++) for (const [name, t] of Object.entries(targets)) closed[name].push(await closedLoop(t, SECONDS));
  const summary = (rows, key) => median(rows.map((x) => x[key]));
  const base = { p50: summary(closed.direct, 'p50'), p99: summary(closed.direct, 'p99') };
  console.log(`1. closed loop, 16 connections, ${SECONDS} s × ${ROUNDS} rounds`);
  console.log('   target    req/s     p50         p99         added p50    added p99    CPU/request   failed');
  for (const [name, rows] of Object.entries(closed)) {
    const p50 = summary(rows, 'p50');
    const p99 = summary(rows, 'p99');
    const cpu = summary(rows, 'cpuUsPerRequest');
    console.log(
      `   ${name.padEnd(8)} ${summary(rows, 'rps').toFixed(0).padStart(6)}   ${ms(p50).padEnd(10)}  ${ms(p99).padEnd(10)}  ${
        name === 'direct' ? '—'.padEnd(11) : plus(p50 - base.p50).padEnd(11)
      }  ${name === 'direct' ? '—'.padEnd(11) : plus(p99 - base.p99).padEnd(11)}  ${Number.isNaN(cpu) ? '—'.padEnd(12) : `${cpu.toFixed(0)} µs`.padEnd(12)}  ${rows.reduce((n, x) => n + x.failed, 0)}`,
    );
  }
  const proxyRps = summary(closed.proxy, 'rps');
  console.log(`   through the proxy: ${proxyRps.toFixed(0)} req/s — target ≥ 5,000: ${proxyRps >= 5000 ? 'met' : 'NOT met'}`);
  console.log(
    `   proxy/nginx throughput: ${(proxyRps / summary(closed.nginx, 'rps')).toFixed(2)}×; proxy/direct: ${(proxyRps / summary(closed.direct, 'rps')).toFixed(2)}×\n`,
  );

  const rate = { direct: [], proxy: [], nginx: [] };
  for (let r = 0; r < ROUNDS; r++) for (const [name, t] of Object.entries(targets)) rate[name].push(await paced(t, SECONDS));
  const rbase = { p50: summary(rate.direct, 'p50'), p99: summary(rate.direct, 'p99') };
  console.log(`2. ~1,000 req/s (${PACED} paced clients), ${SECONDS} s × ${ROUNDS} rounds`);
  console.log('   target    req/s     p50         p99         added p50    added p99    failed');
  for (const [name, rows] of Object.entries(rate)) {
    const p50 = summary(rows, 'p50');
    const p99 = summary(rows, 'p99');
    console.log(
      `   ${name.padEnd(8)} ${summary(rows, 'rps').toFixed(0).padStart(6)}   ${ms(p50).padEnd(10)}  ${ms(p99).padEnd(10)}  ${
        name === 'direct' ? '—'.padEnd(11) : plus(p50 - rbase.p50).padEnd(11)
      }  ${name === 'direct' ? '—'.padEnd(11) : plus(p99 - rbase.p99).padEnd(11)}  ${rows.reduce((n, x) => n + x.failed, 0)}`,
    );
  }
  const added = summary(rate.proxy, 'p99') - rbase.p99;
  console.log(`   added p99 through the proxy at 1,000 req/s: ${plus(added)} — target ≤ 1 ms: ${added <= 1 ? 'met' : 'NOT met'}`);

  const startups = [];
  const bare = [];
  const config = join(work, 'startup.json');
  writeFileSync(config, JSON.stringify({ token: randomBytes(24).toString('hex'), stable }), { mode: 0o600 });
  for (let i = 0; i < 9; i++) {
    let t0 = performance.now();
    const { child } = await startProcess(process.execPath, [bundle, '--config', config], {}, (out) => out.includes('"event":"ready"'));
    startups.push(performance.now() - t0);
    child.kill('SIGTERM');
    t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t0);
  }
  console.log(`\n3. start-up to the ready line: ${median(startups).toFixed(0)} ms (node -e 0: ${median(bare).toFixed(0)} ms), median of 9`);
  console.log(`\nload average at end: ${load()}`);
  const noiseOut = new Promise((resolve) => {
    let text = '';
    noise.stdout.on('data', (d) => (text += d));
    noise.once('exit', () => resolve(JSON.parse(text || '{}')));
  });
  noise.kill('SIGTERM');
  const { p99, max } = await noiseOut;
  console.log(
    `scheduling noise: an idle node process's event loop ran late by p99 ${p99?.toFixed(2)} ms, max ${max?.toFixed(1)} ms, during the run`,
  );
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await sleep(300);
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
