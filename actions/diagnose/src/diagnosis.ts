/**
 * The diagnosis: category, tier, fingerprint, the evidence that matters (reduced), the failing
 * tests, the one-paragraph summary and the next step. Pure: collected facts in, a decision out.
 */
import type { FailedTest, FlakyTest } from '@shipkit/junit';
import { classify, fingerprint, signatures, NEXT_STEP, TIER, PRECEDENCE, type Tier } from './classify';
import type { Collected, JobInfo, ReportSummary } from './collect';
import type { Category } from './rules';
import { relativePath, type Evidence } from './scan';
import type { FixResult } from './fix';

export interface EvidenceItem {
  category: Category;
  source: string;
  tool: string;
  rule: string;
  file?: string;
  line?: number;
  col?: number;
  code?: string;
  message: string;
  step?: string;
  logLine?: number;
  context: string[];
}

export interface TestItem {
  id: string;
  classname: string;
  name: string;
  report: string;
  outcome?: 'failure' | 'error';
  file?: string;
  line?: number;
  message: string;
  stack?: string;
  attempts: number;
  /** Named by the runner's output, not by a report. */
  fromLog?: boolean;
}

export interface Diagnosis {
  category: Category;
  tier: Tier;
  tierReason?: string;
  fingerprint: string;
  signatures: string[];
  summary: string;
  nextStep: string;
  escalated: boolean;
  /** Earlier diagnoses of this fingerprint (from the comment or issue), when known. */
  earlierCycles: number;
  found: Partial<Record<Category, number>>;
  evidence: EvidenceItem[];
  omittedEvidence: number;
  failedTests: TestItem[];
  omittedFailedTests: number;
  flakyTests: TestItem[];
  totals: { reports: number; tests: number; passed: number; failures: number; errors: number; skipped: number; flaky: number };
  reports: ReportSummary[];
  unreadable: { path: string; reason: string }[];
  logs: { source: string; evidence: number; dropped: number }[];
  jobs: JobInfo[];
  links: { run?: string; diagnosedRun?: string; jobs: { name: string; url: string }[] };
  explanation?: string;
  llm?: { model: string; ok: boolean; error?: string };
  issueUrl?: string;
  commentUrl?: string;
  /** What the tier 1 auto-fix did (`fix: true`). */
  fix?: FixResult;
}

const MAX_EVIDENCE = 50;

const testId = (t: { classname: string; name: string }): string =>
  t.classname && t.classname !== t.name ? `${t.classname} › ${t.name}` : t.name;

const toTest = (t: (FailedTest | FlakyTest) & { report: string }, workspace: string): TestItem => {
  const failed = 'outcome' in t;
  return {
    id: testId(t),
    classname: t.classname,
    name: t.name,
    report: t.report,
    outcome: failed ? t.outcome : undefined,
    // Reports (jest-junit's `file`, stack frames) name files absolutely; annotations need them relative.
    file: failed && t.file ? relativePath(t.file, workspace) : undefined,
    line: failed ? t.line : undefined,
    message: t.message,
    stack: failed ? t.stack : undefined,
    attempts: failed ? t.attempts : t.failedAttempts,
  };
};

/** How each runner's failure line names the test: `[classname, name, message]`. */
const LOG_TEST_NAMES: Record<string, (e: Evidence) => [string, string, string]> = {
  'vitest-fail': (e) => [e.file ?? '', e.message, lineAfter(e) || 'failed'],
  'jest-fail': (e) => ['', e.message, lineAfter(e) || 'failed'],
  'pytest-fail': (e) => {
    const [name = e.message, ...rest] = e.message.split(' - ');
    return [e.file ?? '', name, rest.join(' - ') || 'failed'];
  },
  'go-test-fail': (e) => ['', e.message, 'failed'],
  'cargo-test-fail': (e) => ['', e.message, 'failed'],
};

/** Where a runner prints a failing test's location: vitest after the test's name, go and jest before it. */
const LOCATIONS: Record<string, { rule: string; after: boolean; sticky?: boolean }> = {
  'vitest-fail': { rule: 'vitest-location', after: true },
  'go-test-fail': { rule: 'go-test-location', after: false },
  // jest prints `FAIL <file>` once, then every failing test of that file.
  'jest-fail': { rule: 'jest-file', after: false, sticky: true },
};

/** The first non-empty line after the match: vitest and jest print the assertion there. */
function lineAfter(e: Evidence): string {
  const at = e.context.findIndex((l) => l.includes(e.message));
  return (
    e.context
      .slice(at + 1)
      .find((l) => l.trim() !== '')
      ?.trim() ?? ''
  );
}

/** Without test reports, the failing tests as the runners printed them, at the place the runner named. */
function testsFromLogs(evidence: readonly Evidence[]): TestItem[] {
  const seen = new Map<string, TestItem>();
  let last: { item: TestItem; rule: string; source: string } | undefined;
  let pending: Evidence | undefined;
  for (const e of evidence) {
    const located = Object.entries(LOCATIONS).find(([, l]) => l.rule === e.rule)?.[0];
    if (located) {
      if (last && last.rule === located && last.source === e.source && LOCATIONS[located]?.after && last.item.line === undefined) {
        last.item.file ??= e.file;
        last.item.line = e.line;
      } else pending = e;
      continue;
    }
    const name = LOG_TEST_NAMES[e.rule]?.(e);
    if (!name) continue;
    const [classname, test, message] = name;
    const where = LOCATIONS[e.rule];
    const before = pending && pending.source === e.source && where?.after === false && pending.rule === where.rule ? pending : undefined;
    if (!where?.sticky) pending = undefined;
    const item: TestItem = {
      id: testId({ classname, name: test }),
      classname,
      name: test,
      report: e.source,
      file: e.file ?? before?.file,
      line: e.line ?? before?.line,
      message,
      attempts: 1,
      fromLog: true,
    };
    if (seen.has(item.id)) continue;
    seen.set(item.id, item);
    last = { item, rule: e.rule, source: e.source };
  }
  return [...seen.values()];
}

/** Every match per category over all logs, the ones past the caps included. */
function logMatches(collected: Collected): Partial<Record<Category, number>> & { tests: number } {
  const out: Partial<Record<Category, number>> & { tests: number } = { tests: 0 };
  for (const log of collected.logs)
    for (const [rule, m] of Object.entries(log.matches ?? {})) {
      out[m.category] = (out[m.category] ?? 0) + m.count;
      if (LOG_TEST_NAMES[rule]) out.tests += m.count;
    }
  return out;
}

/** Evidence of the decisive category first, then the others by precedence; each list in log order. */
function reduceEvidence(evidence: readonly Evidence[], category: Category): { items: EvidenceItem[]; omitted: number } {
  const rank = (c: Category): number => (c === category ? -1 : PRECEDENCE.indexOf(c));
  const seen = new Set<string>();
  const unique = evidence.filter((e) => {
    const key = `${e.rule}|${e.file ?? ''}|${e.line ?? ''}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const sorted = [...unique].sort((a, b) => rank(a.category) - rank(b.category));
  return {
    items: sorted.slice(0, MAX_EVIDENCE).map((e) => ({
      category: e.category,
      source: e.source,
      tool: e.tool,
      rule: e.rule,
      file: e.file,
      line: e.line,
      col: e.col,
      code: e.code,
      message: e.message,
      step: e.step,
      logLine: e.logLine,
      context: e.context,
    })),
    omitted: Math.max(0, sorted.length - MAX_EVIDENCE),
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const place = (file?: string, line?: number): string => (file ? `\`${file}${line ? `:${line}` : ''}\`` : '');

function whatFailed(
  d: Pick<Diagnosis, 'category' | 'failedTests' | 'flakyTests' | 'evidence' | 'omittedFailedTests' | 'found'>,
  at: string,
): string {
  if (d.category === 'test' && d.failedTests.length > 0) {
    const n = d.failedTests.length + d.omittedFailedTests;
    const listed = d.omittedFailedTests > 0 ? ` (${d.failedTests.length} listed)` : '';
    const first = d.failedTests[0] as TestItem;
    const loc = place(first.file, first.line);
    return `${plural(n, 'test')} failed${listed}${at}, first \`${first.id}\`${loc ? ` at ${loc}` : ''} (${first.message.split('\n')[0]})`;
  }
  if (d.category === 'flaky' && d.flakyTests.length > 0) {
    const names = d.flakyTests.slice(0, 3).map((t) => `\`${t.id}\``);
    return `${plural(d.flakyTests.length, 'test')} failed and then passed on a rerun${at} (flaky): ${names.join(', ')}${d.flakyTests.length > 3 ? ', …' : ''}`;
  }
  const mine = d.evidence.filter((e) => e.category === d.category);
  const first = mine[0];
  if (!first) return `the job failed without any failure pattern this action knows${at || ' in the reports or logs given'}`;
  const tools = [...new Set(mine.map((e) => e.tool))].join(', ');
  const loc = place(first.file, first.line);
  // The true number, and how many of them the report lists when the caps held some back.
  const total = Math.max(d.found[d.category] ?? 0, mine.length);
  const listed = total > mine.length ? ` (${mine.length} listed)` : '';
  return `${tools} reported ${plural(total, `${d.category} problem`)}${listed}${at}, first${loc ? ` at ${loc}` : ''}: ${first.code ? `${first.code} ` : ''}${first.message.replace(/[.\s]+$/, '')}`;
}

function where(d: Pick<Diagnosis, 'category' | 'evidence' | 'failedTests' | 'flakyTests'>): string {
  const sources = new Set<string>();
  const shown = (source: string): string => (source.startsWith('job ') ? source : `\`${source}\``);
  for (const e of d.evidence)
    if (e.category === d.category) sources.add(e.step ? `${shown(e.source)} (step \`${e.step}\`)` : shown(e.source));
  if (d.category === 'test' || d.category === 'flaky')
    for (const t of [...d.failedTests, ...d.flakyTests]) if (!t.fromLog) sources.add(shown(t.report));
  const list = [...sources].slice(0, 3);
  return list.length > 0 ? ` in ${list.join(', ')}${sources.size > 3 ? ' and more' : ''}` : '';
}

const CAUSE: Record<Category, string> = {
  lint: 'the change breaks lint rules',
  format: 'files are not formatted the way the formatter expects',
  type: 'the change does not type-check',
  test: 'a change broke the behaviour these tests expect (or the tests need updating)',
  flaky: 'non-deterministic tests (timing, order or shared state), not the change itself',
  security: 'a secret or a vulnerable dependency was found',
  dependency: 'dependency resolution failed: the lockfile, the version ranges or the registry',
  build: 'the code does not compile or bundle',
  infra: 'the runner or the network failed (memory, disk, shutdown or connection resets), not the code',
  timeout: 'the job ran into its time limit',
  unknown: 'no known failure pattern',
};

export function diagnose(
  collected: Collected,
  options: { maxEvidence?: number; runUrl?: string; diagnosedRunUrl?: string; workspace?: string },
): Diagnosis {
  const workspace = options.workspace ?? '';
  const reportsRead = collected.reports.length > 0;
  const cls = classify(collected.evidence, collected.failedTests, collected.flakyTests, { reportsRead });
  let { tier } = cls;
  let tierReason: string | undefined;
  const jobCategories = new Set(
    collected.jobs.map((j) => {
      const own = collected.evidence.filter((e) => e.source === `job ${j.name}`);
      return own.length > 0 ? classify(own, [], [], { reportsRead: false }).category : 'unknown';
    }),
  );
  if (collected.jobs.length > 1 && jobCategories.size > 1 && tier < 3) {
    tier = 3;
    tierReason = `${collected.jobs.length} jobs failed in different ways (${[...jobCategories].join(', ')})`;
  }
  // The failing tests, from the reports when they were read, else as the runners printed them.
  const failedTests =
    collected.failedTests.length > 0 ? collected.failedTests.map((t) => toTest(t, workspace)) : testsFromLogs(collected.evidence);
  const matched = logMatches(collected);
  // From logs: the runner's failure lines past the scanner's cap are failing tests not listed.
  const keptNameLines = collected.evidence.filter((e) => LOG_TEST_NAMES[e.rule]).length;
  const omittedFailedTests = collected.failedTests.length > 0 ? collected.omittedFailedTests : Math.max(0, matched.tests - keptNameLines);
  const sigs = signatures(cls.category, collected.evidence, failedTests, collected.flakyTests);
  // Counts say the true number: evidence past the scanner's caps and tests past the reader's count too.
  const found: Partial<Record<Category, number>> = { ...cls.found };
  for (const c of Object.keys(found) as Category[]) {
    const tests = c === 'test' ? failedTests.filter((t) => !t.fromLog).length + collected.omittedFailedTests : 0;
    const flaky = c === 'flaky' ? collected.flakyTests.length : 0;
    found[c] = Math.max(found[c] ?? 0, (matched[c] ?? 0) + tests + flaky);
  }
  // Failing tests are evidence too (for agents reading `evidence`), after classification so they count once.
  const testEvidence: Evidence[] = collected.failedTests.map((t) => ({
    category: 'test',
    rule: 'junit',
    tool: 'junit',
    source: t.report,
    file: t.file,
    line: t.line,
    message: `${testId(t)}: ${t.message.split('\n')[0]}`,
    context: t.stack ? t.stack.split('\n') : [],
  }));
  const { items, omitted } = reduceEvidence([...testEvidence, ...collected.evidence], cls.category);
  const totals = collected.reports.reduce(
    (t, r) => ({
      reports: t.reports + 1,
      tests: t.tests + r.tests,
      passed: t.passed + r.passed,
      failures: t.failures + r.failures,
      errors: t.errors + r.errors,
      skipped: t.skipped + r.skipped,
      flaky: t.flaky + r.flaky,
    }),
    { reports: 0, tests: 0, passed: 0, failures: 0, errors: 0, skipped: 0, flaky: 0 },
  );
  const d: Diagnosis = {
    category: cls.category,
    tier,
    tierReason,
    fingerprint: fingerprint(cls.category, sigs),
    signatures: sigs,
    summary: '',
    nextStep: collected.evidence.find((x) => x.category === cls.category && x.next)?.next ?? NEXT_STEP[cls.category],
    escalated: false,
    earlierCycles: 0,
    found,
    evidence: items,
    omittedEvidence: omitted,
    failedTests,
    omittedFailedTests,
    flakyTests: collected.flakyTests.map((t) => toTest(t, workspace)),
    totals,
    reports: collected.reports,
    unreadable: collected.unreadable,
    logs: collected.logs,
    jobs: collected.jobs,
    links: {
      run: options.runUrl,
      diagnosedRun: options.diagnosedRunUrl,
      jobs: collected.jobs.filter((j) => j.url).map((j) => ({ name: j.name, url: j.url as string })),
    },
  };
  d.summary = summarize(d);
  return d;
}

/** One paragraph: what failed, where, the likely cause, the next step. */
export function summarize(d: Diagnosis): string {
  const tierText =
    d.tier === 1 ? 'tier 1, safe to fix automatically' : d.tier === 2 ? 'tier 2, needs a reviewed PR' : 'tier 3, needs a person';
  const escalation = d.escalated
    ? d.fix?.status === 'escalated'
      ? ` ${d.fix.attempts} auto-fix commit${d.fix.attempts === 1 ? '' : 's'} of this failure did not fix it (max-cycles ${d.fix.maxCycles}), so it is escalated to a person (needs-human).`
      : ` It has been diagnosed ${d.earlierCycles} times before without a fix, so it is escalated to a person (needs-human).`
    : d.tierReason
      ? ` Raised to tier 3: ${d.tierReason}.`
      : '';
  const others = PRECEDENCE.filter((c) => c !== d.category && (d.found[c] ?? 0) > 0);
  const also = others.length > 0 ? ` Also seen: ${others.map((c) => `${c} (${d.found[c]})`).join(', ')}.` : '';
  const fixed = d.fix && d.fix.status !== 'escalated' ? ` Auto-fix: ${d.fix.reason}.` : '';
  return `**${d.category}** (${tierText}): ${whatFailed(d, where(d))}. Likely cause: ${CAUSE[d.category]}.${also}${escalation}${fixed} Next step: ${d.nextStep}`;
}

/** An auto-fix that ran out of cycles makes the failure a person's. */
export function applyFix(d: Diagnosis, fix: FixResult): void {
  d.fix = fix;
  if (fix.status === 'fixed' && fix.commit)
    d.nextStep = `Review the fix commit ${fix.commit.slice(0, 12)} on \`${fix.branch}\`. The checks run again on it only when the token that pushed it may start workflows (a push with the job's own GITHUB_TOKEN starts none: re-run them, or give \`github-token\` a GitHub App token).`;
  if (fix.status === 'retried') d.nextStep = NEXT_STEP.flaky;
  if (fix.status === 'escalated') {
    d.escalated = true;
    d.tier = 3;
  }
  d.summary = summarize(d);
}

/** Applies the cycle count found on the comment or issue: at `maxCycles` earlier diagnoses, tier 3. */
export function applyCycles(d: Diagnosis, earlierCycles: number, maxCycles: number): void {
  d.earlierCycles = earlierCycles;
  if (earlierCycles >= maxCycles) {
    d.escalated = true;
    d.tier = 3;
  }
  d.summary = summarize(d);
}

export { TIER };
