// Bad configuration: one `::error::` naming the input and the fix, exit 1, no stack trace, nothing done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, type ActionRun } from '@shipkit/testkit';
import { humanCommit, prRepo, type PrRepo } from './repo';

let repo: PrRepo;
beforeAll(() => {
  repo = prRepo({ 'src/a.ts': 'export {};\n' }, [humanCommit('feat', { 'src/a.ts': 'export const a = 1;\n' })]);
});
afterAll(() => repo.cleanup());

const run = (inputs: Record<string, string>, event: Record<string, unknown> | undefined = undefined) =>
  runBundle('risk-gate', {
    cwd: repo.dir,
    eventName: event ? 'pull_request' : 'push',
    event: event ?? { before: repo.base },
    inputs,
  });
const pr = () => ({ pull_request: { number: 1, base: { sha: repo.base, ref: 'main' }, head: { sha: repo.head, ref: 'feature' } } });

function expectOneError(r: ActionRun, pattern: RegExp, title: string): void {
  expect(r.code).toBe(1);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]?.message).toMatch(pattern);
  expect(r.errors[0]?.properties.title).toBe(title);
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.outputs.decision).toBeUndefined();
}

describe('bad configuration', () => {
  it('rules that are not a list, with a bad class, a malformed glob, a bad regular expression or an unknown key', async () => {
    expectOneError(await run({ rules: 'class: high' }, pr()), /`rules` must be a YAML list of rules/, 'Invalid rules');
    expectOneError(
      await run({ rules: "- { paths: ['src/**'], class: severe }" }, pr()),
      /`rules` rule 1: `class` must be one of `low`, `medium`, `high`, got "severe"/,
      'Invalid rules',
    );
    expectOneError(
      await run({ rules: "- { paths: ['src/[x'], class: high }" }, pr()),
      /the glob `src\/\[x` has an unclosed `\[`/,
      'Invalid rules',
    );
    expectOneError(
      await run({ rules: "- { content: '(unclosed', class: high }" }, pr()),
      /`rules` rule 1: `content` is not a valid regular expression/,
      'Invalid rules',
    );
    expectOneError(
      await run({ rules: "- { path: 'src/**', class: high }" }, pr()),
      /unknown key\(s\) `path`; a rule takes `name`, `paths`/,
      'Invalid rules',
    );
    expectOneError(await run({ rules: '- [not yaml' }, pr()), /input `rules`: is not valid YAML\/JSON/, 'Invalid input');
  });

  it('levels with a bad threshold or class, and a rules file that exists nowhere', async () => {
    expectOneError(
      await run({ levels: '- { level: L1, min-merged: lots, allows: [low] }' }, pr()),
      /`levels`: level `L1`: `min-merged` must be a number/,
      'Invalid levels',
    );
    expectOneError(
      await run({ levels: '- { level: L1, allows: [docs] }' }, pr()),
      /level `L1`: `allows` must be a list of `low`, `medium`, `high`/,
      'Invalid levels',
    );
    expectOneError(
      await run({ levels: '- { level: L1, rollback-rate-below: 250%, allows: [low] }' }, pr()),
      /`rollback-rate-below` must be a percentage/,
      'Invalid levels',
    );
    expectOneError(
      await run({ rules: '.github/nowhere.yml' }, pr()),
      /`rules`: \.github\/nowhere\.yml is neither in the base commit nor in the checkout/,
      'Invalid rules',
    );
    expectOneError(
      await run({ rules: '../outside.yml' }, pr()),
      /`rules`: `\.\.\/outside\.yml` must be a path inside the repository/,
      'Invalid rules',
    );
  });

  it('bad enum values and globs, all named at once', async () => {
    expectOneError(
      await run({ 'on-allowed': 'merge', 'on-review': 'ask', trust: 'vibes' }, pr()),
      /input `trust`: must be one of `ledger`, `none`, got `vibes`; input `on-allowed`: must be one of `label`, `auto-merge`, `none`, got `merge`; input `on-review`: must be one of/,
      'Invalid input',
    );
    expectOneError(await run({ migrations: 'db/{x' }, pr()), /`migrations`: the glob `db\/\{x` has an unclosed `\{`/, 'Invalid migrations');
  });

  it('an event without a pull request', async () => {
    const r = await run({});
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(
      /risk-gate decides about a pull request, and this `push` event has none; run it on `pull_request`/,
    );
  });
});
