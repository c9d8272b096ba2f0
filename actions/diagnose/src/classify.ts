/**
 * From evidence to a decision: the category (the riskiest kind of failure found), its tier, a
 * fingerprint that stays the same when the same failure happens again, and the next step.
 */
import { createHash } from 'node:crypto';
import type { FailedTest, FlakyTest } from '@shipkit/junit';
import type { Category } from './rules';
import type { Evidence } from './scan';

export type Tier = 1 | 2 | 3;

/** The seed pipeline's routing: 1 can be fixed automatically, 2 needs a reviewed PR, 3 needs a human. */
export const TIER: Record<Category, Tier> = {
  type: 1,
  lint: 1,
  format: 1,
  flaky: 1,
  test: 2,
  dependency: 2,
  build: 2,
  security: 3,
  infra: 3,
  timeout: 3,
  unknown: 3,
};

/**
 * When several kinds of failure show up, the riskiest decides (a lint error next to a failing test
 * still needs the reviewed PR); within a tier, the one that usually causes the others comes first.
 */
export const PRECEDENCE: readonly Category[] = [
  'security',
  'timeout',
  'infra',
  'dependency',
  'build',
  'test',
  'type',
  'lint',
  'format',
  'flaky',
  'unknown',
];

export const NEXT_STEP: Record<Category, string> = {
  lint: 'Run the linter with its fix option (for example `npx eslint --fix .` or `ruff check --fix`), review what it could not fix at the annotated lines, and commit.',
  format: 'Run the formatter (for example `npx prettier --write .`, `ruff format` or `npx biome format --write .`) and commit the result.',
  type: 'Fix the type errors at the annotated lines, then re-run the type check (`npx tsc --noEmit`, `mypy`) locally before pushing.',
  test: 'Reproduce the failing tests locally, decide whether the code or the test is wrong, and fix it in a reviewed pull request.',
  flaky: 'Re-run the failed job; the tests passed on retry. Record the flaky tests and quarantine or fix them if they fail again.',
  security:
    'A person must act: revoke and rotate any exposed secret, or upgrade the vulnerable packages (`npm audit fix`) and review the advisories.',
  dependency:
    'Bring the lockfile in line with the manifest (run the install locally and commit the lockfile) or fix the version range; check that the registry is reachable.',
  build: 'Fix the build error at the annotated location and rebuild locally before pushing.',
  infra: 'Re-run the job; if it happens again, give the job more memory or disk, or check the runner and the network it depends on.',
  timeout:
    'Find the step that hung or grew slow (compare step durations with a passing run); raise `timeout-minutes` only if the work legitimately grew.',
  unknown:
    'No known failure pattern matched: a person should read the log, and add a `rules` entry so this failure is recognised next time.',
};

export interface Classification {
  category: Category;
  tier: Tier;
  /** Why the tier is what it is, when it is not the category's. */
  tierReason?: string;
  /** Categories found, with their evidence count. */
  found: Partial<Record<Category, number>>;
}

export function classify(
  evidence: readonly Evidence[],
  failedTests: readonly FailedTest[],
  flakyTests: readonly FlakyTest[],
  { reportsRead }: { reportsRead: boolean },
): Classification {
  const found: Partial<Record<Category, number>> = {};
  const bump = (c: Category, n = 1): void => {
    found[c] = (found[c] ?? 0) + n;
  };
  for (const e of evidence) bump(e.category);
  if (failedTests.length > 0) bump('test', failedTests.length);
  if (flakyTests.length > 0) bump('flaky', flakyTests.length);
  // When the test reports were read and list no hard failure, the runner's failure lines in the log
  // are the attempts that later passed.
  if (reportsRead && failedTests.length === 0 && flakyTests.length > 0) delete found.test;
  const present = PRECEDENCE.filter((c) => (found[c] ?? 0) > 0);
  const category = present.sort((a, b) => TIER[b] - TIER[a] || PRECEDENCE.indexOf(a) - PRECEDENCE.indexOf(b))[0] ?? 'unknown';
  return { category, tier: TIER[category], found };
}

/** Numbers, hex ids, durations and quoted values vary between runs of the same failure. */
export const normalizeMessage = (message: string): string =>
  message
    .toLowerCase()
    .replace(/\b0x[0-9a-f]+\b/g, '#')
    .replace(/\b[0-9a-f]{7,}\b/g, '#')
    .replace(/\d+(\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);

/** File extensions, dropped from a test's words: a runner may name the file (`cart.test.ts`) or not. */
const SOURCE_EXTENSIONS = new Set([
  'py',
  'ts',
  'tsx',
  'mts',
  'cts',
  'js',
  'jsx',
  'mjs',
  'cjs',
  'go',
  'rs',
  'java',
  'kt',
  'rb',
  'cs',
  'php',
]);
/** A classname that is a file or package path (vitest, go) rather than the describe path (jest) or module (pytest). */
const PATH_LIKE = /[\\/]|\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|rb|cs|php)$/i;

/**
 * A failing test's identity, the same whether a JUnit report or the runner's log named it: the set
 * of words of its describe path and title (and its module for pytest), without file paths and
 * separators. jest-junit writes `cart applies the discount` where jest prints `cart › applies the
 * discount`; vitest's report puts the file in the classname where its log puts it before `>`.
 */
export function testKey(t: { classname: string; name: string }): string {
  // pytest names the module in its report (`tests.test_cart`) and the file in its log.
  const module = /\.py$/.test(t.classname) ? t.classname.replace(/\.py$/, '').replace(/[\\/]/g, '.') : t.classname;
  const classname = PATH_LIKE.test(module) || module === t.name ? '' : module;
  const words = `${classname} ${t.name}`
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w !== '' && !SOURCE_EXTENSIONS.has(w));
  return [...new Set(words)].sort().join(' ');
}

/**
 * One line per distinct failure, independent of run ids, line numbers and timings. When failing
 * tests are known (from reports or from the runner's log), they alone are the test failure's
 * signature, so the same failure gets the same fingerprint with reports, logs or both.
 */
export function signatures(
  category: Category,
  evidence: readonly Evidence[],
  failedTests: readonly { classname: string; name: string }[],
  flakyTests: readonly FlakyTest[],
): string[] {
  const sigs = new Set<string>();
  if (category === 'test' || category === 'flaky') {
    for (const t of failedTests) sigs.add(`test:${testKey(t)}`);
    if (category === 'flaky') for (const t of flakyTests) sigs.add(`flaky:${testKey(t)}`);
  }
  if (category === 'test' && failedTests.length > 0) return [...sigs].sort().slice(0, 50);
  for (const e of evidence) {
    if (e.category !== category) continue;
    if (e.stable) sigs.add(`${e.rule}`);
    else if (e.file || e.code) sigs.add(`${e.rule}:${e.file ?? ''}:${e.code ?? normalizeMessage(e.message)}`);
    else sigs.add(`${e.rule}:${normalizeMessage(e.message)}`);
  }
  return [...sigs].sort().slice(0, 50);
}

export function fingerprint(category: Category, sigs: readonly string[]): string {
  return createHash('sha256')
    .update([category, ...sigs].join('\n'))
    .digest('hex')
    .slice(0, 16);
}
