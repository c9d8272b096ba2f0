// Temp git repositories holding a pull request the way actions/checkout leaves one on a
// `pull_request` event: the base branch, the PR's commits (with or without agent trailers), and
// the checkout at GitHub's merge commit (first parent the base, second the PR head).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const sh = (cwd: string, cmd: string, ...args: string[]): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

export interface Commit {
  /** path → content; null deletes. */
  files: Record<string, string | null>;
  message: string;
}

export interface PrRepo {
  dir: string;
  base: string;
  head: string;
  cleanup(): void;
}

export const agentCommit = (agent: string, subject: string, files: Commit['files'], extra = ''): Commit => ({
  files,
  message: `${subject}\n\nWhy the change was made.\n\nAgent-By: ${agent}\nTask-ID: T-${subject.length}\nModel: model-x${extra}\n`,
});

export const humanCommit = (subject: string, files: Commit['files']): Commit => ({
  files,
  message: `${subject}\n\nSigned-off-by: Dev <dev@example.com>\n`,
});

export function prRepo(baseFiles: Record<string, string>, commits: readonly Commit[], { mergeCheckout = true } = {}): PrRepo {
  const parent = mkdtempSync(join(tmpdir(), 'risk-gate-'));
  const dir = join(parent, 'repo');
  mkdirSync(dir);
  sh(dir, 'git', 'init', '-q', '-b', 'main');
  sh(dir, 'git', 'config', 'user.email', 'dev@example.com');
  sh(dir, 'git', 'config', 'user.name', 'dev');
  for (const [p, text] of Object.entries({ 'README.md': '# shop\n', ...baseFiles })) write(dir, p, text);
  sh(dir, 'git', 'add', '-A');
  sh(dir, 'git', 'commit', '-qm', 'base');
  const base = sh(dir, 'git', 'rev-parse', 'HEAD');
  sh(dir, 'git', 'checkout', '-qb', 'feature');
  for (const c of commits) {
    for (const [p, text] of Object.entries(c.files)) {
      if (text === null) rmSync(join(dir, p));
      else write(dir, p, text);
    }
    sh(dir, 'git', 'add', '-A');
    sh(dir, 'git', 'commit', '-q', '--allow-empty', '-m', c.message);
  }
  const head = sh(dir, 'git', 'rev-parse', 'HEAD');
  if (mergeCheckout) {
    sh(dir, 'git', 'checkout', '-q', '--detach', 'main');
    sh(dir, 'git', 'merge', '-q', '--no-ff', '-m', `Merge ${head} into ${base}`, head);
  }
  return { dir, base, head, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}
