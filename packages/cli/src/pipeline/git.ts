// What the pipeline asks git: the commit being released, the base of its change, and keeping the
// local state directory out of the repository. Revisions (from the command line, the ledger, the
// state file) go after `--end-of-options` and paths after `--`, so none can be an option; a `--base`
// starting with `-` is refused.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { CliError } from '../errors.ts';

const git = (cwd: string, args: string[]): string | undefined => {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};

export interface Release {
  sha: string;
  branch: string;
  subject: string;
  /** Uncommitted changes to tracked files: they are tested and deployed, but not part of the commit. */
  dirty: boolean;
}

export function releaseOf(cwd: string): Release {
  if (git(cwd, ['rev-parse', '--is-inside-work-tree']) !== 'true')
    throw new CliError(`${cwd} is not in a git repository: \`shipkit pipeline\` releases a commit (run \`git init\` and commit first)`);
  const sha = git(cwd, ['rev-parse', '--verify', 'HEAD^{commit}']);
  if (!sha) throw new CliError('the repository has no commit yet: `shipkit pipeline` releases a commit, so commit first');
  const branch = git(cwd, ['symbolic-ref', '--short', '-q', 'HEAD']) || 'HEAD';
  const subject = git(cwd, ['log', '-1', '--format=%s', 'HEAD']) ?? '';
  const dirty = (git(cwd, ['status', '--porcelain', '--untracked-files=no']) ?? '') !== '';
  return { sha, branch, subject, dirty };
}

/** The commit `rev` names, or a CliError saying why it cannot be the base. */
export function resolveBase(cwd: string, rev: string): string {
  if (rev.startsWith('-')) throw new CliError(`\`--base ${rev}\`: a revision cannot start with \`-\`; give a commit, branch or tag`);
  const sha = git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if (!sha) throw new CliError(`\`--base ${rev}\` is no commit of this repository; give a commit, branch or tag (e.g. \`--base main\`)`);
  return sha;
}

/** Whether `sha` is a commit here (a production release recorded from another clone may not be). */
export const hasCommit = (cwd: string, sha: string): boolean =>
  git(cwd, ['cat-file', '-e', '--end-of-options', `${sha}^{commit}`]) !== undefined;

/** The parent of HEAD, when there is one. */
export const parentOfHead = (cwd: string): string | undefined => git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD~1^{commit}']);

/**
 * Keeps `dir` (relative to the work tree's top) out of git: the local state holds logs, copies of
 * the artifact and the traffic proxy's token, which no gate should scan and no commit should carry.
 * Returns true when it had to add it to `.git/info/exclude`.
 */
export function keepOutOfGit(cwd: string, dir: string): boolean {
  if (git(cwd, ['check-ignore', '-q', '--no-index', '--', `${dir}/x`]) !== undefined) return false;
  const exclude = git(cwd, ['rev-parse', '--git-path', 'info/exclude']);
  if (!exclude) return false;
  const path = isAbsolute(exclude) ? exclude : join(cwd, exclude);
  mkdirSync(dirname(path), { recursive: true });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const prefix = git(cwd, ['rev-parse', '--show-prefix']) ?? '';
  appendFileSync(path, `${current === '' || current.endsWith('\n') ? '' : '\n'}/${prefix}${dir}/\n`);
  return true;
}
