/**
 * Runs gates at most `parallel` at a time. With fail-fast, the first failing gate aborts the
 * running ones (their process trees are killed) and the ones not yet started are not started;
 * both are reported as cancelled.
 */
import type { GateResult } from './model';

export interface Schedulable {
  name: string;
  tool: string;
  preview: string;
  run(signal: AbortSignal): Promise<Omit<GateResult, 'name' | 'tool' | 'durationMs'>>;
}

export interface ScheduleOptions {
  parallel: number;
  failFast: boolean;
  /** Called as each gate finishes (for live log lines). */
  onDone?: (result: GateResult) => void;
}

export async function runScheduled(gates: readonly Schedulable[], options: ScheduleOptions): Promise<GateResult[]> {
  const results: (GateResult | undefined)[] = gates.map(() => undefined);
  const controllers = gates.map(() => new AbortController());
  let next = 0;
  let stopped = false;

  const runOne = async (i: number): Promise<void> => {
    const gate = gates[i] as Schedulable;
    const started = performance.now();
    let result: GateResult;
    try {
      const outcome = await gate.run((controllers[i] as AbortController).signal);
      result = { name: gate.name, tool: gate.tool, durationMs: Math.round(performance.now() - started), ...outcome };
    } catch (e) {
      result = {
        name: gate.name,
        tool: gate.tool,
        command: gate.preview,
        status: 'failed',
        exitCode: null,
        durationMs: Math.round(performance.now() - started),
        findings: [{ severity: 'error', rule: gate.name, message: `could not run: ${e instanceof Error ? e.message : String(e)}` }],
      };
    }
    // A gate that finished in the moment it was cancelled keeps its real result.
    results[i] = result;
    options.onDone?.(result);
    if (result.status === 'failed' && options.failFast && !stopped) {
      stopped = true;
      controllers.forEach((c, j) => j !== i && c.abort());
    }
  };

  const worker = async (): Promise<void> => {
    while (!stopped && next < gates.length) await runOne(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, gates.length)) }, worker));

  return gates.map(
    (gate, i) =>
      results[i] ?? {
        name: gate.name,
        tool: gate.tool,
        command: gate.preview,
        status: 'cancelled',
        exitCode: null,
        durationMs: 0,
        findings: [],
      },
  );
}
