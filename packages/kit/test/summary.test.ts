import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUMMARY_LIMIT_BYTES, Summary, cell, code } from '../src/summary';
import { redactor } from '../src/redact';
import { emptyFile } from './capture';

describe('cells', () => {
  it('escapes pipes, backslashes and every kind of line break; empty cells stay cells', () => {
    expect(cell('a|b')).toBe('a\\|b');
    expect(cell('C:\\path')).toBe('C:\\\\path');
    expect(cell('one\ntwo\r\nthree\rfour')).toBe('one<br>two<br>three<br>four');
    expect(cell(undefined)).toBe(' ');
    expect(cell(null)).toBe(' ');
    expect(cell('')).toBe(' ');
    expect(cell(0)).toBe('0');
    expect(cell(false)).toBe('false');
  });

  it('writes inline code that survives backticks', () => {
    expect(code('npm test')).toBe('`npm test`');
    expect(code('a `b` c')).toBe('`` a `b` c ``');
  });
});

describe('Summary', () => {
  it('renders headings, paragraphs, lists, tables, details and code blocks', () => {
    const s = new Summary()
      .heading('smoke: 2 of 3 passed')
      .paragraph('text')
      .list(['one', 'two'])
      .list([])
      .table(
        ['probe', 'status'],
        [
          ['health | db', 200],
          ['items', undefined],
        ],
      )
      .details('more', 'body')
      .codeBlock('x ``` y', 'text');
    expect(s.toString()).toBe(
      [
        '## smoke: 2 of 3 passed\n',
        'text\n',
        '- one\n- two\n',
        '| probe | status |\n| --- | --- |\n| health \\| db | 200 |\n| items |   |\n',
        '<details><summary>more</summary>\n\nbody\n\n</details>\n',
        '````text\nx ``` y\n````\n',
      ].join('\n'),
    );
  });

  it('cuts tables at maxRows and says how many rows were left out', () => {
    const rows = Array.from({ length: 7 }, (_, i) => [`r${i}`]);
    const text = new Summary().table(['name'], rows, { maxRows: 5 }).toString();
    expect(text).toContain('| r4 |');
    expect(text).not.toContain('| r5 |');
    expect(text).toContain('_…and 2 more rows (see the JSON report)._');
    expect(new Summary().table(['name'], rows.slice(0, 5), { maxRows: 5 }).toString()).not.toContain('more rows');
  });

  it('appends the redacted markdown to GITHUB_STEP_SUMMARY and returns it', () => {
    redactor.addSecret('summary-secret-1');
    const file = emptyFile('summary.md');
    writeFileSync(file, 'earlier step\n');
    const written = new Summary().table(['header'], [['value summary-secret-1']]).write({ GITHUB_STEP_SUMMARY: file });
    expect(written).toBe('| header |\n| --- |\n| value *** |\n');
    expect(readFileSync(file, 'utf8')).toBe(`earlier step\n${written}\n`);
  });

  it('stays under the 1 MiB step limit, cutting at a line and saying so', () => {
    const file = emptyFile('summary.md');
    const rows = Array.from({ length: 20_000 }, (_, i) => [`row ${i}`, 'é'.repeat(40)]);
    const s = new Summary().heading('big').table(['n', 'text'], rows, { maxRows: 20_000 });
    expect(Buffer.byteLength(s.toString())).toBeGreaterThan(1024 * 1024);
    const written = s.write({ GITHUB_STEP_SUMMARY: file });
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES + 200);
    expect(Buffer.byteLength(readFileSync(file))).toBeLessThan(1024 * 1024);
    expect(written).toMatch(/\| row \d+ \| (é){40} \|\n\n_Summary truncated at GitHub's size limit; the JSON report has everything._\n$/);
    expect(written).not.toContain('\uFFFD');
  });
});
