import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES, CATEGORIES, compilePattern } from '../src/rules';
import { classify, fingerprint, normalizeMessage, signatures, testKey, TIER, PRECEDENCE, NEXT_STEP } from '../src/classify';
import { scanLogText, cleanLine, relativePath, type Evidence } from '../src/scan';
import { readState, earlierRuns, MARKER } from '../src/publish';
import { markedBody } from '@shipkit/kit/github';

const scan = (text: string): Evidence[] => scanLogText(text, 'log', BUILTIN_RULES, '/home/runner/work/shop/shop').evidence;

describe('the rule table', () => {
  it('every category has a tier, a place in the precedence and a next step', () => {
    for (const c of CATEGORIES) {
      expect(TIER[c]).toBeGreaterThanOrEqual(1);
      expect(PRECEDENCE).toContain(c);
      expect(NEXT_STEP[c]).toMatch(/\w/);
    }
  });

  it('rule ids are unique', () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('tsc: file, line, column, code and message', () => {
    expect(scan("src/a.ts(3,9): error TS2304: Cannot find name 'x'.")[0]).toMatchObject({
      category: 'type',
      file: 'src/a.ts',
      line: 3,
      col: 9,
      code: 'TS2304',
      message: "Cannot find name 'x'.",
    });
    expect(scan("src/a.ts:3:9 - error TS2304: Cannot find name 'x'.")[0]).toMatchObject({ file: 'src/a.ts', line: 3, code: 'TS2304' });
  });

  it('ESLint stylish takes the file from the header line and skips warnings', () => {
    const ev = scan('/home/runner/work/shop/shop/src/a.js\n  1:1  warning  w  no-console\n  2:5  error  Missing semicolon  semi\n');
    expect(ev).toEqual([
      expect.objectContaining({ category: 'lint', file: 'src/a.js', line: 2, col: 5, code: 'semi', message: 'Missing semicolon' }),
    ]);
  });

  it('an indented `1:2 error` line without a stylish header is not lint', () => {
    expect(scan('  1:2  error  something  rule')).toEqual([]);
  });

  it('npm warnings about peer dependencies are not dependency errors', () => {
    expect(scan('npm warn ERESOLVE overriding peer dependency')).toEqual([]);
    expect(scan('npm ERR! code ERESOLVE')[0]?.category).toBe('dependency');
  });

  it('keeps context lines before and after a finding', () => {
    const ev = scan('a\nb\nc\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\nd\ne\nf\ng');
    expect(ev[0]?.context).toEqual([
      'b',
      'c',
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      'd',
      'e',
      'f',
    ]);
    expect(ev[0]?.logLine).toBe(4);
  });

  it('strips runner timestamps and colours, and makes runner paths relative', () => {
    expect(cleanLine('2026-01-01T00:00:00.1234567Z \u001b[31mred\u001b[39m')).toBe('red');
    expect(relativePath('/home/runner/work/shop/shop/src/a.ts', '/elsewhere')).toBe('src/a.ts');
    expect(relativePath('/ws/src/a.ts', '/ws')).toBe('src/a.ts');
  });

  it('long hostile lines (minified code, blobs, repeated delimiters) cannot stall the scan', () => {
    const shapes = ['a', 'a/', 'a.', ' ', 'a b ', '1:2 ', 'x(', 'a.b', '\t', 'a:', '-', 'x (', '\\a'];
    const text = shapes.flatMap((s) => [s.repeat(5000), `${s.repeat(3000)}.ts`]).join('\n');
    const started = performance.now();
    scan(text.repeat(5));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('user patterns accept /source/flags', () => {
    expect(compilePattern('/ora-\\d+/i').test('ORA-00942')).toBe(true);
    expect(compilePattern('ORA-\\d+').flags).toBe('');
  });
});

describe('classification', () => {
  const ev = (category: Evidence['category'], extra: Partial<Evidence> = {}): Evidence => ({
    category,
    rule: `${category}-rule`,
    tool: 't',
    source: 'log',
    message: 'm',
    context: [],
    ...extra,
  });
  const failed = { classname: 'c', name: 'n', suites: [], outcome: 'failure' as const, message: 'm', type: '', stack: '', attempts: 1 };
  const flaky = { classname: 'c', name: 'f', failedAttempts: 1, message: 'm', evidence: 'rerun' as const };

  it('the riskiest category decides, then precedence within the tier', () => {
    expect(classify([ev('lint'), ev('format')], [failed], [], { reportsRead: true }).category).toBe('test');
    expect(classify([ev('build')], [failed], [], { reportsRead: true }).category).toBe('build');
    expect(classify([ev('infra'), ev('security')], [], [], { reportsRead: false }).category).toBe('security');
    expect(classify([ev('type'), ev('lint')], [], [], { reportsRead: false })).toMatchObject({ category: 'type', tier: 1 });
    expect(classify([], [], [], { reportsRead: false })).toMatchObject({ category: 'unknown', tier: 3 });
  });

  it('only flaky failures in the reports → flaky, even when the runner printed the failed attempt', () => {
    expect(classify([ev('test')], [], [flaky], { reportsRead: true })).toMatchObject({ category: 'flaky', tier: 1 });
    expect(classify([], [failed], [flaky], { reportsRead: true }).category).toBe('test');
  });

  it('the fingerprint ignores line numbers, timings and run ids', () => {
    const a = signatures('type', [ev('type', { file: 'a.ts', line: 3, code: 'TS1' })], [], []);
    const b = signatures('type', [ev('type', { file: 'a.ts', line: 9, code: 'TS1' })], [], []);
    expect(fingerprint('type', a)).toBe(fingerprint('type', b));
    expect(normalizeMessage('timed out after 5023 ms in run 8812345 at 0x7ffd1234')).toBe('timed out after # ms in run # at #');
    expect(fingerprint('type', a)).not.toBe(fingerprint('lint', a));
  });
});

describe('a failing test has one identity, whichever source names it', () => {
  it.each([
    [
      'jest-junit defaults vs jest',
      { classname: 'cart applies the discount', name: 'cart applies the discount' },
      { classname: '', name: 'cart › applies the discount' },
    ],
    [
      'jest-junit custom templates vs jest',
      { classname: 'cart', name: 'applies the discount' },
      { classname: '', name: 'cart › applies the discount' },
    ],
    [
      'vitest report vs vitest log',
      { classname: 'src/cart.test.ts', name: 'cart > applies the discount' },
      { classname: 'src/cart.test.ts', name: 'cart > applies the discount' },
    ],
    [
      'vitest report at the root vs log',
      { classname: 'cart.test.ts', name: 'cart > total' },
      { classname: 'cart.test.ts', name: 'cart > total' },
    ],
    [
      'pytest report vs pytest log',
      { classname: 'tests.test_cart', name: 'test_total[2-3]' },
      { classname: 'tests/test_cart.py', name: 'test_total[2-3]' },
    ],
    [
      'go-junit-report vs go test',
      { classname: 'github.com/acme/shop/cart', name: 'TestTotal/with_discount' },
      { classname: '', name: 'TestTotal/with_discount' },
    ],
  ])('%s', (_case, report, log) => {
    expect(testKey(report)).toBe(testKey(log));
    expect(testKey(report)).not.toBe('');
  });

  it('different tests stay different', () => {
    expect(testKey({ classname: '', name: 'cart › applies the discount' })).not.toBe(
      testKey({ classname: '', name: 'cart › applies the tax' }),
    );
  });

  it('with failing tests known, the test signature is the tests alone (not the runner lines around them)', () => {
    const tests = [{ classname: '', name: 'cart › total' }];
    const line: Evidence = {
      category: 'test',
      rule: 'jest-file',
      tool: 'jest',
      source: 'log',
      file: 'src/cart.test.js',
      message: 'FAIL',
      context: [],
    };
    const withLines = signatures('test', [line], tests, []);
    expect(withLines).toEqual(signatures('test', [], tests, []));
  });
});

describe('cycle state', () => {
  it('counts distinct earlier runs of the same fingerprint, not the current one', () => {
    const body = markedBody(MARKER, 'x', { fingerprint: 'abc', runs: ['1/1', '2/1'] });
    expect(earlierRuns(readState(body), 'abc', '2/1')).toEqual(['1/1']);
    expect(earlierRuns(readState(body), 'abc', '3/1')).toEqual(['1/1', '2/1']);
    expect(earlierRuns(readState(body), 'other', '3/1')).toEqual([]);
    expect(readState('<!-- shipkit-diagnose -->\n<!-- shipkit-diagnose:state {broken -->')).toBeUndefined();
    // A state line in a body that does not start with the marker (not written by the kit) is no state.
    expect(readState('x\n<!-- shipkit-diagnose:state {"fingerprint":"abc","runs":["1/1"]} -->\n')).toBeUndefined();
    // Nor is a state line that is not the last line.
    expect(
      readState('<!-- shipkit-diagnose -->\n<!-- shipkit-diagnose:state {"fingerprint":"abc","runs":["1/1"]} -->\nmore'),
    ).toBeUndefined();
  });
});
