// Each risk class from a realistic change, through the committed bundle on a temp repository
// checked out at GitHub's merge commit; user rules first, content rules, each file's class and
// rule in the summary. No GitHub API is needed here (a person's PR, `on-review: none`).
import { afterEach, describe, expect, it } from 'vitest';
import { runBundle } from '@shipkit/testkit';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { humanCommit, prRepo, sh, type PrRepo } from './repo';

const repos: PrRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const BASE = {
  'src/cart.ts': 'export const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n',
  'src/auth/session.ts': 'export const ttl = 3600;\n',
  'docs/guide.md': '# Guide\n',
  'test/cart.test.ts': "import { total } from '../src/cart';\n",
};

async function gate(commits: Parameters<typeof prRepo>[1], inputs: Record<string, string> = {}) {
  const repo = prRepo(BASE, commits);
  repos.push(repo);
  const r = await runBundle('risk-gate', {
    cwd: repo.dir,
    eventName: 'pull_request',
    event: { pull_request: { number: 7, base: { sha: repo.base, ref: 'main' }, head: { sha: repo.head, ref: 'feature' }, labels: [] } },
    inputs: { 'on-review': 'none', 'on-allowed': 'none', ...inputs },
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

describe('risk classes', () => {
  it('low: documentation, tests and formatting only', async () => {
    const r = await gate([
      humanCommit('docs: explain the cart', { 'docs/guide.md': '# Guide\n\nThe cart sums prices.\n', 'CONTRIBUTING.md': 'Be kind.\n' }),
      humanCommit('test: cart total', {
        'test/cart.test.ts': "import { total } from '../src/cart';\ntotal([1, 2]);\n",
        '.prettierrc.json': '{ "semi": true }\n',
      }),
    ]);
    expect(r.outputs.risk).toBe('low');
    expect(r.outputs.decision).toBe('review');
    expect(r.outputs.agent).toBe('');
    expect(r.outputs.reasons).toMatch(/no commit carries an `Agent-By` trailer \(2 commit\(s\)\): a person's pull request/);
    expect(r.summary).toMatch(/\| low \| `docs\/guide\.md` \| documentation \|/);
    expect(r.summary).toMatch(/\| low \| `test\/cart\.test\.ts` \| tests \|/);
    expect(r.summary).toMatch(/\| low \| `\.prettierrc\.json` \| formatting and tooling configuration \|/);
    expect(r.report?.data.files).toHaveLength(4);
  });

  it('medium: feature code beside a test', async () => {
    const r = await gate([
      humanCommit('feat: discounts', {
        'src/cart.ts': 'export const total = (xs: number[], off = 0) => xs.reduce((a, b) => a + b, 0) - off;\n',
        'test/cart.test.ts': "import { total } from '../src/cart';\ntotal([1], 1);\n",
      }),
    ]);
    expect(r.outputs.risk).toBe('medium');
    expect(r.summary).toMatch(/\| medium \| `src\/cart\.ts` \| feature code \(no other rule matched\) \|/);
    expect(r.outputs.reasons).toMatch(/^risk medium: `src\/cart\.ts`/);
  });

  it('high: authentication code and CI configuration are critical', async () => {
    const r = await gate([
      humanCommit('fix: shorter sessions', { 'src/auth/session.ts': 'export const ttl = 900;\n' }),
      humanCommit('ci: cache', { '.github/workflows/ci.yml': 'on: push\njobs: {}\n' }),
    ]);
    expect(r.outputs.risk).toBe('high');
    expect(r.summary).toMatch(/\| high \(critical\) \| `src\/auth\/session\.ts` \| authentication and authorization \|/);
    expect(r.summary).toMatch(/\| high \(critical\) \| `\.github\/workflows\/ci\.yml` \| CI configuration \|/);
    expect(r.outputs.reasons).toMatch(/critical paths never merge on their own/);
  });

  it('user rules come first, and a content rule raises a file to its class at the line it matched', async () => {
    const rules = [
      "- { name: 'generated client', paths: ['src/gen/**'], class: low }",
      "- { name: 'dynamic code', content: 'eval\\(|new Function\\(', class: high, critical: true }",
    ].join('\n');
    const r = await gate(
      [
        humanCommit('chore: regenerate the API client', { 'src/gen/client.ts': 'export const get = () => 1;\n' }),
        humanCommit('feat: formula field', {
          'src/formula.ts': 'export const run = (s: string) => {\n  const x = 1;\n  return eval(s) + x;\n};\n',
        }),
      ],
      { rules },
    );
    expect(r.outputs.risk).toBe('high');
    expect(r.summary).toMatch(/\| low \| `src\/gen\/client\.ts` \| generated client — your rule \|/);
    expect(r.summary).toMatch(/\| high \(critical\) \| `src\/formula\.ts` \| dynamic code \(line 3\) — your rule \|/);
    const files = r.report?.data.files as { path: string; class: string; rule: string; line?: number }[];
    expect(files.find((f) => f.path === 'src/formula.ts')).toMatchObject({ class: 'high', rule: 'dynamic code', line: 3 });
  });

  it('a committed symlink out of the workspace is never read for content rules', async () => {
    const repo = prRepo(BASE, []);
    repos.push(repo);
    sh(repo.dir, 'git', 'checkout', '-q', 'feature');
    symlinkSync('/etc/passwd', join(repo.dir, 'src/leak.ts'));
    sh(repo.dir, 'git', 'add', '-A');
    sh(repo.dir, 'git', 'commit', '-qm', 'feat: leak');
    const head = sh(repo.dir, 'git', 'rev-parse', 'HEAD');
    const r = await runBundle('risk-gate', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: { pull_request: { number: 7, base: { sha: repo.base, ref: 'main' }, head: { sha: head, ref: 'feature' } } },
      inputs: { 'on-review': 'none', rules: "- { name: 'root entry', content: '^root:', class: high }" },
    });
    expect(r.code).toBe(0);
    expect(r.summary).toMatch(/\| medium \| `src\/leak\.ts` \| feature code \(no other rule matched\) \|/);
    expect(r.summary + JSON.stringify(r.report)).not.toMatch(/root:x:0/);
  });

  it('a rules file is read from the base commit: a pull request that loosens it is judged by the old one', async () => {
    const strict = "- { paths: ['src/**'], class: high }\n";
    const repo = prRepo({ ...BASE, '.github/risk-rules.yml': strict }, [
      humanCommit('chore: loosen', {
        '.github/risk-rules.yml': "- { paths: ['**'], class: low }\n",
        'src/cart.ts': 'export const total = 0;\n',
      }),
    ]);
    repos.push(repo);
    const r = await runBundle('risk-gate', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: { pull_request: { number: 7, base: { sha: repo.base, ref: 'main' }, head: { sha: repo.head, ref: 'feature' } } },
      inputs: { rules: '.github/risk-rules.yml', 'on-review': 'none' },
    });
    expect(r.code).toBe(0);
    expect(r.outputs.risk).toBe('high');
    expect(r.summary).toMatch(/\| high \| `src\/cart\.ts` \| src\/\*\* — your rule \|/);
    expect(r.summary).toMatch(/\| high \(critical\) \| `\.github\/risk-rules\.yml` \| risk-gate's own configuration \|/);
  });
});
