// findTool: where a project's own executables are, as fast-gates and diagnose's fixers look for them.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTool } from '../src/tools';

const root = mkdtempSync(join(tmpdir(), 'kit-tools-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function exe(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('findTool', () => {
  const repo = join(root, 'repo');
  const pkg = join(repo, 'packages', 'web');
  const nearest = exe(join(pkg, 'node_modules', '.bin', 'prettier'));
  const hoisted = exe(join(repo, 'node_modules', '.bin', 'eslint'));
  const above = exe(join(root, 'node_modules', '.bin', 'biome'));
  const venv = exe(join(repo, '.venv', 'bin', 'ruff'));
  const onPath = exe(join(root, 'bin', 'black'));
  mkdirSync(join(pkg, 'src'), { recursive: true });
  const env = { PATH: join(root, 'bin') };

  it('takes the nearest node_modules/.bin from the directory up to the root, then a virtualenv, then PATH', () => {
    expect(findTool('prettier', join(pkg, 'src'), repo, env)).toBe(nearest);
    expect(findTool('eslint', join(pkg, 'src'), repo, env)).toBe(hoisted);
    expect(findTool('ruff', join(pkg, 'src'), repo, env)).toBe(venv);
    expect(findTool('black', join(pkg, 'src'), repo, env)).toBe(onPath);
  });

  it('looks no higher than the root, and finds nothing that is not installed', () => {
    expect(findTool('biome', join(pkg, 'src'), repo, env)).toBeUndefined();
    expect(findTool('biome', join(pkg, 'src'), root, env)).toBe(above);
    expect(findTool('gofmt', pkg, repo, env)).toBeUndefined();
  });

  it('takes VIRTUAL_ENV before PATH', () => {
    const active = exe(join(root, 'active-venv', 'bin', 'black'));
    expect(findTool('black', pkg, repo, { ...env, VIRTUAL_ENV: join(root, 'active-venv') })).toBe(active);
  });
});
