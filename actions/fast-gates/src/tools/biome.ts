/**
 * `biome format|lint --reporter=github`. Lint diagnostics carry the rule (`lint/suspicious/noDebugger`)
 * and the range. A format diagnostic (title `format`) names only the file (Biome puts it at line 1,
 * whatever changed), so, as for Prettier, the file is formatted on stdin and diffed to find the lines.
 */
import { relative, resolve } from 'node:path';
import { shellQuote } from '@shipkit/kit/exec';
import type { GateContext, GateOutcome } from '../context';
import type { Finding } from '../model';
import { parseGithubAnnotations } from '../parse';
import { locateFormatFindings, type FormatFinding } from './formatter';
import { cancelled, pathArg, runFileTool } from './run-tool';

export async function runBiome(bin: string, sub: 'format' | 'lint', ctx: GateContext): Promise<GateOutcome> {
  const outcome = await runFileTool(
    bin,
    {
      tool: 'biome',
      args: [sub, '--reporter=github', '--no-errors-on-unmatched', '--files-ignore-unknown=true', '--colors=off'],
      files: ctx.changed,
      nothingToCheck: 'no changed files',
      // Biome's own paths here (absolute); mapped to the repository below.
      parse: (r) => parseGithubAnnotations(`${r.stdout}\n${r.stderr}`, (p) => p),
    },
    ctx,
  );
  const others: Finding[] = [];
  const unformatted: FormatFinding[] = [];
  for (const f of outcome.findings) {
    if (!f.file) others.push(f);
    else if (sub === 'format' && f.rule === 'format') {
      const path = pathArg(relative(ctx.dir, resolve(ctx.dir, f.file)));
      unformatted.push({
        file: f.file,
        rule: 'format',
        severity: f.severity,
        tool: 'Biome',
        fix: `run \`biome format --write ${shellQuote(path)}\``,
        stdinArgs: ['format', `--stdin-file-path=${path}`, '--colors=off'],
      });
    } else others.push({ ...f, file: ctx.toPath(f.file) });
  }
  const located = await locateFormatFindings(bin, unformatted, ctx);
  if (!located) return cancelled(outcome.command);
  return { ...outcome, findings: [...located, ...others] };
}
