// A PR preview of the example service through the local provider: deploy, smoke-test the preview
// URL, then destroy it and check that nothing answers there any more.
import { mkdirSync } from 'node:fs';
import { copyExampleApp } from '../../app/src/copy.js';
import { join } from 'node:path';

export default async function previewStage(ctx) {
  const workspace = join(ctx.workdir, 'preview');
  mkdirSync(workspace, { recursive: true });
  copyExampleApp(join(workspace, 'app'));
  const env = { GITHUB_WORKSPACE: workspace };
  const deploy = await ctx.shipkit(
    'preview-deploy',
    {
      provider: 'local',
      name: 'shop',
      environment: 'preview/shop/pr-1',
      directory: 'app',
      'start-command': 'node src/server.js',
      'wait-timeout': '20s',
      comment: 'false',
    },
    { cwd: workspace, env },
  );
  const url = deploy.outputs.url;
  if (deploy.code !== 0 || !url) return { verdict: 'fail', detail: `deploy failed (exit ${deploy.code})`, expected: false };
  const smoke = await ctx.shipkit('smoke', {
    url,
    probes: '- path: /healthz\n  expect: { status: 200, json: { db.ok: true } }',
    'wait-timeout': '5s',
  });
  const destroy = await ctx.shipkit(
    'preview-deploy',
    { provider: 'local', name: 'shop', environment: 'preview/shop/pr-1', directory: 'app', mode: 'destroy', comment: 'false' },
    { cwd: workspace, env },
  );
  let gone = false;
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
  } catch {
    gone = true;
  }
  const ok = smoke.code === 0 && destroy.code === 0 && gone;
  return {
    verdict: ok ? 'pass' : 'fail',
    detail: `preview ${url} (${deploy.outputs.environment}) smoke ${smoke.code === 0 ? 'passed' : 'FAILED'}; destroyed: ${gone ? 'nothing answers any more' : 'STILL ANSWERING'}`,
    expected: ok,
  };
}
