/**
 * The JSON report every action writes, in one envelope, for machines (agents, later steps).
 * Redacted before it touches the disk.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { redactor } from './redact';

export type Verdict = 'pass' | 'fail' | 'neutral' | 'error';

export interface ReportEnvelope<T> {
  schema: 'https://shipkit.dev/schemas/report/v1';
  action: string;
  version: string;
  verdict: Verdict;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  data: T;
}

/** Where reports go: `$RUNNER_TEMP/shipkit` on a runner, the OS temp dir elsewhere. */
export function reportDir(env: NodeJS.ProcessEnv = process.env): string {
  // `||`: an empty variable (as a workflow's `env:` can leave it) means unset, not the cwd.
  return resolve(env.SHIPKIT_REPORT_DIR || join(env.RUNNER_TEMP || tmpdir(), 'shipkit'));
}

export function writeReport<T>(
  options: { action: string; version: string; verdict: Verdict; startedAt: Date; data: T; fileName?: string },
  env: NodeJS.ProcessEnv = process.env,
): { path: string; envelope: ReportEnvelope<T> } {
  const finished = new Date();
  const envelope: ReportEnvelope<T> = {
    schema: 'https://shipkit.dev/schemas/report/v1',
    action: options.action,
    version: options.version,
    verdict: options.verdict,
    startedAt: options.startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - options.startedAt.getTime(),
    data: options.data,
  };
  const dir = reportDir(env);
  mkdirSync(dir, { recursive: true });
  const suffix = env.GITHUB_JOB ? `-${env.GITHUB_JOB}` : '';
  const path = join(dir, options.fileName ?? `${options.action}${suffix}-${process.pid}.json`);
  // Redact the values, not the JSON text: a secret with a quote or a newline is escaped in JSON.
  writeFileSync(path, JSON.stringify(redactor.redactValue(envelope), null, 2) + '\n', 'utf8');
  return { path, envelope };
}
