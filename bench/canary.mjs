#!/usr/bin/env node
// canary-step benchmarks, on the local provider with real processes (the example service behind
// the traffic proxy, autocannon as the users at ~500 req/s through the stable URL, 1 s intervals):
// 1. A 5 % canary made failing: the time from the first bad answer a user got to all traffic on
//    stable (the action's return to stable), and to the last bad answer users saw. Target < 5 s.
// 2. A healthy canary: the time to promotion through 5 / 25 / 100 %, each step ending early on a pass.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { median, runActionAsync } from './_lib.mjs';
import { copyExampleApp } from '../examples/app/src/copy.js';

const RATE = 500;
const RUNS = Number(process.env.CANARY_BENCH_RUNS ?? 3);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kill = (pid) => {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone
  }
};

const common = {
  provider: 'local',
  name: 'shop',
  steps: '5,25,100',
  bake: '60s',
  interval: '1s',
  // A 5 % error budget: a step passes on a few hundred canary requests. Latency keeps the default
  // `99% < 1s`: judged at the baseline's p99, a fresh process's first cold requests do not read as a regression.
  'error-slo': '95%',
  'on-inconclusive': 'abort',
};

/** A workspace with the stable release serving; `users` starts the load once the stable URL exists. */
async function environment() {
  const workspace = mkdtempSync(join(tmpdir(), 'shipkit-bench-canary-'));
  copyExampleApp(join(workspace, 'app'));
  const env = { GITHUB_WORKSPACE: workspace };
  const stable = await runActionAsync('preview-deploy', {
    cwd: workspace,
    env,
    inputs: {
      provider: 'local',
      name: 'shop',
      environment: 'bench-stable',
      directory: 'app',
      'start-command': 'APP_VERSION=1.0.0 exec node src/server.js',
      comment: 'false',
    },
  });
  if (stable.code !== 0) throw new Error(`the stable release did not start:\n${stable.out}`);
  const trafficFile = join(workspace, '.shipkit', 'local-traffic', 'shop', 'traffic.json');
  const seen = { firstBad: undefined, lastBad: undefined, bad: 0, total: 0 };
  let instance;
  let closing = false;
  const users = (async () => {
    while (!existsSync(trafficFile)) {
      if (closing) return;
      await sleep(20);
    }
    const { url } = JSON.parse(readFileSync(trafficFile, 'utf8'));
    instance = autocannon({ url: `${url}/api/items`, connections: 8, overallRate: RATE, duration: 300 });
    instance.on('response', (_client, status) => {
      seen.total++;
      if (status >= 500) {
        const now = Date.now();
        seen.firstBad ??= now;
        seen.lastBad = now;
        seen.bad++;
      }
    });
    // Not returned: an autocannon instance is a thenable, and awaiting it waits for its whole run.
  })();
  return {
    workspace,
    env,
    stableId: stable.outputs['deployment-id'],
    seen,
    async close() {
      closing = true;
      await users;
      instance?.stop();
      if (existsSync(trafficFile)) kill(JSON.parse(readFileSync(trafficFile, 'utf8')).proxy.pid);
      const dir = join(workspace, '.shipkit', 'local-deployments');
      if (existsSync(dir))
        for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) kill(JSON.parse(readFileSync(join(dir, f), 'utf8')).pid);
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

async function failing() {
  const e = await environment();
  try {
    const r = await runActionAsync('canary-step', {
      cwd: e.workspace,
      env: e.env,
      inputs: {
        ...common,
        candidate: 'app',
        stable: e.stableId,
        'start-command': 'APP_VERSION=2.0.0 APP_MODE=failing exec node src/server.js',
      },
    });
    if (r.outputs.verdict !== 'aborted') throw new Error(`expected an abort, got ${r.outputs.verdict}:\n${r.out}`);
    await sleep(500);
    const stableAt = Date.parse(r.report.stableAt);
    return {
      toStable: (stableAt - e.seen.firstBad) / 1000,
      lastBadAfterFirst: (e.seen.lastBad - e.seen.firstBad) / 1000,
      badAnswers: e.seen.bad,
      answers: e.seen.total,
      failed: r.report.failed,
    };
  } finally {
    await e.close();
  }
}

async function healthy() {
  const e = await environment();
  try {
    const r = await runActionAsync('canary-step', {
      cwd: e.workspace,
      env: e.env,
      inputs: { ...common, candidate: 'app', stable: e.stableId, 'start-command': 'APP_VERSION=2.0.0 exec node src/server.js' },
    });
    if (r.outputs.verdict !== 'promoted') throw new Error(`expected a promotion, got ${r.outputs.verdict}:\n${r.out}`);
    const t = r.report.timeline;
    const start = Date.parse(t.find((p) => p.weight === 5).at);
    const promoted = Date.parse(t.find((p) => p.event === 'promoted').at);
    return {
      toPromotion: (promoted - start) / 1000,
      steps: r.report.steps.map((s) => `${s.weight} % ${(s.durationMs / 1000).toFixed(1)} s ${s.verdict}`).join(', '),
      badAnswers: e.seen.bad,
    };
  } finally {
    await e.close();
  }
}

console.log(`canary-step on the local provider: users at ~${RATE} req/s through the stable URL, 1 s intervals, ${RUNS} runs each`);
const bad = [];
for (let k = 0; k < RUNS; k++) {
  const r = await failing();
  bad.push(r);
  console.log(
    `  failing 5 % canary #${k + 1}: first bad answer → all traffic on stable ${r.toStable.toFixed(2)} s; ` +
      `last bad answer ${r.lastBadAfterFirst.toFixed(2)} s after the first; ${r.badAnswers} bad of ${r.answers} answers; failed on ${r.failed}`,
  );
}
const good = [];
for (let k = 0; k < RUNS; k++) {
  const r = await healthy();
  good.push(r);
  console.log(`  healthy canary #${k + 1}: 5 % → promoted in ${r.toPromotion.toFixed(1)} s (${r.steps}); ${r.badAnswers} bad answers`);
}
console.log(
  `median: failing → stable ${median(bad.map((r) => r.toStable)).toFixed(2)} s (target < 5 s); ` +
    `healthy → promoted ${median(good.map((r) => r.toPromotion)).toFixed(1)} s`,
);
