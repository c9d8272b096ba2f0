// A production canary of the example service on this machine: the stable release (started by
// preview-deploy's local provider) serves the app's stable URL behind the traffic proxy that
// canary-step launches; "users" send requests there. A healthy candidate goes 5 → 25 → 100 % with
// early passes and is promoted; a failing one is aborted at 5 %, all traffic back on stable.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleApp } from '../../app/src/copy.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kill = (pid, signal = 'SIGTERM') => {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone already
  }
};

export default async function canaryStage(ctx) {
  const workspace = join(ctx.workdir, 'canary');
  mkdirSync(workspace, { recursive: true });
  copyExampleApp(join(workspace, 'app'));
  const env = { GITHUB_WORKSPACE: workspace };
  const state = join(workspace, '.shipkit');
  const trafficFile = join(state, 'local-traffic', 'shop', 'traffic.json');
  // Users: as soon as the stable URL exists, ~200 requests a second to it.
  let running = true;
  let served = 0;
  let failed = 0;
  const users = [1, 2, 3, 4].map(async () => {
    while (running) {
      if (!existsSync(trafficFile)) {
        await sleep(50);
        continue;
      }
      const { url } = JSON.parse(readFileSync(trafficFile, 'utf8'));
      const ok = await fetch(`${url}/api/items`).then(
        async (r) => (await r.arrayBuffer(), r.ok),
        () => false,
      );
      if (ok) served++;
      else failed++;
      await sleep(15);
    }
  });
  const canary = (candidate, startCommand, stable) =>
    ctx.shipkit(
      'canary-step',
      {
        provider: 'local',
        name: 'shop',
        candidate,
        ...(stable ? { stable } : {}),
        'start-command': startCommand,
        steps: '5,25,100',
        bake: '40s',
        interval: '1s',
        'error-slo': '95%',
        'latency-slo': '95% < 1s',
        'on-inconclusive': 'abort',
      },
      { cwd: workspace, env },
    );
  try {
    const stable = await ctx.shipkit(
      'preview-deploy',
      {
        provider: 'local',
        name: 'shop',
        environment: 'production-stable',
        directory: 'app',
        'start-command': 'APP_VERSION=1.0.0 exec node src/server.js',
        comment: 'false',
      },
      { cwd: workspace, env, quiet: true },
    );
    if (stable.code !== 0) return { verdict: 'fail', detail: 'the stable release did not start', expected: false };
    const healthy = await canary('app', 'APP_VERSION=2.0.0 exec node src/server.js', stable.outputs['deployment-id']);
    const failing = await canary('app', 'APP_VERSION=3.0.0 APP_MODE=failing exec node src/server.js');
    const ok = healthy.outputs.verdict === 'promoted' && failing.outputs.verdict === 'aborted' && failing.code === 1;
    return {
      verdict: ok ? 'pass' : 'fail',
      detail:
        `healthy candidate: ${healthy.outputs.verdict} (${healthy.outputs.reason}); ` +
        `failing candidate: ${failing.outputs.verdict} at step ${failing.outputs.step} — ${failing.outputs.reason}; ` +
        `users: ${served} answers, ${failed} failed`,
      expected: ok,
    };
  } finally {
    running = false;
    await Promise.all(users);
    if (existsSync(trafficFile)) kill(JSON.parse(readFileSync(trafficFile, 'utf8')).proxy.pid);
    const deployments = join(state, 'local-deployments');
    if (existsSync(deployments))
      for (const f of readdirSync(deployments).filter((x) => x.endsWith('.json')))
        kill(JSON.parse(readFileSync(join(deployments, f), 'utf8')).pid);
  }
}
