import { describe, expect, it } from 'vitest';
import { builtinRules, Classifier, parseRules } from '../src/rules';
import { DEFAULT_LEVELS, levelFor, parseLevels } from '../src/trust';
import { isWidening, normaliseType } from '../src/migrations';

describe('built-in classes', () => {
  const c = new Classifier(builtinRules(['**/migrations/**/*.sql']));
  it.each([
    ['README.md', 'low', 'documentation'],
    ['packages/web/src/__tests__/cart.test.tsx', 'low', 'tests'],
    ['.editorconfig', 'low', 'formatting and tooling configuration'],
    ['src/cart/total.ts', 'medium', 'feature code (no other rule matched)'],
    ['src/auth/login.ts', 'high', 'authentication and authorization'],
    ['services/billing/invoice.py', 'high', 'payments and billing'],
    ['.github/workflows/ci.yml', 'high', 'CI configuration'],
    ['infra/main.tf', 'high', 'infrastructure'],
    ['db/migrations/001.sql', 'medium', 'schema migration (SQL, checked statement by statement)'],
    ['app/migrations/0002_auto.py', 'high', 'database migration (not SQL: not checked)'],
    ['src/author.ts', 'medium', 'feature code (no other rule matched)'],
  ])('%s is %s (%s)', (path, cls, rule) => expect(c.classify({ path })).toMatchObject({ class: cls, rule }));
  it('a test of auth code is still high: the first matching rule wins, high ones come first', () => {
    expect(c.classify({ path: 'src/auth/login.test.ts' }).class).toBe('high');
  });
});

describe('user rules', () => {
  it('come first and content rules raise a file at the first matching added line', () => {
    const rules = parseRules([
      { paths: 'src/auth/**', class: 'low', name: 'vendored auth docs' },
      { content: 'TODO\\(security\\)', class: 'high' },
    ]);
    const c = new Classifier([...rules, ...builtinRules([])]);
    expect(c.classify({ path: 'src/auth/x.ts' })).toMatchObject({ class: 'low', rule: 'vendored auth docs', origin: 'user' });
    const lines = () => [
      { line: 4, text: 'ok' },
      { line: 9, text: '// TODO(security): check' },
    ];
    expect(c.classify({ path: 'src/a.ts', addedLines: lines })).toMatchObject({ class: 'high', rule: '/TODO\\(security\\)/', line: 9 });
  });
});

describe('levels', () => {
  const rec = (merged: number, rolledBack: number, days: number) => ({
    agent: 'a',
    merged,
    rolledBack,
    rolledBackPrs: [],
    firstMergedAt: new Date(Date.now() - days * 86_400_000).toISOString(),
  });
  it.each([
    [rec(19, 0, 400), 'L0'],
    [rec(20, 0, 1), 'L1'],
    [rec(99, 1, 100), 'L0'],
    [rec(100, 1, 10), 'L2'],
    [rec(100, 2, 10), 'L0'], // 2 % is not below 2 %, and it has a rollback (L1 allows none)
    [rec(500, 4, 100), 'L3'],
    [rec(500, 4, 80), 'L2'], // not yet 3 months
    [rec(500, 5, 100), 'L2'], // 1 % is not below 1 %
  ])('%o is %s', (r, name) => expect(levelFor(r, DEFAULT_LEVELS).level?.name).toBe(name));
  it('a custom table parses with percentages', () => {
    expect(parseLevels([{ level: 'trusted', 'min-merged': 5, 'rollback-rate-below': '10%', allows: ['low', 'medium'] }])).toEqual([
      { name: 'trusted', minMerged: 5, maxRollbacks: undefined, rollbackRateBelow: 10, minAgeMonths: 0, allows: ['low', 'medium'] },
    ]);
  });
});

describe('column types', () => {
  it.each([
    ['varchar(50)', 'varchar(100)', true],
    ['character varying(100)', 'varchar(50)', false],
    ['varchar(50)', 'text', true],
    ['text', 'varchar(50)', false],
    ['integer', 'bigint', true],
    ['bigint', 'int', false],
    ['numeric(10,2)', 'numeric(12,2)', true],
    ['numeric(10,2)', 'numeric(10,3)', false],
    ['real', 'double precision', true],
    ['timestamp', 'timestamptz', false],
  ])('%s → %s widens: %s', (from, to, widens) => expect(isWidening(from, to)).toBe(widens));
  it('normalises aliases', () => expect(normaliseType('Character Varying ( 20 )')).toBe('varchar(20)'));
});
