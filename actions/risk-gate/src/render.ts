import { Annotations, Summary, code, type AnnotationLevel } from '@shipkit/kit';
import { rank } from '@shipkit/risk';
import type { Actions } from './act';
import type { GateResult } from './gate';

/** One annotation per destructive statement (an error at its lines) and per unparseable migration (a warning). */
export function annotate(result: GateResult): Annotations {
  const a = new Annotations();
  for (const m of result.migrations) {
    if (m.unparseable)
      a.add({
        level: 'warning',
        file: m.path,
        line: m.unparseable.line,
        col: m.unparseable.column,
        title: 'Migration not parsed',
        message: `shipkit could not parse this migration as PostgreSQL or SQLite (${m.unparseable.message}), so it cannot tell it is safe: treated as high risk; a person approves it.`,
      });
    for (const f of m.findings)
      a.add({
        level: 'error',
        file: m.path,
        line: f.line,
        endLine: f.endLine > f.line ? f.endLine : undefined,
        title: `Destructive migration: ${f.op}`,
        message: `This statement ${f.message}`,
      });
  }
  return a;
}

export function renderSummary(result: GateResult, actions: Actions | undefined, omitted: Record<AnnotationLevel, number>): Summary {
  const s = new Summary();
  s.heading(`risk-gate: ${result.decision === 'auto-merge' ? 'may merge on its own' : 'a person approves'}`);
  s.table(
    ['risk', 'agent', 'trust level', 'decision'],
    [[result.risk, result.agent || '(a person)', result.level?.name ?? '', result.decision]],
  );
  s.list(result.reasons);
  if (actions && (actions.done.length > 0 || actions.failed.length > 0))
    s.paragraph([...actions.done.map((d) => `Done: ${d}.`), ...actions.failed.map((d) => `Not done: ${d}.`)].join(' '));
  const findings = result.migrations.flatMap((m) => [
    ...(m.unparseable ? [[code(m.path), m.unparseable.line, 'unparseable', m.unparseable.message]] : []),
    ...m.findings.map((f) => [code(m.path), f.line, f.op, f.message]),
  ]);
  if (result.migrations.length > 0) {
    s.heading('Migrations', 3);
    s.paragraph(
      result.migrations
        .map(
          (m) =>
            `${code(m.path)}: ${m.unparseable ? 'not parsed' : `${m.statements} statement(s) as ${m.dialect}, ${m.findings.length} destructive`}`,
        )
        .join('<br>'),
    );
    if (findings.length > 0) s.table(['file', 'line', 'operation', 'what to do'], findings);
  }
  const omittedCount = omitted.error + omitted.warning + omitted.notice;
  if (omittedCount > 0)
    s.paragraph(`${omittedCount} annotation(s) beyond GitHub's limit are not shown; the table above and the JSON report have them all.`);
  const files = [...result.files].sort((a, b) => rank(b.class) - rank(a.class) || a.path.localeCompare(b.path));
  s.heading(`Files (${files.length})`, 3);
  s.table(
    ['class', 'file', 'rule'],
    files.map((f) => [
      `${f.class}${f.critical ? ' (critical)' : ''}`,
      code(f.path),
      `${f.rule}${f.line ? ` (line ${f.line})` : ''}${f.origin === 'user' ? ' — your rule' : ''}`,
    ]),
  );
  return s;
}
