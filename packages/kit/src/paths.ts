/**
 * Where an action may read reports and logs from: the workspace and the runner's temp directory,
 * with symlinks resolved. A path in the repository is attacker-controlled on a pull request (a
 * committed symlink `logs/build.log -> /proc/self/environ`), so a path that resolves anywhere else
 * is refused with an error naming the input, and the refused file is never opened: nothing of it
 * can reach a message, a summary or a report.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigurationError } from './errors';

export interface InsideOptions {
  /** Directories the path must resolve into (symlinks in them are resolved too). */
  roots: readonly string[];
  /** The input the path came from, named in the error. */
  input: string;
  /** What a relative path is relative to (default: the current directory). */
  cwd?: string;
  /** What to do instead, ending the error (default: advice for reports and logs). */
  fix?: string;
}

/** The workspace (GITHUB_WORKSPACE, or the current directory outside a runner) and RUNNER_TEMP. */
export function readableRoots(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string[] {
  return [env.GITHUB_WORKSPACE || cwd, ...(env.RUNNER_TEMP ? [env.RUNNER_TEMP] : [])];
}

/**
 * The real path of `path`, symlinks resolved. For a path that does not exist (yet), its deepest
 * existing ancestor is resolved and the rest appended, so the containment check still holds.
 */
export function realPath(path: string): string {
  let rest = '';
  let at = resolve(path);
  for (;;) {
    try {
      const real = realpathSync(at);
      return rest ? join(real, rest) : real;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const parent = dirname(at);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === at) return rest ? join(at, rest) : at;
      rest = rest ? join(basename(at), rest) : basename(at);
      at = parent;
    }
  }
}

const within = (path: string, root: string): boolean => {
  const r = relative(root, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

/**
 * `path` (relative to `cwd`) resolved, symlinks included, when that is inside one of `roots`;
 * otherwise a ConfigurationError naming `input`. The file itself is not opened.
 */
export function resolveInside(path: string, { roots, input, cwd = process.cwd(), fix }: InsideOptions): string {
  const real = realPath(resolve(cwd, path));
  const realRoots = roots.map((root) => realPath(resolve(cwd, root)));
  if (realRoots.some((root) => within(real, root))) return real;
  const through = real === resolve(cwd, path) ? '' : ' (through a symlink)';
  throw new ConfigurationError(
    `\`${input}\`: \`${path}\` resolves to ${real}${through}, outside the workspace${realRoots.length > 1 ? ' and the runner temp directory' : ''} (${realRoots.join(', ')}); it was not read. ${fix ?? 'Reports and logs are read only from there: write them inside the workspace, or name the file there instead of a link to it'}`,
    input,
  );
}

/** Whether `path` resolves inside `roots` (for callers that skip rather than refuse). */
export function isInside(path: string, roots: readonly string[], cwd = process.cwd()): boolean {
  const real = realPath(resolve(cwd, path));
  return roots.some((root) => within(real, realPath(resolve(cwd, root))));
}
