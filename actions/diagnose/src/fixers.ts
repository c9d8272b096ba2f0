/**
 * Tier 1's fixers: the project's own tools in their fix mode, chosen by what reported the failure
 * (Prettier's `[warn] file` lines → `prettier --write` on those files), found where the project
 * installed them. Type errors have no fixer of their own: the project's linters with fixes
 * (typescript-eslint's `consistent-type-imports`, Ruff's import rules) are tried on those files,
 * and the failing gate decides whether that was enough.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { findTool } from '@shipkit/kit/tools';
import type { Category } from './rules';

export type FixerId = 'prettier' | 'eslint' | 'biome' | 'ruff-check' | 'ruff-format';

/** The executable and the arguments before `--` (the files follow it, so none can be an option). */
export const FIXERS: Record<FixerId, { bin: string; args: readonly string[] }> = {
  prettier: { bin: 'prettier', args: ['--write', '--ignore-unknown'] },
  eslint: { bin: 'eslint', args: ['--fix', '--no-warn-ignored'] },
  biome: { bin: 'biome', args: ['check', '--write', '--no-errors-on-unmatched'] },
  'ruff-check': { bin: 'ruff', args: ['check', '--fix'] },
  'ruff-format': { bin: 'ruff', args: ['format'] },
};

const BY_TOOL: Partial<Record<Category, ReadonlyMap<string, FixerId>>> = {
  format: new Map([
    ['prettier', 'prettier'],
    ['biome', 'biome'],
    ['ruff', 'ruff-format'],
  ]),
  lint: new Map([
    ['eslint', 'eslint'],
    ['biome', 'biome'],
    ['ruff', 'ruff-check'],
  ]),
};

/** The fixer of a finding, by the tool that reported it (a user rule may name any tool) and the kind of failure. */
export const fixerFor = (category: Category, tool: string): FixerId | undefined => BY_TOOL[category]?.get(tool);

const SCRIPT = /^\.[cm]?[jt]sx?$/;
const PYTHON = /^\.pyi?$/;

/** Is one of `names` in `dir` or a directory above it, up to `root`. */
function configAbove(dir: string, root: string, test: (dir: string) => boolean): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (test(d)) return true;
    if (d === resolve(root) || dirname(d) === d) return false;
  }
}

const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
];

const ruffConfigured = (d: string): boolean => {
  if (existsSync(join(d, 'ruff.toml')) || existsSync(join(d, '.ruff.toml'))) return true;
  try {
    return /^\[tool\.ruff/m.test(readFileSync(join(d, 'pyproject.toml'), 'utf8'));
  } catch {
    return false;
  }
};

/** For a type error in `file`: the linters with fixes the project configures for that language. */
export function typeFixers(file: string, root: string): FixerId[] {
  const dir = dirname(file);
  const ext = extname(file);
  if (SCRIPT.test(ext)) {
    const out: FixerId[] = [];
    if (configAbove(dir, root, (d) => ESLINT_CONFIGS.some((n) => existsSync(join(d, n))))) out.push('eslint');
    if (configAbove(dir, root, (d) => existsSync(join(d, 'biome.json')) || existsSync(join(d, 'biome.jsonc')))) out.push('biome');
    return out;
  }
  if (PYTHON.test(ext) && configAbove(dir, root, ruffConfigured)) return ['ruff-check'];
  return [];
}

export interface PlannedFix {
  fixer: FixerId;
  /** The executable found. */
  bin: string;
  /** Where it runs: the project whose node_modules (or virtualenv) holds it, else the workspace. */
  cwd: string;
  /** Absolute, real paths inside the workspace. */
  files: string[];
}

/** Where a tool found at `bin` belongs: `<project>/node_modules/.bin/x` or `<project>/.venv/bin/x`. */
function projectOf(bin: string, workspace: string): string {
  const m = /^(.*)\/(?:node_modules\/\.bin|\.venv\/bin|venv\/bin)\/[^/]+$/.exec(bin);
  return m?.[1] && (m[1] + '/').startsWith(resolve(workspace) + '/') ? m[1] : workspace;
}

/**
 * Groups `files` (each with the fixers it wants) by the executable that fixes them. A fixer the
 * project does not have installed is named in `missing`.
 */
export function planFixes(
  wanted: readonly { file: string; fixers: readonly FixerId[] }[],
  workspace: string,
  env: NodeJS.ProcessEnv = process.env,
): { plan: PlannedFix[]; missing: { fixer: FixerId; file: string }[] } {
  const plan = new Map<string, PlannedFix>();
  const missing: { fixer: FixerId; file: string }[] = [];
  for (const { file, fixers } of wanted)
    for (const fixer of fixers) {
      const bin = findTool(FIXERS[fixer].bin, dirname(file), workspace, env);
      if (!bin) {
        missing.push({ fixer, file });
        continue;
      }
      const key = `${fixer}\0${bin}`;
      const entry = plan.get(key) ?? { fixer, bin, cwd: projectOf(bin, workspace), files: [] };
      if (!entry.files.includes(file)) entry.files.push(file);
      plan.set(key, entry);
    }
  // Formatters last: a lint fix can leave code the formatter then settles.
  const order: FixerId[] = ['eslint', 'ruff-check', 'biome', 'prettier', 'ruff-format'];
  return { plan: [...plan.values()].sort((a, b) => order.indexOf(a.fixer) - order.indexOf(b.fixer)), missing };
}
