/** The job summary and annotations for a smoke run. */
import { Annotations, Summary, code, info, warning } from '@shipkit/kit';
import type { OnceResult } from '@shipkit/probes';

const ms = (v: number | undefined): string => (v === undefined ? '—' : `${v} ms`);

export function renderSmoke(result: OnceResult): void {
  if (!result.waited.answered)
    warning(`${result.waited.target} gave no HTTP answer within ${result.waited.ms} ms of waiting; probing anyway`, {
      title: 'smoke: service not up',
    });
  const annotations = new Annotations();
  for (const probe of result.probes)
    if (!probe.passed) annotations.add({ level: 'error', title: `smoke: ${probe.name}`, message: probe.reasons.join('; ') });
  const { omitted } = annotations.flush();

  const verdict = result.passed ? '✅ passed' : '❌ failed';
  const summary = new Summary()
    .heading(`Smoke ${verdict}: ${result.total - result.failed}/${result.total} probes`)
    .paragraph(
      `Latency p50 ${ms(result.p50Ms)} · p95 ${ms(result.p95Ms)} · max ${ms(result.maxMs)} · waited ${result.waited.ms} ms for ${code(result.waited.target)}`,
    )
    .table(
      ['Probe', 'Method', 'URL', 'Status', 'Latency', 'Result', 'Reason'],
      result.probes.map((p) => [
        p.name,
        p.method,
        p.url,
        p.status ?? '—',
        ms(p.latencyMs === undefined ? undefined : Math.round(p.latencyMs)),
        p.passed ? '✅' : '❌',
        p.reasons.join('; ') + (p.attempts.length > 1 ? ` (${p.attempts.length} attempts)` : ''),
      ]),
    );
  if (omitted.error > 0) summary.paragraph(`_${omitted.error} more failed probes are not annotated (GitHub shows 10 per step)._`);
  summary.write();
  info(`smoke: ${result.total - result.failed}/${result.total} probes passed; p50 ${ms(result.p50Ms)}, p95 ${ms(result.p95Ms)}`);
}
