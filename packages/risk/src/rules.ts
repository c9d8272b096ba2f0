/**
 * Risk rules: globs and content patterns → a risk class. User rules come first, then the built-in
 * classes; a file takes the class of the first path rule that matches it, and a content rule whose
 * pattern matches one of the lines the change adds to a file raises that file to its class. A rule
 * marked `critical` (auth, payments, secrets, CI configuration, code ownership, destructive
 * migrations) never merges on its own, whatever the agent's trust.
 */
import { ConfigurationError } from '@shipkit/kit';
import { globMatcher } from '@shipkit/kit/globs';
import { higher, isRiskClass, rank, RISK_CLASSES, type RiskClass } from './classes';

export interface RiskRule {
  /** What the summary calls it. */
  name: string;
  class: RiskClass;
  critical: boolean;
  /** Globs of repository paths (`!` excludes); without them a content rule looks at every file. */
  paths?: string[];
  /** A regular expression matched against each line the change adds. */
  content?: RegExp;
  /** `user` for the `rules` input, `built-in` for the defaults. */
  origin: 'user' | 'built-in';
}

const glob = (...patterns: string[]): string[] => patterns;

/** The built-in classes (after the user's rules). `migrations` are the `migrations` input's globs. */
export function builtinRules(migrations: readonly string[]): RiskRule[] {
  const r = (name: string, cls: RiskClass, paths: string[], critical = false): RiskRule => ({
    name,
    class: cls,
    critical,
    paths,
    origin: 'built-in',
  });
  return [
    r(
      'authentication and authorization',
      'high',
      glob(
        '**/{auth,authn,authz,authentication,authorization,oauth,oidc,sso,saml,rbac,acl,permissions,sessions}/**',
        '**/{auth,authn,authz,oauth,login,session,sessions,password,passwords,permissions}.*',
      ),
      true,
    ),
    r(
      'payments and billing',
      'high',
      glob(
        '**/{payment,payments,billing,checkout,invoice,invoices,subscriptions,stripe}/**',
        '**/{payment,payments,billing,checkout,stripe}.*',
      ),
      true,
    ),
    r('secrets and cryptography', 'high', glob('**/{security,crypto,secrets}/**', '**/.env', '**/.env.*', '**/*.{pem,key,p12,pfx}'), true),
    r(
      'CI configuration',
      'high',
      glob(
        '.github/workflows/**',
        '.github/actions/**',
        '.gitlab-ci.yml',
        '.gitlab/**',
        '.circleci/**',
        '**/Jenkinsfile',
        '.buildkite/**',
        'azure-pipelines.yml',
        '.travis.yml',
        'bitbucket-pipelines.yml',
        '.drone.yml',
      ),
      true,
    ),
    r(
      'code ownership and repository policy',
      'high',
      glob('CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.github/dependabot.yml'),
      true,
    ),
    r('database schema', 'high', glob('**/schema.prisma', '**/schema.sql', '**/structure.sql', '**/schema.rb')),
    ...(migrations.length > 0 ? [r('schema migration (SQL, checked statement by statement)', 'medium', [...migrations])] : []),
    r('database migration (not SQL: not checked)', 'high', glob('**/migrations/**', '**/migrate/**', '**/alembic/versions/**')),
    r(
      'infrastructure',
      'high',
      glob(
        '**/*.{tf,tfvars,hcl}',
        '**/{terraform,infra,infrastructure,k8s,kubernetes,helm,charts,cloudformation,ansible,pulumi}/**',
        '**/Dockerfile',
        '**/Dockerfile.*',
        '**/*.dockerfile',
        '**/{docker-compose,compose}*.{yml,yaml}',
        '**/Pulumi.*',
        '**/serverless.{yml,yaml}',
        '**/{fly,netlify,wrangler}.toml',
        '**/vercel.json',
      ),
    ),
    r(
      'tests',
      'low',
      glob(
        '**/{test,tests,__tests__,spec,specs,__snapshots__,__mocks__,e2e,cypress,playwright}/**',
        '**/*.{test,spec}.*',
        '**/*_test.{go,py,rb,exs,ts,js}',
        '**/test_*.py',
        '**/*{Test,Tests}.{java,kt,cs,scala}',
      ),
    ),
    r(
      'documentation',
      'low',
      glob('**/*.{md,mdx,markdown,rst,adoc,txt}', '**/{docs,doc}/**', '**/{LICENSE,LICENCE,COPYING,AUTHORS,NOTICE}*'),
    ),
    r(
      'formatting and tooling configuration',
      'low',
      glob(
        '**/.prettierrc*',
        '**/prettier.config.*',
        '**/.prettierignore',
        '**/.editorconfig',
        '**/.eslintrc*',
        '**/eslint.config.*',
        '**/.eslintignore',
        '**/biome.json',
        '**/biome.jsonc',
        '**/.stylelintrc*',
        '**/.markdownlint*',
        '**/{rustfmt,.rustfmt,ruff,.ruff}.toml',
        '**/.clang-format',
        '**/.rubocop.yml',
        '**/.flake8',
        '**/.gitignore',
        '**/.gitattributes',
        '**/.vscode/**',
      ),
    ),
    r('feature code (no other rule matched)', 'medium', glob('**')),
  ];
}

const describeRule = (value: unknown): string => JSON.stringify(value)?.slice(0, 80) ?? String(value);

/**
 * The `rules` input's value (YAML already parsed): a list of `{ paths?, content?, class, critical?,
 * name? }`. Every problem is named with the rule's position and the fix.
 */
export function parseRules(value: unknown, input = 'rules'): RiskRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new ConfigurationError(
      `\`${input}\` must be a YAML list of rules such as \`- { paths: ['src/auth/**'], class: high }\`, got ${describeRule(value)}`,
      input,
    );
  return value.map((raw: unknown, index): RiskRule => {
    const at = `\`${input}\` rule ${index + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new ConfigurationError(`${at} must be a mapping with \`class\` and \`paths\` or \`content\`, got ${describeRule(raw)}`, input);
    const rule = raw as Record<string, unknown>;
    const unknownKeys = Object.keys(rule).filter((k) => !['name', 'paths', 'content', 'class', 'critical'].includes(k));
    if (unknownKeys.length > 0)
      throw new ConfigurationError(
        `${at} has unknown key(s) ${unknownKeys.map((k) => `\`${k}\``).join(', ')}; a rule takes \`name\`, \`paths\`, \`content\`, \`class\` and \`critical\``,
        input,
      );
    if (!isRiskClass(rule.class))
      throw new ConfigurationError(
        `${at}: \`class\` must be one of ${RISK_CLASSES.map((c) => `\`${c}\``).join(', ')}, got ${describeRule(rule.class)}`,
        input,
      );
    let paths: string[] | undefined;
    if (rule.paths !== undefined) {
      const list = typeof rule.paths === 'string' ? [rule.paths] : rule.paths;
      if (!Array.isArray(list) || list.length === 0 || list.some((p) => typeof p !== 'string' || p.trim() === ''))
        throw new ConfigurationError(`${at}: \`paths\` must be a glob or a list of globs such as \`['src/auth/**']\``, input);
      paths = list.map((p: string) => p.trim());
      // Refuses a malformed glob (and a list of exclusions alone) now, naming the input.
      globMatcher(paths, { input });
    }
    let content: RegExp | undefined;
    if (rule.content !== undefined) {
      if (typeof rule.content !== 'string' || rule.content === '')
        throw new ConfigurationError(`${at}: \`content\` must be a regular expression as a string, such as \`'eval\\('\``, input);
      try {
        content = new RegExp(rule.content);
      } catch (e) {
        throw new ConfigurationError(`${at}: \`content\` is not a valid regular expression (${(e as Error).message})`, input);
      }
    }
    if (!paths && !content)
      throw new ConfigurationError(`${at} needs \`paths\` (globs), \`content\` (a regular expression), or both`, input);
    if (rule.critical !== undefined && typeof rule.critical !== 'boolean')
      throw new ConfigurationError(`${at}: \`critical\` must be \`true\` or \`false\``, input);
    if (rule.name !== undefined && typeof rule.name !== 'string') throw new ConfigurationError(`${at}: \`name\` must be a string`, input);
    return {
      name:
        (rule.name as string | undefined) ??
        [paths?.join(', '), content ? `/${content.source}/` : undefined].filter(Boolean).join(' containing '),
      class: rule.class,
      critical: rule.critical === true,
      ...(paths ? { paths } : {}),
      ...(content ? { content } : {}),
      origin: 'user',
    };
  });
}

export interface FileRisk {
  path: string;
  class: RiskClass;
  /** The rule that set the class. */
  rule: string;
  origin: RiskRule['origin'] | 'migration';
  critical: boolean;
  /** For a content rule: the first added line it matched. */
  line?: number;
}

export interface ClassifyInput {
  path: string;
  /** The lines the change adds (1-based line numbers and text), read only when a content rule needs them. */
  addedLines?: () => Iterable<{ line: number; text: string }>;
}

/** Lines longer than this are matched on their first part only, so a minified file cannot stall a pattern. */
const MAX_LINE = 4096;

interface CompiledRule {
  rule: RiskRule;
  matches: (path: string) => boolean;
}

export class Classifier {
  private readonly pathRules: CompiledRule[];
  private readonly contentRules: CompiledRule[];

  constructor(rules: readonly RiskRule[]) {
    const compiled = rules.map((rule) => ({
      rule,
      matches: rule.paths ? globMatcher(rule.paths, { input: rule.origin === 'user' ? 'rules' : 'built-in rules' }) : () => true,
    }));
    this.pathRules = compiled.filter((c) => !c.rule.content);
    this.contentRules = compiled.filter((c) => c.rule.content);
  }

  get hasContentRules(): boolean {
    return this.contentRules.length > 0;
  }

  classify(file: ClassifyInput): FileRisk {
    const byPath = this.pathRules.find((c) => c.matches(file.path))?.rule;
    let result: FileRisk = byPath
      ? { path: file.path, class: byPath.class, rule: byPath.name, origin: byPath.origin, critical: byPath.critical }
      : { path: file.path, class: 'medium', rule: 'no rule matched', origin: 'built-in', critical: false };
    const candidates = this.contentRules.filter((c) => c.matches(file.path));
    if (candidates.length === 0 || !file.addedLines) return result;
    const pending = new Set(candidates);
    for (const { line, text } of file.addedLines()) {
      const sample = text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
      for (const c of pending) {
        if (!(c.rule.content as RegExp).test(sample)) continue;
        pending.delete(c);
        const critical = result.critical || c.rule.critical;
        if (rank(c.rule.class) > rank(result.class))
          result = { path: file.path, class: c.rule.class, rule: c.rule.name, origin: c.rule.origin, critical, line };
        else result = { ...result, critical };
      }
      if (pending.size === 0) break;
    }
    return result;
  }
}

/** The highest class among files (low when there are none). */
export const highestClass = (files: readonly { class: RiskClass }[]): RiskClass =>
  files.reduce<RiskClass>((acc, f) => higher(acc, f.class), 'low');
