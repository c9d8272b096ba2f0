/** The diagnosis for people: job summary / comment / issue markdown, and annotations at file and line. */
import { Annotations, Summary, code, type AnnotationLevel } from '@shipkit/kit';
import type { Diagnosis } from './diagnosis';
import type { FixResult } from './fix';
import { annotationPath } from './scan';

const MAX_TESTS_SHOWN = 20;

/** The markdown body shared by the job summary, the PR comment and the issue. */
export function renderMarkdown(d: Diagnosis, { omittedAnnotations = 0 }: { omittedAnnotations?: number } = {}): string {
  const s = new Summary();
  s.heading(`Diagnosis: ${d.category} — tier ${d.tier}${d.escalated ? ' (escalated, needs-human)' : ''}`);
  s.paragraph(d.summary);
  if (d.explanation) s.paragraph(`> **Explanation (LLM, does not change the category):** ${d.explanation.replace(/\n+/g, ' ')}`);
  const facts: string[] = [`fingerprint ${code(d.fingerprint)}`];
  if (d.totals.reports > 0)
    facts.push(
      `${d.totals.tests} tests in ${d.totals.reports} report${d.totals.reports === 1 ? '' : 's'}: ${d.totals.passed} passed, ${d.totals.failures} failures, ${d.totals.errors} errors, ${d.totals.skipped} skipped`,
    );
  if (d.earlierCycles > 0) facts.push(`${d.earlierCycles} earlier diagnos${d.earlierCycles === 1 ? 'is' : 'es'} of this failure`);
  if (d.links.diagnosedRun) facts.push(`[diagnosed run](${d.links.diagnosedRun})`);
  if (d.links.run && d.links.run !== d.links.diagnosedRun) facts.push(`[this run](${d.links.run})`);
  for (const j of d.links.jobs.slice(0, 5)) facts.push(`[job ${j.name}](${j.url})`);
  s.paragraph(facts.join(' · '));
  if (d.fix) renderFix(s, d.fix);

  if (d.failedTests.length > 0) {
    s.heading('Failing tests', 3);
    s.table(
      ['test', 'where', 'message', 'attempts'],
      d.failedTests
        .slice(0, MAX_TESTS_SHOWN)
        .map((t) => [t.id, t.file ? `${t.file}${t.line ? `:${t.line}` : ''}` : t.report, t.message.split('\n')[0], t.attempts]),
    );
    const more = d.failedTests.length - MAX_TESTS_SHOWN + d.omittedFailedTests;
    if (more > 0) s.paragraph(`_…and ${more} more failing tests (see the JSON report)._`);
    for (const t of d.failedTests.slice(0, 5)) if (t.stack) s.details(`Stack of ${t.id}`, '```\n' + t.stack + '\n```');
  }
  if (d.flakyTests.length > 0) {
    s.heading('Flaky tests (failed, then passed on a rerun)', 3);
    s.table(
      ['test', 'failed attempts', 'message'],
      d.flakyTests.slice(0, MAX_TESTS_SHOWN).map((t) => [t.id, t.attempts, t.message.split('\n')[0]]),
    );
  }
  if (d.evidence.length > 0) {
    s.heading('Evidence', 3);
    s.table(
      ['category', 'tool', 'where', 'message', 'source'],
      d.evidence
        .slice(0, 25)
        .map((e) => [
          e.category,
          e.tool,
          e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : '',
          `${e.code ? `${e.code}: ` : ''}${e.message}`,
          `${e.source}${e.logLine ? ` line ${e.logLine}` : ''}`,
        ]),
    );
    const first = d.evidence.find((e) => e.category === d.category) ?? d.evidence[0];
    if (first && first.context.length > 1) s.details('Context of the first finding', '```\n' + first.context.join('\n') + '\n```');
    if (d.omittedEvidence > 0) s.paragraph(`_…and ${d.omittedEvidence} more findings (see the JSON report)._`);
  }
  if (d.unreadable.length > 0) {
    s.heading('Not analysed', 3);
    s.list(d.unreadable.map((u) => `${code(u.path)}: ${u.reason}`));
  }
  if (omittedAnnotations > 0) s.paragraph(`_${omittedAnnotations} more annotations were not shown (GitHub shows 10 per level)._`);
  return s.toString();
}

const FIX_TITLE: Record<FixResult['status'], string> = {
  fixed: 'fixed and committed',
  retried: 'passed on a retry',
  'not-fixed': 'not fixed',
  refused: 'not attempted',
  escalated: 'stopped, escalated',
};

/** What the auto-fix ran, what it changed, the gate's verdict and the commit. */
function renderFix(s: Summary, f: FixResult): void {
  s.heading(`Auto-fix: ${FIX_TITLE[f.status]}`, 3);
  const commit = f.commit ? (f.commitUrl ? `[${f.commit.slice(0, 12)}](${f.commitUrl})` : code(f.commit.slice(0, 12))) : undefined;
  const facts = [
    `${f.reason.charAt(0).toUpperCase()}${f.reason.slice(1)}.`,
    ...(commit ? [`Commit ${commit} on ${code(f.branch ?? '')}, with \`Agent-By: shipkit/diagnose\`.`] : []),
    ...(f.branch && f.status !== 'refused' ? [`Earlier auto-fix attempts of this failure: ${f.attempts} of ${f.maxCycles}.`] : []),
  ];
  s.paragraph(facts.join(' '));
  if (f.fixers.length > 0)
    s.table(
      ['fixer', 'files', 'ended'],
      f.fixers.map((r) => [code(r.command.length > 300 ? `${r.command.slice(0, 300)}…` : r.command), r.files, r.exit]),
    );
  if (f.changed.length > 0)
    s.paragraph(
      `Changed: ${f.changed.slice(0, 20).map(code).join(', ')}${f.changed.length > 20 ? `, and ${f.changed.length - 20} more` : ''}.`,
    );
  if (f.gate)
    s.paragraph(
      `The failing gate (\`gate-command\`) ${f.gate.passed ? 'passed' : `failed: it ${f.gate.exit}`} in ${f.gate.durationMs} ms.`,
    );
  if (f.gate && f.gate.tail.length > 0)
    s.details("End of the gate's output", '```\n' + f.gate.tail.join('\n').replace(/```/g, "'''") + '\n```');
  if (f.skipped.length > 0)
    s.details(
      `${f.skipped.length} file${f.skipped.length === 1 ? '' : 's'} not fixed`,
      f.skipped
        .slice(0, 30)
        .map((k) => `- ${code(k.file)}: ${k.reason}`)
        .join('\n'),
    );
}

/**
 * File-and-line evidence as error annotations, one per failing test, flaky tests as warnings.
 * Paths outside the workspace are not annotated (GitHub shows an annotation only at a file of the
 * repository). Returns how many were held back.
 */
export function annotate(d: Diagnosis): number {
  const a = new Annotations();
  const add = (level: AnnotationLevel, title: string, message: string, file?: string, line?: number, col?: number): void =>
    a.add({ level, title, message, file, line, col });
  // A failing test is annotated once, as the test: not again as the runner's FAIL and location lines.
  const testsAnnotated = d.failedTests.some((t) => annotationPath(t.file, '') !== undefined);
  for (const e of d.evidence) {
    const file = annotationPath(e.file, '');
    if (!file || e.rule === 'junit' || (testsAnnotated && e.category === 'test')) continue;
    add('error', `${e.tool}${e.code ? ` ${e.code}` : ''} (${e.category})`, e.message, file, e.line, e.col);
  }
  for (const t of d.failedTests) {
    const file = annotationPath(t.file, '');
    if (file) add('error', `Failing test: ${t.id}`, t.message, file, t.line);
  }
  for (const t of d.flakyTests) add('warning', `Flaky test: ${t.id}`, `failed ${t.attempts} time(s), then passed on a rerun: ${t.message}`);
  const { omitted } = a.flush();
  return omitted.error + omitted.warning + omitted.notice;
}
