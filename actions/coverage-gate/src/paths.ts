/**
 * Report paths → repository paths. Reports name files absolutely (`/home/runner/work/app/app/src/a.js`),
 * relative to a source root (`com/acme/A.java`, Cobertura `<source>`), or from another checkout.
 * `path-map` rewrites prefixes (`from=to`); without it, a path that is not a tracked file is matched
 * to the tracked file sharing the longest suffix of whole path segments (ties are left unmatched).
 */
import { isAbsolute, posix, relative } from 'node:path';
import { ConfigurationError } from '@shipkit/kit';

export interface PathRule {
  from: string;
  to: string;
}

export function parsePathMap(entries: readonly string[]): PathRule[] {
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0)
      throw new ConfigurationError(
        `\`path-map\` entry \`${entry}\` is not \`from=to\`; write e.g. \`/home/runner/work/app/app/=\` to strip a prefix`,
        'path-map',
      );
    return { from: toSlash(entry.slice(0, eq).trim()), to: toSlash(entry.slice(eq + 1).trim()) };
  });
}

const toSlash = (p: string): string => p.replace(/\\/g, '/');

/** Slashes, no `./`, and relative to the repository root when it lies under it. */
export function normalizeReportPath(path: string, root: string | undefined): string {
  let p = toSlash(path);
  if (root && (isAbsolute(p) || /^[A-Za-z]:\//.test(p))) {
    const rel = toSlash(relative(root, p));
    if (!rel.startsWith('../') && rel !== '..' && !isAbsolute(rel)) p = rel;
  }
  return p.replace(/^(\.\/)+/, '');
}

export interface Resolution {
  /** Repository path, or undefined when nothing matched. */
  path?: string;
  how: 'exact' | 'path-map' | 'suffix' | 'unmatched' | 'ambiguous';
}

export class PathResolver {
  /** basename → tracked paths, built on the first suffix match (most reports need none). */
  private index: Map<string, string[]> | undefined;

  constructor(
    private readonly repoFiles: ReadonlySet<string> | undefined,
    private readonly rules: readonly PathRule[],
    private readonly root: string | undefined,
  ) {}

  private get byBase(): Map<string, string[]> {
    if (!this.index) {
      this.index = new Map();
      for (const f of this.repoFiles ?? []) {
        const base = f.slice(f.lastIndexOf('/') + 1);
        const list = this.index.get(base);
        if (list) list.push(f);
        else this.index.set(base, [f]);
      }
    }
    return this.index;
  }

  private rewrite(p: string): string | undefined {
    for (const { from, to } of this.rules) if (p.startsWith(from)) return normalizeReportPath(to + p.slice(from.length), this.root);
    return undefined;
  }

  /** The tracked file sharing the longest suffix of path segments with `p`. */
  suffixMatch(p: string): { path?: string; segments: number; ambiguous: boolean } {
    const segs = p.split('/').filter((s) => s !== '' && s !== '.');
    const base = segs[segs.length - 1] ?? '';
    let best: string | undefined;
    let bestScore = 0;
    let tie = false;
    for (const candidate of this.byBase.get(base) ?? []) {
      const cs = candidate.split('/');
      let score = 0;
      while (score < cs.length && score < segs.length && cs[cs.length - 1 - score] === segs[segs.length - 1 - score]) score++;
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
        tie = false;
      } else if (score === bestScore) tie = true;
    }
    return tie ? { segments: bestScore, ambiguous: true } : { path: best, segments: bestScore, ambiguous: false };
  }

  /** The repository path of a report path; `sourceRoots` (Cobertura `<source>`) are tried as prefixes too. */
  resolve(reportPath: string, sourceRoots: readonly string[] = []): Resolution {
    const first = normalizeReportPath(reportPath, this.root);
    if (!this.repoFiles) return { path: first, how: 'exact' };
    const raw = toSlash(reportPath);
    const candidates = [first];
    if (!isAbsolute(raw) && !/^[A-Za-z]:\//.test(raw))
      for (const r of sourceRoots) candidates.push(normalizeReportPath(posix.join(toSlash(r), raw), this.root));
    for (const c of candidates) {
      if (this.repoFiles.has(c)) return { path: c, how: 'exact' };
      const r = this.rewrite(c);
      if (r !== undefined && this.repoFiles.has(r)) return { path: r, how: 'path-map' };
    }
    if (this.rules.length > 0) return { how: 'unmatched' };
    const m = this.suffixMatch(first);
    if (m.ambiguous) return { how: 'ambiguous' };
    return m.path ? { path: m.path, how: 'suffix' } : { how: 'unmatched' };
  }

  /** The `path-map` entry that would map `reportPath` onto the file it most likely means, if one is found. */
  suggestRule(reportPath: string): string | undefined {
    const p = normalizeReportPath(reportPath, this.root);
    const m = this.suffixMatch(p);
    if (!m.path || m.ambiguous) return undefined;
    const from = p.slice(0, p.length - m.path.split('/').slice(-m.segments).join('/').length);
    const to = m.path.slice(0, m.path.length - m.path.split('/').slice(-m.segments).join('/').length);
    return from === to ? undefined : `${from}=${to}`;
  }
}
