import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError, SHIPKIT_VERSION, readInputs, runAction, writeReport } from '@shipkit/kit';
import { gate } from './gate';
import { inputs, outputs } from './inputs';
import { annotateUndetected, formatScore, renderSummary } from './render';

await runAction(async () => {
  const startedAt = new Date();
  const i = await readInputs(inputs);
  const given = resolve(process.cwd(), i.workingDirectory);
  if (!existsSync(given) || !statSync(given).isDirectory())
    throw new ConfigurationError(
      `\`working-directory\` \`${i.workingDirectory}\` is not a directory of the checkout (${given})`,
      'working-directory',
    );
  // git reports real paths; a symlinked checkout must not make every changed file look outside the project.
  const projectDir = realpathSync(given);
  const result = await gate({
    ...i,
    mutate: i.mutate,
    merge: i.merge,
    report: i.report || undefined,
    base: i.base || undefined,
    token: i.githubToken || undefined,
    timeBudgetMs: i.timeBudget,
    projectDir,
    env: process.env,
  });
  const { data, verdict } = result;
  const { omitted } = annotateUndetected(verdict.undetected, (file) => data.changed.find((c) => c.file === file)?.repoPath ?? file);
  renderSummary({
    verdict,
    passed: data.passed,
    minScore: i.minScore,
    changedFiles: result.changedFiles,
    notes: data.notes,
    omittedWarnings: omitted.warning,
    elapsedMs: result.elapsedMs,
    complete: data.complete,
  }).write();
  const { path } = writeReport({
    action: 'mutation-changed',
    version: SHIPKIT_VERSION,
    verdict: data.passed ? 'pass' : 'fail',
    startedAt,
    data,
  });
  const m = verdict.metrics;
  outputs.write({
    score: formatScore(m.score),
    killed: m.killed,
    survived: m.survived,
    'no-coverage': m.noCoverage,
    'timed-out': m.timeout,
    total: m.total,
    passed: data.passed,
    'changed-files': result.changedFiles,
    report: path,
  });
  return data.passed ? 0 : 1;
});
