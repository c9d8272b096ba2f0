// Line numbers far apart or absurd: memory and time follow the report's size, and a line number
// past MAX_LINE is an error naming the report, its line and the source file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoverageReportError, FileCoverage, MAX_LINE, readCoverageReport } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'coverage-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('absurd line numbers', () => {
  it('the 46-byte LCOV with `DA:4294967295,1` is an error naming the report line and the file', async () => {
    const path = write('hostile.info', 'TN:\nSF:src/a.js\nDA:4294967295,1\nend_of_record\n');
    await expect(readCoverageReport(path, 'hostile.info')).rejects.toThrow(
      new CoverageReportError(
        'hostile.info:3: line 4294967295 of `src/a.js` is beyond 10,000,000, more lines than any source file has; the report is corrupted or was not written by a coverage tool',
        'hostile.info',
      ),
    );
    await expect(readCoverageReport(write('brda.info', 'SF:src/a.js\nBRDA:99999999,0,0,1\nend_of_record\n'), 'brda.info')).rejects.toThrow(
      /^brda\.info:2: line 99999999 of `src\/a\.js` is beyond/,
    );
  });

  it('in Cobertura, JaCoCo and istanbul JSON too', async () => {
    const cobertura = write(
      'cobertura.xml',
      `<?xml version="1.0"?><coverage><packages><package><classes><class filename="src/a.js"><lines><line number="${MAX_LINE + 1}" hits="1"/></lines></class></classes></package></packages></coverage>`,
    );
    await expect(readCoverageReport(cobertura, 'cobertura.xml')).rejects.toThrow(/^cobertura\.xml: line 10000001 of `src\/a\.js` is beyond/);
    const jacoco = write('jacoco.xml', '<report name="x"><package name="p"><sourcefile name="A.java"><line nr="4294967295" mi="1" ci="0"/></sourcefile></package></report>');
    await expect(readCoverageReport(jacoco, 'jacoco.xml')).rejects.toThrow(/^jacoco\.xml: line 4294967295 of `p\/A\.java`/);
    const istanbul = write(
      'coverage-final.json',
      JSON.stringify({ '/src/a.js': { path: '/src/a.js', statementMap: { 0: { start: { line: 4294967295 } } }, s: { 0: 1 }, branchMap: {}, b: {} } }),
    );
    await expect(readCoverageReport(istanbul, 'coverage-final.json')).rejects.toThrow(/^coverage-final\.json: line 4294967295 of `\/src\/a\.js`/);
  });

  it('lines far apart are kept one by one and read back in order; a file filling in becomes dense again', () => {
    const f = new FileCoverage('big.js');
    f.addLine(MAX_LINE, 1);
    f.addLine(5, 0);
    f.addLine(9_000_000, 0);
    f.addLine(9_000_000, 2);
    expect([...f.lines()]).toEqual([
      [5, false],
      [9_000_000, true],
      [MAX_LINE, true],
    ]);
    expect(f.lineTotals()).toEqual({ covered: 2, total: 3 });
    expect(f.lineCovered(9_000_000)).toBe(true);
    expect(f.lineCovered(6)).toBeUndefined();
    const g = new FileCoverage('filling.js');
    g.addLine(3000, 1);
    for (let n = 1; n < 3000; n++) g.addLine(n, n % 2);
    expect(g.lineTotals()).toEqual({ covered: 1501, total: 3000 });
    expect([...g.lines()].slice(0, 2)).toEqual([
      [1, true],
      [2, false],
    ]);
    const merged = new FileCoverage('big.js');
    merged.mergeFrom(f);
    merged.mergeFrom(g);
    expect(merged.lineTotals()).toEqual({ covered: 1503, total: 3002 });
  });
});

describe('a broken istanbul report', () => {
  it('is named with where it breaks, never quoting its text (a report may hold anything, secrets too)', async () => {
    const path = write('coverage-final.json', '{"src/a.js": {"path": "src/a.js", "s": {"0": 1}}, "token": ghp_0123456789abcdefSECRET}');
    const error = await readCoverageReport(path, 'coverage-final.json').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CoverageReportError);
    expect((error as Error).message).toMatch(/^coverage-final\.json is not valid JSON: /);
    expect((error as Error).message).not.toContain('ghp_');
    expect((error as Error).message).not.toContain('SECRET');
  });
});
