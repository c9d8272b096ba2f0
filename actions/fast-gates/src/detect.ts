/**
 * What the repository uses, read from package.json dependencies, config files and lockfiles, and
 * where its tools are installed (node_modules/.bin up to the repository root, a Python virtualenv,
 * or the PATH).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface Project {
  dir: string;
  /** The repository root (tools installed above `dir` up to here are found too). */
  root: string;
  /** Names from dependencies, devDependencies, optional and peer dependencies. */
  deps: Set<string>;
  hasPackageJson: boolean;
  /** `prettier` key in package.json. */
  prettierInPackageJson: boolean;
  eslintConfigInPackageJson: boolean;
  packageManager: PackageManager | undefined;
  /** The lockfiles' text, to find tools that are installed without being listed (hoisted, transitive). */
  lockText: string;
  /** Python: pyproject.toml, setup.cfg, requirements*.txt, Python lockfiles, concatenated. */
  pythonText: string;
  files: Set<string>;
}

const LOCKFILES: [string, PackageManager][] = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];

const readText = (path: string, max = 64 * 1024 * 1024): string => {
  try {
    return statSync(path).size <= max ? readFileSync(path, 'utf8') : '';
  } catch {
    return '';
  }
};

/** The nearest directory from `dir` up to `root` that has `name`. */
function findUp(dir: string, root: string, name: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, name))) return join(d, name);
    if (d === resolve(root) || dirname(d) === d) return undefined;
  }
}

export function readProject(dir: string, root: string): Project {
  let files: Set<string>;
  try {
    files = new Set(readdirSync(dir));
  } catch {
    files = new Set();
  }
  const deps = new Set<string>();
  let prettierInPackageJson = false;
  let eslintConfigInPackageJson = false;
  const pkgPath = join(dir, 'package.json');
  if (existsSync(pkgPath)) {
    try {
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as Record<string, unknown>;
      for (const key of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'])
        for (const name of Object.keys((pkg[key] as Record<string, string> | undefined) ?? {})) deps.add(name);
      prettierInPackageJson = pkg.prettier !== undefined;
      eslintConfigInPackageJson = pkg.eslintConfig !== undefined;
    } catch {
      // An unreadable package.json: the tools will say so when they run.
    }
  }
  let packageManager: PackageManager | undefined;
  let lockText = '';
  for (const [name, pm] of LOCKFILES) {
    const path = findUp(dir, root, name);
    if (!path) continue;
    packageManager ??= pm;
    if (!name.endsWith('.lockb')) lockText += readText(path);
  }
  let pythonText = '';
  for (const name of files)
    if (/^(pyproject\.toml|setup\.cfg|requirements[\w.-]*\.txt|uv\.lock|poetry\.lock|Pipfile(\.lock)?)$/.test(name))
      pythonText += `\n${readText(join(dir, name))}`;
  return {
    dir,
    root,
    deps,
    hasPackageJson: existsSync(pkgPath),
    prettierInPackageJson,
    eslintConfigInPackageJson,
    packageManager,
    lockText,
    pythonText,
    files,
  };
}

/**
 * A JSONC file (tsconfig.json, biome.json[c]) read as TypeScript and VS Code read it (comments,
 * trailing commas); undefined when it is not valid JSONC (the tool itself then says what is wrong).
 */
export function readJsonc(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length > 0 ? undefined : value;
}

/**
 * Which of Biome's tools the project's biome.json(c) turns off (`"formatter": { "enabled": false }`):
 * Biome then processes no file for it, so that gate is not Biome's.
 */
export function biomeDisabled(project: Project): { formatter: boolean; linter: boolean } {
  const name = ['biome.json', 'biome.jsonc'].find((n) => project.files.has(n));
  const config = name
    ? (readJsonc(join(project.dir, name)) as { formatter?: { enabled?: unknown }; linter?: { enabled?: unknown } } | undefined)
    : undefined;
  return { formatter: config?.formatter?.enabled === false, linter: config?.linter?.enabled === false };
}

/** Does the project use the npm package `name`: listed in package.json, or installed per the lockfile. */
export function usesPackage(project: Project, name: string): boolean {
  if (project.deps.has(name)) return true;
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // package-lock `node_modules/<name>"`, pnpm `/<name>@` or `<name>@`, yarn `"<name>@` / `<name>@`.
  return new RegExp(`(node_modules/${escaped}"|^\\s*['"/]?${escaped}@)`, 'm').test(project.lockText);
}

export const hasFile = (project: Project, pattern: RegExp): boolean => [...project.files].some((f) => pattern.test(f));

// Moved to the kit, where diagnose's fixers find the same executables.
export { findTool } from '@shipkit/kit/tools';

/** Is the npm package installed where the tool at `bin` (node_modules/.bin/x) can load it. */
export function packageInstalledNear(bin: string, pkg: string): boolean {
  for (let d = dirname(bin); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', pkg, 'package.json'))) return true;
    if (dirname(d) === d) return false;
  }
}

export function installHint(project: Project, pkgs: string): string {
  switch (project.packageManager) {
    case 'pnpm':
      return `pnpm add -D ${pkgs}`;
    case 'yarn':
      return `yarn add -D ${pkgs}`;
    case 'bun':
      return `bun add -d ${pkgs}`;
    default:
      return `npm install --save-dev ${pkgs}`;
  }
}

/** The command that installs what the lockfile lists (when a tool is listed but not installed). */
export function installAllHint(project: Project): string {
  switch (project.packageManager) {
    case 'pnpm':
      return 'pnpm install --frozen-lockfile';
    case 'yarn':
      return 'yarn install --immutable';
    case 'bun':
      return 'bun install --frozen-lockfile';
    default:
      return 'npm ci';
  }
}

/** Python tools are configured in pyproject.toml / setup.cfg / their own file, or pinned in requirements. */
export function pythonUses(project: Project, tool: 'ruff' | 'mypy'): boolean {
  if (tool === 'ruff')
    return hasFile(project, /^\.?ruff\.toml$/) || /^\[tool\.ruff/m.test(project.pythonText) || /(^|["'\s])ruff\b/m.test(project.pythonText);
  return hasFile(project, /^\.?mypy\.ini$/) || /^\[(tool\.)?mypy\b/m.test(project.pythonText);
}
