// Rolling production back on this machine: v1 is live (preview-deploy's local provider), v2 is
// rolled out over it by canary-step (promoted: v1's process is stopped once drained), then v2
// breaks in production (the example service's release switch). smoke finds it; rollback restores
// v1 — started again from its artifact, behind the same stable URL the users are on — verifies it,
// marks v2 bad in the ledger with smoke's numbers as the reason. A second rollback changes nothing.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleApp } from '../../app/src/copy.js';
import { sleep, stopLocal, trafficOf } from '../lib/local.mjs';

export default async function rollbackStage(ctx) {
  const workspace = join(ctx.workdir, 'rollback');
  mkdirSync(workspace, { recursive: true });
  copyExampleApp(join(workspace, 'app'));
  // Reports kept in the workspace, where rollback's `evidence` may read them.
  const env = { GITHUB_WORKSPACE: workspace, SHIPKIT_REPORT_DIR: join(workspace, 'reports') };
  const state = join(workspace, '.shipkit');
  const stableUrl = () => trafficOf(state, 'shop')?.url;
  const local = { provider: 'local', directory: 'app' };
  // Users on the stable URL, once there is one: which release answered, and how.
  let running = true;
  const seen = [];
  const users = [1, 2].map(async () => {
    while (running) {
      const url = stableUrl();
      if (!url) {
        await sleep(50);
        continue;
      }
      const answer = await fetch(`${url}/api/items`).then(
        async (r) => (await r.arrayBuffer(), `${r.headers.get('x-app-version')} ${r.status}`),
        () => 'no answer',
      );
      seen.push({ at: Date.now(), answer });
      await sleep(10);
    }
  });
  const since = (t) => [...new Set(seen.filter((s) => s.at > t).map((s) => s.answer))].join(', ');
  try {
    const v1 = await ctx.shipkit(
      'preview-deploy',
      { ...local, name: 'shop', environment: 'production', 'start-command': 'APP_VERSION=1.0.0 exec node src/server.js', comment: 'false' },
      { cwd: workspace, env, quiet: true },
    );
    if (v1.code !== 0) return { verdict: 'fail', detail: 'v1 did not start', expected: false };
    const v2 = await ctx.shipkit(
      'canary-step',
      {
        ...local,
        name: 'shop',
        candidate: 'app',
        stable: v1.outputs['deployment-id'],
        'start-command': 'APP_VERSION=2.0.0 exec node src/server.js',
        steps: '50,100',
        bake: '30s',
        interval: '1s',
        'error-slo': '95%',
        'on-inconclusive': 'promote',
      },
      { cwd: workspace, env, quiet: true },
    );
    if (v2.outputs.verdict !== 'promoted') return { verdict: 'fail', detail: `v2 was not promoted: ${v2.outputs.reason}`, expected: false };
    // v2 breaks in production.
    await fetch(`${stableUrl()}/admin/mode`, { method: 'POST', body: JSON.stringify({ mode: 'failing' }) });
    const broken = Date.now();
    await sleep(300);
    const smoke = await ctx.shipkit('smoke', { url: stableUrl(), probes: '- path: /api/items', retries: '0' }, { cwd: workspace, env });
    const before = since(broken);
    const restoredAt = Date.now();
    const rollback = await ctx.shipkit(
      'rollback',
      {
        ...local,
        'start-command': 'APP_VERSION=1.0.0 exec node src/server.js',
        evidence: smoke.outputs.report,
        'verify-probes': '- path: /api/items',
      },
      { cwd: workspace, env },
    );
    await sleep(300);
    const after = since(Date.now() - 250);
    const again = await ctx.shipkit(
      'rollback',
      { ...local, 'start-command': 'APP_VERSION=1.0.0 exec node src/server.js' },
      { cwd: workspace, env, quiet: true },
    );
    const ok =
      smoke.code === 1 &&
      rollback.code === 0 &&
      rollback.outputs.verified === 'true' &&
      rollback.outputs.url === stableUrl() &&
      after === '1.0.0 200' &&
      again.code === 0 &&
      /Nothing to do/.test(again.summary ?? '');
    const firstGood = seen.find((s) => s.at > restoredAt && s.answer === '1.0.0 200');
    return {
      verdict: ok ? 'pass' : 'fail',
      detail:
        `users on ${stableUrl()} saw ${before} after v2 broke; rollback restored v1 there ` +
        `(${firstGood ? `first answer from v1 ${firstGood.at - restoredAt} ms after it started` : 'v1 never answered'}, ` +
        `verified ${rollback.outputs.verified}); then they saw ${after}; a second rollback: ${again.code === 0 ? 'nothing to do' : 'failed'}`,
      expected: ok,
    };
  } finally {
    running = false;
    await Promise.all(users);
    stopLocal(state, 'shop');
  }
}
