/**
 * The built-in log rules: data, one row per recognisable line, checked in order (the user's
 * `rules` first). Named groups `file`, `line`, `col`, `code` and `message` become the evidence's
 * location and text; a row with `setsFile` names the file for the rows that follow it (ESLint's
 * stylish format prints the path on a line of its own), and `usesFile` rows take it.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigurationError } from '@shipkit/kit';
import { readableRoots, resolveInside } from '@shipkit/kit/paths';

export const CATEGORIES = [
  'lint',
  'format',
  'type',
  'test',
  'flaky',
  'security',
  'dependency',
  'build',
  'infra',
  'timeout',
  'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface LogRule {
  id: string;
  category: Category;
  tool: string;
  pattern: RegExp;
  /** This line names the file of the lines after it. */
  setsFile?: boolean;
  /** The file comes from the last `setsFile` line. */
  usesFile?: boolean;
  /** The evidence is the same failure wherever it appears: the fingerprint uses the rule alone. */
  stable?: boolean;
  /** A rule-specific next step; otherwise the category's. */
  next?: string;
  /** Marks user rules (reported as such). */
  user?: boolean;
}

/**
 * Every pattern runs on every log line, so none may backtrack badly on a long line: character
 * classes that stop at the delimiter that follows them, no nested quantifiers.
 */

export const BUILTIN_RULES: readonly LogRule[] = [
  // Secrets and vulnerable dependencies.
  {
    id: 'secretlint-stylish',
    category: 'security',
    tool: 'secretlint',
    pattern: /^\s+(?<line>\d+):(?<col>\d+)\s+error\s+(?<message>.+?)\s{2,}(?<code>@secretlint\/\S+).*$/,
    usesFile: true,
  },
  {
    id: 'secretlint',
    category: 'security',
    tool: 'secretlint',
    // A rule's name alone (`secretlint-rule-aws …`), not a package named as advice (`add @secretlint/secretlint-rule-preset-recommend`).
    pattern: /(?<message>\[@secretlint\/[\w/-]+\].*|found \d+ secrets?.*|(?<!@secretlint\/)secretlint-rule-\S+.*)/i,
  },
  { id: 'gitleaks', category: 'security', tool: 'gitleaks', pattern: /(?<message>leaks found: \d+|WRN leaks found.*)/ },
  { id: 'trufflehog', category: 'security', tool: 'trufflehog', pattern: /(?<message>Found (?:verified|unverified) result.*)/ },
  {
    id: 'secret-detected',
    category: 'security',
    tool: 'secret scanner',
    pattern: /(?<message>(?:potential |possible )?secrets? (?:detected|found|leak(?:ed)?)\b.*)/i,
  },
  {
    id: 'npm-audit',
    category: 'security',
    tool: 'npm audit',
    pattern:
      /(?<message>found \d+ (?:\w+ severity )?vulnerabilit(?:y|ies)(?: \([^)]*\))?|\d+ (?:low|moderate|high|critical) severity vulnerabilit(?:y|ies)|# npm audit report)/,
    stable: true,
  },
  { id: 'npm-audit-advisory', category: 'security', tool: 'npm audit', pattern: /^(?<message>Severity: (?:high|critical|moderate))$/ },
  {
    id: 'pip-audit',
    category: 'security',
    tool: 'pip-audit',
    pattern: /(?<message>Found \d+ known vulnerabilit(?:y|ies) in \d+ packages?)/,
  },
  // The job time limit and the runner.
  {
    id: 'job-time-limit',
    category: 'timeout',
    tool: 'runner',
    pattern: /(?<message>The job (?:running on runner .* )?has exceeded the maximum execution time of \d+ minutes\.?)/,
    stable: true,
  },
  {
    id: 'step-timeout',
    category: 'timeout',
    tool: 'runner',
    pattern: /(?<message>The action .* has timed out after \d+ minutes\.?)/,
    stable: true,
  },
  {
    id: 'runner-shutdown',
    category: 'infra',
    tool: 'runner',
    pattern: /(?<message>The runner has received a shutdown signal.*)/,
    stable: true,
  },
  {
    id: 'runner-lost',
    category: 'infra',
    tool: 'runner',
    pattern: /(?<message>The self-hosted runner: .* lost communication with the server.*|lost communication with the server)/,
    stable: true,
  },
  {
    id: 'out-of-memory',
    category: 'infra',
    tool: 'runtime',
    pattern:
      /(?<message>JavaScript heap out of memory|FATAL ERROR: (?:Reached heap limit|Ineffective mark-compacts)[^\n]*|java\.lang\.OutOfMemoryError[^\n]*|\bMemoryError\b|fatal error: runtime: out of memory|Killed\s+signal 9|exited with code 137|Process completed with exit code 137)/,
    stable: true,
  },
  { id: 'no-space', category: 'infra', tool: 'runner', pattern: /(?<message>No space left on device|ENOSPC[^\n]*)/i, stable: true },
  {
    id: 'network-reset',
    category: 'infra',
    tool: 'network',
    pattern:
      /(?<message>\bECONNRESET\b[^\n]*|socket hang up|Connection reset by peer|\bETIMEDOUT\b[^\n]*|getaddrinfo EAI_AGAIN[^\n]*|TLS handshake timeout|read: connection reset|Could not resolve host[^\n]*)/,
    stable: true,
  },
  // Dependencies: resolution, lockfile, registry.
  {
    id: 'npm-eresolve',
    category: 'dependency',
    tool: 'npm',
    pattern: /npm (?:ERR!|error) (?:code )?(?<code>ERESOLVE)(?<message>.*)/,
    stable: true,
  },
  {
    id: 'npm-lockfile',
    category: 'dependency',
    tool: 'npm',
    pattern:
      /(?<message>`npm ci` can only install packages when your package\.json and package-lock\.json(?: or npm-shrinkwrap\.json)? are in sync.*|Missing: \S+ from lock file|Invalid: lock file's \S+ does not satisfy \S+)/,
  },
  {
    id: 'npm-registry',
    category: 'dependency',
    tool: 'npm',
    pattern: /npm (?:ERR!|error) (?:code )?(?<code>E404|ETARGET|E403|E5\d\d|EINTEGRITY)\b(?<message>.*)/,
  },
  {
    id: 'npm-notarget',
    category: 'dependency',
    tool: 'npm',
    pattern: /(?<message>No matching version found for \S+|404 Not Found - GET https?:\/\/\S+)/,
  },
  {
    id: 'pnpm-lockfile',
    category: 'dependency',
    tool: 'pnpm',
    pattern:
      /(?<code>ERR_PNPM_(?:OUTDATED_LOCKFILE|LOCKFILE_CONFIG_MISMATCH|NO_MATCHING_VERSION|FETCH_\d+|PEER_DEP_ISSUES))\s*(?<message>.*)/,
  },
  {
    id: 'yarn-lockfile',
    category: 'dependency',
    tool: 'yarn',
    pattern: /(?<code>YN0028)[^\n]*?(?<message>The lockfile would have been modified.*)/,
  },
  {
    id: 'yarn-frozen',
    category: 'dependency',
    tool: 'yarn',
    pattern: /(?<message>Your lockfile needs to be updated, but yarn was run with `--frozen-lockfile`.*)/,
  },
  {
    id: 'pip-resolve',
    category: 'dependency',
    tool: 'pip',
    pattern:
      /(?<message>ERROR: (?:Could not find a version that satisfies the requirement|No matching distribution found for|ResolutionImpossible).*)/,
  },
  {
    id: 'go-mod',
    category: 'dependency',
    tool: 'go',
    pattern:
      /(?<message>missing go\.sum entry for module.*|go: (?:updates to go\.mod needed|module \S+ not found|\S+: reading \S+: 404 Not Found).*)/,
  },
  {
    id: 'cargo-resolve',
    category: 'dependency',
    tool: 'cargo',
    pattern: /(?<message>error: failed to select a version for .*|error: no matching package named .*)/,
  },
  // Types.
  {
    id: 'tsc',
    category: 'type',
    tool: 'tsc',
    pattern: /^(?<file>[^()\s][^()]*)\((?<line>\d+),(?<col>\d+)\): error (?<code>TS\d+): (?<message>.*)$/,
  },
  {
    id: 'tsc-pretty',
    category: 'type',
    tool: 'tsc',
    pattern: /^(?<file>[^:\s][^:]*):(?<line>\d+):(?<col>\d+) - error (?<code>TS\d+): (?<message>.*)$/,
  },
  {
    id: 'mypy',
    category: 'type',
    tool: 'mypy',
    pattern: /^(?<file>[\w./\\-]+\.pyi?):(?<line>\d+):(?:(?<col>\d+):)? error: (?<message>.*?)(?:\s+\[(?<code>[\w-]+)\])?$/,
  },
  {
    id: 'pyright',
    category: 'type',
    tool: 'pyright',
    pattern: /^\s+(?<file>\/?[\w./\\-]+\.pyi?):(?<line>\d+):(?<col>\d+) - error: (?<message>.*?)(?: \((?<code>report\w+)\))?$/,
  },
  // Format checks (before lint: Ruff and Biome print both kinds).
  { id: 'prettier-file', category: 'format', tool: 'prettier', pattern: /^\[warn\] (?<file>(?!Code style issues)\S.*\.\w+)$/ },
  {
    id: 'prettier-summary',
    category: 'format',
    tool: 'prettier',
    pattern: /^\[warn\] (?<message>Code style issues found in (?:\d+ files|the above file)\. (?:Run|Forgot to run) Prettier.*)$/,
    stable: true,
  },
  { id: 'biome-format', category: 'format', tool: 'biome', pattern: /^(?<file>\S+\.\w+) format ━+/ },
  {
    id: 'biome-format-message',
    category: 'format',
    tool: 'biome',
    pattern:
      /(?<message>(?:File content differs from formatting output|The file contains diagnostics that needs to be addressed|Formatter would have printed the following content:))/,
    stable: true,
  },
  { id: 'ruff-format', category: 'format', tool: 'ruff', pattern: /^Would reformat: (?<file>\S.*)$/ },
  { id: 'black', category: 'format', tool: 'black', pattern: /^would reformat (?<file>\S.*)$/ },
  { id: 'gofmt', category: 'format', tool: 'gofmt', pattern: /^(?<message>Go code is not formatted:.*)$/ },
  // Lint.
  // A path alone on a line heads a stylish block (ESLint, secretlint): it names the file of the lines below.
  {
    id: 'stylish-file',
    category: 'lint',
    tool: 'eslint',
    pattern: /^(?<file>(?:[A-Za-z]:\\|\/|\.{1,2}\/)?(?:[^\s:/\\]+[/\\])*[\w-][\w.-]*)$(?<=\.\w+)/,
    setsFile: true,
  },
  {
    id: 'eslint-stylish',
    category: 'lint',
    tool: 'eslint',
    pattern: /^\s+(?<line>\d+):(?<col>\d+)\s+error\s+(?<message>.+?)(?:\s{2,}(?<code>[@\w/-]+))?$/,
    usesFile: true,
  },
  {
    id: 'eslint-compact',
    category: 'lint',
    tool: 'eslint',
    pattern: /^(?<file>[^:\s][^:]*): line (?<line>\d+), col (?<col>\d+), Error - (?<message>.*?)(?: \((?<code>[@\w/-]+)\))?$/,
  },
  {
    id: 'ruff',
    category: 'lint',
    tool: 'ruff',
    pattern: /^(?<file>[\w./\\-]+\.pyi?):(?<line>\d+):(?<col>\d+): (?<code>[A-Z]+\d+) (?<message>.*)$/,
  },
  {
    id: 'biome-lint',
    category: 'lint',
    tool: 'biome',
    pattern: /^(?<file>[^:\s]+):(?<line>\d+):(?<col>\d+) (?<code>lint\/[\w/]+) /,
  },
  {
    id: 'golangci-lint',
    category: 'lint',
    tool: 'golangci-lint',
    pattern: /^(?<file>[\w./-]+\.go):(?<line>\d+):(?<col>\d+): (?<message>.*) \((?<code>\w+)\)$/,
  },
  // Tests from runner output (JUnit reports are read separately and win).
  {
    id: 'vitest-fail',
    category: 'test',
    tool: 'vitest',
    pattern: /^\s*(?:FAIL|×|✗)\s+(?<file>[\w@./\\-]+\.(?:test|spec)\.[cm]?[jt]sx?)\s+>\s+(?<message>.+?)(?:\s+\d+ms)?$/,
  },
  {
    id: 'vitest-location',
    category: 'test',
    tool: 'vitest',
    pattern: /^\s*❯ (?<file>[\w@./\\-]+\.(?:test|spec)\.[cm]?[jt]sx?):(?<line>\d+):(?<col>\d+)$/,
  },
  // A failing test (`● describe › title`, or `● title` outside any describe), not jest's other headings.
  {
    id: 'jest-fail',
    category: 'test',
    tool: 'jest',
    pattern:
      /^\s*●\s+(?<message>(?!(?:Console|Test suite failed to run|Validation (?:Warning|Error)|Deprecation Warning|Multiple configurations found|Cannot log after tests are done)\b).+)$/,
  },
  { id: 'jest-file', category: 'test', tool: 'jest', pattern: /^FAIL\s+(?<file>[\w@./\\-]+\.[cm]?[jt]sx?)(?:\s+\(\d.*\))?$/ },
  { id: 'pytest-fail', category: 'test', tool: 'pytest', pattern: /^(?:FAILED|ERROR) (?<file>[\w./\\-]+\.py)::(?<message>\S+(?: - .*)?)$/ },
  { id: 'go-test-fail', category: 'test', tool: 'go test', pattern: /^\s*--- FAIL: (?<message>\S+) \([\d.]+s\)$/ },
  { id: 'go-test-location', category: 'test', tool: 'go test', pattern: /^\s+(?<file>[\w./-]+_test\.go):(?<line>\d+): (?<message>.+)$/ },
  { id: 'cargo-test-fail', category: 'test', tool: 'cargo test', pattern: /^test (?<message>\S+) \.\.\. FAILED$/ },
  { id: 'mocha-failing', category: 'test', tool: 'mocha', pattern: /^\s+(?<message>\d+ failing)$/, stable: true },
  { id: 'playwright-flaky', category: 'flaky', tool: 'playwright', pattern: /^\s+(?<message>\d+ flaky)$/ },
  { id: 'pytest-rerun', category: 'flaky', tool: 'pytest-rerunfailures', pattern: /^(?<file>[\w./\\-]+\.py)::(?<message>\S+) RERUN\b/ },
  // Builds.
  { id: 'rustc', category: 'build', tool: 'rustc', pattern: /^error\[(?<code>E\d+)\]: (?<message>.+)$/ },
  { id: 'cargo-build', category: 'build', tool: 'cargo', pattern: /^(?<message>error: could not compile `[^`]+`.*)$/, stable: true },
  { id: 'rustc-location', category: 'build', tool: 'rustc', pattern: /^\s+--> (?<file>[\w./-]+\.rs):(?<line>\d+):(?<col>\d+)$/ },
  {
    id: 'go-build',
    category: 'build',
    tool: 'go build',
    pattern:
      /^(?<file>[\w./-]+\.go):(?<line>\d+):(?<col>\d+): (?<message>(?:undefined|cannot use|syntax error|imported and not used|declared and not used).*)$/,
  },
  {
    id: 'webpack-resolve',
    category: 'build',
    tool: 'bundler',
    pattern:
      /(?<message>Module not found: Error: Can't resolve .*|Could not resolve "[^"]+" from "[^"]+"|\[vite\]: Rollup failed to resolve import .*)/,
  },
  {
    id: 'javac',
    category: 'build',
    tool: 'javac',
    pattern: /^\[ERROR\] (?<file>[\w./\\-]+\.(?:java|kt)):\[(?<line>\d+),(?<col>\d+)\] (?<message>.+)$/,
  },
  {
    id: 'maven-compile',
    category: 'build',
    tool: 'maven',
    pattern: /(?<message>\[ERROR\] COMPILATION ERROR.*|Compilation failed; see the compiler error output for details\.)/,
    stable: true,
  },
  {
    id: 'gcc',
    category: 'build',
    tool: 'cc',
    pattern: /^(?<file>[\w./-]+\.(?:c|cc|cpp|h|hpp)):(?<line>\d+):(?<col>\d+): (?:fatal )?error: (?<message>.+)$/,
  },
  { id: 'docker-build', category: 'build', tool: 'docker', pattern: /(?<message>ERROR: failed to solve: .*)/ },
];

/** What a user writes in the `rules` file. */
interface UserRule {
  pattern: string;
  category: string;
  id?: string;
  tool?: string;
  next?: string;
}

/** Parses `/source/flags` or a bare source into a RegExp; throws with the reason. */
export function compilePattern(text: string): RegExp {
  const slashed = /^\/(.+)\/([a-z]*)$/s.exec(text);
  return slashed ? new RegExp(slashed[1] as string, (slashed[2] as string).replace('g', '')) : new RegExp(text);
}

export function loadUserRules(path: string, workspace: string): LogRule[] {
  // Inside the workspace or RUNNER_TEMP, symlinks resolved, as every file an input names.
  const full = resolveInside(path, {
    roots: readableRoots(process.env, workspace),
    input: 'rules',
    cwd: workspace,
    fix: 'keep the rules file in the repository (e.g. `.github/diagnose-rules.yml`)',
  });
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(full, 'utf8'));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (e as Error).message.split('\n')[0];
    throw new ConfigurationError(`cannot read the rules file \`${path}\`: ${reason}`, 'rules');
  }
  const list = Array.isArray(doc) ? doc : (doc as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list))
    throw new ConfigurationError(
      `the rules file \`${path}\` must hold a list of rules (\`- pattern: 'ORA-\\d+'\n  category: infra\`), or a \`rules:\` key with one`,
      'rules',
    );
  return list.map((raw, index) => {
    const r = raw as Partial<UserRule>;
    const where = `rule ${index + 1} in \`${path}\``;
    if (typeof r.pattern !== 'string' || r.pattern === '')
      throw new ConfigurationError(`${where} has no \`pattern\` (a regular expression)`, 'rules');
    if (typeof r.category !== 'string' || !(CATEGORIES as readonly string[]).includes(r.category))
      throw new ConfigurationError(
        `${where} needs a \`category\`, one of ${CATEGORIES.join(', ')}; got \`${String(r.category)}\``,
        'rules',
      );
    let pattern: RegExp;
    try {
      pattern = compilePattern(r.pattern);
    } catch (e) {
      throw new ConfigurationError(`${where}: \`${r.pattern}\` is not a valid regular expression (${(e as Error).message})`, 'rules');
    }
    return {
      id: r.id ?? `user-${index + 1}`,
      category: r.category as Category,
      tool: r.tool ?? 'custom rule',
      pattern,
      next: r.next,
      user: true,
    };
  });
}
