/** `ruff format --check` / `ruff check --output-format json` on the changed Python files. */
import type { GateContext, GateOutcome } from '../context';
import { parseRuffFormat, parseRuffJson } from '../parse';
import { PYTHON, runFileTool } from './run-tool';

export const ruffArgs = (sub: 'format' | 'check'): string[] =>
  sub === 'format' ? ['format', '--check', '--force-exclude'] : ['check', '--output-format', 'json', '--force-exclude'];

export function runRuff(bin: string, sub: 'format' | 'check', ctx: GateContext): Promise<GateOutcome> {
  return runFileTool(
    bin,
    {
      tool: 'ruff',
      args: ruffArgs(sub),
      files: ctx.changed?.filter((f) => PYTHON.test(f)),
      nothingToCheck: 'no changed Python files',
      parse: (r) =>
        sub === 'format'
          ? parseRuffFormat(`${r.stdout}\n${r.stderr}`, ctx.toPath)
          : r.stdout.trim()
            ? parseRuffJson(r.stdout, ctx.toPath)
            : [],
    },
    ctx,
  );
}
