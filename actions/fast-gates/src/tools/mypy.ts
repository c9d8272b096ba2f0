/** mypy sees the whole project like tsc (no file arguments); the files come from its config when it names them. */
import type { GateContext, GateOutcome } from '../context';
import { statusOf } from '../context';
import { parseMypyOutput } from '../parse';
import { cancelled, display, exitCodeOf, run, toolFailure } from './run-tool';

export async function runMypy(bin: string, ctx: GateContext, configNamesFiles: boolean): Promise<GateOutcome> {
  const args = ['--show-column-numbers', '--no-pretty', '--no-error-summary', '--no-color-output', ...(configNamesFiles ? [] : ['.'])];
  const command = display(bin, args, undefined);
  const r = await run(bin, args, ctx);
  if (r.cancelled) return cancelled(command);
  const code = exitCodeOf(r);
  const findings = parseMypyOutput(r.stdout, ctx.toPath);
  if (code !== 0 && !findings.some((f) => f.severity === 'error')) findings.push(toolFailure('mypy', code, `${r.stdout}\n${r.stderr}`));
  return { command, status: statusOf(code, findings), exitCode: code, findings };
}
