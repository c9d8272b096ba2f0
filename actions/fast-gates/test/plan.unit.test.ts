import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@shipkit/kit';
import { biomeDisabled, readJsonc, readProject, usesPackage } from '../src/detect';
import { parseGateRequests, planGates } from '../src/plan';
import { tsProjects } from '../src/tools';
import { chunkArgs, display, fileArgs } from '../src/tools/run-tool';
import { ruffArgs } from '../src/tools/ruff';

const created: string[] = [];
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fast-gates-plan-'));
  created.push(dir);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const bin = (dir: string, ...names: string[]): string => {
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  for (const n of names) writeFileSync(join(dir, 'node_modules/.bin', n), '#!/bin/sh\n', { mode: 0o755 });
  return dir;
};

describe('the gates input', () => {
  it('accepts auto, names, name: command strings and maps', () => {
    expect(parseGateRequests('auto')).toEqual([{ kind: 'auto' }]);
    expect(parseGateRequests(['format', 'lint', 'test: npm test', { e2e: 'npm run e2e' }])).toEqual([
      { kind: 'builtin', name: 'format' },
      { kind: 'builtin', name: 'lint' },
      { kind: 'custom', name: 'test', command: 'npm test' },
      { kind: 'custom', name: 'e2e', command: 'npm run e2e' },
    ]);
    expect(parseGateRequests('format, types')).toEqual([
      { kind: 'builtin', name: 'format' },
      { kind: 'builtin', name: 'types' },
    ]);
    expect(parseGateRequests({ docs: 'make docs' })).toEqual([{ kind: 'custom', name: 'docs', command: 'make docs' }]);
  });

  it('rejects duplicates, empty lists, bad names and gates without commands', () => {
    for (const bad of [['lint', 'lint'], [], ['bad name!'], [{ x: '' }], [42], null])
      expect(() => parseGateRequests(bad)).toThrow(ConfigurationError);
  });
});

describe('auto detection', () => {
  it('finds tools from dependencies, config files and lockfiles', () => {
    const dir = bin(
      project({
        'package.json': JSON.stringify({ devDependencies: { eslint: '^10' } }),
        '.prettierrc': '{}',
        'tsconfig.json': '{ // comment\n "include": ["src"], }',
        'package-lock.json': JSON.stringify({
          packages: { 'node_modules/secretlint': {}, 'node_modules/@secretlint/secretlint-rule-preset-recommend': {} },
        }),
      }),
      'eslint',
      'prettier',
      'tsc',
      'secretlint',
    );
    mkdirSync(join(dir, 'node_modules/@secretlint/secretlint-rule-preset-recommend'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/@secretlint/secretlint-rule-preset-recommend/package.json'), '{}');
    const p = readProject(dir, dir);
    expect(usesPackage(p, 'secretlint')).toBe(true);
    expect(usesPackage(p, 'biome')).toBe(false);
    const plan = planGates([{ kind: 'auto' }], p, { PATH: '' });
    expect(plan.gates.map((g) => [g.name, g.tool])).toEqual([
      ['format', 'Prettier'],
      ['lint', 'ESLint'],
      ['types', 'TypeScript'],
      ['secrets', 'secretlint'],
    ]);
  });

  it('chooses Biome when the project uses it, and lets an explicit custom gate replace an auto one', () => {
    const dir = bin(project({ 'biome.json': '{}', 'package.json': '{}' }), 'biome');
    const plan = planGates([{ kind: 'auto' }, { kind: 'custom', name: 'lint', command: 'npm run lint' }], readProject(dir, dir), {
      PATH: '',
    });
    expect(plan.gates.map((g) => [g.name, g.tool])).toEqual([
      ['format', 'Biome'],
      ['lint', 'custom'],
    ]);
    expect(plan.notes[0]).toContain('`secrets` not run');
  });

  it('detects Python gates from pyproject.toml and a virtualenv', () => {
    const dir = project({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n\n[tool.mypy]\nstrict = true\n' });
    mkdirSync(join(dir, '.venv/bin'), { recursive: true });
    for (const n of ['ruff', 'mypy']) writeFileSync(join(dir, '.venv/bin', n), '#!/bin/sh\n', { mode: 0o755 });
    const plan = planGates([{ kind: 'auto' }], readProject(dir, dir), { PATH: '' });
    expect(plan.gates.map((g) => g.name)).toEqual(['ruff-format', 'ruff', 'mypy']);
  });

  it('says when auto finds nothing', () => {
    const dir = project({ 'README.md': '# hi' });
    expect(() => planGates([{ kind: 'auto' }], readProject(dir, dir), { PATH: '' })).toThrow(/`auto` found nothing to check/);
  });

  it('finds TypeScript projects: the root config and its references, or sub-projects without fixtures', () => {
    const root = project({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./packages/a" }] }',
      'packages/a/tsconfig.json': '{}',
    });
    expect(tsProjects(root).map((p) => p.slice(root.length))).toEqual(['/tsconfig.json', '/packages/a/tsconfig.json']);
    const mono = project({ 'packages/a/tsconfig.json': '{}', 'packages/b/tsconfig.json': '{}', 'test/fixtures/x/tsconfig.json': '{}' });
    expect(
      tsProjects(mono)
        .map((p) => p.slice(mono.length))
        .sort(),
    ).toEqual(['/packages/a/tsconfig.json', '/packages/b/tsconfig.json']);
  });

  it('reads tsconfig and Biome config as JSONC: comments and trailing commas, never inside strings', () => {
    const dir = project({
      'tsconfig.json': '{ "a": "//not a comment", /* c */ "b": [1,], "c": "x,}", "d": "x,]" }',
      'broken.json': '{ "a": ',
    });
    expect(readJsonc(join(dir, 'tsconfig.json'))).toEqual({ a: '//not a comment', b: [1], c: 'x,}', d: 'x,]' });
    expect(readJsonc(join(dir, 'broken.json'))).toBeUndefined();
    expect(readJsonc(join(dir, 'missing.json'))).toBeUndefined();
    // A reference path with `,}` in it is followed as written.
    const refs = project({ 'tsconfig.json': '{ "files": [], "references": [{ "path": "./pkg,}" },], }', 'pkg,}/tsconfig.json': '{}' });
    expect(tsProjects(refs).map((p) => p.slice(refs.length))).toEqual(['/tsconfig.json', '/pkg,}/tsconfig.json']);
  });

  it('leaves Biome out of a gate its config turns off', () => {
    const dir = project({ 'biome.jsonc': '{\n  // Prettier formats here\n  "formatter": { "enabled": false, },\n}\n' });
    expect(biomeDisabled(readProject(dir, dir))).toEqual({ formatter: true, linter: false });
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/.bin/biome'), '#!/bin/sh\n', { mode: 0o755 });
    expect(planGates([{ kind: 'auto' }], readProject(dir, dir), { PATH: '' }).gates.map((g) => [g.name, g.tool])).toEqual([
      ['lint', 'Biome'],
    ]);
  });

  it('passes file names as paths, never as options', () => {
    expect(fileArgs(['--write', '--no-config-lookup.js', 'src/a.ts', '/abs/b.ts'])).toEqual([
      './--write',
      './--no-config-lookup.js',
      'src/a.ts',
      '/abs/b.ts',
    ]);
    expect(display('/x/node_modules/.bin/prettier', ['--list-different'], ['--write'])).toBe('prettier --list-different ./--write');
    expect(chunkArgs(['a', 'bb', 'cc'], 5)).toEqual([['a', 'bb'], ['cc']]);
    expect(ruffArgs('check')).toEqual(['check', '--output-format', 'json', '--force-exclude']);
  });
});
