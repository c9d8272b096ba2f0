import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseJUnitFile, parseJUnitString, trimStack, locateInStack } from '../src/index';

const fixture = (...p: string[]): string => join(import.meta.dirname, 'fixtures', ...p);

describe('jest-junit as it writes reports by default', () => {
  const report = `<testsuites name="jest tests"><testsuite name="src/cart.test.js" tests="2" failures="2">
    <testcase classname=" adds the shipping fee" name=" adds the shipping fee" file="/w/shop/src/cart.test.js">
      <failure>Error: boom
    at Object.toBe (/w/shop/src/cart.test.js:22:19)
    at run (/w/shop/node_modules/jest-circus/build/run.js:1:1)</failure>
    </testcase>
    <testcase classname="cart total" name="cart total" file="/w/shop/src/cart.test.js">
      <failure>Error: other
    at helper (/w/shop/src/helpers.js:3:1)</failure>
    </testcase>
  </testsuite></testsuites>`;

  it('trims the leading space its templates leave on tests outside any describe', () => {
    expect(parseJUnitString(report).failedTests.map((t) => [t.classname, t.name])).toEqual([
      ['adds the shipping fee', 'adds the shipping fee'],
      ['cart total', 'cart total'],
    ]);
  });

  it('takes the line of a file attribute from the stack frame in that file, and only from that file', () => {
    expect(parseJUnitString(report).failedTests.map((t) => [t.file, t.line])).toEqual([
      ['/w/shop/src/cart.test.js', 22],
      ['/w/shop/src/cart.test.js', undefined],
    ]);
  });
});

describe('test-level semantics', () => {
  it('a test that failed and then passed on a rerun is flaky, not failed (pytest-style repeated testcases)', async () => {
    const r = await parseJUnitFile(fixture('corpus/action-junit-report/flaky_retries/flaky_with_classname_file.xml'));
    expect(r.failedTests).toEqual([]);
    expect(r.flakyTests).toEqual([
      { classname: 'test_foo.TestFoo', name: 'test_foo', failedAttempts: 2, message: 'it failed', evidence: 'rerun' },
    ]);
  });

  it('a test that failed on every attempt stays failed, with the attempts counted', async () => {
    const r = await parseJUnitFile(fixture('corpus/action-junit-report/flaky_retries/flaky_all_failures.xml'));
    expect(r.flakyTests).toEqual([]);
    expect(r.failedTests).toHaveLength(1);
    expect(r.failedTests[0]?.attempts).toBe(3);
  });

  it('gotestsum reruns: one flaky, one failed twice', async () => {
    const r = await parseJUnitFile(fixture('dialects/gotestsum-rerun.xml'));
    expect(r.flakyTests.map((f) => [f.name, f.message])).toEqual([
      ['TestCheckoutRetry', 'checkout_test.go:88: payment gateway: connection refused'],
    ]);
    // go-junit-report's message is just `Failed`; the body carries the real one.
    expect(r.failedTests[0]?.message).toBe('checkout_test.go:41: total = 99, want 100');
    expect(r.failedTests.map((f) => [f.name, f.attempts, f.file, f.line])).toEqual([['TestCheckoutTotals', 2, 'checkout_test.go', 41]]);
    expect(r.dialect).toBe('go-junit-report');
  });

  it('Surefire/Failsafe: rerunFailure keeps the test failed, flakyFailure on a pass makes it flaky', async () => {
    const r = await parseJUnitFile(fixture('dialects/failsafe-rerun.xml'));
    expect(r).toMatchObject({ tests: 3, failures: 1, passed: 2, flaky: 1, dialect: 'maven-surefire' });
    expect(r.failedTests).toHaveLength(1);
    expect(r.failedTests[0]).toMatchObject({
      name: 'refundsPayment',
      attempts: 3,
      message: 'expected status 200 but was 500',
      file: 'com/acme/it/PaymentIT.java',
      line: 77,
    });
    expect(r.failedTests[0]?.output).toContain('500 Internal Server Error');
    expect(r.flakyTests).toEqual([
      { classname: 'com.acme.it.PaymentIT', name: 'capturesPayment', failedAttempts: 1, message: 'Read timed out', evidence: 'surefire' },
    ]);
  });

  it('a pass followed by a failure of the same test is a failure', () => {
    const r = parseJUnitString(
      '<testsuite><testcase classname="a" name="t"/><testcase classname="a" name="t"><failure message="boom"/></testcase></testsuite>',
    );
    expect(r.failedTests.map((f) => f.message)).toEqual(['boom']);
    expect(r.flakyTests).toEqual([]);
  });

  it('error and failure both count as failed; the first result element describes it', () => {
    const r = parseJUnitString(
      '<testsuites><testsuite name="outer"><testsuite name="inner"><testcase name="t1"><error message="E1" type="TypeError">TypeError: x is undefined\n    at run (src/x.ts:3:7)</error><failure message="F"/></testcase></testsuite></testsuite></testsuites>',
    );
    expect(r).toMatchObject({ tests: 1, errors: 1, failures: 0, suites: 2 });
    expect(r.failedTests[0]).toMatchObject({
      classname: 'inner',
      suites: ['outer', 'inner'],
      outcome: 'error',
      message: 'E1',
      file: 'src/x.ts',
      line: 3,
    });
  });

  it('keeps failing tests in detail up to a cap and counts the rest', () => {
    const cases = Array.from({ length: 30 }, (_, i) => `<testcase classname="c" name="t${i}"><failure message="m${i}"/></testcase>`).join(
      '',
    );
    const r = parseJUnitString(`<testsuite>${cases}</testsuite>`, { maxFailedTests: 10 });
    expect(r.failedTests).toHaveLength(10);
    expect(r.omittedFailedTests).toBe(20);
    expect(r.failures).toBe(30);
  });

  it('refuses a non-JUnit document and hostile XML', () => {
    expect(() => parseJUnitString('<suites><suite/></suites>')).toThrow(/not a JUnit report: the root element is <suites>/);
    expect(() => parseJUnitString('<!DOCTYPE x [<!ENTITY a "b">]><testsuite>&a;</testsuite>')).toThrow(/entit/);
  });
});

describe('dialects', () => {
  const cases: [string, string, string, Record<string, unknown>][] = [
    ['jest-junit', 'corpus/test-reporter/jest-junit.xml', 'jest-junit', { tests: 6, failures: 4 }],
    ['mocha-junit-reporter', 'dialects/mocha-junit-reporter.xml', 'mocha-junit-reporter', { tests: 3, failures: 1 }],
    ['pytest', 'corpus/test-reporter/python-xunit-pytest.xml', 'pytest', { tests: 10, failures: 2 }],
    [
      'Maven Surefire',
      'corpus/action-junit-report/tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.StringUtilsTest.xml',
      'maven-surefire',
      { tests: 5, failures: 2 },
    ],
    ['Gradle', 'dialects/gradle-TEST-com.acme.cart.CartServiceTest.xml', 'junit', { tests: 3, failures: 1 }],
    ['go-junit-report', 'corpus/action-junit-report/junit-server-test/report.xml', 'go-junit-report', { tests: 4, failures: 1 }],
    ['PHPUnit', 'corpus/test-reporter/phpunit/phpunit.xml', 'phpunit', { tests: 12, failures: 2 }],
    ['.NET JunitXml logger', 'dialects/dotnet-junitxml-logger.xml', 'junit', { tests: 3, failures: 1 }],
    ['cargo-nextest', 'corpus/action-junit-report/nextest/basic.xml', 'cargo-nextest', { tests: 3, failures: 1 }],
  ];
  for (const [label, file, dialect, counts] of cases)
    it(`${label}: counts, dialect and a located failure`, async () => {
      const r = await parseJUnitFile(fixture(file));
      expect(r).toMatchObject(counts);
      expect(r.dialect).toBe(dialect);
      // go-junit-report's sample reruns its only failure and passes: flaky, not failed.
      const first = r.failedTests[0] ?? r.flakyTests[0];
      expect(first?.message).toBeTruthy();
    });

  it('locates failures in the stacks of each language', async () => {
    expect((await parseJUnitFile(fixture('dialects/gradle-TEST-com.acme.cart.CartServiceTest.xml'))).failedTests[0]).toMatchObject({
      file: 'com/acme/cart/CartServiceTest.java',
      line: 42,
    });
    expect((await parseJUnitFile(fixture('dialects/dotnet-junitxml-logger.xml'))).failedTests[0]).toMatchObject({
      file: '/home/runner/work/orders/orders/tests/Acme.Orders.Tests/OrderTotalsTests.cs',
      line: 27,
    });
    expect((await parseJUnitFile(fixture('dialects/mocha-junit-reporter.xml'))).failedTests[0]).toMatchObject({
      file: 'test/cart.spec.js',
      line: 14,
    });
  });
});

describe('stack trimming', () => {
  it('drops runtime and framework frames and says how many', () => {
    const stack = [
      'AssertionError: expected 1 to be 2',
      '    at Object.<anonymous> (src/cart.test.ts:12:5)',
      '    at node:internal/process/task_queues:95:5',
      '    at file:///repo/node_modules/vitest/dist/runner.js:10:3',
    ].join('\n');
    expect(trimStack(stack)).toBe(
      'AssertionError: expected 1 to be 2\n    at Object.<anonymous> (src/cart.test.ts:12:5)\n… 2 more lines (runtime and framework frames)',
    );
    expect(locateInStack(stack)).toEqual({ file: 'src/cart.test.ts', line: 12, col: 5 });
  });

  it('finds Python, Rust and PHP locations', () => {
    expect(locateInStack('Traceback:\n  File "/usr/lib/python3/x.py", line 3\n  File "tests/test_calc.py", line 9, in test_add')).toEqual({
      file: 'tests/test_calc.py',
      line: 9,
      col: undefined,
    });
    expect(locateInStack("thread 'adds' panicked at src/lib.rs:10:5:\nassertion failed")).toMatchObject({ file: 'src/lib.rs', line: 10 });
    expect(locateInStack('/app/tests/CalcTest.php:42')).toMatchObject({ file: '/app/tests/CalcTest.php', line: 42 });
  });
});

describe('hostile content', () => {
  it('long one-line failure bodies cannot stall stack trimming or location', () => {
    const shapes = ['a.', ' x', 'a:1', '(a.', 'at a.b(', '\t'];
    const started = performance.now();
    for (const s of shapes) {
      const body = s.repeat(8000);
      trimStack(body);
      locateInStack(`${body}\n${body}.ts:1\n${body}.py:2`);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
