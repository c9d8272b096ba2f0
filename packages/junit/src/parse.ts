/**
 * Streaming JUnit XML: every common dialect (jest-junit, vitest, mocha-junit-reporter, pytest,
 * Maven Surefire/Failsafe, Gradle, go-junit-report/gotestsum, PHPUnit, .NET JunitXml logger,
 * cargo-nextest, Catch2, …) reduces to `<testsuite>`s, possibly nested, holding `<testcase>`s.
 *
 * Counting is per `<testcase>` element (retries are separate elements), one outcome each:
 * `status="disabled"` → skipped; else any `<error>` → error; else any `<failure>` → failure; else
 * any `<skipped>` → skipped; else passed. Suite attributes are never trusted for counts: producers
 * get them wrong (mocha, container-structure-test, xunit.net transforms, …).
 *
 * Test-level view on top: a test (classname + name) that failed and later passed in the same report
 * is flaky, and so is a passed test carrying Surefire's `<flakyFailure>`/`<flakyError>`. A test with
 * `<rerunFailure>`/`<rerunError>` failed every attempt and stays failed.
 *
 * Only what a diagnosis needs is kept: counts, and the failing tests with a bounded message, stack
 * and output. A 100 MB report is never held in memory.
 */
import { streamXmlFile, parseXmlString, type XmlHandlers } from '@shipkit/xml';
import { trimStack, locateInStack } from './stack';

export type CaseOutcome = 'passed' | 'failure' | 'error' | 'skipped';

export interface FailedTest {
  /** `classname` (or the enclosing suite's name when there is none). */
  classname: string;
  name: string;
  /** Names of the enclosing suites, outermost first. */
  suites: string[];
  outcome: 'failure' | 'error';
  message: string;
  type: string;
  /** Stack trace trimmed to the frames that matter. */
  stack: string;
  /** Where the failure points: the testcase's file/line attributes, else the first own frame of the stack. */
  file?: string;
  line?: number;
  /** The tail of the testcase's captured output. */
  output?: string;
  /** Failed attempts seen for this test in the report (reruns included). */
  attempts: number;
  timeSec?: number;
}

export interface FlakyTest {
  classname: string;
  name: string;
  /** Failed attempts before the pass. */
  failedAttempts: number;
  message: string;
  /** `rerun` (a later testcase passed) or `surefire` (`<flakyFailure>`/`<flakyError>`). */
  evidence: 'rerun' | 'surefire';
}

export interface JUnitReport {
  /** Per `<testcase>` element. */
  tests: number;
  passed: number;
  failures: number;
  errors: number;
  skipped: number;
  /** Passed testcases carrying `<flakyFailure>`/`<flakyError>` (Surefire's count). */
  flaky: number;
  suites: number;
  /** The producer, as far as the document tells. */
  dialect: string;
  /** Tests that failed and did not pass on a rerun (test-level, after merging retries). */
  failedTests: FailedTest[];
  /** Failed tests beyond the detail cap, counted but not kept. */
  omittedFailedTests: number;
  flakyTests: FlakyTest[];
}

export interface ParseOptions {
  /** Failing tests kept in detail (the rest are counted). */
  maxFailedTests?: number;
  /** Characters of failure body kept per test before trimming. */
  maxDetailChars?: number;
  /** Characters of system-out/system-err tail kept per failing test. */
  maxOutputChars?: number;
  /** Called with the DOCTYPE text when the document has one (it is never fetched or processed). */
  onDoctype?: (doctype: string) => void;
}

export class NotJUnitError extends Error {
  override readonly name = 'NotJUnitError';
}

const RESULT_ELEMENTS = new Set(['failure', 'error']);
const FLAKY_ELEMENTS = new Set(['flakyFailure', 'flakyError']);
const RERUN_ELEMENTS = new Set(['rerunFailure', 'rerunError']);
const ROOTS = new Set(['testsuites', 'testsuite', 'testcase']);

interface CaseState {
  classname: string;
  name: string;
  /** The testcase's attributes; file, line and time are parsed only for failing tests. */
  attributes: Record<string, string>;
  disabled: boolean;
  hasError: boolean;
  hasFailure: boolean;
  hasSkipped: boolean;
  flakyCount: number;
  rerunCount: number;
  message: string;
  type: string;
  detail: string;
  flakyMessage: string;
  output: string;
}

/** Decides the producer from what the document says about itself; best effort, for the report. */
function sniffDialect(name: string, attributes: Record<string, string>, current: string): string {
  if (current !== 'junit') return current;
  const suiteName = attributes.name ?? '';
  if (name === 'testsuites' && suiteName === 'vitest tests') return 'vitest';
  if (name === 'testsuites' && suiteName === 'jest tests') return 'jest-junit';
  if (name === 'testsuites' && suiteName === 'Mocha Tests') return 'mocha-junit-reporter';
  if (name === 'testsuites' && attributes.uuid !== undefined) return 'cargo-nextest';
  if (name === 'testsuite' && suiteName === 'pytest') return 'pytest';
  if (name === 'testsuite' && attributes['xsi:noNamespaceSchemaLocation']?.includes('surefire')) return 'maven-surefire';
  if (name === 'testsuite' && attributes.assertions !== undefined && attributes.file !== undefined) return 'phpunit';
  if (name === 'property' && attributes.name === 'go.version') return 'go-junit-report';
  if (name === 'property' && (attributes.name === 'java.version' || attributes.name === 'surefire.version')) return 'maven-surefire';
  if (name === 'flakyFailure' || name === 'rerunFailure' || name === 'flakyError' || name === 'rerunError') return 'maven-surefire';
  return current;
}

export class JUnitCollector {
  readonly report: JUnitReport = {
    tests: 0,
    passed: 0,
    failures: 0,
    errors: 0,
    skipped: 0,
    flaky: 0,
    suites: 0,
    dialect: 'junit',
    failedTests: [],
    omittedFailedTests: 0,
    flakyTests: [],
  };
  private readonly maxFailed: number;
  private readonly maxDetail: number;
  private readonly maxOutput: number;
  private readonly suiteStack: string[] = [];
  private current: CaseState | undefined;
  /** Where text goes: the failure body, the flaky message, captured output, or nowhere. */
  private sink: 'detail' | 'flaky' | 'output' | undefined;
  private depthInResult = 0;
  private rootSeen = false;
  /** Failed (not yet re-passed) tests by identity, in document order. */
  private readonly failed = new Map<string, FailedTest | null>();
  private omittedKeys = new Set<string>();
  private readonly failedNames = new Set<string>();
  private sniffBudget = 200;

  constructor(options: ParseOptions = {}) {
    this.maxFailed = options.maxFailedTests ?? 500;
    this.maxDetail = options.maxDetailChars ?? 16_000;
    this.maxOutput = options.maxOutputChars ?? 2_000;
  }

  readonly handlers: XmlHandlers = {
    open: (name, attributes) => this.open(name, attributes),
    close: (name) => this.close(name),
    text: (text) => this.text(text),
  };

  private open(name: string, a: Record<string, string>): void {
    if (!this.rootSeen) {
      this.rootSeen = true;
      if (!ROOTS.has(name))
        throw new NotJUnitError(`not a JUnit report: the root element is <${name}>, not <testsuites>, <testsuite> or <testcase>`);
    }
    // The producer shows itself in the first elements (root attributes, the first suite's properties).
    if (this.sniffBudget > 0 && this.report.dialect === 'junit') {
      this.sniffBudget--;
      this.report.dialect = sniffDialect(name, a, this.report.dialect);
    }
    const c = this.current;
    if (name === 'testcase') {
      this.current = {
        // Trimmed: jest-junit's default templates (`{classname} {title}`) leave a leading space on
        // tests outside any describe block, which would otherwise become part of the test's id.
        classname: (a.classname?.trim() || this.suiteStack[this.suiteStack.length - 1] || '').trim(),
        name: (a.name ?? '').trim(),
        attributes: a,
        disabled: a.status === 'disabled',
        hasError: false,
        hasFailure: false,
        hasSkipped: false,
        flakyCount: 0,
        rerunCount: 0,
        message: '',
        type: '',
        detail: '',
        flakyMessage: '',
        output: '',
      };
      return;
    }
    if (name === 'testsuite') {
      this.report.suites++;
      this.suiteStack.push(a.name ?? '');
      return;
    }
    if (!c) return;
    if (this.sink !== undefined) {
      // Nested elements inside a result (Surefire's <stackTrace> inside <flakyFailure>) keep the sink.
      this.depthInResult++;
      if (this.sink === 'flaky' && (name === 'system-out' || name === 'system-err')) this.sink = undefined;
      return;
    }
    if (RESULT_ELEMENTS.has(name)) {
      if (name === 'error') c.hasError = true;
      else c.hasFailure = true;
      // The first result element describes the failure; the others add to the count only.
      if (c.message === '' && c.detail === '') {
        c.message = a.message ?? '';
        c.type = a.type ?? '';
        this.sink = 'detail';
        this.depthInResult = 0;
      }
    } else if (FLAKY_ELEMENTS.has(name)) {
      c.flakyCount++;
      if (c.flakyMessage === '') {
        c.flakyMessage = a.message || a.type || '';
        this.sink = c.flakyMessage === '' ? 'flaky' : undefined;
        this.depthInResult = 0;
      }
    } else if (RERUN_ELEMENTS.has(name)) {
      c.rerunCount++;
    } else if (name === 'skipped') {
      c.hasSkipped = true;
    } else if (name === 'system-out' || name === 'system-err') {
      this.sink = 'output';
      this.depthInResult = 0;
    }
  }

  private text(text: string): void {
    const c = this.current;
    if (!c || this.sink === undefined) return;
    if (this.sink === 'detail') {
      if (c.detail.length < this.maxDetail) c.detail += text.slice(0, this.maxDetail - c.detail.length);
    } else if (this.sink === 'flaky') {
      if (c.flakyMessage.length < 500) c.flakyMessage += text.slice(0, 500 - c.flakyMessage.length);
    } else {
      // Keep the tail: the last lines before a failure matter most.
      c.output += text;
      if (c.output.length > 2 * this.maxOutput) c.output = c.output.slice(-this.maxOutput);
    }
  }

  private close(name: string): void {
    if (this.sink !== undefined) {
      if (this.depthInResult > 0) {
        this.depthInResult--;
        return;
      }
      this.sink = undefined;
      return;
    }
    if (name === 'testsuite') this.suiteStack.pop();
    else if (name === 'testcase' && this.current) {
      this.finishCase(this.current);
      this.current = undefined;
    }
  }

  private finishCase(c: CaseState): void {
    const r = this.report;
    r.tests++;
    const outcome: CaseOutcome = c.disabled
      ? 'skipped'
      : c.hasError
        ? 'error'
        : c.hasFailure
          ? 'failure'
          : c.hasSkipped
            ? 'skipped'
            : 'passed';
    if (outcome === 'skipped') {
      r.skipped++;
      return;
    }
    if (outcome === 'passed') {
      r.passed++;
      // Most tests pass and never failed: a name lookup avoids building a key for each of them.
      const earlier = this.failedNames.has(c.name) ? this.failed.get(`${c.classname}\u0000${c.name}`) : undefined;
      if (earlier !== undefined) {
        this.failed.delete(`${c.classname}\u0000${c.name}`);
        r.flakyTests.push({
          classname: detach(c.classname),
          name: detach(c.name),
          failedAttempts: earlier?.attempts ?? 1,
          message: earlier?.message ?? '',
          evidence: 'rerun',
        });
      } else if (c.flakyCount > 0) {
        r.flaky++;
        r.flakyTests.push({
          classname: detach(c.classname),
          name: detach(c.name),
          failedAttempts: c.flakyCount,
          message: detach(firstLine(c.flakyMessage)),
          evidence: 'surefire',
        });
      }
      return;
    }
    if (outcome === 'error') r.errors++;
    else r.failures++;
    const key = `${c.classname}\u0000${c.name}`;
    this.failedNames.add(detach(c.name));
    const earlier = this.failed.get(key);
    if (earlier) {
      earlier.attempts += 1 + c.rerunCount;
      return;
    }
    if (earlier === null) return;
    if (this.failed.size - this.omittedKeys.size >= this.maxFailed) {
      const kept = detach(key);
      this.failed.set(kept, null);
      this.omittedKeys.add(kept);
      return;
    }
    const detail = c.detail.trim();
    const message = (
      (GENERIC_MESSAGE.test(c.message.trim()) ? informativeLine(detail) : c.message) ||
      c.message ||
      c.type ||
      `${outcome} without a message`
    ).trim();
    const stack = trimStack(detail);
    const a = c.attributes;
    const line = a.line && /^\d+$/.test(a.line) ? Number(a.line) : undefined;
    const time = a.time ? Number(a.time) : NaN;
    // A file attribute without a line (jest-junit's addFileAttribute) takes the line from the
    // stack's frame in that same file.
    const inStack = a.file && line !== undefined ? undefined : locateInStack(detail);
    const sameFile = (f: string): boolean => {
      const norm = (p: string): string => p.replace(/\\/g, '/');
      return norm(f) === norm(a.file ?? '') || norm(a.file ?? '').endsWith(`/${norm(f)}`) || norm(f).endsWith(`/${norm(a.file ?? '')}`);
    };
    const located = a.file ? { file: a.file, line: line ?? (inStack && sameFile(inStack.file) ? inStack.line : undefined) } : inStack;
    this.failed.set(detach(key), {
      classname: detach(c.classname),
      name: detach(c.name),
      suites: this.suiteStack.map(detach),
      outcome,
      message: detach(message.length > 1000 ? `${message.slice(0, 1000)}…` : message),
      type: detach(c.type),
      stack: detach(stack),
      file: located?.file === undefined ? undefined : detach(located.file),
      line: located?.line,
      output: c.output.trim() ? detach(c.output.trim().slice(-this.maxOutput)) : undefined,
      attempts: 1 + c.rerunCount,
      timeSec: Number.isFinite(time) ? time : undefined,
    });
  }

  /** The report once the document has been read. */
  finish(): JUnitReport {
    const r = this.report;
    r.failedTests = [...this.failed.values()].filter((f): f is FailedTest => f !== null);
    r.omittedFailedTests = [...this.omittedKeys].filter((k) => this.failed.has(k)).length;
    return r;
  }
}

/**
 * A copy that does not share memory with the parser's input: V8 keeps a whole 1 MB read chunk alive
 * for as long as any substring of it lives, so strings kept beyond the current testcase are copied.
 */
const detach = (text: string): string => (text.length === 0 ? '' : Buffer.from(text, 'utf8').toString('utf8'));

/** Messages that say nothing (go-junit-report writes `Failed`); the body has the real one then. */
const GENERIC_MESSAGE = /^(?:|failed|failure|error|fail)$/i;

/** The first line of a failure body that is not runner chatter (`=== RUN`, `--- FAIL`). */
function informativeLine(detail: string): string {
  for (const raw of detail.split('\n')) {
    const line = raw.trim();
    if (line === '' || /^(?:=== (?:RUN|PAUSE|CONT)|--- FAIL|FAIL\b)/.test(line)) continue;
    return line.length > 300 ? `${line.slice(0, 300)}…` : line;
  }
  return '';
}

const firstLine = (text: string): string => {
  const trimmed = text.trim();
  const nl = trimmed.indexOf('\n');
  return (nl === -1 ? trimmed : trimmed.slice(0, nl)).trim();
};

/** Streams a JUnit XML file. Throws XmlError (malformed or hostile XML) or NotJUnitError. */
export async function parseJUnitFile(path: string, options: ParseOptions = {}): Promise<JUnitReport> {
  const collector = new JUnitCollector(options);
  await streamXmlFile(path, collector.handlers, { doctype: options.onDoctype });
  return collector.finish();
}

export function parseJUnitString(xml: string, options: ParseOptions = {}): JUnitReport {
  const collector = new JUnitCollector(options);
  parseXmlString(xml, collector.handlers);
  return collector.finish();
}
