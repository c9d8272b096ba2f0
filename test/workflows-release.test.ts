/**
 * scripts/release-check.mjs, which the release workflow runs before it tags: in a throwaway git
 * repository with the files it reads, it must refuse every inconsistent release and say why, and
 * decide whether the major tag moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shipkit/testkit';

const script = join(repoRoot, 'scripts', 'release-check.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.2.0] - 2026-12-01

### Added

- preview-deploy.

## [1.1.0] - 2026-11-01

- smoke retries.

[1.2.0]: https://example.invalid/compare/v1.1.0...v1.2.0
`;

interface RepoFiles {
  version?: string;
  kit?: string;
  changelog?: string;
  tags?: string[];
}

function repo({ version = '1.2.0', kit, changelog = CHANGELOG, tags = [] }: RepoFiles = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-check-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'packages/kit/src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shipkit', version }));
  writeFileSync(join(dir, 'packages/kit/src/version.ts'), `export const SHIPKIT_VERSION = '${kit ?? version}';\n`);
  writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'base');
  for (const t of tags) git('tag', t);
  return dir;
}

function check(dir: string) {
  const output = join(dir, 'github-output');
  writeFileSync(output, '');
  const r = spawnSync(process.execPath, [script, '--notes', join(dir, 'notes.md')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_OUTPUT: output },
  });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=') as [string, string]),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

describe('release-check', () => {
  it('passes a consistent release, moves the major tag, and writes the changelog section as notes', () => {
    const dir = repo({ tags: ['v1.0.0', 'v1.1.0', 'v1'] });
    const r = check(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ version: '1.2.0', major: 'v1', 'move-major': 'true' });
    expect(r.stdout).toContain('tag v1.2.0 and move v1 to it');
    expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('### Added\n\n- preview-deploy.\n');
  });

  it('tags a backport but leaves the major tag on the newer release', () => {
    const changelog = CHANGELOG.replace('## [1.1.0] - 2026-11-01', '## [1.1.1] - 2026-12-02\n\n- a fix.\n\n## [1.1.0] - 2026-11-01');
    const r = check(repo({ version: '1.1.1', changelog, tags: ['v1.1.0', 'v1.2.0', 'v1', 'v2.0.0'] }));
    expect(r.code).toBe(0);
    expect(r.outputs['move-major']).toBe('false');
    expect(r.stdout).toContain('v1 stays (v1.2.0 is newer)');
  });

  it('a new major moves its own tag, whatever older majors have', () => {
    const changelog = CHANGELOG.replace('## [1.2.0]', '## [2.0.0] - 2027-01-01\n\n- breaking.\n\n## [1.2.0]');
    const r = check(repo({ version: '2.0.0', changelog, tags: ['v1.9.9', 'v1'] }));
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ version: '2.0.0', major: 'v2', 'move-major': 'true' });
  });

  it.each([
    ['an existing tag', { tags: ['v1.2.0'] }, 'the tag v1.2.0 exists already'],
    ['a version that is not X.Y.Z', { version: '1.2' }, 'package.json has version "1.2"; a release needs X.Y.Z'],
    ['a pre-release', { version: '1.2.0-rc.1' }, 'a release needs X.Y.Z'],
    ['actions reporting another version', { kit: '1.1.0' }, 'packages/kit/src/version.ts says 1.1.0 but package.json says 1.2.0'],
    ['no changelog section', { version: '1.3.0' }, 'CHANGELOG.md has no "## [1.3.0]" section'],
    ['an empty changelog section', { changelog: '## [1.2.0] - 2026-12-01\n\n## [1.1.0]\n' }, 'section of CHANGELOG.md is empty'],
    ['"1.2.0" only as a prefix of another version', { changelog: '## [1.2.0.1]\n\n- x\n' }, 'CHANGELOG.md has no "## [1.2.0]" section'],
  ])('refuses %s with one error', (_what, options, message) => {
    const dir = repo(options);
    const r = check(dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error title=release::/);
    expect(lines[0]).toContain(message);
    expect(r.stderr).toBe('');
    expect(r.outputs).toEqual({});
  });
});
