/**
 * Where a project's own tools are installed: node_modules/.bin from a directory up to the
 * repository root, a Python virtualenv, then the PATH. fast-gates runs them as gates, diagnose as
 * fixers; both must find the same executable a developer's `npx`/`ruff` would.
 */
import { statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';

/**
 * An executable of the project's: node_modules/.bin from `dir` up to `root`, then a Python
 * virtualenv (`.venv`, `venv`, `VIRTUAL_ENV`), then the PATH. Undefined when it is not installed.
 */
export function findTool(name: string, dir: string, root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    candidates.push(join(d, 'node_modules', '.bin', name));
    for (const venv of ['.venv', 'venv']) candidates.push(join(d, venv, 'bin', name));
    if (d === resolve(root) || dirname(d) === d) break;
  }
  if (env.VIRTUAL_ENV) candidates.push(join(env.VIRTUAL_ENV, 'bin', name));
  for (const p of (env.PATH ?? '').split(delimiter)) if (p) candidates.push(join(p, name));
  return candidates.find((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
}
