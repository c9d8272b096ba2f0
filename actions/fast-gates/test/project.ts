/** Temporary projects with a git history, using the real tools from this repository's node_modules. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '@shipkit/testkit';

export const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A TypeScript project set up the way users have it: Prettier, ESLint (typescript-eslint), tsc, secretlint. */
export const NODE_PROJECT: Record<string, string> = {
  'package.json': JSON.stringify(
    {
      name: 'demo',
      private: true,
      type: 'module',
      devDependencies: {
        prettier: '^3',
        eslint: '^10',
        'typescript-eslint': '^8',
        typescript: '^6',
        secretlint: '^13',
        '@secretlint/secretlint-rule-preset-recommend': '^13',
      },
    },
    null,
    2,
  ),
  '.prettierrc.json': '{ "singleQuote": true }\n',
  '.gitignore': 'node_modules\n',
  'eslint.config.js': "import tseslint from 'typescript-eslint';\n\nexport default tseslint.config(...tseslint.configs.recommended);\n",
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      skipLibCheck: true,
      types: [],
    },
    include: ['src'],
  }),
  'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
  'src/index.ts': "import { add } from './math';\n\nexport const three = add(1, 2);\n",
};

/** A TypeScript project formatted and linted by Biome alone (its recommended rules, spaces for indentation). */
export const BIOME_PROJECT: Record<string, string> = {
  'package.json':
    JSON.stringify({ name: 'biome-demo', private: true, type: 'module', devDependencies: { '@biomejs/biome': '^2' } }, null, 2) + '\n',
  'biome.json': JSON.stringify({ formatter: { indentStyle: 'space' }, linter: { rules: { recommended: true } } }, null, 2) + '\n',
  '.gitignore': 'node_modules\n',
  'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
  'src/index.ts': 'import { add } from "./math";\n\nexport const three = add(1, 2);\n',
};

const created: string[] = [];

/** Removes every project this test file created. */
export function removeProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Creates the project on `main` with one commit; returns its directory and the base SHA. */
export function createProject(files: Record<string, string> = NODE_PROJECT, { nodeModules = true } = {}): { dir: string; base: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'fast-gates-project-')));
  created.push(dir);
  writeFiles(dir, files);
  if (nodeModules) symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return { dir, base: git(dir, 'rev-parse', 'HEAD') };
}

/** Commits `files` on a feature branch, like a pull request's head. */
export function commitChange(dir: string, files: Record<string, string>): string {
  git(dir, 'checkout', '-q', '-B', 'feature');
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  return git(dir, 'rev-parse', 'HEAD');
}

export const pullRequestEvent = (base: string, head: string) => ({
  pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' } },
});
