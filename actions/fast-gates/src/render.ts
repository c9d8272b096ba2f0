/** The people-facing side: one log line per gate, annotations, and the job summary. */
import { Annotations, Summary, code, formatDuration, info, type AnnotationLevel } from '@shipkit/kit';
import type { Finding, GateResult, GateStatus } from './model';

const ICON: Record<GateStatus, string> = { passed: '✅', failed: '❌', cancelled: '⏹️', skipped: '⏭️' };

const LEVEL: Record<Finding['severity'], AnnotationLevel> = { error: 'error', warning: 'warning', note: 'notice' };

export const location = (f: Finding): string =>
  f.file ? `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}` : '(no file)';

export function logGate(r: GateResult): void {
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.filter((f) => f.severity === 'warning').length;
  const counts = r.status === 'cancelled' || r.status === 'skipped' ? (r.note ?? '') : `${errors} error(s), ${warnings} warning(s)`;
  info(`${ICON[r.status]} ${r.name} ${r.status} in ${formatDuration(r.durationMs)}${counts ? ` — ${counts}` : ''}  [${r.command}]`);
}

/** Flushes findings as annotations (deduplicated, capped the way GitHub shows them); returns totals. */
export function annotate(results: readonly GateResult[]): { total: number; omitted: number } {
  const annotations = new Annotations();
  for (const r of results)
    for (const f of r.findings)
      annotations.add({
        level: LEVEL[f.severity],
        title: `${r.name}: ${f.rule ?? r.tool}`,
        file: f.file,
        line: f.file ? f.line : undefined,
        endLine: f.file && f.endLine && f.endLine !== f.line ? f.endLine : undefined,
        col: f.file && (!f.endLine || f.endLine === f.line) ? f.column : undefined,
        endColumn: f.file && (!f.endLine || f.endLine === f.line) && f.column ? f.endColumn : undefined,
        message: f.message,
      });
  const total = annotations.size;
  const { omitted } = annotations.flush();
  return { total, omitted: omitted.error + omitted.warning + omitted.notice };
}

export interface SummaryInput {
  results: readonly GateResult[];
  passed: boolean;
  durationMs: number;
  budgetMs: number;
  changedOnly: boolean;
  changedCount: number | undefined;
  base: string | undefined;
  annotations: { total: number; omitted: number };
  notes: readonly string[];
}

export function renderSummary(s: SummaryInput): Summary {
  const summary = new Summary();
  const failed = s.results.filter((r) => r.status === 'failed').map((r) => r.name);
  summary.heading(
    `${s.passed ? '✅' : '❌'} fast-gates: ${s.passed ? 'passed' : `failed (${failed.join(', ')})`} in ${formatDuration(s.durationMs)}`,
  );
  const scope = s.changedOnly
    ? `Changed-only: ${s.changedCount ?? 0} changed file(s) against ${code((s.base ?? '').slice(0, 12))}; type checking sees the whole project.`
    : 'Whole project.';
  summary.paragraph(scope);
  summary.table(
    ['gate', 'status', 'findings', 'time', 'command'],
    s.results.map((r) => {
      const errors = r.findings.filter((f) => f.severity === 'error').length;
      const others = r.findings.length - errors;
      return [
        r.name,
        `${ICON[r.status]} ${r.status}`,
        r.status === 'skipped' ? (r.note ?? '') : `${errors} error(s)${others ? `, ${others} other` : ''}`,
        formatDuration(r.durationMs),
        code(r.command),
      ];
    }),
  );
  if (s.durationMs > s.budgetMs) {
    const slowest = [...s.results].sort((a, b) => b.durationMs - a.durationMs);
    summary.paragraph(
      `⚠️ Over the ${formatDuration(s.budgetMs)} budget: ${slowest.map((r) => `${r.name} ${formatDuration(r.durationMs)}`).join(', ')}.`,
    );
  }
  const findings = s.results.flatMap((r) => r.findings.map((f) => ({ gate: r.name, f })));
  if (findings.length > 0) {
    summary.heading('Findings', 3);
    summary.table(
      ['gate', 'where', 'rule', 'message'],
      findings.map(({ gate, f }) => [gate, location(f), f.rule ?? '', `${f.severity === 'error' ? '' : `${f.severity}: `}${f.message}`]),
      { maxRows: 200 },
    );
    const count = (sev: Finding['severity']): number => findings.filter(({ f }) => f.severity === sev).length;
    summary.paragraph(
      `${findings.length} finding(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('note')} note(s); ${s.annotations.total - s.annotations.omitted} shown as annotations${s.annotations.omitted > 0 ? `, ${s.annotations.omitted} not (GitHub shows 10 per level per step) — every one is in this table and the JSON report` : ''}.`,
    );
  }
  if (s.notes.length > 0) summary.list([...s.notes]);
  return summary;
}
