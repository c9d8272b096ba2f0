/**
 * One meaning for the globs users give actions (reports, logs, files to mutate or exclude):
 *
 * - `!glob` excludes, whatever its place in the list; a list of exclusions alone is an error;
 * - dot files and dot directories match like any other;
 * - `node_modules` is never walked, unless a pattern names it;
 * - a pattern that is the path of an existing file is that file, taken as is (no walk, even if it
 *   has glob characters such as `[id].ts`);
 * - symlinks are not followed while walking, and every file found, and the directory a glob starts
 *   from, must resolve inside the workspace or RUNNER_TEMP (see ./paths), or the input is refused;
 * - a malformed glob (an unclosed `[`, `{` or `(`) is an error naming the input, not a pattern that
 *   silently matches nothing.
 *
 * The walk (tinyglobby) loads only when a pattern needs one.
 */
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { ConfigurationError } from './errors';
import { readableRoots, resolveInside } from './paths';

/** What is wrong with a glob's syntax, or undefined when nothing is. */
export function globProblem(pattern: string): string | undefined {
  const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (body.trim() === '') return 'is empty';
  let braces = 0;
  let parens = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      // A class ends at the first `]` that is not its first member (`[]a]`, `[!]a]`).
      let j = i + 1;
      if (body[j] === '!' || body[j] === '^') j++;
      if (body[j] === ']') j++;
      while (j < body.length && body[j] !== ']') j += body[j] === '\\' ? 2 : 1;
      if (j >= body.length) return `has an unclosed \`[\` at character ${i + 1}`;
      i = j;
    } else if (ch === '{') braces++;
    else if (ch === '}') braces = Math.max(0, braces - 1);
    else if (ch === '(') parens++;
    else if (ch === ')') parens = Math.max(0, parens - 1);
  }
  if (braces > 0) return 'has an unclosed `{`';
  if (parens > 0) return 'has an unclosed `(`';
  return undefined;
}

/** Throws a ConfigurationError naming `input` for a malformed glob. */
export function assertGlob(pattern: string, input: string): void {
  const problem = globProblem(pattern);
  if (problem)
    throw new ConfigurationError(
      `\`${input}\`: the glob \`${pattern}\` ${problem}; fix it, or escape a literal bracket with \`\\\\\` (\`\\\\[\`)`,
      input,
    );
}

export const isGlob = (pattern: string): boolean => picomatch.scan(pattern).isGlob;

const toPosix = (path: string): string => path.split(sep).join('/');

function splitPatterns(patterns: readonly string[], input: string): { include: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const raw of patterns) {
    const pattern = raw.trim();
    if (pattern === '') continue;
    if (pattern.startsWith('!')) exclude.push(pattern.slice(1));
    else include.push(pattern);
  }
  if (include.length === 0)
    throw new ConfigurationError(
      `\`${input}\` has no including glob (${exclude.length > 0 ? 'only `!` exclusions' : 'it is empty'}); add one such as \`src/**/*.ts\``,
      input,
    );
  return { include, exclude };
}

/**
 * A matcher of paths relative to the directory the globs are relative to (POSIX separators), with
 * the same meaning as findFiles: `!` excludes, dot files match; `alwaysExclude` is added to the exclusions.
 */
export function globMatcher(
  patterns: readonly string[],
  { input, alwaysExclude = [] }: { input: string; alwaysExclude?: readonly string[] },
): (path: string) => boolean {
  for (const p of patterns) if (p.trim() !== '') assertGlob(p.trim(), input);
  const { include, exclude } = splitPatterns(patterns, input);
  const included = picomatch(include, { dot: true });
  const all = [...exclude, ...alwaysExclude];
  const excluded = all.length > 0 ? picomatch(all, { dot: true }) : () => false;
  return (path) => included(path) && !excluded(path);
}

export interface FindFilesOptions {
  /** The directory the patterns are relative to. */
  cwd: string;
  /** The input the patterns came from, named in every error. */
  input: string;
  /** Where files may resolve to (default: the workspace and RUNNER_TEMP). */
  roots?: readonly string[];
  /**
   * Called for a pattern that matched no file; without it, that is an error naming the input.
   * It may throw an error of its own (with the fix for that action).
   */
  onUnmatched?: (pattern: string) => void;
}

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * The files the patterns match, absolute, each pattern's matches in sorted order, without repeats.
 * Every one resolves inside `roots`.
 */
export async function findFiles(patterns: readonly string[], options: FindFilesOptions): Promise<string[]> {
  const { cwd, input } = options;
  const roots = options.roots ?? readableRoots(process.env, cwd);
  for (const p of patterns) if (p.trim() !== '') assertGlob(p.trim(), input);
  const { include, exclude } = splitPatterns(patterns, input);
  const excluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
  const kept = (abs: string): boolean => !excluded(toPosix(relative(cwd, abs)));
  const unmatched = (pattern: string): void => {
    if (options.onUnmatched) return options.onUnmatched(pattern);
    throw new ConfigurationError(`\`${input}\`: no file matched \`${pattern}\` (in ${cwd})`, input);
  };
  const found = new Set<string>();
  for (const pattern of include) {
    const literal = resolve(cwd, pattern);
    // A plain path needs no directory walk (which costs seconds in a repository of 40,000 files).
    if (isFile(literal)) {
      resolveInside(pattern, { roots, input, cwd });
      if (kept(literal)) found.add(literal);
      else unmatched(pattern);
      continue;
    }
    const scan = picomatch.scan(pattern);
    if (!scan.isGlob) {
      unmatched(pattern);
      continue;
    }
    // The walk starts in the glob's base directory: it must not lead out of the workspace either.
    resolveInside(scan.base || '.', { roots, input, cwd });
    const { glob } = await import('tinyglobby');
    const matches = await glob([pattern], {
      cwd,
      absolute: true,
      dot: true,
      onlyFiles: true,
      expandDirectories: false,
      followSymbolicLinks: false,
      ignore: [...exclude, ...(/(^|\/)node_modules(\/|$)/.test(pattern) ? [] : ['**/node_modules/**'])],
    });
    const files = matches
      .map((m) => resolve(m))
      .filter(kept)
      .sort();
    if (files.length === 0) {
      unmatched(pattern);
      continue;
    }
    for (const file of files) {
      resolveInside(file, { roots, input, cwd });
      found.add(file);
    }
  }
  return [...found];
}
