import { defineInputs, defineOutputs } from '@shipkit/kit';

export const DEFAULT_MUTATE = 'src/**/*.{ts,tsx,js,jsx,mts,mjs}';

export const inputs = defineInputs({
  base: { type: 'string' },
  // Strings, not `list`: a glob's `{a,b}` braces hold commas (see `splitGlobs`).
  mutate: { type: 'string', default: DEFAULT_MUTATE },
  scope: { type: 'enum', values: ['lines', 'files'], default: 'lines' },
  command: { type: 'string', default: 'npx stryker run' },
  report: { type: 'string' },
  'min-score': { type: 'percent', default: '75' },
  'time-budget': { type: 'duration', default: '20m', min: 1000 },
  'shard-index': { type: 'int', default: '0', min: 0 },
  'shard-count': { type: 'int', default: '1', min: 1, max: 256 },
  merge: { type: 'string' },
  incremental: { type: 'boolean', default: 'true' },
  'working-directory': { type: 'string', default: '.' },
});

export const outputs = defineOutputs([
  'score',
  'killed',
  'survived',
  'no-coverage',
  'timed-out',
  'total',
  'passed',
  'changed-files',
  'report',
] as const);

/** Splits a glob list on newlines and on commas outside `{…}`; blanks and `#` comments are dropped. */
export function splitGlobs(text: string | undefined): string[] {
  const globs: string[] = [];
  for (const line of (text ?? '').split(/\r?\n/)) {
    let depth = 0;
    let current = '';
    for (const ch of line) {
      if (ch === '{') depth++;
      else if (ch === '}') depth = Math.max(0, depth - 1);
      if (ch === ',' && depth === 0) {
        globs.push(current);
        current = '';
      } else current += ch;
    }
    globs.push(current);
  }
  return globs.map((g) => g.trim()).filter((g) => g !== '' && !g.startsWith('#'));
}
