/** `eslint -f json` on the changed JavaScript/TypeScript files. */
import type { GateContext, GateOutcome } from '../context';
import { parseEslintJson } from '../parse';
import { JS_LIKE, runFileTool } from './run-tool';

export function runEslint(bin: string, ctx: GateContext): Promise<GateOutcome> {
  return runFileTool(
    bin,
    {
      tool: 'eslint',
      args: ['-f', 'json', '--no-warn-ignored', '--no-error-on-unmatched-pattern'],
      files: ctx.changed?.filter((f) => JS_LIKE.test(f)),
      nothingToCheck: 'no changed JavaScript/TypeScript files',
      // Exit code 2 is a configuration error or a crash (its stderr says which); 1 is lint errors.
      parse: (r) => (r.stdout.trim() ? parseEslintJson(r.stdout, ctx.toPath) : []),
    },
    ctx,
  );
}
