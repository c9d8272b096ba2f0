// Path mapping and the gate decision as plain values.
import { describe, expect, it } from 'vitest';
import { CoverageData } from '@shipkit/coverage';
import { decide, mapCoverage, pct } from '../src/gate';
import { normalizeReportPath, parsePathMap, PathResolver } from '../src/paths';

const repo = new Set(['src/app.js', 'src/util/a.js', 'lib/util/a.js', 'packages/api/src/main/java/com/acme/Order.java', 'README.md']);

describe('PathResolver', () => {
  it('uses tracked paths as they are, and makes absolute paths under the root relative', () => {
    const r = new PathResolver(repo, [], '/work/shop');
    expect(r.resolve('src/app.js')).toEqual({ path: 'src/app.js', how: 'exact' });
    expect(r.resolve('/work/shop/src/app.js')).toEqual({ path: 'src/app.js', how: 'exact' });
    expect(r.resolve('./src/app.js')).toEqual({ path: 'src/app.js', how: 'exact' });
    expect(r.resolve('src\\app.js')).toEqual({ path: 'src/app.js', how: 'exact' });
  });

  it('tries Cobertura <source> roots', () => {
    const r = new PathResolver(repo, [], '/work/shop');
    expect(r.resolve('app.js', ['/work/shop/src'])).toEqual({ path: 'src/app.js', how: 'exact' });
  });

  it('matches by the longest suffix of whole segments, and leaves ties unmatched', () => {
    const r = new PathResolver(repo, [], '/work/shop');
    expect(r.resolve('/home/runner/work/shop/shop/src/app.js')).toEqual({ path: 'src/app.js', how: 'suffix' });
    expect(r.resolve('com/acme/Order.java')).toEqual({ path: 'packages/api/src/main/java/com/acme/Order.java', how: 'suffix' });
    expect(r.resolve('/ci/src/util/a.js')).toEqual({ path: 'src/util/a.js', how: 'suffix' });
    expect(r.resolve('util/a.js')).toEqual({ how: 'ambiguous' });
    expect(r.resolve('xapp.js')).toEqual({ how: 'unmatched' });
  });

  it('with path-map: rewrites prefixes and guesses nothing', () => {
    const rules = parsePathMap(['/ci/build/=', 'C:\\agent\\=lib/']);
    const r = new PathResolver(repo, rules, '/work/shop');
    expect(r.resolve('/ci/build/src/app.js')).toEqual({ path: 'src/app.js', how: 'path-map' });
    expect(r.resolve('C:/agent/util/a.js')).toEqual({ path: 'lib/util/a.js', how: 'path-map' });
    expect(r.resolve('/elsewhere/src/app.js')).toEqual({ how: 'unmatched' });
    expect(r.suggestRule('/elsewhere/src/app.js')).toBe('/elsewhere/=');
    expect(r.suggestRule('com/acme/Order.java')).toBe('=packages/api/src/main/java/');
    expect(() => parsePathMap(['nothing'])).toThrow(/not `from=to`/);
  });

  it('normalizes without a repository', () => {
    expect(normalizeReportPath('/tmp/x/a.js', '/tmp/x')).toBe('a.js');
    expect(normalizeReportPath('/tmp/y/a.js', '/tmp/x')).toBe('/tmp/y/a.js');
    expect(new PathResolver(undefined, [], '/tmp/x').resolve('/tmp/x/src/a.js')).toEqual({ path: 'src/a.js', how: 'exact' });
  });
});

describe('decide', () => {
  const data = (): CoverageData => {
    const d = new CoverageData();
    const a = d.file('/ci/src/app.js');
    for (let n = 1; n <= 10; n++) a.addLine(n, n <= 6 ? 1 : 0);
    a.addBranches(3, [1, 0]);
    a.addBranches(8, [0, 0, 0]);
    const g = d.file('gen/api.js');
    g.addLine(1, 0);
    return d;
  };
  const options = { minNewLines: 90, minNewBranches: 80, maxDrop: 0, exclude: [] as string[] };

  it('counts instrumented changed lines and the branches on them, with ranges of the uncovered', () => {
    const mapped = mapCoverage(data(), new PathResolver(new Set(['src/app.js', 'gen/api.js']), [], '/repo'));
    expect(mapped.mapped).toEqual({ exact: 1, pathMap: 0, suffix: 1 });
    const changed = [
      {
        path: 'src/app.js',
        status: 'modified' as const,
        binary: false,
        added: [
          [2, 4],
          [7, 9],
          [20, 25],
        ] as [number, number][],
      },
      { path: 'gone.js', status: 'deleted' as const, binary: false, added: [] },
    ];
    const r = decide(mapped.files, undefined, changed, options, mapped);
    expect(r.newCode.lines).toEqual({ covered: 3, total: 6 }); // 2,3,4 covered; 7,8,9 not; 20–25 not instrumented
    expect(r.newCode.branches).toEqual({ covered: 1, total: 5 });
    expect(r.newCode.changedLines).toBe(12);
    expect(r.files[0]?.uncovered).toEqual([[7, 9]]);
    expect(r.files[0]?.partialBranches).toEqual([
      [3, 1, 2],
      [8, 0, 3],
    ]);
    expect(r.overall.lines).toEqual({ covered: 6, total: 11 });
    expect(r.passed).toBe(false);
    expect(r.gates.map((g) => [g.name, g.actual, g.passed])).toEqual([
      ['min-new-lines', 50, false],
      ['min-new-branches', 20, false],
    ]);
  });

  it('excludes files from every figure, and gates the drop against a baseline', () => {
    const mapped = mapCoverage(data(), new PathResolver(new Set(['src/app.js', 'gen/api.js']), [], '/repo'));
    const r = decide(mapped.files, undefined, [], { ...options, exclude: ['gen/**'], baselineLines: 70, maxDrop: 5 }, mapped);
    expect(r.overall.lines).toEqual({ covered: 6, total: 10 });
    expect(r.excludedFiles).toBe(1);
    expect(r.drop).toBe(10);
    expect(r.gates).toEqual([
      { name: 'min-new-lines', threshold: 90, actual: undefined, passed: true },
      { name: 'min-new-branches', threshold: 80, actual: undefined, passed: true },
      { name: 'max-drop', threshold: 5, actual: 10, passed: false },
    ]);
  });

  it('rounds shown percentages down', () => {
    expect(pct({ covered: 2, total: 3 })).toBe(66.66);
    expect(pct({ covered: 8999, total: 10000 })).toBe(89.99);
    expect(pct({ covered: 0, total: 0 })).toBeUndefined();
  });
});
