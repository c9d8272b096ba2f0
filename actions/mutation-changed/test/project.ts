/**
 * A real project for the e2e tests: the fixture copied into a temp dir, the repository's
 * node_modules linked in (StrykerJS + its vitest runner), and a real git history — a base commit,
 * then the change under test.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shipkit/testkit';

export const fixtureProject = join(import.meta.dirname, 'fixtures', 'project');

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'shipkit test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'shipkit test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export const gitIn = (dir: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd: dir, env: gitEnv, encoding: 'utf8' }).trim();

/** Every temp dir made here, for the test file's afterAll to remove. */
export const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export interface Project {
  dir: string;
  base: string;
  head: string;
}

/** Copies the fixture, commits it as the base, applies `change(dir)` and commits that. */
export function makeProject(change: (dir: string) => void, { linkModules = true }: { linkModules?: boolean } = {}): Project {
  const dir = join(tempDir('shipkit-mutation-project-'), 'project');
  cpSync(fixtureProject, dir, { recursive: true });
  if (linkModules) symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, '.gitignore'), 'node_modules\nreports\n.stryker-tmp\n');
  gitIn(dir, 'init', '-q', '-b', 'main');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'base');
  const base = gitIn(dir, 'rev-parse', 'HEAD');
  gitIn(dir, 'switch', '-q', '-c', 'feature');
  change(dir);
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'change');
  return { dir, base, head: gitIn(dir, 'rev-parse', 'HEAD') };
}

/** Rewrites a file of the project with `edit`. */
export function edit(dir: string, file: string, edit: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

/**
 * The change most tests use: a new, untested function appended to price.ts (lines 11-16) and a
 * modified line in cart.ts (line 12); everything else stays as in the base commit.
 */
export function typicalChange(dir: string): void {
  edit(
    dir,
    'src/price.ts',
    (t) =>
      `${t}\nexport function clamp(value: number, min: number, max: number): number {\n  if (value < min) return min;\n  if (value > max) return max;\n  return value;\n}\n`,
  );
  edit(dir, 'src/cart.ts', (t) => t.replace('return total;', 'return total > 0 ? total : 0;'));
}
