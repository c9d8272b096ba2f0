/** What a gate gets to run: where, on which files, and how to stop. */
import type { ChangedFile } from '@shipkit/kit/git';
import type { Finding, GateResult } from './model';
import type { ToPath } from './parse';

export interface GateContext {
  /** The working directory (absolute): tools run here. */
  dir: string;
  /** The repository root (absolute): findings are relative to it. */
  root: string;
  /** Changed files relative to `dir` that still exist, or undefined for the whole project. */
  changed: string[] | undefined;
  /** The diff (paths relative to `root`) with its added line ranges, when changed-only. */
  diff: ChangedFile[] | undefined;
  tempDir: string;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  toPath: ToPath;
  /** Every tracked file of the project, relative to `dir` (for whole-project secret scans). */
  trackedFiles(): Promise<string[]>;
}

/** What a gate's run returns; the scheduler adds the name and the timing. */
export type GateOutcome = Omit<GateResult, 'name' | 'durationMs' | 'tool'>;

export interface PlannedGate {
  name: string;
  /** Display name of the tool (ESLint, Prettier, …) or `custom`. */
  tool: string;
  /** The command before file arguments, for a cancelled gate's report row. */
  preview: string;
  run(ctx: GateContext): Promise<GateOutcome>;
}

export const statusOf = (exitCode: number | null, findings: readonly Finding[]): 'passed' | 'failed' =>
  exitCode !== 0 || findings.some((f) => f.severity === 'error') ? 'failed' : 'passed';
