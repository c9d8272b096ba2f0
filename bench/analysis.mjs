#!/usr/bin/env node
// analysis benchmark (issue 12): on the same simulated canary traffic — 5 % candidate share, 1 %
// baseline errors, a check every 20 candidate requests, a watch of at most 4,000 candidate
// requests (200 checks), RUNS runs a scenario (default 2,000; `npm run bench -- analysis 4000`) —
// three deciders side by side:
//   sequential  packages/analysis (mixture SPRT on the candidate's share of bad events), stopping at
//               its first decision;
//   fixed       a one-sided two-proportion z-test (α = 0.05) at a fixed horizon sized for 80 % power
//               at 2× (computed below: 850 candidate requests, i.e. 860 in checks of 20);
//   argo        an Argo-style rule: abort when a 200-request window's candidate rate > 2× the
//               baseline's in the same window (failureLimit: 0); promote after the whole watch.
// Scenarios: healthy, errors 2× / 5× / 10×, p99 latency 3× with the median unchanged (bad events =
// requests slower than 250 ms, the smallest default bucket at or above the baseline's p99 of 200 ms;
// the sequential analysis chooses that boundary itself from the baseline's histogram, and also
// watches errors, with α split between the two metrics).
// Targets: false-abort rate ≤ 5 %; requests to abort a 5× regression ≤ 1/5 of the fixed test's; to
// pass a healthy candidate ≤ 60 % of the fixed test's. Also: CPU per check of the analysis.
// `npm run bench -- analysis --watch` also measures the action's own cost: CPU time and peak memory
// of dist/slo-watch over a whole 5-minute watch (interval 10 s, the defaults), once against a real
// Prometheus scraping two instances of the example service (nothing to decide, so it runs to the
// end), once with `source: probes` at the default 5/s against a service (a process of its own)
// failing every 70th request: 1.4 %, between the 99 % SLO's 1 % budget and twice it, so neither
// verdict comes in 1,500 requests and the watch runs to the end. `--source probes` or
// `--source prometheus` runs one of the two.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { measure, root, runActionMeasured } from './_lib.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const WATCH = args.includes('--watch');
const SOURCE = args.includes('--source') ? args[args.indexOf('--source') + 1] : undefined;
const CHECK = 20;
const SHARE = 0.05;
const BASE_RATE = 0.01;
const MAX_CHECKS = 200;
const WINDOW_CHECKS = 200 / CHECK;
const Z_ALPHA = 1.6448536269514722;
const Z_BETA = 0.8416212335729143;

// The analysis is TypeScript with extensionless imports: bundle it once with ncc (as the actions are).
const require = createRequire(import.meta.url);
const ncc = require('@vercel/ncc');
const temp = mkdtempSync(join(tmpdir(), 'shipkit-bench-analysis-'));
const entry = join(temp, 'entry.ts');
writeFileSync(
  join(temp, 'tsconfig.json'),
  JSON.stringify({ extends: join(root, 'tsconfig.json'), compilerOptions: { rootDir: '/' }, include: ['entry.ts'] }),
);
const src = join(root, 'packages/analysis/src');
writeFileSync(
  entry,
  [join(src, 'index'), join(src, 'simulate'), join(root, 'packages/testkit/src/prometheus')]
    .map((m) => `export * from ${JSON.stringify(m)};`)
    .join('\n'),
);
const { code } = await ncc(entry, { quiet: true, transpileOnly: true, target: 'es2023' }).catch((e) => {
  console.error(String(e?.message ?? e).slice(0, 2000));
  process.exit(1);
});
// ncc emits CommonJS for a TypeScript entry outside a `"type": "module"` package.
writeFileSync(join(temp, 'analysis.cjs'), code);
const lib = require(join(temp, 'analysis.cjs'));
const { Analysis, seededRandom, simulateCheck, latencyCdf, startPrometheus } = lib;

// Fixed horizon: n_c for 80 % power at 2× with n_b = 19·n_c (one-sided α = 0.05).
function fixedHorizon() {
  const pb = BASE_RATE;
  const pc = 2 * BASE_RATE;
  const k = (1 - SHARE) / SHARE;
  const pbar = (pc + k * pb) / (1 + k);
  const v0 = pbar * (1 - pbar) * (1 + 1 / k);
  const v1 = pc * (1 - pc) + (pb * (1 - pb)) / k;
  const n = ((Z_ALPHA * Math.sqrt(v0) + Z_BETA * Math.sqrt(v1)) / (pc - pb)) ** 2;
  return { exact: Math.ceil(n), checks: Math.ceil(n / CHECK) };
}
const FIXED = fixedHorizon();

const ERRORS = { name: 'errors', kind: 'errors', objective: { target: 0.99 } };
const LATENCY = { name: 'latency', kind: 'latency', objective: { target: 0.99, thresholdSeconds: 1 } };
const BASE_LAW = { medianSeconds: 0.05, p99Seconds: 0.2 };
const L = 0.25;

const scenarios = [
  { name: 'healthy', errorRatio: 1, bad: false },
  { name: 'errors 2×', errorRatio: 2, bad: true },
  { name: 'errors 5×', errorRatio: 5, bad: true },
  { name: 'errors 10×', errorRatio: 10, bad: true },
  {
    name: 'p99 latency 3×',
    errorRatio: 1,
    bad: true,
    latency: { baseline: BASE_LAW, candidate: { medianSeconds: 0.05, p99Seconds: 0.6 } },
  },
];

/** Bad events of a check for the comparison rules: errors, or (latency scenario) requests slower than L. */
function badOf(arm, latency) {
  if (!latency) return arm.bad;
  const at = arm.buckets.find((b) => b.le === L);
  return arm.requests - at.count;
}

let checkNanos = 0n;
let checkCount = 0;

function runOne(s, seed) {
  const random = seededRandom(seed);
  const metrics = s.latency ? [ERRORS, LATENCY] : [ERRORS];
  const analysis = new Analysis({ metrics, baseline: 'concurrent', alpha: 0.05, maxIncrease: 2 });
  const out = { seq: undefined, fixed: undefined, argo: undefined };
  let cx = 0,
    cn = 0,
    bx = 0,
    bn = 0; // fixed-test totals
  let wcx = 0,
    wcn = 0,
    wbx = 0,
    wbn = 0; // Argo window
  for (let i = 1; i <= MAX_CHECKS; i++) {
    const { candidate, baseline } = simulateCheck(
      { candidatePerCheck: CHECK, candidateShare: SHARE, baselineErrorRate: BASE_RATE, errorRatio: s.errorRatio, latency: s.latency },
      random,
    );
    const served = i * CHECK;
    if (!out.seq) {
      const t0 = process.hrtime.bigint();
      analysis.observe({ end: String(i), metrics: Object.fromEntries(metrics.map((m) => [m.name, { candidate, baseline }])) });
      const d = analysis.decide({ final: i === MAX_CHECKS });
      checkNanos += process.hrtime.bigint() - t0;
      checkCount++;
      if (d.verdict !== 'continue')
        out.seq = { verdict: d.verdict === 'fail' ? 'abort' : d.verdict === 'pass' ? 'promote' : 'inconclusive', n: served };
    }
    const x = badOf(candidate, s.latency);
    const y = badOf(baseline, s.latency);
    if (!out.fixed) {
      cx += x;
      cn += candidate.requests;
      bx += y;
      bn += baseline.requests;
      if (i === FIXED.checks) {
        const pooled = (cx + bx) / (cn + bn);
        const se = Math.sqrt(pooled * (1 - pooled) * (1 / cn + 1 / bn));
        const z = se > 0 ? (cx / cn - bx / bn) / se : 0;
        out.fixed = { verdict: z > Z_ALPHA ? 'abort' : 'promote', n: served };
      }
    }
    if (!out.argo) {
      wcx += x;
      wcn += candidate.requests;
      wbx += y;
      wbn += baseline.requests;
      if (i % WINDOW_CHECKS === 0) {
        if (wcx / wcn > 2 * (wbx / wbn)) out.argo = { verdict: 'abort', n: served };
        wcx = wcn = wbx = wbn = 0;
      }
      if (!out.argo && i === MAX_CHECKS) out.argo = { verdict: 'promote', n: served };
    }
    if (out.seq && out.fixed && out.argo) break;
  }
  return out;
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const quantile = (xs, q) => (xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]);
const fmtN = (x) => (Number.isNaN(x) ? '–' : x.toLocaleString('en-US'));

console.log(
  `analysis benchmark: ${RUNS.toLocaleString('en-US')} runs a scenario; 5 % canary share, 1 % baseline errors, a check every ${CHECK} canary requests, at most ${(MAX_CHECKS * CHECK).toLocaleString('en-US')} canary requests`,
);
console.log(
  `fixed test: one-sided two-proportion z-test, α = 0.05, 80 % power at 2× → ${FIXED.exact} canary requests (${FIXED.checks * CHECK} in checks of ${CHECK})`,
);
console.log(
  `latency scenario: baseline median 50 ms / p99 200 ms, candidate p99 600 ms; P(> 250 ms) baseline ${pct(1 - latencyCdf(BASE_LAW, L))}, candidate ${pct(1 - latencyCdf(scenarios[4].latency.candidate, L))}`,
);
console.log('');
const header = ['scenario', 'method', 'abort', 'promote', 'inconclusive', 'median canary req. to decision', 'p90'];
const rows = [header];
const summary = {};
const started = process.hrtime.bigint();
for (const s of scenarios) {
  const results = Array.from({ length: RUNS }, (_, k) => runOne(s, 1 + k));
  for (const method of ['seq', 'fixed', 'argo']) {
    const rs = results.map((r) => r[method]);
    const rate = (v) => rs.filter((r) => r.verdict === v).length / rs.length;
    // Requests to the decision that matters: the abort for a regression, the promotion for a healthy candidate.
    const key = s.bad ? 'abort' : 'promote';
    const ns = rs.filter((r) => r.verdict === key).map((r) => r.n);
    summary[`${s.name}/${method}`] = { abort: rate('abort'), promote: rate('promote'), median: quantile(ns, 0.5) };
    rows.push([
      s.name,
      { seq: 'sequential', fixed: 'fixed z-test', argo: 'argo-style' }[method],
      pct(rate('abort')),
      pct(rate('promote')),
      pct(rate('inconclusive')),
      `${fmtN(quantile(ns, 0.5))} (${key})`,
      fmtN(quantile(ns, 0.9)),
    ]);
  }
}
const simSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const widths = header.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((v, c) => String(v).padEnd(widths[c])).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log('');
const falseAbort = summary['healthy/seq'].abort;
const abort5 = summary['errors 5×/seq'].median / summary['errors 5×/fixed'].median;
const pass = summary['healthy/seq'].median / summary['healthy/fixed'].median;
const verdict = (ok) => (ok ? 'met' : 'NOT MET');
console.log(
  `target false-abort rate ≤ 5 %: ${pct(falseAbort)} (${verdict(falseAbort <= 0.05)}); fixed test ${pct(summary['healthy/fixed'].abort)}, argo-style ${pct(summary['healthy/argo'].abort)}`,
);
console.log(
  `target requests to abort a 5× regression ≤ 1/5 of the fixed test's: ${fmtN(summary['errors 5×/seq'].median)} vs ${fmtN(summary['errors 5×/fixed'].median)} = ${abort5.toFixed(2)} (${verdict(abort5 <= 0.2)})`,
);
console.log(
  `target requests to pass a healthy candidate ≤ 60 % of the fixed test's: ${fmtN(summary['healthy/seq'].median)} vs ${fmtN(summary['healthy/fixed'].median)} = ${pct(pass)} (${verdict(pass <= 0.6)})`,
);
console.log(
  `analysis cost: ${(Number(checkNanos) / checkCount / 1000).toFixed(1)} µs CPU per check (observe + decide, ${checkCount.toLocaleString('en-US')} checks); whole simulation ${simSeconds.toFixed(1)} s`,
);

if (WATCH && SOURCE !== 'probes') {
  // Two instances of the example service as processes (the measured run blocks this one), a real
  // Prometheus scraping them, a few requests so the series exist, then a default 5-minute watch.
  const serve = (version) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [join(root, 'examples/app/src/server.js')], {
        env: { ...process.env, PORT: '0', APP_VERSION: version },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout.once('data', (d) => resolve({ child, url: /http:\/\/\S+/.exec(String(d))[0] }));
    });
  const apps = [await serve('v1'), await serve('v2')];
  const prometheus = await startPrometheus(apps.map((a, i) => ({ url: a.url, labels: { version: `v${i + 1}` } })));
  await prometheus.waitForUp();
  for (const a of apps) for (let i = 0; i < 20; i++) await (await fetch(`${a.url}/api/items`)).arrayBuffer();
  const idle = measure(process.execPath, ['-e', '0']);
  const run = runActionMeasured('slo-watch', {
    cwd: temp,
    inputs: {
      source: 'prometheus',
      'prometheus-url': prometheus.url,
      selector: 'version="v2"',
      'baseline-selector': 'version="v1"',
      duration: '5m',
      interval: '10s',
    },
  });
  console.log(
    `slo-watch, a whole 5-minute watch (30 reads of 6 queries): ${(run.cpuMs / 1000).toFixed(2)} s CPU, peak ${run.peakMb.toFixed(0)} MB RSS, wall ${(run.wallMs / 1000).toFixed(0)} s, verdict ${run.outputs.verdict}; bare \`node -e 0\`: ${idle.cpuMs.toFixed(0)} ms CPU, ${idle.peakMb.toFixed(0)} MB`,
  );
  await prometheus.stop();
  for (const a of apps) a.child.kill('SIGTERM');
}

if (WATCH && SOURCE !== 'prometheus') {
  // The target as a process of its own (the measured run blocks this one): every 70th request a 500.
  const script = join(temp, 'one-in-70.mjs');
  writeFileSync(
    script,
    [
      "import { createServer } from 'node:http';",
      'let n = 0;',
      'const server = createServer((req, res) => {',
      '  const bad = ++n % 70 === 0;',
      "  res.writeHead(bad ? 500 : 200, { 'content-type': 'application/json' });",
      '  res.end(bad ? \'{"error":"boom"}\' : \'{"ok":true}\');',
      '});',
      "server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));",
    ].join('\n'),
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  const idle = measure(process.execPath, ['-e', '0']);
  const run = runActionMeasured('slo-watch', { cwd: temp, inputs: { url, duration: '5m', interval: '10s' } });
  const probes = run.report?.probes;
  console.log(
    `slo-watch source probes, a whole 5-minute watch at 5/s (${probes?.sent.candidate ?? '?'} requests sent, ${run.outputs.requests} counted, ${probes?.failures.reduce((a, f) => a + f.count, 0) ?? '?'} failed): ` +
      `${(run.cpuMs / 1000).toFixed(2)} s CPU, peak ${run.peakMb.toFixed(0)} MB RSS, wall ${(run.wallMs / 1000).toFixed(0)} s, verdict ${run.outputs.verdict}; bare \`node -e 0\`: ${idle.cpuMs.toFixed(0)} ms CPU, ${idle.peakMb.toFixed(0)} MB`,
  );
  child.kill('SIGTERM');
}
rmSync(temp, { recursive: true, force: true });
