import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SHIPKIT_VERSION, formatDuration, readEventContext, readInputs, runAction, warning, writeReport, redactor } from '@shipkit/kit';
import { inputs, outputs } from './inputs';
import { annotate, logGate, renderSummary } from './render';
import { fastGates, noticeAll } from './run';
import { toSarif } from './sarif';

await runAction(async () => {
  const startedAt = new Date();
  const i = await readInputs(inputs);
  const event = readEventContext();
  const isPullRequest = event.eventName === 'pull_request' || event.eventName === 'pull_request_target';
  const changedOnly = i.changedOnly === undefined ? isPullRequest : i.changedOnly === 'true';
  const run = await fastGates({
    gates: i.gates,
    changedOnly,
    base: i.base || event.baseSha,
    failFast: i.failFast,
    parallel: i.parallel,
    workingDirectory: i.workingDirectory,
    token: i.githubToken,
    serverUrl: event.serverUrl,
    onGateDone: logGate,
  });
  noticeAll(run.notes);
  const annotations = annotate(run.results);
  if (run.durationMs > i.budget)
    warning(
      `fast-gates took ${formatDuration(run.durationMs)}, over the ${formatDuration(i.budget)} budget: ${[...run.results]
        .sort((a, b) => b.durationMs - a.durationMs)
        .map((r) => `${r.name} ${formatDuration(r.durationMs)}`)
        .join(', ')}`,
      { title: 'fast-gates budget' },
    );
  renderSummary({
    results: run.results,
    passed: run.passed,
    durationMs: run.durationMs,
    budgetMs: i.budget,
    changedOnly: run.changedOnly,
    changedCount: run.changedFiles?.length,
    base: run.mergeBase,
    annotations,
    notes: run.notes,
  }).write();

  let sarifPath = '';
  if (i.sarif) {
    sarifPath = resolve(i.sarif);
    mkdirSync(dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, redactor.redact(JSON.stringify(toSarif(run.results), null, 2)) + '\n');
  }
  const failed = run.results.filter((r) => r.status === 'failed').map((r) => r.name);
  const { path } = writeReport({
    action: 'fast-gates',
    version: SHIPKIT_VERSION,
    verdict: run.passed ? 'pass' : 'fail',
    startedAt,
    data: {
      passed: run.passed,
      failedGates: failed,
      durationMs: run.durationMs,
      budgetMs: i.budget,
      parallel: run.parallel,
      changedOnly: run.changedOnly,
      base: run.base,
      mergeBase: run.mergeBase,
      changedFiles: run.changedFiles,
      gates: run.results,
      notes: run.notes,
    },
  });
  outputs.write({ passed: run.passed, 'failed-gates': failed.join(','), 'duration-ms': run.durationMs, report: path, sarif: sarifPath });
  return run.passed ? 0 : 1;
});
