/** The job summary and the annotations of a coverage-gate run. */
import { Annotations, GITHUB_ANNOTATION_LIMIT, Summary, code, type AnnotationLevel } from '@shipkit/kit';
import { pct, type GateResult, type Range } from './gate';

const fmt = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(2)} %`);
const ranges = (rs: readonly Range[]): string => rs.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');

const GATE_LABEL: Record<string, string> = {
  'min-new-lines': 'changed lines covered',
  'min-new-branches': 'branches on changed lines covered',
  'min-lines': 'overall lines covered',
  'min-branches': 'overall branches covered',
  'max-drop': 'drop of overall line coverage vs baseline (pp)',
};

/**
 * Annotations: one per uncovered range of changed lines, and one per changed line with untaken
 * branches. A change of 3,000 files can have tens of thousands; GitHub shows 10 per level, so only
 * the first 10 of each (by file and line) go through the kit's Annotations, and the rest are counted.
 */
export function annotate(result: GateResult): { omitted: Record<AnnotationLevel, number>; total: number } {
  const byPosition = [...result.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const a = new Annotations();
  let warnings = 0;
  let notices = 0;
  for (const f of byPosition) {
    for (const [start, end] of f.uncovered)
      if (warnings++ < GITHUB_ANNOTATION_LIMIT)
        a.add({
          level: 'warning',
          file: f.path,
          line: start,
          endLine: end,
          title: 'Changed lines not covered',
          message:
            start === end ? `Line ${start} is changed and no test runs it.` : `Lines ${start}–${end} are changed and no test runs them.`,
        });
    for (const [line, covered, total] of f.partialBranches)
      if (notices++ < GITHUB_ANNOTATION_LIMIT)
        a.add({
          level: 'notice',
          file: f.path,
          line,
          title: 'Branches not taken',
          message: `${total - covered} of ${total} branches on this changed line are never taken by the tests.`,
        });
  }
  const { omitted } = a.flush();
  omitted.warning += Math.max(0, warnings - GITHUB_ANNOTATION_LIMIT);
  omitted.notice += Math.max(0, notices - GITHUB_ANNOTATION_LIMIT);
  return { omitted, total: warnings + notices };
}

export function renderSummary(
  result: GateResult,
  notes: string[],
  annotations?: { omitted: Record<AnnotationLevel, number>; total: number },
  { maxFiles = 50, maxRanges = 8 }: { maxFiles?: number; maxRanges?: number } = {},
): Summary {
  const s = new Summary();
  s.heading(`Coverage gate: ${result.passed ? '✅ passed' : '❌ failed'}`);
  const nl = result.newCode;
  s.table(
    ['', 'lines', 'branches'],
    [
      [
        'changed code',
        nl.lines.total ? `${fmt(pct(nl.lines))} (${nl.lines.covered}/${nl.lines.total})` : 'nothing instrumented',
        nl.branches.total ? `${fmt(pct(nl.branches))} (${nl.branches.covered}/${nl.branches.total})` : '–',
      ],
      [
        result.overall.fromSummaryOnly ? 'overall (from coverage-summary.json)' : 'overall',
        `${fmt(pct(result.overall.lines))} (${result.overall.lines.covered}/${result.overall.lines.total})`,
        result.overall.branches.total
          ? `${fmt(pct(result.overall.branches))} (${result.overall.branches.covered}/${result.overall.branches.total})`
          : '–',
      ],
    ],
  );
  if (result.gates.length > 0)
    s.table(
      ['gate', 'threshold', 'actual', 'verdict'],
      result.gates.map((g) => [
        `${code(g.name)}: ${GATE_LABEL[g.name]}`,
        g.name === 'max-drop' ? `≤ ${g.threshold} pp` : `≥ ${g.threshold} %`,
        g.actual === undefined ? 'nothing to measure' : g.name === 'max-drop' ? `${g.actual} pp` : fmt(g.actual),
        g.passed ? '✅' : '❌',
      ]),
    );
  if (notes.length > 0) s.list(notes);
  const withGaps = result.files.filter((f) => f.uncovered.length > 0 || f.partialBranches.length > 0);
  const rows = [...result.files]
    .filter((f) => f.lines.total > 0)
    .sort((a, b) => b.lines.total - b.lines.covered - (a.lines.total - a.lines.covered) || a.path.localeCompare(b.path))
    .map((f) => {
      const shown = f.uncovered.slice(0, maxRanges);
      const more = f.uncovered.length - shown.length;
      return [
        code(f.path),
        `${fmt(pct(f.lines))} (${f.lines.covered}/${f.lines.total})`,
        f.branches.total ? `${f.branches.covered}/${f.branches.total}` : '–',
        shown.length ? `${ranges(shown)}${more > 0 ? ` and ${more} more` : ''}` : '',
      ];
    });
  if (rows.length > 0) {
    s.heading('Changed files', 3);
    s.table(['file', 'changed lines covered', 'branches', 'uncovered changed lines'], rows, { maxRows: maxFiles });
  }
  if (annotations && (annotations.omitted.warning > 0 || annotations.omitted.notice > 0))
    s.paragraph(
      `_${annotations.omitted.warning + annotations.omitted.notice} of ${annotations.total} annotations were not shown (GitHub shows 10 per level); the JSON report lists every uncovered range._`,
    );
  if (withGaps.length === 0 && result.files.length > 0 && nl.lines.total > 0) s.paragraph('Every instrumented changed line is covered.');
  return s;
}
