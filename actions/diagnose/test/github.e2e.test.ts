/**
 * Comment, issue and auto modes, run-id log fetching and max-cycles escalation, against the GitHub
 * REST API emulator on loopback.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, startGitHubApi, json, type GitHubApi, type RunOptions } from '@shipkit/testkit';
import { addPullRequest as addPull } from './pull-request';

/** Every workspace this file creates lives here, removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'diagnose-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const logs = join(import.meta.dirname, 'fixtures', 'logs');
const TOKEN = 'ghs_emulatorTokenThatMustNeverBePrinted0123456789';

let api: GitHubApi;
beforeEach(async () => {
  api = await startGitHubApi();
});
afterEach(async () => {
  await api.close();
});

function workspace(...names: string[]): string {
  const ws = mkdtempSync(join(scratch, 'diagnose-gh-'));
  mkdirSync(join(ws, 'logs'));
  for (const n of names) cpSync(join(logs, n), join(ws, 'logs', n));
  return ws;
}

const prEvent = { pull_request: { number: 7, base: { sha: 'a'.repeat(40), ref: 'main' }, head: { sha: 'b'.repeat(40) } } };

const addPullRequest = (number = 7): void => addPull(api, number);

const run = (ws: string, inputs: Record<string, string>, runId: number, extra: Partial<RunOptions> = {}) =>
  runBundle('diagnose', {
    cwd: ws,
    githubApiUrl: api.url,
    inputs: { logs: 'logs/*.log', 'github-token': TOKEN, ...inputs },
    env: { GITHUB_RUN_ID: String(runId) },
    ...extra,
  });

const everythingSent = (): string =>
  api
    .apiRequests()
    .map((r) => `${r.path}\n${r.body}`)
    .join('\n');

describe('comment mode', () => {
  it('writes one sticky comment and updates it in place on the next run', async () => {
    addPullRequest();
    const ws = workspace('tsc.log');
    const first = await run(ws, { mode: 'comment' }, 2001, { event: prEvent, eventName: 'pull_request' });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs['comment-url']).toMatch(/^https:\/\/github\.com\/acme\/shop\/issues\/7#issuecomment-\d+$/);
    const second = await run(ws, { mode: 'comment' }, 2002, { event: prEvent, eventName: 'pull_request' });
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
    expect(api.state.comments).toHaveLength(1);
    const body = api.state.comments[0]?.body ?? '';
    expect(body).toContain('<!-- shipkit-diagnose -->');
    expect(body).toContain('Diagnosis: type — tier 1');
    expect(body).toContain('1 earlier diagnosis of this failure');
    expect(body).toContain('"runs":["2001/1","2002/1"]');
    expect(everythingSent()).not.toContain(TOKEN);
    expect(first.masks).toContain(TOKEN);
  });

  it('escalates after max-cycles earlier diagnoses: tier 3 and needs-human on the PR; a re-run of the same run is not counted twice', async () => {
    addPullRequest();
    const ws = workspace('tsc.log');
    const opts = { event: prEvent, eventName: 'pull_request' };
    for (const id of [3001, 3002, 3002]) {
      const r = await run(ws, { mode: 'comment', 'max-cycles': '2' }, id, opts);
      expect(r.outputs.tier).toBe('1');
    }
    const third = await run(ws, { mode: 'comment', 'max-cycles': '2' }, 3003, opts);
    expect(third.outputs.tier).toBe('3');
    expect(third.outputs.category).toBe('type');
    expect(third.outputs.summary).toMatch(/diagnosed 2 times before without a fix, so it is escalated to a person \(needs-human\)/);
    expect(api.state.issues.find((i) => i.number === 7)?.labels.map((l) => l.name)).toContain('needs-human');
    expect(third.report?.data.escalated).toBe(true);
  });

  it('a different failure on the same PR restarts the count', async () => {
    addPullRequest();
    const opts = { event: prEvent, eventName: 'pull_request' };
    await run(workspace('tsc.log'), { mode: 'comment', 'max-cycles': '1' }, 4001, opts);
    const other = await run(workspace('eslint-stylish.log'), { mode: 'comment', 'max-cycles': '1' }, 4002, opts);
    expect(other.outputs.tier).toBe('1');
    expect(api.state.comments).toHaveLength(1);
  });

  it('without a pull request it warns and keeps the summary', async () => {
    const r = await run(workspace('tsc.log'), { mode: 'comment' }, 5001);
    expect(r.code).toBe(0);
    expect(r.warnings.map((w) => w.message).join()).toMatch(/mode `comment` needs a pull request/);
    expect(r.outputs['comment-url']).toBe('');
    expect(r.summary).toContain('Diagnosis: type');
  });

  it('an API failure is a warning; the diagnosis still stands', async () => {
    addPullRequest();
    api.inject({ path: /\/issues\/7\/comments$/, status: 403, times: 20 });
    const r = await run(workspace('tsc.log'), { mode: 'comment' }, 5002, { event: prEvent, eventName: 'pull_request' });
    expect(r.code).toBe(0);
    expect(r.outputs.category).toBe('type');
    expect(r.warnings.map((w) => w.message).join()).toMatch(/could not update the pull request comment/);
  });
});

describe('issue mode', () => {
  it('opens one issue per fingerprint and updates it on the second run', async () => {
    const ws = workspace('oom.log');
    const first = await run(ws, { mode: 'issue' }, 6001);
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs['issue-url']).toMatch(/^https:\/\/github\.com\/acme\/shop\/issues\/\d+$/);
    expect(api.state.issues).toHaveLength(1);
    const issue = api.state.issues[0];
    expect(issue?.title).toBe('[diagnose] infra: FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory');
    expect(issue?.labels.map((l) => l.name)).toEqual(['shipkit-diagnose']);
    expect(issue?.body).toContain(`"fingerprint":"${first.outputs.fingerprint}"`);

    const second = await run(ws, { mode: 'issue' }, 6002);
    expect(second.outputs['issue-url']).toBe(first.outputs['issue-url']);
    expect(api.state.issues).toHaveLength(1);
    expect(api.state.issues[0]?.body).toContain('"runs":["6001/1","6002/1"]');
    expect(api.state.comments.map((c) => c.body)).toEqual([
      expect.stringMatching(
        /^Diagnosed again in https:\/\/github\.com\/acme\/shop\/actions\/runs\/6002 \(1 earlier diagnosis of this failure\)\.$/,
      ),
    ]);

    const other = await run(workspace('timeout.log'), { mode: 'issue' }, 6003);
    expect(other.outputs['issue-url']).not.toBe(first.outputs['issue-url']);
    expect(api.state.issues).toHaveLength(2);
  });

  it('reopens a closed issue when the failure comes back, and escalates at max-cycles with needs-human', async () => {
    const ws = workspace('no-space.log');
    await run(ws, { mode: 'issue', 'max-cycles': '1' }, 7001);
    const issue = api.state.issues[0];
    if (issue) issue.state = 'closed';
    const again = await run(ws, { mode: 'issue', 'max-cycles': '1' }, 7002);
    expect(api.state.issues).toHaveLength(1);
    expect(api.state.issues[0]?.state).toBe('open');
    expect(again.outputs.tier).toBe('3');
    expect(again.report?.data.escalated).toBe(true);
    expect(api.state.issues[0]?.labels.map((l) => l.name).sort()).toEqual(['needs-human', 'shipkit-diagnose']);
    expect(api.state.labels.map((l) => l.name)).toEqual(['needs-human']);
  });
});

describe('rate limits: Retry-After is waited out in full, then the write succeeds once', () => {
  /** The first REST write and the retry of it, as the emulator received them. */
  const writes = () => api.requests.filter((q) => q.method !== 'GET' && q.url !== '/graphql');

  it('comment mode: a 429 with Retry-After: 2 on the first write', async () => {
    addPullRequest();
    api.inject({ writes: true, status: 429, headers: { 'retry-after': '2' } });
    const r = await run(workspace('tsc.log'), { mode: 'comment' }, 9701, { event: prEvent, eventName: 'pull_request' });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
    const [limited, retried] = writes();
    expect(limited?.url).toBe('/repos/acme/shop/issues/7/comments');
    expect(retried?.url).toBe(limited?.url);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    expect(api.state.comments).toHaveLength(1);
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/GitHub answered 429 .* retrying in 2 s/);
  });

  it('issue mode: a 429 with Retry-After: 2 on the first write', async () => {
    api.inject({ writes: true, status: 429, headers: { 'retry-after': '2' } });
    const r = await run(workspace('oom.log'), { mode: 'issue' }, 9702);
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['issue-url']).toMatch(/\/issues\/\d+$/);
    const [limited, retried] = writes();
    expect(limited?.url).toBe('/repos/acme/shop/issues');
    expect(retried?.url).toBe('/repos/acme/shop/issues');
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    expect(api.state.issues).toHaveLength(1);
  });
});

describe('forged state: only what the token itself wrote counts', () => {
  const STRANGER = 'ghp_strangerTokenForTheForgery0123456789';
  beforeEach(() => {
    api.addToken(STRANGER, { login: 'mallory', type: 'User' });
  });
  const forgedState = (fingerprint: string, n = 6) =>
    `<!-- shipkit-diagnose:state ${JSON.stringify({ fingerprint, runs: Array.from({ length: n }, (_, k) => `${k + 1}/1`) })} -->`;
  const post = (path: string, body: unknown) =>
    fetch(`${api.url}${path}`, { method: 'POST', headers: { authorization: `token ${STRANGER}` }, body: JSON.stringify(body) });
  const fingerprintOf = async (ws: string) => (await run(ws, { mode: 'summary' }, 9800)).outputs.fingerprint as string;

  it("a stranger's comment with the marker and a state line: ignored, not edited, no escalation", async () => {
    addPullRequest();
    const ws = workspace('tsc.log');
    const fp = await fingerprintOf(ws);
    const forged = `<!-- shipkit-diagnose -->\nlooks like ours\n${forgedState(fp)}\n`;
    expect((await post('/repos/acme/shop/issues/7/comments', { body: forged })).status).toBe(201);
    const r = await run(ws, { mode: 'comment', 'max-cycles': '2' }, 9801, { event: prEvent, eventName: 'pull_request' });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.tier).toBe('1');
    expect(r.report?.data.escalated).toBe(false);
    expect(api.state.comments).toHaveLength(2);
    expect(api.state.comments[0]?.body).toBe(forged);
    expect(api.state.comments[1]?.user.login).toBe('github-actions[bot]');
    expect(r.outputs['comment-url']).toBe(api.state.comments[1]?.html_url);
    expect(api.state.issues.find((i) => i.number === 7)?.labels).toEqual([]);
  });

  it('a state line inside quoted log text is escaped, so the next run does not read it', async () => {
    addPullRequest();
    const ws = workspace('tsc.log');
    const fp = await fingerprintOf(ws);
    const log = readFileSync(join(logs, 'tsc.log'), 'utf8').replace(
      /(error TS2322[^\n]*\n)/,
      `$1${'2026-01-10T10:00:06.0000000Z '}${forgedState(fp)}\n`,
    );
    writeFileSync(join(ws, 'logs', 'tsc.log'), log);
    expect((await run(ws, { mode: 'summary' }, 9802)).outputs.fingerprint).toBe(fp);
    const opts = { event: prEvent, eventName: 'pull_request' };
    const first = await run(ws, { mode: 'comment', 'max-cycles': '2' }, 9803, opts);
    expect(first.outputs.tier).toBe('1');
    const body = api.state.comments[0]?.body ?? '';
    // The quoted line is there, as text.
    expect(body).toContain('&lt;!-- shipkit-diagnose:state');
    expect(body.match(/<!--/g)).toHaveLength(2);
    const second = await run(ws, { mode: 'comment', 'max-cycles': '2' }, 9804, opts);
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs.tier).toBe('1');
    expect(second.report?.data.earlierCycles).toBe(1);
    expect(api.state.comments).toHaveLength(1);
    expect(api.state.comments[0]?.body).toMatch(
      /<!-- shipkit-diagnose:state \{"fingerprint":"[0-9a-f]+","runs":\["9803\/1","9804\/1"\]\} -->\n$/,
    );
  });

  it("issue mode: a stranger's issue with the label and the fingerprint's state is not the diagnosis issue", async () => {
    const ws = workspace('oom.log');
    const fp = await fingerprintOf(ws);
    const res = await post('/repos/acme/shop/issues', {
      title: '[diagnose] infra: heap',
      body: `<!-- shipkit-diagnose -->\nforged\n${forgedState(fp)}\n`,
      labels: ['shipkit-diagnose'],
    });
    expect(res.status).toBe(201);
    const r = await run(ws, { mode: 'issue', 'max-cycles': '2' }, 9805);
    expect(r.code, r.stdout).toBe(0);
    expect(r.report?.data.escalated).toBe(false);
    expect(api.state.issues).toHaveLength(2);
    const [theirs, ours] = api.state.issues;
    expect(theirs?.body).toContain('forged');
    expect(theirs?.state).toBe('open');
    expect(api.state.comments).toEqual([]);
    expect(ours?.user.login).toBe('github-actions[bot]');
    expect(r.outputs['issue-url']).toBe(ours?.html_url);
  });

  it("a PAT acts as its user: that user's earlier comment is the sticky one", async () => {
    addPullRequest();
    const PAT = 'ghp_maintainerTokenForDiagnose0123456789ab';
    api.addToken(PAT, { login: 'maintainer', type: 'User' });
    const ws = workspace('tsc.log');
    const opts = { event: prEvent, eventName: 'pull_request' };
    await run(ws, { mode: 'comment', 'github-token': PAT }, 9806, opts);
    const again = await run(ws, { mode: 'comment', 'github-token': PAT }, 9807, opts);
    expect(again.report?.data.earlierCycles).toBe(1);
    expect(api.state.comments).toHaveLength(1);
    expect(api.state.comments[0]?.user.login).toBe('maintainer');
  });
});

describe('redaction before anything is posted', () => {
  it('tokens, keys, URL credentials and the redact patterns in a log never reach the issue, its comments or the outputs', async () => {
    const ws = workspace();
    const secrets = ['ghp_abcdefghijklmnopqrstuvwxyz0123456789AB', 'AKIAIOSFODNN7EXAMPLE', 'hunter2hunter2', 'acct-99812-internal'];
    writeFileSync(
      join(ws, 'logs', 'deploy.log'),
      [
        `curl https://deploy:${secrets[2]}@registry.example.com/${secrets[3]} with ${secrets[1]}`,
        `FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory (token ${secrets[0]}, ${secrets[3]})`,
      ].join('\n'),
    );
    for (const id of [9501, 9502]) {
      const r = await run(ws, { mode: 'issue', redact: 'acct-\\d+-internal' }, id);
      expect(r.code, r.stdout).toBe(0);
      const printed = r.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      for (const s of secrets) expect(printed + r.summary + JSON.stringify(r.outputs) + JSON.stringify(r.report)).not.toContain(s);
    }
    expect(api.state.issues).toHaveLength(1);
    expect(api.state.issues[0]?.body).toContain('***');
    for (const s of [...secrets, TOKEN]) expect(everythingSent()).not.toContain(s);
  });
});

describe('auto mode', () => {
  it('tier 1–2 → the PR comment, tier 3 → an issue', async () => {
    addPullRequest();
    const opts = { event: prEvent, eventName: 'pull_request' };
    const lint = await run(workspace('eslint-stylish.log'), { mode: 'auto' }, 8001, opts);
    expect(lint.outputs['comment-url']).not.toBe('');
    expect(lint.outputs['issue-url']).toBe('');
    const infra = await run(workspace('shutdown.log'), { mode: 'auto' }, 8002, opts);
    expect(infra.outputs['issue-url']).not.toBe('');
    expect(infra.outputs['comment-url']).toBe('');
  });

  it('an escalated comment also opens an issue with needs-human', async () => {
    addPullRequest();
    const opts = { event: prEvent, eventName: 'pull_request' };
    const ws = workspace('vitest.log');
    await run(ws, { mode: 'auto', 'max-cycles': '1' }, 8101, opts);
    const escalated = await run(ws, { mode: 'auto', 'max-cycles': '1' }, 8102, opts);
    expect(escalated.outputs.tier).toBe('3');
    expect(escalated.outputs['comment-url']).not.toBe('');
    expect(escalated.outputs['issue-url']).not.toBe('');
    const issue = api.state.issues.find((i) => !i.pull_request);
    expect(issue?.labels.map((l) => l.name)).toContain('needs-human');
  });
});

describe('run-id: the logs of the failed jobs of a workflow run', () => {
  function seedRun(runId: number, jobs: { id: number; name: string; conclusion: string; log?: string }[]): void {
    api.state.workflowRuns.push({ id: runId, name: 'CI', head_branch: 'feature', conclusion: 'failure', status: 'completed' });
    for (const j of jobs) {
      api.state.jobs.push({
        id: j.id,
        run_id: runId,
        name: j.name,
        status: 'completed',
        conclusion: j.conclusion,
        html_url: `https://github.com/acme/shop/actions/runs/${runId}/job/${j.id}`,
        steps: [
          { name: 'Set up job', conclusion: 'success', number: 1 },
          { name: 'Run tests', conclusion: j.conclusion === 'success' ? 'success' : 'failure', number: 2 },
        ],
      });
      if (j.log) api.state.jobLogs[j.id] = readFileSync(join(logs, j.log), 'utf8');
    }
  }

  it('reads only the failed jobs, links them, and comments on the PR of a workflow_run event', async () => {
    addPullRequest(12);
    seedRun(555, [
      { id: 91, name: 'lint', conclusion: 'success', log: 'oom.log' },
      { id: 92, name: 'test (node 24)', conclusion: 'failure', log: 'vitest.log' },
    ]);
    const ws = mkdtempSync(join(scratch, 'diagnose-run-'));
    const r = await runBundle('diagnose', {
      cwd: ws,
      githubApiUrl: api.url,
      eventName: 'workflow_run',
      event: { workflow_run: { id: 555, run_attempt: 1, pull_requests: [{ number: 12 }] } },
      inputs: { 'run-id': '555', mode: 'comment', 'github-token': TOKEN },
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.category).toBe('test');
    expect(r.report?.data.jobs.map((j: { name: string }) => j.name)).toEqual(['test (node 24)']);
    expect(r.report?.data.evidence[0].source).toBe('job test (node 24)');
    expect(r.report?.data.evidence[0].step).toBe('Run npx vitest run');
    expect(r.report?.data.links.diagnosedRun).toBe('https://github.com/acme/shop/actions/runs/555');
    expect(api.state.comments.find((c) => c.issue_number === 12)?.body).toContain(
      '[job test (node 24)](https://github.com/acme/shop/actions/runs/555/job/92)',
    );
    expect(api.apiRequests().some((q) => q.path.startsWith('/repos/acme/shop/actions/jobs/91/logs'))).toBe(false);
    expect(api.apiRequests().every((q) => q.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('a PR from a fork (workflow_run.pull_requests is empty) is found by its head branch and commit', async () => {
    addPullRequest(21);
    const sha = 'c'.repeat(40);
    api.route('GET', /^\/repos\/acme\/shop\/pulls$/, ({ query, res }) => {
      const pulls = [
        { number: 20, state: 'open', head: { sha: 'd'.repeat(40), ref: 'fix-cart', label: 'someone:fix-cart' } },
        { number: 21, state: 'open', head: { sha, ref: 'fix-cart', label: 'forker:fix-cart' } },
      ];
      json(
        res,
        200,
        pulls.filter((p) => p.head.label === query.get('head')),
      );
    });
    seedRun(557, [{ id: 95, name: 'test', conclusion: 'failure', log: 'jest.log' }]);
    const r = await runBundle('diagnose', {
      cwd: mkdtempSync(join(scratch, 'diagnose-run-')),
      githubApiUrl: api.url,
      eventName: 'workflow_run',
      event: {
        workflow_run: {
          id: 557,
          run_attempt: 2,
          pull_requests: [],
          head_branch: 'fix-cart',
          head_sha: sha,
          head_repository: { owner: { login: 'forker' } },
        },
      },
      inputs: { 'run-id': '557', mode: 'comment', 'github-token': TOKEN },
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['comment-url']).toMatch(/\/issues\/21#issuecomment-/);
    expect(api.apiRequests().find((q) => q.path.startsWith('/repos/acme/shop/pulls'))?.path).toContain('head=forker%3Afix-cart');
    expect(api.state.comments[0]?.body).toContain('"runs":["557/2"]');
  });

  it('several jobs failing in different ways → tier 3', async () => {
    seedRun(556, [
      { id: 93, name: 'lint', conclusion: 'failure', log: 'eslint-stylish.log' },
      { id: 94, name: 'build', conclusion: 'failure', log: 'vite-build.log' },
    ]);
    const r = await run(mkdtempSync(join(scratch, 'diagnose-run-')), { logs: '', 'run-id': '556' }, 9001);
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.category).toBe('build');
    expect(r.outputs.tier).toBe('3');
    expect(r.outputs.summary).toMatch(/Raised to tier 3: 2 jobs failed in different ways/);
  });

  it('a run that does not exist is a configuration error naming run-id', async () => {
    const r = await run(mkdtempSync(join(scratch, 'diagnose-run-')), { logs: '', 'run-id': '999' }, 9002);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/workflow run 999 was not found in acme\/shop/);
  });
});
