/**
 * The committed bundle, run as the runner runs it: one realistic log per category, one report per
 * JUnit dialect, hostile and broken reports, and the bad-input cases.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, startServer } from '@shipkit/testkit';

/** Every workspace this file creates lives here, removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'diagnose-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const here = import.meta.dirname;
const logs = join(here, 'fixtures', 'logs');
const junitFixtures = join(here, '..', '..', '..', 'packages', 'junit', 'test', 'fixtures');

/** A workspace holding copies of the fixtures, laid out as a checkout would be. */
function workspace(files: Record<string, string> = {}): string {
  const ws = mkdtempSync(join(scratch, 'diagnose-ws-'));
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(join(ws, to, '..'), { recursive: true });
    cpSync(from, join(ws, to));
  }
  return ws;
}

const diagnoseLog = (name: string, inputs: Record<string, string> = {}) => {
  const ws = workspace({ [`logs/${name}`]: join(logs, name) });
  return runBundle('diagnose', { cwd: ws, inputs: { logs: 'logs/*.log', ...inputs } });
};

describe('each category from a realistic log', () => {
  const cases: [string, string, string, { file?: string; line?: number; message?: RegExp }?][] = [
    ['eslint-stylish.log', 'lint', '1', { file: 'src/cart.ts', line: 3, message: /'sum' is defined but never used/ }],
    ['eslint-json.log', 'lint', '1', { file: 'src/server.js', line: 14, message: /'reqest' is not defined/ }],
    ['prettier.log', 'format', '1', { file: 'src/cart.ts' }],
    ['tsc.log', 'type', '1', { file: 'src/cart.ts', line: 12, message: /Type 'string' is not assignable/ }],
    ['ruff-mypy.log', 'type', '1', { file: 'app/views.py', line: 12, message: /Incompatible return value type/ }],
    ['vitest.log', 'test', '2', { file: 'src/cart.test.ts', line: 14 }],
    ['jest.log', 'test', '2', { file: 'src/cart.test.js' }],
    ['pytest.log', 'test', '2', { file: 'tests/test_cart.py' }],
    ['gotest.log', 'test', '2', { file: 'checkout_test.go', line: 41 }],
    ['flaky-playwright.log', 'flaky', '1'],
    ['npm-audit.log', 'security', '3'],
    ['secretlint.log', 'security', '3', { file: 'config/deploy.env', line: 2 }],
    ['eresolve.log', 'dependency', '2'],
    ['lockfile.log', 'dependency', '2'],
    ['vite-build.log', 'build', '2'],
    ['oom.log', 'infra', '3'],
    ['no-space.log', 'infra', '3'],
    ['shutdown.log', 'infra', '3'],
    ['network.log', 'infra', '3'],
    ['timeout.log', 'timeout', '3'],
    ['unknown.log', 'unknown', '3'],
  ];
  for (const [file, category, tier, annotation] of cases)
    it(`${file} → ${category}, tier ${tier}`, async () => {
      const run = await diagnoseLog(file);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs.category).toBe(category);
      expect(run.outputs.tier).toBe(tier);
      expect(run.outputs.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(run.outputs.summary).toContain(`**${category}**`);
      expect(run.outputs.summary).toMatch(/Next step: /);
      expect(run.summary).toContain(`Diagnosis: ${category}`);
      expect(run.report?.data.category).toBe(category);
      if (annotation?.file) {
        const a = run.errors.find(
          (e) => e.properties.file === annotation.file && (!annotation.line || e.properties.line === String(annotation.line)),
        );
        expect(a, JSON.stringify(run.errors)).toBeDefined();
        if (annotation.line) expect(a?.properties.line).toBe(String(annotation.line));
        if (annotation.message) expect(a?.message).toMatch(annotation.message);
      }
      expect(run.stderr).toBe('');
    });

  it("without reports, failed-tests comes from the runners' own failure lines", async () => {
    const expected: [string, string][] = [
      ['vitest.log', 'src/cart.test.ts › cart > applies the discount'],
      ['jest.log', 'cart › applies the discount'],
      ['pytest.log', 'tests/test_cart.py › test_applies_discount'],
      ['gotest.log', 'TestCheckoutTotals'],
    ];
    for (const [log, tests] of expected) expect((await diagnoseLog(log)).outputs['failed-tests']).toBe(tests);
  });

  it('the fingerprint is stable across re-runs and differs between failures', async () => {
    const a = await diagnoseLog('tsc.log');
    const b = await diagnoseLog('tsc.log', {});
    const c = await diagnoseLog('eslint-stylish.log');
    expect(a.outputs.fingerprint).toBe(b.outputs.fingerprint);
    expect(a.outputs.fingerprint).not.toBe(c.outputs.fingerprint);
  });

  it('a user rule is checked before the built-ins and can name the next step', async () => {
    const ws = workspace({ 'logs/oom.log': join(logs, 'oom.log') });
    writeFileSync(
      join(ws, 'diagnose-rules.yml'),
      "rules:\n  - pattern: 'heap out of memory'\n    category: build\n    next: Split the bundle.\n",
    );
    const run = await runBundle('diagnose', { cwd: ws, inputs: { logs: 'logs/*.log', rules: 'diagnose-rules.yml' } });
    expect(run.code).toBe(0);
    expect(run.outputs.category).toBe('build');
    expect(run.outputs.summary).toContain('Split the bundle.');
  });

  it('the riskiest category decides when several show up (lint + failing tests → test)', async () => {
    const ws = workspace({ 'logs/a.log': join(logs, 'eslint-stylish.log'), 'logs/b.log': join(logs, 'vitest.log') });
    const run = await runBundle('diagnose', { cwd: ws, inputs: { logs: 'logs/*.log' } });
    expect(run.outputs.category).toBe('test');
    expect(run.outputs.summary).toMatch(/Also seen: lint \(2\)/);
  });
});

describe('each JUnit dialect from a report', () => {
  const cases: [string, string, string, RegExp][] = [
    ['jest-junit', 'corpus/test-reporter/jest-junit.xml', 'test', /__tests__\/main\.test\.js|Test 1/],
    ['mocha-junit-reporter', 'dialects/mocha-junit-reporter.xml', 'test', /sums the prices/],
    ['pytest', 'corpus/test-reporter/python-xunit-pytest.xml', 'test', /test_/],
    [
      'Maven Surefire',
      'corpus/action-junit-report/tests/utils/target/surefire-reports/TEST-action.surefire.report.calc.StringUtilsTest.xml',
      'test',
      /StringUtilsTest/,
    ],
    ['Maven Failsafe (rerunFailure)', 'dialects/failsafe-rerun.xml', 'test', /PaymentIT › refundsPayment/],
    ['Gradle', 'dialects/gradle-TEST-com.acme.cart.CartServiceTest.xml', 'test', /CartServiceTest › appliesDiscount\(\)/],
    ['go-junit-report', 'corpus/action-junit-report/junit-server-test/report.xml', 'flaky', /^$/],
    ['gotestsum', 'dialects/gotestsum-rerun.xml', 'test', /TestCheckoutTotals/],
    ['PHPUnit', 'corpus/test-reporter/phpunit/phpunit.xml', 'test', /\w/],
    ['.NET JunitXml logger', 'dialects/dotnet-junitxml-logger.xml', 'test', /OrderTotalsTests › Total_rounds_half_up/],
    ['cargo-nextest', 'corpus/action-junit-report/nextest/basic.xml', 'test', /\w/],
    ['Surefire flakyFailure only', 'corpus/action-junit-report/maven_surefire_flaky/surefire-report.xml', 'flaky', /^$/],
    ['nested testsuites', 'corpus/action-junit-report/nested/junit.xml', 'test', /\w/],
  ];
  for (const [label, file, category, failed] of cases)
    it(`${label}`, async () => {
      const ws = workspace({ 'reports/report.xml': join(junitFixtures, file) });
      const run = await runBundle('diagnose', { cwd: ws, inputs: { junit: 'reports/**/*.xml' } });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.category).toBe(category);
      expect(run.outputs['failed-tests']).toMatch(failed);
      expect(run.report?.data.reports).toHaveLength(1);
      if (category === 'flaky') expect(run.outputs.tier).toBe('1');
    });

  it('failures and errors both count as failed; the report carries trimmed stacks', async () => {
    const ws = workspace({
      'r/TEST-Email.xml': join(
        junitFixtures,
        'corpus/action-junit-report/tests/email/target/surefire-reports/TEST-action.surefire.report.email.EmailAddressTest.xml',
      ),
    });
    const run = await runBundle('diagnose', { cwd: ws, inputs: { junit: 'r/*.xml' } });
    const data = run.report?.data;
    expect(data.totals).toMatchObject({ tests: 9, failures: 2, errors: 5 });
    expect(data.failedTests).toHaveLength(7);
    expect(data.failedTests.map((t: { outcome: string }) => t.outcome).sort()).toEqual([
      'error',
      'error',
      'error',
      'error',
      'error',
      'failure',
      'failure',
    ]);
    for (const t of data.failedTests) expect(t.stack.split('\n').length).toBeLessThanOrEqual(15);
  });
});

describe('broken and hostile reports are named in a warning, the rest is analysed', () => {
  it('entity declarations, truncated XML, an empty file and a non-JUnit document', async () => {
    const ws = workspace({
      'r/ok.xml': join(junitFixtures, 'dialects/gradle-TEST-com.acme.cart.CartServiceTest.xml'),
      'r/truncated.xml': join(junitFixtures, 'corpus/publish-unit-test-result-action/junit-xml/pytest/corrupt-xml.xml'),
      'r/empty.xml': join(junitFixtures, 'corpus/publish-unit-test-result-action/xml/empty.xml'),
      'r/non-junit.xml': join(junitFixtures, 'corpus/publish-unit-test-result-action/junit-xml/non-junit.xml'),
      'logs/tsc.log': join(logs, 'tsc.log'),
    });
    writeFileSync(
      join(ws, 'r/xxe.xml'),
      '<?xml version="1.0"?>\n<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<testsuite><testcase name="t"><failure>&xxe;</failure></testcase></testsuite>\n',
    );
    writeFileSync(
      join(ws, 'r/laughs.xml'),
      '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><testsuite name="&b;"/>',
    );
    // An external DTD is never fetched: the server that would serve it must see no request.
    const dtdServer = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml-dtd' });
      res.end('<!ENTITY x "y">');
    });
    writeFileSync(
      join(ws, 'r/dtd.xml'),
      `<?xml version="1.0"?>\n<!DOCTYPE testsuite SYSTEM "${dtdServer.url}/junit.dtd">\n<testsuite name="s"><testcase classname="c" name="passes"/></testsuite>\n`,
    );
    const run = await runBundle('diagnose', { cwd: ws, inputs: { junit: 'r/*.xml', logs: 'logs/*.log' } });
    await dtdServer.close();
    expect(dtdServer.requests).toHaveLength(0);
    expect(run.code).toBe(0);
    const warned = run.warnings.map((w) => w.message).join('\n');
    expect(warned).toMatch(/`r\/dtd\.xml` names an external DTD .*; it was not fetched or processed/);
    expect(run.report?.data.reports.map((r: { path: string }) => r.path).sort()).toEqual(['r/dtd.xml', 'r/ok.xml']);
    for (const name of ['truncated.xml', 'empty.xml', 'non-junit.xml', 'xxe.xml', 'laughs.xml']) expect(warned).toContain(`r/${name}`);
    expect(warned).toMatch(/entit/);
    expect(warned).not.toContain('root:');
    expect(run.report?.data.unreadable).toHaveLength(5);
    expect(run.outputs.category).toBe('test');
    expect(run.outputs['failed-tests']).toBe('com.acme.cart.CartServiceTest › appliesDiscount()');
    expect(run.report?.data.found.type).toBe(2);
  });
});

describe('bad input: one ::error:: naming the input and the fix, exit 1, no stack', () => {
  const bad: [string, Record<string, string>, RegExp, (ws: string) => void][] = [
    ['nothing to read', {}, /nothing to diagnose: pass `junit`/, () => {}],
    ['an unknown mode', { logs: 'x.log', mode: 'email' }, /input `mode`: must be one of `summary`, `comment`, `issue`, `auto`/, () => {}],
    ['max-cycles below 1', { logs: 'x.log', 'max-cycles': '0' }, /input `max-cycles`: must be at least 1/, () => {}],
    ['a run-id that is not a number', { 'run-id': 'latest' }, /input `run-id`: must be a whole number/, () => {}],
    ['an invalid redact pattern', { logs: 'x.log', redact: 'token-(' }, /`token-\(` is not a valid regular expression/, () => {}],
    ['llm-url without llm-model', { logs: 'x.log', 'llm-url': 'http://127.0.0.1:9' }, /`llm-model` is required with `llm-url`/, () => {}],
    [
      'an llm-url that is not a URL',
      { logs: 'x.log', 'llm-url': 'localhost:8080', 'llm-model': 'm' },
      /input `llm-url`: must be an http or https URL/,
      () => {},
    ],
    ['comment mode without a token', { logs: 'x.log', mode: 'comment' }, /needs the GitHub API: pass `github-token`/, () => {}],
    [
      'a missing rules file',
      { logs: 'x.log', rules: 'nope.yml' },
      /cannot read the rules file `nope.yml`: the file does not exist/,
      () => {},
    ],
    [
      'a rule with an unknown category',
      { logs: 'x.log', rules: 'r.yml' },
      /rule 1 in `r.yml` needs a `category`, one of lint, format/,
      (ws) => writeFileSync(join(ws, 'r.yml'), "- pattern: 'x'\n  category: oops\n"),
    ],
    [
      'a rule with a broken pattern',
      { logs: 'x.log', rules: 'r.yml' },
      /rule 1 in `r.yml`: `\(x` is not a valid regular expression/,
      (ws) => writeFileSync(join(ws, 'r.yml'), "- pattern: '(x'\n  category: infra\n"),
    ],
  ];
  for (const [label, inputs, message, prepare] of bad)
    it(label, async () => {
      const ws = workspace();
      prepare(ws);
      const run = await runBundle('diagnose', { cwd: ws, inputs });
      expect(run.code).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]?.message).toMatch(message);
      expect(run.stdout).not.toMatch(/\n\s+at /);
      expect(run.stderr).toBe('');
    });

  it('a glob that matches nothing is a warning, not an error (the step that writes it may not have run)', async () => {
    const ws = workspace({ 'logs/tsc.log': join(logs, 'tsc.log') });
    const run = await runBundle('diagnose', { cwd: ws, inputs: { junit: 'reports/*.xml', logs: 'logs/*.log' } });
    expect(run.code).toBe(0);
    expect(run.warnings.map((w) => w.message).join()).toMatch(/`junit`: no file matched `reports\/\*\.xml`/);
    expect(run.outputs.category).toBe('type');
  });
});
