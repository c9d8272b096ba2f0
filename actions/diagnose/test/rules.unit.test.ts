/** One real-looking line per built-in rule: which rule and category it lands on. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../src/rules';
import { scanLogText } from '../src/scan';

const samples: [string, string, string][] = [
  // [line, rule id, category]
  ['WRN leaks found: 2', 'gitleaks', 'security'],
  ['Potential secrets detected in config/app.yml', 'secret-detected', 'security'],
  ['[@secretlint/secretlint-rule-github] found GitHub token', 'secretlint', 'security'],
  ['Found verified result 🐷🔑', 'trufflehog', 'security'],
  ['found 3 vulnerabilities (1 moderate, 2 high)', 'npm-audit', 'security'],
  ['Found 2 known vulnerabilities in 1 package', 'pip-audit', 'security'],
  ['##[error]The action Run tests has timed out after 10 minutes.', 'step-timeout', 'timeout'],
  ['The self-hosted runner: build-7 lost communication with the server. Verify the machine is running.', 'runner-lost', 'infra'],
  ['java.lang.OutOfMemoryError: Java heap space', 'out-of-memory', 'infra'],
  ['##[error]Process completed with exit code 137.', 'out-of-memory', 'infra'],
  ['fatal: unable to access: Could not resolve host: github.com', 'network-reset', 'infra'],
  ['npm ERR! code E404', 'npm-registry', 'dependency'],
  ['npm error code ETARGET', 'npm-registry', 'dependency'],
  ['npm error notarget No matching version found for left-pad@^9.0.0.', 'npm-notarget', 'dependency'],
  [
    ' ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile" because pnpm-lock.yaml is not up to date',
    'pnpm-lockfile',
    'dependency',
  ],
  ['➤ YN0028: │ The lockfile would have been modified by this install, which is explicitly forbidden.', 'yarn-lockfile', 'dependency'],
  ['error Your lockfile needs to be updated, but yarn was run with `--frozen-lockfile`.', 'yarn-frozen', 'dependency'],
  ['ERROR: Could not find a version that satisfies the requirement requests==99.0', 'pip-resolve', 'dependency'],
  ['verifying module: missing go.sum entry for module providing package github.com/x/y', 'go-mod', 'dependency'],
  ['error: failed to select a version for the requirement `serde = "^9"`', 'cargo-resolve', 'dependency'],
  ['app/models.py:30: error: Item has no attribute "price"  [attr-defined]', 'mypy', 'type'],
  ['  /repo/app/views.py:12:5 - error: "x" is not defined (reportUndefinedVariable)', 'pyright', 'type'],
  ['src/a.ts format ━━━━━━━━━━━━━━━━━━━━', 'biome-format', 'format'],
  ['  × File content differs from formatting output', 'biome-format-message', 'format'],
  ['Go code is not formatted: cmd/main.go', 'gofmt', 'format'],
  ["src/a.ts:3:9 - error TS2304: Cannot find name 'x'.", 'tsc-pretty', 'type'],
  ['Would reformat: app/views.py', 'ruff-format', 'format'],
  ['would reformat app/models.py', 'black', 'format'],
  ['app/models.py:3:8: F401 [*] `os` imported but unused', 'ruff', 'lint'],
  ['src/a.ts:3:7 lint/style/useConst ━━━━━━━━━━', 'biome-lint', 'lint'],
  ['pkg/x.go:10:2: ineffectual assignment to err (ineffassign)', 'golangci-lint', 'lint'],
  ['/repo/src/a.js: line 3, col 9, Error - Missing semicolon. (semi)', 'eslint-compact', 'lint'],
  ['test tests::adds ... FAILED', 'cargo-test-fail', 'test'],
  ['  2 failing', 'mocha-failing', 'test'],
  ['tests/test_x.py::test_flaky RERUN', 'pytest-rerun', 'flaky'],
  ['error[E0308]: mismatched types', 'rustc', 'build'],
  ['   --> src/lib.rs:10:5', 'rustc-location', 'build'],
  ['[ERROR] COMPILATION ERROR : ', 'maven-compile', 'build'],
  ['error: could not compile `shop` (lib) due to 1 previous error', 'cargo-build', 'build'],
  ['cmd/main.go:12:3: undefined: Serve', 'go-build', 'build'],
  ["Module not found: Error: Can't resolve './missing' in '/repo/src'", 'webpack-resolve', 'build'],
  ['[ERROR] /repo/src/main/java/App.java:[12,5] cannot find symbol', 'javac', 'build'],
  ['src/main.c:4:10: fatal error: missing.h: No such file or directory', 'gcc', 'build'],
  ['ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1', 'docker-build', 'build'],
];

describe('built-in rules', () => {
  for (const [line, rule, category] of samples)
    it(`${rule}: ${line.slice(0, 70)}`, () => {
      const found = scanLogText(line, 'log', BUILTIN_RULES, '/repo').evidence;
      expect(found.map((e) => [e.rule, e.category])).toEqual([[rule, category]]);
    });

  it('a line naming the secretlint preset as a package to install is no finding (fast-gates says so when the secrets gate cannot run)', () => {
    const line =
      'ℹ fast-gates: `secrets` not run: add `secretlint` and `@secretlint/secretlint-rule-preset-recommend` to the dev dependencies';
    expect(scanLogText(line, 'log', BUILTIN_RULES, '/repo').evidence).toEqual([]);
    expect(scanLogText('secretlint-rule-aws: found AWS Access Key ID', 'log', BUILTIN_RULES, '/repo').evidence.map((e) => e.rule)).toEqual([
      'secretlint',
    ]);
  });

  it('every built-in rule that produces evidence has a sample here or in the e2e logs (fixtures/logs)', () => {
    const covered = new Set(samples.map((s) => s[1]));
    const inE2e = [
      'secretlint-stylish',
      'npm-audit-advisory',
      'job-time-limit',
      'runner-shutdown',
      'no-space',
      'npm-eresolve',
      'npm-lockfile',
      'tsc',
      'prettier-file',
      'prettier-summary',
      'npm-audit',
      'eslint-stylish',
      'vitest-fail',
      'vitest-location',
      'jest-fail',
      'jest-file',
      'pytest-fail',
      'go-test-fail',
      'go-test-location',
      'playwright-flaky',
    ];
    const missing = BUILTIN_RULES.filter((r) => !r.setsFile && !covered.has(r.id) && !inE2e.includes(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
  });
});
