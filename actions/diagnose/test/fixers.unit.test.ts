// Which fixer a finding gets, and how the files are grouped per installed executable.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXERS, fixerFor, planFixes, typeFixers } from '../src/fixers';

const root = mkdtempSync(join(tmpdir(), 'diagnose-fixers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, text = '', mode = 0o644): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  chmodSync(full, mode);
  return full;
}

describe('fixerFor', () => {
  it('maps the reporting tool to its fix mode, per kind of failure', () => {
    expect(fixerFor('format', 'prettier')).toBe('prettier');
    expect(fixerFor('format', 'biome')).toBe('biome');
    expect(fixerFor('format', 'ruff')).toBe('ruff-format');
    expect(fixerFor('lint', 'ruff')).toBe('ruff-check');
    expect(fixerFor('lint', 'eslint')).toBe('eslint');
    expect(fixerFor('lint', 'biome')).toBe('biome');
    // No fixer of ours: reported as skipped.
    expect(fixerFor('format', 'black')).toBeUndefined();
    expect(fixerFor('lint', 'golangci-lint')).toBeUndefined();
    expect(fixerFor('test', 'vitest')).toBeUndefined();
    expect(fixerFor('lint', 'toString')).toBeUndefined();
  });

  it('fix modes put nothing after the files: they follow `--`', () => {
    expect(FIXERS['ruff-check']).toEqual({ bin: 'ruff', args: ['check', '--fix'] });
    expect(FIXERS['ruff-format']).toEqual({ bin: 'ruff', args: ['format'] });
    for (const f of Object.values(FIXERS)) expect(f.args).not.toContain('--');
  });
});

describe('typeFixers', () => {
  const ws = join(root, 'types');
  file('types/eslint.config.mjs', 'export default [];\n');
  file('types/web/biome.jsonc', '{}\n');
  file('types/py/pyproject.toml', '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n');
  file('types/plain-py/pyproject.toml', '[project]\nname = "y"\n');

  it('tries the linters the project configures for the file’s language', () => {
    expect(typeFixers(join(ws, 'src/a.ts'), ws)).toEqual(['eslint']);
    expect(typeFixers(join(ws, 'web/src/a.tsx'), ws)).toEqual(['eslint', 'biome']);
    expect(typeFixers(join(ws, 'py/pkg/a.py'), ws)).toEqual(['ruff-check']);
    expect(typeFixers(join(ws, 'plain-py/a.py'), ws)).toEqual([]);
    expect(typeFixers(join(ws, 'src/a.go'), ws)).toEqual([]);
  });
});

describe('planFixes', () => {
  const ws = join(root, 'plan');
  const webPrettier = file('plan/web/node_modules/.bin/prettier', '#!/bin/sh\n', 0o755);
  const rootEslint = file('plan/node_modules/.bin/eslint', '#!/bin/sh\n', 0o755);
  const ruff = file('bin/ruff', '#!/bin/sh\n', 0o755);
  const env = { PATH: join(root, 'bin') };

  it('groups the files by the executable that fixes them, run in its project; linters before formatters; missing tools named', () => {
    const a = join(ws, 'web/src/a.ts');
    const b = join(ws, 'web/src/b.ts');
    const c = join(ws, 'api/c.ts');
    const p = join(ws, 'tools/x.py');
    const { plan, missing } = planFixes(
      [
        { file: a, fixers: ['prettier', 'eslint'] },
        { file: b, fixers: ['prettier'] },
        { file: c, fixers: ['prettier'] },
        { file: p, fixers: ['ruff-format'] },
      ],
      ws,
      env,
    );
    expect(plan).toEqual([
      { fixer: 'eslint', bin: rootEslint, cwd: ws, files: [a] },
      { fixer: 'prettier', bin: webPrettier, cwd: join(ws, 'web'), files: [a, b] },
      { fixer: 'ruff-format', bin: ruff, cwd: ws, files: [p] },
    ]);
    expect(missing).toEqual([{ fixer: 'prettier', file: c }]);
  });
});
