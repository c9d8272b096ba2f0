/**
 * The real tools tests run (diff-cover, lcov, mypy, prometheus, nginx, …), found the way set-up
 * checks for them. When one is missing because `npm run setup` was skipped, the test fails with one
 * line naming the tool and the set-up command, not with an ENOENT stack.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot } from './action-yml';

/** The list set-up installs from (and CI, through set-up). */
export const SETUP_PACKAGES = join(repoRoot, 'scripts', 'setup-packages.txt');

export interface SetupPackage {
  /** The Debian package. */
  name: string;
  /** A command, or `python3:<module>`. */
  provides: string;
  /** How to get it without apt-get. */
  elsewhere: string;
}

export function setupPackages(file = SETUP_PACKAGES): SetupPackage[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [name = '', provides = '', ...rest] = l.split(/\s+/);
      return { name, provides, elsewhere: rest.join(' ') };
    });
}

/** A missing tool: the message is the whole story, so the stack is left out of the report. */
export class ToolMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolMissing';
    this.stack = `${this.name}: ${message}`;
  }
}

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Where set-up looks for a command: PATH, then the sbin folders Debian puts servers in. */
export function findCommand(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of [...path.split(delimiter).filter(Boolean), '/usr/sbin', '/sbin'])
    if (executable(join(dir, name))) return join(dir, name);
  return undefined;
}

/**
 * The path of a tool from scripts/setup-packages.txt (`requireTool('diff-cover')`), or of the
 * python3 that has a module (`requireTool('python3:junitparser')`). Throws `ToolMissing` with one line
 * when it is not installed, or when the list does not name it (then set-up would never install it).
 */
export function requireTool(provides: string): string {
  const pkg = setupPackages().find((p) => p.provides === provides);
  if (!pkg)
    throw new ToolMissing(`${provides} is not in scripts/setup-packages.txt: add its Debian package there, so set-up and CI install it`);
  const missing = (): ToolMissing =>
    new ToolMissing(
      `${provides} is not installed: run \`npm run setup\` (it installs the Debian package ${pkg.name}; elsewhere: ${pkg.elsewhere})`,
    );
  if (provides.startsWith('python3:')) {
    const python = executable('/usr/bin/python3') ? '/usr/bin/python3' : findCommand('python3');
    if (!python || spawnSync(python, ['-c', `import ${provides.slice('python3:'.length)}`], { stdio: 'ignore' }).status !== 0)
      throw missing();
    return python;
  }
  const found = findCommand(provides);
  if (!found) throw missing();
  return found;
}
