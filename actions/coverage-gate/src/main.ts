import { runAction, readInputs, readEventContext, writeReport, error, SHIPKIT_VERSION } from '@shipkit/kit';
import { inputs, outputs } from './inputs';
import { runCoverageGate } from './run';
import { annotate, renderSummary } from './render';
import { pct } from './gate';

await runAction(async () => {
  const startedAt = new Date();
  const i = await readInputs(inputs);
  const run = await runCoverageGate({
    files: i.files,
    base: i.base,
    diffFile: i.diffFile,
    minNewLines: i.minNewLines,
    minNewBranches: i.minNewBranches,
    minLines: i.minLines,
    minBranches: i.minBranches,
    baseline: i.baseline,
    baselineArtifact: i.baselineArtifact,
    maxDrop: i.maxDrop,
    pathMap: i.pathMap,
    exclude: i.exclude,
    token: i.githubToken,
    cwd: process.cwd(),
    ctx: readEventContext(),
  });
  const { result } = run;
  for (const g of result.gates.filter((x) => !x.passed))
    error(
      g.name === 'max-drop'
        ? `coverage gate failed: overall line coverage dropped ${g.actual} pp below the baseline (max-drop ${g.threshold})`
        : `coverage gate failed: ${g.name} needs ${g.threshold} %, got ${g.actual} %`,
      { title: 'Coverage gate' },
    );
  const annotations = i.annotate ? annotate(result) : undefined;
  renderSummary(result, run.notes, annotations).write();
  const report = writeReport({
    action: 'coverage-gate',
    version: SHIPKIT_VERSION,
    verdict: result.passed ? 'pass' : 'fail',
    startedAt,
    data: { ...result, notes: run.notes, reports: run.reports, base: run.base, baseline: run.baseline, summaryPath: run.summaryPath },
  });
  outputs.write({
    passed: result.passed,
    lines: pct(result.overall.lines),
    branches: pct(result.overall.branches),
    'new-lines': pct(result.newCode.lines),
    'new-branches': pct(result.newCode.branches),
    'new-lines-covered': result.newCode.lines.covered,
    'new-lines-total': result.newCode.lines.total,
    'new-branches-covered': result.newCode.branches.covered,
    'new-branches-total': result.newCode.branches.total,
    drop: result.drop,
    report: report.path,
    'summary-path': run.summaryPath,
  });
  return result.passed ? 0 : 1;
});
