/**
 * The repository's workflows pass what OpenSSF Scorecard and zizmor check (test/workflow-lint/checks.ts)
 * and actionlint; the checks themselves are proven on fixtures of bad workflows
 * (test/fixtures/workflows/*.yml), where every line marked `# expect: <rule>` must get exactly
 * that finding and no other line any.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@shipkit/testkit';
import { checkWorkflow, contextReferences, effectiveShell, formatFinding, isTrustedReference } from './workflow-lint/checks';
import { actionlint } from './workflow-lint/actionlint';
import { ownAction, ownActionInputProblems } from './workflow-lint/own-actions';

const workflowsDir = join(repoRoot, '.github', 'workflows');
const workflows = readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const fixturesDir = join(repoRoot, 'test', 'fixtures', 'workflows');
const fixtures = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.yml'))
  .sort();

describe.each(workflows)('.github/workflows/%s', (file) => {
  const path = join('.github', 'workflows', file);
  const text = readFileSync(join(repoRoot, path), 'utf8');

  it('passes the Scorecard/zizmor checks', () => {
    expect(checkWorkflow(text, path).map(formatFinding)).toEqual([]);
  });

  it('passes actionlint', async () => {
    expect((await actionlint(text, path)).map((r) => `${r.line}:${r.column}: ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it("passes only inputs shipkit's actions and workflows declare, and every required one", () => {
    expect(ownActionInputProblems(text)).toEqual([]);
  });
});

describe.each(fixtures)('checks on test/fixtures/workflows/%s', (file) => {
  it('flag exactly the lines marked `# expect:`', () => {
    const text = readFileSync(join(fixturesDir, file), 'utf8');
    const expected = text.split('\n').flatMap((line, i) => {
      const m = /# expect: ([\w, -]+)$/.exec(line);
      return m ? m[1]!.split(',').map((rule) => `${i + 1} ${rule.trim()}`) : [];
    });
    const actual = checkWorkflow(text, file).map((f) => `${f.line} ${f.rule}`);
    expect(actual.sort()).toEqual(expected.sort());
  });
});

describe('the checks', () => {
  it('every fixture is a workflow actionlint accepts, so the findings are about the rules, not broken YAML', async () => {
    for (const file of fixtures) {
      const text = readFileSync(join(fixturesDir, file), 'utf8');
      const problems = (await actionlint(text, file)).filter((r) => r.kind === 'syntax-check');
      expect(problems, file).toEqual([]);
    }
  });

  it('report broken YAML instead of passing it', () => {
    const findings = checkWorkflow('on: push\njobs:\n  a: [unclosed\n', 'broken.yml');
    expect(findings.map((f) => f.rule)).toContain('yaml');
  });

  it('read the context references of an expression, not its strings or function names', () => {
    expect(contextReferences("format('{0} github.event.x', github.event.issue.title)")).toEqual(['github.event.issue.title']);
    expect(contextReferences("contains(github.event.pull_request.labels.*.name, 'bug') && true")).toEqual([
      'github.event.pull_request.labels.*.name',
    ]);
    expect(contextReferences("github.event['issue'].title")).toEqual(["github.event[''].title"]);
    expect(isTrustedReference('github.sha')).toBe(true);
    expect(isTrustedReference('runner.temp')).toBe(true);
    expect(isTrustedReference('github.head_ref')).toBe(false);
    expect(isTrustedReference('github.event.issue.title')).toBe(false);
    expect(isTrustedReference('inputs.command')).toBe(false);
    expect(isTrustedReference('secrets.TOKEN')).toBe(false);
  });

  it("know GitHub's shells: unspecified is `bash -e` (no pipefail), `bash` adds pipefail", () => {
    expect(effectiveShell(undefined)).toEqual({ name: 'bash', pipefail: false });
    expect(effectiveShell('bash')).toEqual({ name: 'bash', pipefail: true });
    expect(effectiveShell('bash --noprofile --norc -eo pipefail {0}')).toEqual({ name: 'bash', pipefail: true });
    expect(effectiveShell('bash -e {0}')).toEqual({ name: 'bash', pipefail: false });
  });

  it("check what is passed to shipkit's own actions and reusable workflows against what they declare", () => {
    const wf = `on: push
jobs:
  a:
    steps:
      - uses: ./actions/smoke
        with: { url: x, probez: y }
      - uses: org/shipkit/actions/coverage-gate@v1
      - uses: ./node_modules/.shipkit/actions/nope
  b:
    uses: org/shipkit/.github/workflows/pull-request.yml@v1
    with: { test-command: x, coverage: y }
    secrets: { TOKEN: z }
  c:
    uses: ./.github/workflows/codeql.yml
`;
    expect(ownActionInputProblems(wf)).toEqual([
      'line 5: smoke has no input `probez`',
      'line 7: coverage-gate needs `files`',
      'line 8: `./node_modules/.shipkit/actions/nope`: there is no action nope',
      'line 10: pull-request.yml has no input `coverage`',
      'line 10: pull-request.yml has no secret `TOKEN`',
      'line 14: `./.github/workflows/codeql.yml`: .github/workflows/codeql.yml is not a reusable workflow',
    ]);
  });
});

describe.each(['pull-request.yml', 'promote.yml'])('%s, a reusable workflow', (file) => {
  const text = readFileSync(join(workflowsDir, file), 'utf8');
  const wf = parse(text) as {
    on: Record<string, unknown>;
    jobs: Record<string, { steps?: { uses?: string; name?: string; with?: Record<string, unknown> }[] }>;
  };

  it('is only called, never triggered itself', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
  });

  it("runs shipkit's actions from its own repository at its own commit, after the caller's install", () => {
    const withOwn = Object.entries(wf.jobs).filter(([, { steps = [] }]) =>
      steps.some((s) => s.uses !== undefined && ownAction(s.uses) !== undefined),
    );
    expect(withOwn.length).toBeGreaterThanOrEqual(5);
    for (const [job, { steps = [] }] of withOwn) {
      const own = steps.findIndex((s) => s.uses !== undefined && ownAction(s.uses) !== undefined);
      const self = steps.findIndex(
        (s) => s.with?.repository === '${{ job.workflow_repository }}' && s.with?.ref === '${{ job.workflow_sha }}',
      );
      expect(self, `${job} checks out shipkit`).toBeGreaterThanOrEqual(0);
      expect(self, `${job}: the checkout comes before the action`).toBeLessThan(own);
      expect(steps[self]!.with!.path).toBe('node_modules/.shipkit');
      const install = steps.findIndex((s) => s.name === 'Install');
      if (install >= 0) expect(self, `${job}: npm ci would wipe node_modules/.shipkit`).toBeGreaterThan(install);
    }
  });
});

it('pull-request.yml has full history in every job whose action measures the change against a base', () => {
  const wf = parse(readFileSync(join(workflowsDir, 'pull-request.yml'), 'utf8')) as {
    jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  for (const job of ['gates', 'test', 'mutation']) {
    const checkout = wf.jobs[job]!.steps!.find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.repository === undefined);
    expect(checkout?.with?.['fetch-depth'], job).toBe(0);
  }
});
