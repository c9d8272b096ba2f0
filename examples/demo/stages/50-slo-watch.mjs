// Watch the example service with slo-watch's own probes (the default source, no backend): healthy
// it passes early, made failing it fails on errors. Then, where the `prometheus` binary is installed
// (the Debian package), a canary release against its stable release through a real Prometheus
// scraping both every second, labelled by version: the healthy canary passes early, then the canary
// is made failing and the watch fails on errors.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../app/src/app.js';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function serve(version) {
  const app = createApp({ version });
  await new Promise((r) => app.server.listen(0, '127.0.0.1', r));
  return { ...app, url: `http://127.0.0.1:${app.server.address().port}` };
}

async function until(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** The default source: the action's own requests to the demo's service, at 40 a second. */
async function probesWatch(ctx) {
  const inputs = {
    url: ctx.appUrl,
    probes: '- path: /healthz\n  expect: { json: { db.ok: true } }\n- path: /api/items',
    rate: '40/s',
    interval: '1s',
    duration: '30s',
  };
  const healthy = await ctx.shipkit('slo-watch', inputs);
  ctx.app.mode = 'failing';
  const failing = await ctx.shipkit('slo-watch', inputs);
  ctx.app.mode = 'healthy';
  const passed = healthy.code === 0 && healthy.outputs.verdict === 'pass';
  const caught = failing.code === 1 && failing.outputs.verdict === 'fail';
  return {
    ok: passed && caught,
    detail:
      `probes: healthy ${healthy.outputs.verdict} after ${healthy.outputs['decided-after']} s (${healthy.outputs.requests} requests, p99 ${healthy.outputs['p99-ms']} ms); ` +
      `failing ${caught ? `fail after ${failing.outputs['decided-after']} s, ${failing.outputs['error-rate']} % errors` : `NOT caught (${failing.outputs.verdict})`}`,
  };
}

export default async function sloWatchStage(ctx) {
  const probes = await probesWatch(ctx);
  if (spawnSync('prometheus', ['--version']).status !== 0)
    return {
      verdict: probes.ok ? 'pass' : 'fail',
      detail: `${probes.detail}; Prometheus part skipped: no \`prometheus\` binary on PATH (apt-get install prometheus)`,
      expected: probes.ok,
    };
  const stable = await serve('1.0.0');
  const canary = await serve('1.1.0');
  const dir = mkdtempSync(join(tmpdir(), 'shipkit-demo-prometheus-'));
  const port = await freePort();
  const target = (app, version) => ({ targets: [new URL(app.url).host], labels: { version } });
  writeFileSync(
    join(dir, 'prometheus.yml'),
    JSON.stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s' },
      scrape_configs: [{ job_name: 'shop', static_configs: [target(stable, 'v1'), target(canary, 'v2')] }],
    }),
  );
  const prometheus = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=error',
    ],
    { stdio: 'ignore' },
  );
  const promUrl = `http://127.0.0.1:${port}`;
  // Traffic on both releases, as users would send it.
  let running = true;
  const loops = [stable, canary].flatMap((app) =>
    [1, 2].map(async () => {
      while (running) {
        await fetch(`${app.url}/api/items`).then(
          (r) => r.arrayBuffer(),
          () => undefined,
        );
        await new Promise((r) => setTimeout(r, 10));
      }
    }),
  );
  try {
    // A fresh Prometheus scrapes its first sample after ~5 s.
    const up = await until(async () => {
      const body = await (await fetch(`${promUrl}/api/v1/query?query=up`)).json();
      return body.data.result.length === 2 && body.data.result.every((s) => s.value[1] === '1');
    }, 30_000);
    if (!up)
      return { verdict: 'error', detail: `${probes.detail}; Prometheus did not scrape the example service within 30 s`, expected: false };
    const inputs = {
      source: 'prometheus',
      'prometheus-url': promUrl,
      selector: 'version="v2"',
      'baseline-selector': 'version="v1"',
      interval: '1s',
      duration: '1m',
    };
    const healthy = await ctx.shipkit('slo-watch', inputs);
    canary.state.mode = 'failing';
    // Let the healthy traffic's last scrape pass, so the failing watch counts the failing release only.
    await new Promise((r) => setTimeout(r, 2000));
    const failing = await ctx.shipkit('slo-watch', inputs);
    const caught = failing.code === 1 && failing.outputs.verdict === 'fail';
    return {
      verdict: probes.ok && healthy.outputs.verdict === 'pass' ? 'pass' : 'fail',
      detail:
        `${probes.detail}; Prometheus: healthy canary: ${healthy.outputs.verdict} after ${healthy.outputs['decided-after']} s (${healthy.outputs.requests} canary requests); ` +
        `failing canary: ${caught ? `fail after ${failing.outputs['decided-after']} s, ${failing.outputs['error-rate']} % errors` : `NOT caught (${failing.outputs.verdict})`}`,
      expected: probes.ok && healthy.outputs.verdict === 'pass' && caught,
    };
  } finally {
    running = false;
    await Promise.all(loops);
    prometheus.kill('SIGTERM');
    await new Promise((r) => prometheus.once('exit', r));
    for (const app of [stable, canary]) {
      app.server.closeAllConnections();
      app.server.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
