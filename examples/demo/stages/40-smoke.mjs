// Smoke the release that was just deployed, then flip the example service to a failing release and
// show that smoke catches it (that second run is expected to fail).
export default async function smokeStage(ctx) {
  const probes = [
    '- name: health',
    '  path: /healthz',
    '  expect: { status: 200, json: { db.ok: true }, max-latency: 500ms }',
    '- name: list items',
    '  path: /api/items',
    '  expect: { json: { items.0.name: espresso }, headers: { content-type: /json/ } }',
    '- name: create item',
    '  path: /api/items',
    '  method: POST',
    '  body: { name: demo, price: 1 }',
    '  expect: { status: 201 }',
  ].join('\n');
  const good = await ctx.shipkit('smoke', { url: ctx.appUrl, probes, 'wait-timeout': '10s' });
  ctx.app.mode = 'failing';
  const bad = await ctx.shipkit('smoke', { url: ctx.appUrl, probes, 'wait-timeout': '0', retries: 1, 'retry-delay': '100ms' });
  ctx.app.mode = 'healthy';
  const caught = bad.code === 1 && bad.outputs.passed === 'false';
  return {
    verdict: good.code === 0 ? 'pass' : 'fail',
    detail: `healthy release ${good.outputs.total - good.outputs.failed}/${good.outputs.total} probes (p95 ${good.outputs['p95-ms']} ms); failing release caught: ${caught ? `yes, ${bad.outputs.failed} probes failed` : 'NO'}`,
    expected: good.code === 0 && caught,
  };
}
