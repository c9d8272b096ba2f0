/** `prettier --list-different`: the unformatted changed files, located to the lines Prettier would change. */
import { shellQuote } from '@shipkit/kit/exec';
import type { GateContext, GateOutcome } from '../context';
import type { Finding } from '../model';
import { parsePrettierErrors, parsePrettierList } from '../parse';
import { locateFormatFindings, type FormatFinding } from './formatter';
import { cancelled, pathArg, runFileTool } from './run-tool';

export async function runPrettier(bin: string, ctx: GateContext): Promise<GateOutcome> {
  const outcome = await runFileTool(
    bin,
    {
      tool: 'prettier',
      args: ['--list-different', '--ignore-unknown', '--no-color'],
      files: ctx.changed,
      nothingToCheck: 'no changed files',
      parse: (r) => [
        ...parsePrettierList(r.stdout).map((file) => ({ file, rule: 'prettier', severity: 'error' as const, message: 'not formatted' })),
        ...parsePrettierErrors(r.stderr),
      ],
    },
    ctx,
  );
  // Findings still carry Prettier's own path here (relative to the working directory).
  const others: Finding[] = [];
  const unformatted: FormatFinding[] = [];
  for (const f of outcome.findings) {
    if (f.file && f.rule === 'prettier') {
      const path = pathArg(f.file);
      unformatted.push({
        file: f.file,
        rule: 'prettier',
        severity: 'error',
        tool: 'Prettier',
        fix: `run \`prettier --write ${shellQuote(path)}\``,
        stdinArgs: [`--stdin-filepath=${path}`],
      });
    } else others.push(f.file ? { ...f, file: ctx.toPath(f.file) } : f);
  }
  const located = await locateFormatFindings(bin, unformatted, ctx);
  if (!located) return cancelled(outcome.command);
  return { ...outcome, findings: [...located, ...others] };
}
