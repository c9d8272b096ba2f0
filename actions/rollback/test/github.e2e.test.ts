import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, runBundle, startServer, type GitHubApi, type TestServer } from '@shipkit/testkit';
import type { GitHubLedger } from '@shipkit/deploy/github-ledger';
import { githubLedger, latestStates, OTHER_RUN, RUN_URL, seed, sha, startEdge, writeEnvelope, writes, type Seeded } from './helpers';

let gh: GitHubApi;
let ledger: GitHubLedger;
let workspace: string;
let edge: TestServer;
let hook: TestServer;
let healthy: (id: string) => boolean;
const liveFile = () => join(workspace, 'live.txt');
const live = (): string | undefined => (existsSync(liveFile()) ? readFileSync(liveFile(), 'utf8').trim() : undefined);

const PROVIDER_TOKEN = 'cmd_provider_secret_4711';
const GITHUB_TOKEN = 'ghs_rollbacktesttoken0000000000000000';
const HOOK_PATH = '/services/T0001/B0002/hooksecret0xyz';

beforeEach(async () => {
  ({ gh, ledger } = await githubLedger());
  workspace = mkdtempSync(join(tmpdir(), 'shipkit-rollback-gh-'));
  healthy = (id) => !id.startsWith('bad');
  edge = await startEdge(live, (id) => healthy(id));
  hook = await startServer((_req, res) => json(res, 200, { ok: true }));
  // The "platform": the rollback script points traffic at the deployment it is given.
  writeFileSync(join(workspace, 'rollback.sh'), 'echo "$SHIPKIT_DEPLOYMENT_ID" > live.txt\n');
});
afterEach(async () => {
  await Promise.all([gh.close(), edge.close(), hook.close()]);
  rmSync(workspace, { recursive: true, force: true });
});

const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runBundle('rollback', {
    inputs: {
      provider: 'command',
      'rollback-command': 'sh rollback.sh',
      token: PROVIDER_TOKEN,
      'github-token': GITHUB_TOKEN,
      ...inputs,
    },
    cwd: workspace,
    githubApiUrl: gh.url,
    env: { GITHUB_SHA: sha('b'), ...env },
  });

/** v1 good, v2 bad and live: what a production deploy of v2 leaves. */
async function history(): Promise<{ good: Seeded; bad: Seeded }> {
  const good = await seed(ledger, { sha: sha('a'), providerId: 'rel-1', url: edge.url });
  const bad = await seed(ledger, { sha: sha('b'), providerId: 'bad-2', url: edge.url });
  writeFileSync(liveFile(), 'bad-2');
  return { good, bad };
}

const ourIssues = () => gh.state.issues.filter((i) => i.user.login === 'github-actions[bot]');
/** What the run said and sent besides the credentials' own destinations (GitHub's Authorization header, the webhook's URL). */
const everythingSent = (r: { stdout: string; stderr: string; summary: string; report?: unknown }) =>
  JSON.stringify(gh.apiRequests().map((q) => ({ path: q.path, body: q.body }))) +
  JSON.stringify(hook.requests.map((q) => ({ headers: q.headers, body: q.body }))) +
  r.stdout.replace(/^::add-mask::.*$/gm, '') +
  r.stderr +
  r.summary +
  JSON.stringify(r.report);

describe('rollback on the GitHub ledger', () => {
  it('finds the good deployment on page 3, opens one issue with the evidence, notifies the webhook; a re-run changes nothing', async () => {
    const good = await seed(ledger, { sha: sha('a'), providerId: 'rel-1', url: edge.url });
    // Two pages of deployments between it and the bad one: failed ones of ours, and a stranger's
    // "successes" carrying our payload (never a candidate).
    for (let n = 0; n < 210; n++) {
      const r = await ledger.create({
        environment: 'production',
        ref: 'main',
        sha: sha(String(n % 10)),
        transient: false,
        production: true,
        payload: { shipkit: 1, provider: 'command', name: 'shop' },
      });
      const stranger = n % 3 === 0;
      if (stranger) (gh.state.deployments.find((d) => d.id === Number(r.id)) as { creator: { login: string } }).creator.login = 'mallory';
      await ledger.setStatus(r.id, {
        state: stranger ? 'success' : 'failure',
        environmentUrl: edge.url,
        description: stranger ? JSON.stringify({ id: 'evil-1' }) : 'deploy failed',
      });
    }
    const bad = await seed(ledger, { sha: sha('b'), providerId: 'bad-2', url: edge.url });
    writeFileSync(liveFile(), 'bad-2');
    // A stranger's issue with our label, marker and the same fingerprint: not ours, never edited.
    const forged = `<!-- shipkit-rollback -->\nforged\n<!-- shipkit-rollback:state {"fingerprint":"rollback:production@${sha('b')}","runs":[]} -->\n`;
    gh.state.issues.push({
      id: 1,
      number: 1,
      title: 'forged',
      body: forged,
      user: { login: 'mallory', id: 4242, type: 'User' },
      state: 'open',
      labels: [{ name: 'shipkit-rollback' }],
      html_url: 'https://github.com/acme/shop/issues/1',
      url: '',
      comments: 0,
      created_at: '',
      updated_at: '',
    });
    const reports = join(workspace, 'reports');
    const evidence = [
      writeEnvelope(reports, 'slo-watch-deploy-1.json', 'slo-watch', 'fail', {
        verdict: 'fail',
        reason: `errors above the SLO <!-- shipkit-rollback:state {"fingerprint":"x"} --> token ${PROVIDER_TOKEN}`,
        candidateRequests: 640,
        metrics: [
          {
            name: 'errors',
            kind: 'errors',
            verdict: 'fail',
            candidate: { requests: 640, bad: 15, rate: 15 / 640 },
            baseline: { requests: 12160, bad: 122, rate: 122 / 12160 },
          },
        ],
      }),
      writeEnvelope(reports, 'smoke-deploy-2.json', 'smoke', 'fail', {
        passed: false,
        total: 3,
        failed: 2,
        p95Ms: 812,
        probes: [{ name: 'GET /healthz', passed: false, reasons: ['status 503, expected 2xx'] }],
      }),
      writeEnvelope(reports, 'diagnose-deploy-3.json', 'diagnose', 'neutral', {
        category: 'deploy',
        tier: 3,
        summary: 'the new release answers 5xx on /checkout',
        issueUrl: 'https://github.com/acme/shop/issues/77',
        links: { run: RUN_URL },
      }),
    ];
    const r = await run({
      reason: 'slo-watch failed: error rate 2.3 % vs 1.0 %',
      evidence: `${join('reports', '*.json')}\nmissing-report.json`,
      'webhook-url': `${hook.url}${HOOK_PATH}`,
    });
    expect(r.code, r.stdout).toBe(0);
    expect(live()).toBe('rel-1');
    // Paginated: page 3 was read, and only our own deployments' statuses were asked for.
    expect(gh.apiRequests().some((q) => q.method === 'GET' && /\/deployments\?.*page=3/.test(q.path))).toBe(true);
    const states = latestStates(gh);
    expect(states[bad.id]).toBe('failure');
    expect(states[good.id]).toBe('success');
    const restore = gh.state.deploymentStatuses.filter((s) => s.deployment_id === Number(good.id)).at(-1) as Record<string, unknown>;
    expect(restore).toMatchObject({ state: 'success', environment_url: edge.url, log_url: RUN_URL });
    const restoreBody = gh
      .apiRequests()
      .filter((q) => q.method === 'POST' && q.path.endsWith(`/deployments/${good.id}/statuses`))
      .at(-1);
    expect(JSON.parse(restoreBody?.body ?? '{}')).toMatchObject({ state: 'success', auto_inactive: false });
    expect(r.report?.data.evidence.map((e: { path: string }) => e.path)).toEqual([...evidence].sort());
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/evidence: `evidence`: no file matched `missing-report.json`|no report matched/),
    ]);

    // One issue of ours; the stranger's untouched.
    expect(gh.state.issues.find((i) => i.number === 1)?.body).toBe(forged);
    expect(ourIssues()).toHaveLength(1);
    const issue = ourIssues()[0]!;
    expect(r.outputs['issue-url']).toBe(issue.html_url);
    expect(issue.title).toBe('[rollback] production: bbbbbbb rolled back to aaaaaaa');
    expect(issue.labels.map((l) => l.name)).toEqual(['shipkit-rollback']);
    for (const text of [
      '`production` rolled back and verified',
      `#${bad.id} (\`bad-2\`) | \`bbbbbbb\``,
      `#${good.id} (\`rel-1\`) | \`aaaaaaa\``,
      'slo-watch failed: error rate 2.3 % vs 1.0 %',
      'errors 15/640 = 2.34 % vs baseline 1.00 %',
      '2 of 3 probes failed, p95 812 ms, GET /healthz: status 503, expected 2xx',
      'deploy, tier 3: the new release answers 5xx on /checkout — https://github.com/acme/shop/issues/77',
      `Run: ${RUN_URL}`,
      'Deployments of `production`: https://github.com/acme/shop/deployments/production',
      'Diagnosis: https://github.com/acme/shop/issues/77',
      '1 of 1 probe passed',
    ])
      expect(issue.body).toContain(text);
    // Quoted text cannot carry a marker or a state line; the only state line is ours, last.
    expect(issue.body).toContain('&lt;!-- shipkit-rollback:state {"fingerprint":"x"}');
    expect(issue.body.trim().split('\n').at(-1)).toMatch(
      /^<!-- shipkit-rollback:state \{"fingerprint":"rollback:production@b{40}","runs":\["1001\/1"\]\} -->$/,
    );

    // The webhook: one POST, Slack-compatible text plus fields; no secret anywhere.
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]).toMatchObject({ method: 'POST', url: HOOK_PATH });
    expect(hook.requests[0]?.headers['content-type']).toBe('application/json');
    const note = JSON.parse(hook.requests[0]?.body ?? '{}');
    expect(note).toMatchObject({
      source: 'shipkit/rollback',
      environment: 'production',
      outcome: 'restored',
      verified: true,
      method: 'native',
      reason: 'slo-watch failed: error rate 2.3 % vs 1.0 %',
      from: { ledgerId: bad.id, deploymentId: 'bad-2', sha: sha('b') },
      to: { ledgerId: good.id, deploymentId: 'rel-1', sha: sha('a'), url: edge.url },
      links: { run: RUN_URL, issue: issue.html_url, diagnosis: 'https://github.com/acme/shop/issues/77' },
    });
    expect(note.text).toMatch(/^:leftwards_arrow_with_hook: \*production\* rolled back from `bbbbbbb` to `aaaaaaa` and verified\./);
    expect(note.text).toContain(`<${issue.html_url}|issue>`);
    expect(note.evidence.map((e: { action: string }) => e.action)).toEqual(['diagnose', 'slo-watch', 'smoke']);
    const sent = everythingSent(r);
    for (const secret of [PROVIDER_TOKEN, GITHUB_TOKEN, 'hooksecret0xyz']) expect(sent).not.toContain(secret);
    expect(hook.requests[0]?.body).toContain('***');

    // The same run again: nothing to do, nothing written, nobody notified again.
    const since = gh.apiRequests().length;
    const again = await run({ reason: 'slo-watch failed', 'webhook-url': `${hook.url}${HOOK_PATH}` }, { GITHUB_RUN_ATTEMPT: '2' });
    expect(again.code, again.stdout).toBe(0);
    expect(again.summary).toMatch(/Nothing to do: #\d+ \(rel-1\) at aaaaaaa is already the live deployment/);
    expect(writes(gh, since)).toEqual([]);
    expect(hook.requests).toHaveLength(1);
  });

  it('the lock: another run’s deploy in progress is refused, naming that run; `force` goes ahead', async () => {
    const { good } = await history();
    const busy = await seed(ledger, { sha: sha('c'), providerId: 'rel-3', url: edge.url, state: 'in_progress', logUrl: OTHER_RUN });
    const seeded = gh.apiRequests().length;
    const refused = await run({});
    expect(refused.code).toBe(1);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]?.message).toMatch(
      new RegExp(
        `another deploy or rollback of \`production\` is in progress: deployment #${busy.id} .*held by run ${OTHER_RUN}.*\`force: true\``,
      ),
    );
    expect(writes(gh, seeded)).toEqual([]);
    expect(live()).toBe('bad-2');
    const forced = await run({ force: 'true' });
    expect(forced.code, forced.stdout).toBe(0);
    expect(live()).toBe('rel-1');
    // The deploy in progress is what was live: it is the one rolled back; the run's bad commit is never the target.
    expect(JSON.parse(forced.outputs['rolled-back-from'] as string).ledgerId).toBe(busy.id);
    expect(JSON.parse(forced.outputs['rolled-back-to'] as string).ledgerId).toBe(good.id);
  });

  it('5xx and 429 from GitHub are waited out and retried: each write happens once', async () => {
    const { good, bad } = await history();
    gh.inject({ method: 'GET', path: /\/deployments$/, status: 502 });
    gh.inject({ method: 'GET', path: /\/statuses$/, status: 429, headers: { 'retry-after': '1' } });
    gh.inject({ method: 'POST', path: /\/statuses$/, status: 500 });
    gh.inject({ method: 'POST', path: /\/issues$/, status: 503 });
    const r = await run({});
    expect(r.code, r.stdout).toBe(0);
    expect(gh.faults.every((f) => f.times === 0)).toBe(true);
    const posted = (id: string) => gh.state.deploymentStatuses.filter((s) => s.deployment_id === Number(id)).map((s) => s.state);
    expect(posted(bad.id)).toEqual(['in_progress', 'success', 'in_progress', 'failure']);
    expect(posted(good.id)).toEqual(['in_progress', 'success', 'success']);
    expect(ourIssues()).toHaveLength(1);
  });

  it('verification failing: one error, exit 1, the issue says it needs a person (tier 3)', async () => {
    const { good, bad } = await history();
    healthy = () => false;
    const r = await run({ 'verify-probes': '- path: /healthz\n  expect: { status: 200 }' });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(
      /rollback did not restore service in production: traffic was switched to #\d+ \(rel-1\).*GET \/healthz: status 500, expected 200.*tier 3/,
    );
    expect(r.outputs.verified).toBe('false');
    expect(live()).toBe('rel-1');
    const states = latestStates(gh);
    // Traffic left the bad one; the good one is not recorded success again without verification.
    expect(states[bad.id]).toBe('failure');
    expect(gh.state.deploymentStatuses.filter((s) => s.deployment_id === Number(good.id)).map((s) => s.state)).toEqual([
      'in_progress',
      'success',
    ]);
    const issue = ourIssues()[0]!;
    expect(issue.title).toBe('[rollback] production: bbbbbbb rollback to aaaaaaa did not restore service');
    expect(issue.labels.map((l) => l.name).sort()).toEqual(['needs-human', 'shipkit-rollback']);
    expect(issue.body).toContain('**Needs a person (tier 3).**');
    expect(issue.body).toContain('0 of 1 probe passed');
    expect(r.summary).toMatch(/Verification: failed/);
  });

  it('a switch that failed, then a re-run that works: the same issue, updated and reopened', async () => {
    await history();
    writeFileSync(
      join(workspace, 'flaky.sh'),
      'if [ ! -f tried ]; then touch tried; echo "edge API down" >&2; exit 1; fi\nsh rollback.sh\n',
    );
    const first = await run({ 'rollback-command': 'sh flaky.sh' });
    expect(first.code).toBe(1);
    expect(live()).toBe('bad-2');
    expect(ourIssues()).toHaveLength(1);
    expect(ourIssues()[0]?.body).toMatch(
      /the provider did not switch back: `rollback-command` exited with code 1; its output ends:\s+edge API down/,
    );
    gh.state.issues[0]!.state = 'closed';
    const second = await run({ 'rollback-command': 'sh flaky.sh' }, { GITHUB_RUN_ATTEMPT: '2' });
    expect(second.code, second.stdout).toBe(0);
    expect(live()).toBe('rel-1');
    expect(ourIssues()).toHaveLength(1);
    const issue = ourIssues()[0]!;
    expect(issue.state).toBe('open');
    expect(issue.title).toBe('[rollback] production: bbbbbbb rolled back to aaaaaaa');
    expect(issue.body).toMatch(/"runs":\["1001\/1","1001\/2"\]/);
    const comments = gh.state.comments.filter((c) => c.issue_number === issue.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(
      /Rolled back again in https:\/\/github.com\/acme\/shop\/actions\/runs\/1001: restored #\d+ \(`rel-1`\)/,
    );
  });

  it('dry run: says what it would do, and no write request reaches GitHub, the webhook or the platform', async () => {
    const { good, bad } = await history();
    const seeded = gh.apiRequests().length;
    const r = await run({ 'dry-run': 'true', 'webhook-url': `${hook.url}${HOOK_PATH}` });
    expect(r.code, r.stdout).toBe(0);
    expect(writes(gh, seeded)).toEqual([]);
    expect(hook.requests).toEqual([]);
    expect(live()).toBe('bad-2');
    expect(r.summary).toContain(
      `Would roll back \`production\` from #${bad.id} (bad-2) at bbbbbbb to #${good.id} (rel-1) at aaaaaaa: native instant rollback`,
    );
    expect(r.summary).toMatch(
      /open or update the issue of the bad deployment, POST the webhook notification\. Dry run: nothing was changed\./,
    );
    expect(r.outputs.verified ?? '').toBe('');
    expect(r.report?.data.outcome).toBe('dry-run');
  });

  it('bad input: one clear error each, nothing written', async () => {
    const { bad } = await history();
    await ledger.setStatus(bad.id, { state: 'failure', description: 'rolled back to #1: by hand' });
    const seeded = gh.apiRequests().length;
    const cases: [Record<string, string>, RegExp][] = [
      [{ to: '424242' }, /`to`: deployment `424242` is not in the ledger of `production` \(GitHub Deployments of acme\/shop\)/],
      [{ to: 'dpl_missing' }, /`to`: deployment `dpl_missing` is not in the ledger/],
      [
        { to: bad.id },
        /`to`: deployment `\d+` of `production` cannot be restored: it was marked bad \(failure: rolled back to #1: by hand\)/,
      ],
      [{ environment: 'staging' }, /`environment`: `staging` has no good deployment to roll back to .*among 0 deployments/],
      [{ 'dry-run': 'true', force: 'true' }, /`force` with `dry-run`/],
      [{ 'rollback-command': '' }, /provider `command` needs `rollback-command`.*or `deploy-command`/],
      [{ 'verify-probes': '- path: /healthz\n  expect: { staus: 200 }' }, /`verify-probes`: .*unknown key `expect.staus`/],
      [{ provider: 'vercel', project: 'shop', token: '' }, /token.*provider `vercel` needs it/s],
    ];
    for (const [inputs, message] of cases) {
      const r = await run(inputs);
      expect(r.code, JSON.stringify(inputs)).toBe(1);
      expect(r.errors, JSON.stringify(inputs)).toHaveLength(1);
      expect(r.errors[0]?.message).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(writes(gh, seeded)).toEqual([]);
    expect(live()).toBe('bad-2');
  });
});
