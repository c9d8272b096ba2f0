/** People's view of the verdict: warnings on surviving/uncovered mutants and the summary table. */
import { posix } from 'node:path';
import { Annotations, Summary, code, formatDuration, type AnnotationLevel } from '@shipkit/kit';
import type { ChangedLineVerdict, ChangedMutant, Metrics } from './score';

export const formatScore = (score: number | undefined): string => (score === undefined ? '' : score.toFixed(2));

const oneLine = (text: string, max = 80): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function mutantMessage(m: ChangedMutant): string {
  const replacement = m.mutant.replacement ?? m.mutant.description ?? m.mutant.mutatorName;
  const change =
    m.original !== undefined ? `${code(oneLine(m.original))} → ${code(oneLine(replacement))}` : `→ ${code(oneLine(replacement))}`;
  const why = m.mutant.status === 'Survived' ? 'survived: no test failed' : 'no test covers this code';
  return `${m.mutant.mutatorName}: ${change} ${why}`;
}

/** One warning per surviving or uncovered mutant on a changed line, capped by the kit. */
export function annotateUndetected(
  undetected: readonly ChangedMutant[],
  repoPathOf: (projectPath: string) => string,
): { omitted: Record<AnnotationLevel, number> } {
  const annotations = new Annotations();
  for (const m of undetected)
    annotations.add({
      level: 'warning',
      title: m.mutant.status === 'Survived' ? 'Surviving mutant' : 'Mutant without coverage',
      file: repoPathOf(m.file),
      line: m.mutant.location.start.line,
      endLine: m.mutant.location.end.line,
      col: m.mutant.location.start.line === m.mutant.location.end.line ? m.mutant.location.start.column : undefined,
      endColumn: m.mutant.location.start.line === m.mutant.location.end.line ? m.mutant.location.end.column : undefined,
      message: mutantMessage(m),
    });
  return { omitted: annotations.flush().omitted };
}

const row = (name: string, m: Metrics): (string | number)[] => [
  name,
  formatScore(m.score) === '' ? 'n/a' : `${formatScore(m.score)} %`,
  m.killed,
  m.timeout,
  m.survived,
  m.noCoverage,
  m.compileErrors + m.runtimeErrors + m.ignored + m.pending,
];

export interface SummaryFacts {
  verdict: ChangedLineVerdict;
  passed: boolean;
  minScore: number;
  changedFiles: number;
  notes: readonly string[];
  omittedWarnings: number;
  elapsedMs?: number;
  /** False when the time budget stopped the run. */
  complete: boolean;
}

export function renderSummary(f: SummaryFacts): Summary {
  const s = new Summary().heading('Mutation testing of changed lines');
  const m = f.verdict.metrics;
  const verdictLine =
    m.score === undefined
      ? f.complete
        ? `✅ **pass** — no valid mutant starts on a changed line (${f.changedFiles} eligible changed file${f.changedFiles === 1 ? '' : 's'}).`
        : '✅ **pass** — no mutant on a changed line finished within the time budget, so there is nothing to gate.'
      : `${f.passed ? '✅ **pass**' : '❌ **fail**'} — score **${formatScore(m.score)} %** of ${m.valid} mutant${m.valid === 1 ? '' : 's'} on changed lines (minimum ${f.minScore} %).`;
  s.paragraph(verdictLine + (f.elapsedMs !== undefined ? ` Stryker ran for ${formatDuration(f.elapsedMs)}.` : ''));
  if (f.verdict.files.length > 0)
    s.table(
      ['file', 'score', 'killed', 'timeout', 'survived', 'no coverage', 'not counted'],
      [...f.verdict.files.map((v) => row(code(posix.normalize(v.file)), v.metrics)), row('**all changed lines**', m)],
    );
  const notes = [...f.notes];
  if (f.verdict.outside > 0) notes.push(`${f.verdict.outside} mutant(s) outside the changed lines were not counted.`);
  if (f.omittedWarnings > 0)
    notes.push(`${f.omittedWarnings} more surviving/uncovered mutant(s) are not annotated (GitHub shows 10); see the JSON report.`);
  s.list(notes);
  return s;
}
