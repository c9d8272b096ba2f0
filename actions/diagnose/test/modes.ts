/** Test helper: the same workspace diagnosed from its JUnit reports alone, its log alone, and both. */
import { runBundle, type ActionRun } from '@shipkit/testkit';

export async function diagnoseThreeWays(ws: string, junit: string, logs: string): Promise<Record<'report' | 'log' | 'both', ActionRun>> {
  return {
    report: await runBundle('diagnose', { cwd: ws, inputs: { junit } }),
    log: await runBundle('diagnose', { cwd: ws, inputs: { logs } }),
    both: await runBundle('diagnose', { cwd: ws, inputs: { junit, logs } }),
  };
}
