/** What a gate produces: findings at file/line/column and a status, the same shape for every tool. */

export type Severity = 'error' | 'warning' | 'note';

export interface Finding {
  /** Path relative to the repository root (what annotations and SARIF need). */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  rule?: string;
  message: string;
  severity: Severity;
}

/** `skipped`: nothing to check (no changed files of that kind); it does not fail the run. */
export type GateStatus = 'passed' | 'failed' | 'cancelled' | 'skipped';

export interface GateResult {
  name: string;
  tool: string;
  /** The command line(s) run, for people and agents to reproduce. */
  command: string;
  status: GateStatus;
  /** The tool's exit code (the first non-zero one when a gate runs several commands); null when cancelled or not run. */
  exitCode: number | null;
  durationMs: number;
  findings: Finding[];
  /** Why a gate was skipped, or the tail of a tool's output when it failed without parseable findings. */
  note?: string;
}
