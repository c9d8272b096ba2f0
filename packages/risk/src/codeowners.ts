/**
 * CODEOWNERS as GitHub reads it: the first file of `.github/CODEOWNERS`, `CODEOWNERS`,
 * `docs/CODEOWNERS`; one pattern and its owners a line; the last matching pattern wins (a pattern
 * with no owners leaves the path unowned). Patterns follow gitignore's rules with GitHub's
 * documented differences: no `!` negation and no `[ ]` ranges; a pattern with a `/` at the start or
 * in the middle is anchored to the root, otherwise it matches at any depth; a trailing `/` or a
 * last part without wildcards also matches everything below that directory, while `docs/*`
 * matches only the files directly in `docs`.
 */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
  matches: (path: string) => boolean;
}

function toRegExp(pattern: string): RegExp | undefined {
  let p = pattern.replace(/\\#/g, '#');
  if (p.startsWith('!') || /\[.*\]/.test(p)) return undefined;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\/+/, '');
  if (p === '') return undefined;
  const segments = p.split('/');
  const last = segments[segments.length - 1] as string;
  const descend = dirOnly || !/[*?]/.test(last) || last === '**';
  let body = '';
  segments.forEach((seg, i) => {
    const sep = i < segments.length - 1 ? '/' : '';
    if (seg === '**') {
      body += i < segments.length - 1 ? '(?:.*/)?' : '.*';
      return;
    }
    body +=
      seg
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]') + sep;
  });
  const prefix = anchored ? '^' : '^(?:.*/)?';
  return new RegExp(`${prefix}${body}${descend ? '(?:/.*)?' : ''}$`);
}

export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    // A `#` starts a comment unless escaped.
    const line = raw.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (line === '') return;
    const parts = line.split(/\s+/);
    const pattern = parts[0] as string;
    const re = toRegExp(pattern);
    if (!re) return;
    rules.push({ pattern, owners: parts.slice(1), line: index + 1, matches: (path) => re.test(path) });
  });
  return rules;
}

/** The owners of `path`: those of the last matching rule (empty when it has none, or none matches). */
export function ownersOf(rules: readonly CodeownersRule[], path: string): { owners: string[]; rule?: CodeownersRule } {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i] as CodeownersRule;
    if (rule.matches(path)) return { owners: rule.owners, rule };
  }
  return { owners: [] };
}

/** Users and teams to request as reviewers (`@user`, `@org/team`); e-mail owners cannot be requested. */
export function reviewRequest(
  owners: readonly string[],
  exclude: readonly string[] = [],
): { reviewers: string[]; teams: string[]; skipped: string[] } {
  const skip = new Set(exclude.map((e) => e.toLowerCase()));
  const reviewers = new Set<string>();
  const teams = new Set<string>();
  const skipped: string[] = [];
  for (const owner of owners) {
    const team = /^@([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(owner);
    const user = /^@([A-Za-z0-9-]+(?:\[bot\])?)$/.exec(owner);
    if (team) teams.add(team[2] as string);
    else if (user && !skip.has((user[1] as string).toLowerCase())) reviewers.add(user[1] as string);
    else if (!user) skipped.push(owner);
  }
  return { reviewers: [...reviewers], teams: [...teams], skipped };
}
