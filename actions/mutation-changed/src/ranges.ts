/**
 * Which changed code gets mutated: the changed files that match the `mutate` globs (never test
 * files), their added line ranges relative to the project directory, the Stryker `--mutate`
 * patterns for them, and a deterministic split across shards.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { globMatcher } from '@shipkit/kit/globs';
import { isInside } from '@shipkit/kit/paths';
import type { ChangedFile } from '@shipkit/kit/git';

/** Test files are never mutated, whatever `mutate` says. */
export const TEST_FILE_GLOBS = ['**/*.{test,spec}.*', '**/__tests__/**', '**/__mocks__/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];

export interface ChangeTarget {
  /** Path relative to the project directory (where Stryker runs), POSIX separators. */
  file: string;
  /** Path relative to the repository root, for annotations. */
  repoPath: string;
  /** Added line ranges, inclusive, 1-based. */
  ranges: [number, number][];
  /** Lines of the file's source, when it could be read (for weights). */
  lines?: string[];
}

/** A matcher for the `mutate` globs (the kit's glob meaning: `!` excludes); test files are always excluded. */
export const mutateMatcher = (globs: readonly string[]): ((path: string) => boolean) =>
  globMatcher(globs, { input: 'mutate', alwaysExclude: TEST_FILE_GLOBS });

/**
 * The changed files eligible for mutation: not deleted, not binary, with added lines, inside the
 * project directory and matching `mutate`. Paths become project-relative.
 */
export function changeTargets(
  changed: readonly ChangedFile[],
  { repoRoot, projectDir, mutate }: { repoRoot: string; projectDir: string; mutate: readonly string[] },
): ChangeTarget[] {
  const eligible = mutateMatcher(mutate);
  const targets: ChangeTarget[] = [];
  for (const f of changed) {
    if (f.status === 'deleted' || f.binary || f.added.length === 0) continue;
    const file = relative(projectDir, join(repoRoot, f.path)).split(sep).join('/');
    if (file.startsWith('../') || !eligible(file)) continue;
    let lines: string[] | undefined;
    try {
      // Only for shard weights; a committed symlink to a file outside the project is not read.
      lines = isInside(join(projectDir, file), [projectDir]) ? readFileSync(join(projectDir, file), 'utf8').split(/\r?\n/) : undefined;
    } catch {
      lines = undefined;
    }
    targets.push({ file, repoPath: f.path, ranges: f.added.map(([a, b]) => [a, b] as [number, number]), lines });
  }
  return targets.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Whether a line can carry a mutant: not blank, not only a comment, not only closing
 * punctuation, not an import. A cheap, deterministic stand-in for "mutant-bearing", used only
 * to balance shards.
 */
export function isMutantBearing(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.startsWith('//') || t.startsWith('/*') || t.startsWith('*')) return false;
  if (/^[\]})>;,]+$/.test(t)) return false;
  if (/^import\s/.test(t) || /^}\s*from\s/.test(t) || /^export\s+(type\s+)?\{[^}]*\}\s*from\s/.test(t)) return false;
  return true;
}

export function bearingLines(lines: readonly string[] | undefined, [start, end]: [number, number]): number {
  if (!lines) return end - start + 1;
  let n = 0;
  for (let i = start; i <= Math.min(end, lines.length); i++) if (isMutantBearing(lines[i - 1] as string)) n++;
  return n;
}

export type Scope = 'lines' | 'files';

/** One unit of work a shard takes whole: a changed range (`lines`) or a changed file (`files`). */
export interface WorkUnit {
  target: ChangeTarget;
  /** The range to mutate, or undefined for the whole file. */
  range?: [number, number];
  weight: number;
}

export function workUnits(targets: readonly ChangeTarget[], scope: Scope): WorkUnit[] {
  if (scope === 'files') return targets.map((target) => ({ target, weight: bearingLines(target.lines, [1, target.lines?.length ?? 1]) }));
  return targets.flatMap((target) => target.ranges.map((range) => ({ target, range, weight: bearingLines(target.lines, range) })));
}

/**
 * Splits the units across `count` shards, balanced by mutant-bearing lines: heaviest unit first
 * onto the lightest shard (ties: file, line, then lowest shard index), so every job computes the
 * same split. Ranges are never cut: Stryker only mutates code wholly inside a range, so cutting
 * one would drop the mutants that straddle the cut from every shard.
 */
export function shardUnits(units: readonly WorkUnit[], count: number): WorkUnit[][] {
  const shards: WorkUnit[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  const ordered = [...units].sort(
    (a, b) => b.weight - a.weight || a.target.file.localeCompare(b.target.file) || (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0),
  );
  for (const unit of ordered) {
    let best = 0;
    for (let i = 1; i < count; i++) if ((load[i] as number) < (load[best] as number)) best = i;
    (shards[best] as WorkUnit[]).push(unit);
    load[best] = (load[best] as number) + unit.weight;
  }
  for (const shard of shards) shard.sort((a, b) => a.target.file.localeCompare(b.target.file) || (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  return shards;
}

/**
 * A file name as a literal Stryker `mutate` pattern (a minimatch glob, which Stryker resolves to an
 * absolute path, so a leading `!` is no exclusion): `src/[id].ts` names that file, not `src/i.ts`
 * and `src/d.ts`. Each glob character goes in a class of its own (`[[]id[]].ts`); a backslash
 * escape would not survive Stryker turning backslashes into slashes.
 */
export const literalPattern = (file: string): string => file.replace(/[*?[\]{}()]/g, '[$&]');

/** Stryker `mutate` patterns: `file:start-end` per range (StrykerJS mutation-range syntax), or the file. */
export function strykerMutatePatterns(units: readonly WorkUnit[]): string[] {
  return units.map((u) => (u.range ? `${literalPattern(u.target.file)}:${u.range[0]}-${u.range[1]}` : literalPattern(u.target.file)));
}

/** The changed ranges of the units, keyed by project path, for the verdict. */
export function unitRanges(units: readonly WorkUnit[]): Map<string, [number, number][]> {
  const map = new Map<string, [number, number][]>();
  for (const u of units) {
    const list = map.get(u.target.file) ?? [];
    if (u.range) list.push(u.range);
    else list.push(...u.target.ranges);
    map.set(u.target.file, list);
  }
  return map;
}
