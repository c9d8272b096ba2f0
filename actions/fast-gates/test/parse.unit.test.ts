import { describe, expect, it } from 'vitest';
import {
  changedRegions,
  parseEslintJson,
  parseGenericLines,
  parseGithubAnnotations,
  parseMypyOutput,
  parsePrettierErrors,
  parsePrettierList,
  parseRuffFormat,
  parseRuffJson,
  parseSecretlintJson,
  parseTscOutput,
} from '../src/parse';

const toPath = (p: string): string => p.replace(/^\/repo\//, '');

describe('tool output parsers', () => {
  it('reads ESLint JSON: errors and warnings with 1-based positions, fatal parse errors', () => {
    const text = JSON.stringify([
      {
        filePath: '/repo/src/a.ts',
        messages: [
          { ruleId: 'no-debugger', severity: 2, message: 'Unexpected debugger statement.', line: 3, column: 1, endLine: 3, endColumn: 10 },
          { ruleId: 'prefer-const', severity: 1, message: 'Use const.', line: 5, column: 5 },
          { ruleId: null, fatal: true, severity: 2, message: 'Parsing error: Unexpected token', line: 9, column: 2 },
        ],
      },
      { filePath: '/repo/src/b.ts', messages: [] },
    ]);
    expect(parseEslintJson(text, toPath)).toEqual([
      {
        file: 'src/a.ts',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 10,
        rule: 'no-debugger',
        message: 'Unexpected debugger statement.',
        severity: 'error',
      },
      {
        file: 'src/a.ts',
        line: 5,
        column: 5,
        endLine: undefined,
        endColumn: undefined,
        rule: 'prefer-const',
        message: 'Use const.',
        severity: 'warning',
      },
      {
        file: 'src/a.ts',
        line: 9,
        column: 2,
        endLine: undefined,
        endColumn: undefined,
        rule: 'parse-error',
        message: 'Parsing error: Unexpected token',
        severity: 'error',
      },
    ]);
  });

  it('reads tsc --pretty false with continuation lines and global errors', () => {
    const text = [
      "src/x.ts(2,14): error TS2322: Type 'string' is not assignable to type 'number'.",
      "src/y.ts(10,3): error TS2345: Argument of type '{ a: 1; }' is not assignable to parameter of type 'B'.",
      "  Object literal may only specify known properties, and 'a' does not exist in type 'B'.",
      "error TS5023: Unknown compiler option 'strictest'.",
    ].join('\n');
    const findings = parseTscOutput(text, toPath);
    expect(findings.map((f) => [f.file, f.line, f.column, f.rule])).toEqual([
      ['src/x.ts', 2, 14, 'TS2322'],
      ['src/y.ts', 10, 3, 'TS2345'],
      [undefined, undefined, undefined, 'TS5023'],
    ]);
    expect(findings[1]?.message).toContain("\nObject literal may only specify known properties, and 'a' does not exist in type 'B'.");
  });

  it('reads Prettier --list-different and the changed regions of a formatted-vs-original diff', () => {
    expect(parsePrettierList('src/a.ts\nsrc/b b.ts\n\n[warn] Code style issues found\n')).toEqual(['src/a.ts', 'src/b b.ts']);
    const diff = ['diff --git a/x b/y', '@@ -2 +2 @@', '-a', '+b', '@@ -10,0 +11,3 @@', '@@ -20,2 +24,0 @@'].join('\n');
    expect(changedRegions(diff)).toEqual([
      { line: 2, endLine: 2 },
      { line: 11, endLine: 13 },
      { line: 24, endLine: 24 },
    ]);
  });

  it('reads the files Prettier cannot parse from its stderr', () => {
    const stderr = '[error] src/bad.ts: SyntaxError: Property assignment expected. (1:19)\n[error] > 1 | export const a = {;\n';
    expect(parsePrettierErrors(stderr)).toEqual([
      {
        file: 'src/bad.ts',
        line: 1,
        column: 19,
        rule: 'syntax-error',
        message: 'SyntaxError: Property assignment expected.',
        severity: 'error',
      },
    ]);
  });

  it('reads secretlint JSON without ever putting the secret in a message (0-based columns become 1-based)', () => {
    const secret = ['xoxb', '123456789012', '1234567890123', 'abcdefghijABCDEFGHIJklmn'].join('-');
    const source = `a\nslack ${secret}\n`;
    const text = JSON.stringify([
      {
        filePath: '/repo/conf.txt',
        sourceContent: source,
        messages: [
          {
            message: `found slack token: ${secret}`,
            range: [8, 8 + secret.length],
            ruleId: '@secretlint/secretlint-rule-slack',
            loc: { start: { line: 2, column: 6 }, end: { line: 2, column: 6 + secret.length } },
            severity: 'error',
            messageId: 'SLACK_TOKEN',
          },
        ],
      },
    ]);
    const [hit] = parseSecretlintJson(text, toPath);
    expect(hit?.secret).toBe(secret);
    expect(hit?.finding).toMatchObject({
      file: 'conf.txt',
      line: 2,
      column: 7,
      rule: '@secretlint/secretlint-rule-slack',
      severity: 'error',
    });
    expect(hit?.finding.message).toBe('possible secret (slack token); remove it, rotate it, and load it from a secret store instead');
    expect(JSON.stringify(hit?.finding)).not.toContain(secret);
  });

  it('reads ruff check JSON and ruff format --check', () => {
    const json = JSON.stringify([
      {
        code: 'F401',
        message: '`os` imported but unused',
        filename: '/repo/app/main.py',
        location: { row: 1, column: 8 },
        end_location: { row: 1, column: 10 },
      },
      {
        code: null,
        message: 'SyntaxError: Expected an expression',
        filename: '/repo/app/bad.py',
        location: { row: 4, column: 1 },
        end_location: { row: 4, column: 2 },
      },
    ]);
    expect(parseRuffJson(json, toPath).map((f) => [f.file, f.line, f.column, f.rule])).toEqual([
      ['app/main.py', 1, 8, 'F401'],
      ['app/bad.py', 4, 1, 'syntax-error'],
    ]);
    expect(
      parseRuffFormat('Would reformat: app/main.py\nWould reformat: app/x.py\n2 files would be reformatted\n', toPath).map((f) => f.file),
    ).toEqual(['app/main.py', 'app/x.py']);
  });

  it('reads mypy lines with and without columns and codes', () => {
    const text = [
      'app/main.py:3:5: error: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]',
      'app/main.py:9: note: See https://mypy.rtfd.io',
      'Found 1 error in 1 file (checked 2 source files)',
    ].join('\n');
    expect(parseMypyOutput(text, toPath)).toEqual([
      {
        file: 'app/main.py',
        line: 3,
        column: 5,
        rule: 'assignment',
        message: 'Incompatible types in assignment (expression has type "str", variable has type "int")',
        severity: 'error',
      },
      { file: 'app/main.py', line: 9, column: undefined, rule: undefined, message: 'See https://mypy.rtfd.io', severity: 'note' },
    ]);
  });

  it('reads GitHub workflow-command annotations (Biome --reporter=github)', () => {
    const text =
      '::error title=lint/suspicious/noDebugger,file=src/a.ts,line=3,endLine=3,col=1,endColumn=9::This is an unexpected use of the debugger statement.\nChecked 2 files';
    expect(parseGithubAnnotations(text, toPath)).toEqual([
      {
        file: 'src/a.ts',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 9,
        rule: 'lint/suspicious/noDebugger',
        message: 'This is an unexpected use of the debugger statement.',
        severity: 'error',
      },
    ]);
  });

  it('reads file:line:col lines of custom gates only when the file exists', () => {
    const exists = (p: string): boolean => p === 'src/a.ts';
    const text = 'src/a.ts:3:7: error: bad thing\nsrc/a.ts(4,2): warning: meh\nnope.ts:1:1: error: ghost\nhttp://x:80: something\n';
    expect(parseGenericLines(text, toPath, exists)).toEqual([
      { file: 'src/a.ts', line: 3, column: 7, message: 'bad thing', severity: 'error' },
      { file: 'src/a.ts', line: 4, column: 2, message: 'meh', severity: 'warning' },
    ]);
  });
});
