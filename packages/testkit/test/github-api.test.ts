import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escapeMarkers,
  findOwnIssue,
  findStickyComment,
  githubClient,
  markedBody,
  readMarkedState,
  tokenIdentity,
  writeStickyComment,
  type GitHubClient,
} from '@shipkit/kit/github';
import { ConfigurationError } from '@shipkit/kit';
import { setCommandWriter } from '@shipkit/kit/commands';
import { GITHUB_ACTIONS_BOT, startGitHubApi, type GitHubApi } from '../src/github-api';

let api: GitHubApi;
const warnings: string[] = [];

beforeAll(async () => {
  api = await startGitHubApi();
  // The client logs rate-limit waits as workflow commands; keep them out of the test output.
  setCommandWriter((line) => warnings.push(line));
});
afterAll(() => api.close());

/** A raw request; as GITHUB_TOKEN unless `token` says otherwise (`''`: no token at all). */
const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token = 'ghs_rawCallToken') => {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `token ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> & Record<string, unknown>[] };
};

describe('startGitHubApi', () => {
  it('creates, reads, updates and lists issues with GitHub shapes', async () => {
    const created = await call('POST', '/repos/acme/shop/issues', { title: 'Flaky deploy', body: 'details', labels: ['shipkit'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: 1,
      title: 'Flaky deploy',
      state: 'open',
      labels: [{ name: 'shipkit' }],
      html_url: 'https://github.com/acme/shop/issues/1',
      url: `${api.url}/repos/acme/shop/issues/1`,
    });
    await call('POST', '/repos/acme/shop/issues', { title: 'Other' });
    api.state.issues.push({ ...api.state.issues[0]!, id: 1, number: 10, title: 'seeded PR', pull_request: {} });
    expect((await call('POST', '/repos/acme/shop/issues', { title: 'after the seed' })).body.number).toBe(11);
    api.state.issues.splice(2);
    expect((await call('GET', '/repos/acme/shop/issues/1')).body.title).toBe('Flaky deploy');
    expect((await call('GET', '/repos/acme/shop/issues/99')).status).toBe(404);
    const patched = await call('PATCH', '/repos/acme/shop/issues/2', { state: 'closed', labels: ['a', { name: 'b' }] });
    expect(patched.body).toMatchObject({ state: 'closed', labels: [{ name: 'a' }, { name: 'b' }] });
    expect((await call('GET', '/repos/acme/shop/issues')).body.map((i) => i.number)).toEqual([1]);
    expect((await call('GET', '/repos/acme/shop/issues?state=all&labels=a')).body.map((i) => i.number)).toEqual([2]);
    await call('POST', '/repos/acme/shop/issues/1/labels', { labels: ['triage', 'shipkit'] });
    expect(api.state.issues[0]?.labels).toEqual([{ name: 'shipkit' }, { name: 'triage' }]);
  });

  it('creates, updates and lists comments, counting them on the issue', async () => {
    const c = await call('POST', '/repos/acme/shop/issues/1/comments', { body: 'first' });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ issue_number: 1, body: 'first', user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' } });
    const updated = await call('PATCH', `/repos/acme/shop/issues/comments/${String(c.body.id)}`, { body: 'second' });
    expect(updated.body.body).toBe('second');
    expect((await call('PATCH', '/repos/acme/shop/issues/comments/1', { body: 'x' })).status).toBe(404);
    expect((await call('GET', '/repos/acme/shop/issues/1/comments')).body.map((x) => x.body)).toEqual(['second']);
    expect(api.state.issues[0]?.comments).toBe(1);
  });

  it('paginates with Link headers pointing at the next page of the same path', async () => {
    for (let i = 0; i < 5; i++) await call('POST', '/repos/acme/shop/issues/50/comments', { body: `c${i}` });
    const first = await call('GET', '/repos/acme/shop/issues/50/comments?per_page=2');
    expect(first.body.map((x) => x.body)).toEqual(['c0', 'c1']);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toBe(`${api.url}/repos/acme/shop/issues/50/comments?per_page=2&page=2`);
    const last = await call('GET', '/repos/acme/shop/issues/50/comments?per_page=2&page=3');
    expect(last.body.map((x) => x.body)).toEqual(['c4']);
    expect(last.headers.get('link')).toBeNull();
  });

  it('keeps each Link on its own path while another request is delayed', async () => {
    api.inject({ path: /\/issues\/50\/comments$/, delayMs: 150 });
    const [slow] = await Promise.all([
      call('GET', '/repos/acme/shop/issues/50/comments?per_page=2'),
      new Promise((r) => setTimeout(r, 30)).then(() => call('GET', '/repos/acme/shop/issues?per_page=1&state=all')),
    ]);
    expect(slow.headers.get('link')).toContain('/repos/acme/shop/issues/50/comments?');
  });

  it('records requests and injects 5xx, 429 and delays, each spent after `times` requests', async () => {
    api.inject({ method: 'GET', path: /\/issues\/1$/, status: 503, times: 2 });
    api.inject({ path: /\/labels$/, status: 429, headers: { 'retry-after': '1' } });
    expect((await call('GET', '/repos/acme/shop/issues/1')).status).toBe(503);
    expect((await call('GET', '/repos/acme/shop/issues/1')).status).toBe(503);
    expect((await call('GET', '/repos/acme/shop/issues/1')).status).toBe(200);
    const limited = await call('GET', '/repos/acme/shop/labels');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body.message).toBe('injected 429');
    api.inject({ path: /\/rate_limit$/, delayMs: 120 });
    const started = Date.now();
    expect((await call('GET', '/rate_limit')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(api.faults.every((f) => f.times === 0)).toBe(true);
    const recorded = api.apiRequests().filter((r) => r.path === '/repos/acme/shop/issues/1' && r.method === 'GET');
    expect(recorded.length).toBeGreaterThanOrEqual(3);
  });

  it('answers 404 for unknown routes, 400 for bad JSON, and takes extra routes', async () => {
    expect((await call('GET', '/repos/acme/shop/nope')).status).toBe(404);
    const bad = await fetch(`${api.url}/repos/acme/shop/issues`, {
      method: 'POST',
      body: '{not json',
      headers: { authorization: 'token x' },
    });
    expect(bad.status).toBe(400);
    api.route('GET', /^\/repos\/acme\/shop\/custom\/(\d+)$/, ({ params, res }) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: Number(params[0]) }));
    });
    expect((await call('GET', '/repos/acme/shop/custom/7')).body).toEqual({ id: 7 });
  });
});

describe('githubClient against the emulator', () => {
  let client: GitHubClient;
  beforeAll(() => {
    client = githubClient({ token: 'ghs_test-token-value' }, { GITHUB_API_URL: `${api.url}/` });
  });

  it('needs a token', () => {
    expect(() => githubClient({ token: '' })).toThrow(ConfigurationError);
  });

  it('honours GITHUB_API_URL, sends the token, and retries an injected 502', async () => {
    const before = api.apiRequests().length;
    api.inject({ method: 'GET', path: /\/issues\/1$/, status: 502 });
    const res = await client.rest.issues.get({ owner: 'acme', repo: 'shop', issue_number: 1 });
    expect(res.data.title).toBe('Flaky deploy');
    const requests = api.apiRequests().slice(before);
    expect(requests.map((r) => r.path)).toEqual(['/repos/acme/shop/issues/1', '/repos/acme/shop/issues/1']);
    expect(requests[0]?.authorization).toBe('token ghs_test-token-value');
  });

  it('gives up after its retries', async () => {
    api.inject({ method: 'GET', path: /\/issues\/2$/, status: 500, times: 10 });
    // One retry, so the retry plugin's production backoff (1 s before the first retry) is all it waits.
    const once = githubClient({ token: 'ghs_test-token-value', retries: 1 }, { GITHUB_API_URL: api.url });
    await expect(once.rest.issues.get({ owner: 'acme', repo: 'shop', issue_number: 2 })).rejects.toMatchObject({ status: 500 });
    expect(api.faults.find((f) => f.path?.source.includes('issues\\/2$'))?.times).toBe(8);
    api.faults.length = 0;
  });

  it('retries a 429 and waits out a secondary rate limit (403), saying so at debug level', async () => {
    warnings.length = 0;
    const before = api.apiRequests().length;
    api.inject({ method: 'GET', path: /\/issues\/1$/, status: 429, headers: { 'retry-after': '0' } });
    expect((await client.rest.issues.get({ owner: 'acme', repo: 'shop', issue_number: 1 })).status).toBe(200);
    expect(api.apiRequests().length - before).toBe(2);
    api.route('GET', /^\/repos\/acme\/shop\/secondary$/, ({ res, api: self }) => {
      const seen = self.requests.filter((r) => r.url === '/repos/acme/shop/secondary').length;
      // `0` would read as "no Retry-After" and wait the plugin's fallback of 60 s.
      res.writeHead(seen === 1 ? 403 : 200, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ message: seen === 1 ? 'You have exceeded a secondary rate limit.' : 'ok' }));
    });
    expect((await client.request('GET /repos/acme/shop/secondary')).data).toEqual({ message: 'ok' });
    expect(api.apiRequests().filter((r) => r.path.includes('secondary'))).toHaveLength(2);
    expect(warnings.some((w) => w.startsWith('::debug::GitHub secondary rate limit for GET /repos/acme/shop/secondary'))).toBe(true);
  });

  it('does not retry answers that will not change (404, 422)', async () => {
    const before = api.apiRequests().length;
    await expect(client.rest.issues.get({ owner: 'acme', repo: 'shop', issue_number: 404 })).rejects.toMatchObject({ status: 404 });
    // Seeded directly: every write through the client waits out the throttling plugin's 1 s spacing.
    await call('POST', '/repos/acme/shop/labels', { name: 'dup' });
    await expect(client.rest.issues.createLabel({ owner: 'acme', repo: 'shop', name: 'dup' })).rejects.toMatchObject({ status: 422 });
    expect(
      api
        .apiRequests()
        .slice(before)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(['GET /repos/acme/shop/issues/404', 'POST /repos/acme/shop/labels', 'POST /repos/acme/shop/labels']);
  });

  it('paginates through Link headers', async () => {
    const all = await client.paginate(client.rest.issues.listComments, { owner: 'acme', repo: 'shop', issue_number: 50, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('honours Retry-After on a 429 in full: the retry comes no sooner than asked', async () => {
    const before = api.apiRequests().length;
    api.inject({ writes: true, status: 429, headers: { 'retry-after': '1' } });
    const res = await client.rest.issues.createLabel({ owner: 'acme', repo: 'shop', name: 'after-429' });
    expect(res.status).toBe(201);
    const writes = api.requests.slice(before).filter((r) => r.method === 'POST');
    expect(writes).toHaveLength(2);
    expect((writes[1]?.at ?? 0) - (writes[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(api.state.labels.filter((l) => l.name === 'after-429')).toHaveLength(1);
  });
});

describe('token identity, as GitHub answers it', () => {
  it('GraphQL viewer names the account for every kind of token; GET /user refuses installation tokens', async () => {
    api.addToken('ghp_maintainerPersonalToken', { login: 'maintainer', type: 'User' });
    api.addToken('ghs_appInstallationToken', { login: 'shipkit-app[bot]', type: 'Bot' });
    const as = (token: string) => githubClient({ token }, { GITHUB_API_URL: api.url });
    expect(await tokenIdentity(as('ghs_anyGitHubToken'))).toBe(GITHUB_ACTIONS_BOT.login);
    expect(await tokenIdentity(as('ghp_maintainerPersonalToken'))).toBe('maintainer');
    expect(await tokenIdentity(as('ghs_appInstallationToken'))).toBe('shipkit-app[bot]');
    expect((await call('GET', '/user', undefined, {}, 'ghs_appInstallationToken')).body).toMatchObject({
      message: 'Resource not accessible by integration',
    });
    expect((await call('GET', '/user', undefined, {}, 'ghp_maintainerPersonalToken')).body).toMatchObject({
      login: 'maintainer',
      type: 'User',
    });
    expect((await call('POST', '/repos/acme/shop/issues/1/comments', { body: 'anonymous' }, {}, '')).status).toBe(401);
  });

  it('asks once per client, and says why when nobody can be named', async () => {
    const c = githubClient({ token: 'ghs_once' }, { GITHUB_API_URL: api.url });
    const before = api.apiRequests().length;
    await tokenIdentity(c);
    await tokenIdentity(c);
    expect(
      api
        .apiRequests()
        .slice(before)
        .map((r) => r.path),
    ).toEqual(['/graphql']);
    api.inject({ path: /^\/graphql$/, status: 401 });
    api.inject({ path: /^\/user$/, status: 401 });
    await expect(tokenIdentity(githubClient({ token: 'ghs_unknown' }, { GITHUB_API_URL: api.url }))).rejects.toThrow(
      /could not learn which account the token acts as/,
    );
  });
});

describe('sticky comments', () => {
  let client: GitHubClient;
  beforeAll(() => {
    client = githubClient({ token: 'ghs_stickyToken' }, { GITHUB_API_URL: api.url });
    api.addToken('ghp_strangerToken', { login: 'mallory', type: 'User' });
  });
  const target = { owner: 'acme', repo: 'shop', issueNumber: 77 };

  it('finds nothing, creates once, then finds and updates that same comment', async () => {
    for (let i = 0; i < 3; i++) await call('POST', '/repos/acme/shop/issues/77/comments', { body: `noise ${i}` });
    expect(await findStickyComment(client, target, 'shipkit:smoke')).toBeUndefined();
    const first = await writeStickyComment(client, target, 'shipkit:smoke', 'smoke: 3 of 3 passed', undefined, { state: { passed: 3 } });
    expect(first).toMatchObject({ created: true });
    expect(first.url).toBe(`https://github.com/acme/shop/issues/77#issuecomment-${first.id}`);
    const found = await findStickyComment(client, target, 'shipkit:smoke');
    expect(found).toEqual({
      id: first.id,
      url: first.url,
      body: '<!-- shipkit:smoke -->\nsmoke: 3 of 3 passed\n<!-- shipkit:smoke:state {"passed":3} -->\n',
      state: { passed: 3 },
    });
    const second = await writeStickyComment(client, target, 'shipkit:smoke', 'smoke: 2 of 3 passed', found);
    expect(second).toEqual({ id: first.id, url: first.url, created: false });
    const other = await writeStickyComment(client, target, 'shipkit:diagnose', 'diagnosis');
    expect(other.created).toBe(true);
    expect(api.state.comments.filter((c) => c.issue_number === 77).map((c) => c.body)).toEqual([
      'noise 0',
      'noise 1',
      'noise 2',
      '<!-- shipkit:smoke -->\nsmoke: 2 of 3 passed\n',
      '<!-- shipkit:diagnose -->\ndiagnosis\n',
    ]);
  });

  it("ignores a stranger's comment with the same marker and state line, and never edits it", async () => {
    const forged = '<!-- shipkit:deploy -->\nall good\n<!-- shipkit:deploy:state {"live":"evil"} -->\n';
    const stranger = await call('POST', '/repos/acme/shop/issues/78/comments', { body: forged }, {}, 'ghp_strangerToken');
    expect(stranger.body).toMatchObject({ user: { login: 'mallory', type: 'User' } });
    const t = { ...target, issueNumber: 78 };
    expect(await findStickyComment(client, t, 'shipkit:deploy')).toBeUndefined();
    const mine = await writeStickyComment(client, t, 'shipkit:deploy', 'deployed', await findStickyComment(client, t, 'shipkit:deploy'));
    expect(mine.created).toBe(true);
    expect(api.state.comments.find((c) => c.id === Number(stranger.body.id))?.body).toBe(forged);
    expect((await findStickyComment(client, t, 'shipkit:deploy'))?.id).toBe(mine.id);
    // The stranger's own token does find its own comment: recognition follows the token, not a name in the code.
    const asStranger = githubClient({ token: 'ghp_strangerToken' }, { GITHUB_API_URL: api.url });
    expect((await findStickyComment(asStranger, t, 'shipkit:deploy'))?.id).toBe(Number(stranger.body.id));
  });

  it('writes a new comment when the one it found was deleted meanwhile', async () => {
    const t = { ...target, issueNumber: 79 };
    const res = await writeStickyComment(client, t, 'shipkit:smoke', 'again', { id: 999_999 });
    expect(res.created).toBe(true);
  });
});

describe('own issues', () => {
  it('finds the issue its own account opened with the label and a matching state; a stranger’s copy, a PR and another state are passed over', async () => {
    const client = githubClient({ token: 'ghs_issueToken' }, { GITHUB_API_URL: api.url });
    api.addToken('ghp_forger', { login: 'forger', type: 'User' });
    const body = (fingerprint: string) => markedBody('shipkit-x', 'text', { fingerprint });
    const open = (b: string, token: string, labels = ['x-label']) =>
      call('POST', '/repos/acme/shop/issues', { title: 't', body: b, labels }, {}, token);
    const match = (fingerprint: string) => (v: unknown) =>
      (v as { fingerprint?: string } | undefined)?.fingerprint === fingerprint ? v : undefined;
    const find = (fingerprint: string) =>
      findOwnIssue(client, { owner: 'acme', repo: 'shop' }, { label: 'x-label', marker: 'shipkit-x', match: match(fingerprint) });
    await open(body('fp-1'), 'ghp_forger');
    await open(body('fp-1'), 'ghs_issueToken', ['other-label']);
    await open(body('fp-2'), 'ghs_issueToken');
    expect(await find('fp-1')).toBeUndefined();
    const mine = (await open(body('fp-1'), 'ghs_issueToken')).body as unknown as { number: number; html_url: string };
    api.state.issues.find((i) => i.number === mine.number)!.state = 'closed';
    expect(await find('fp-1')).toEqual({ number: mine.number, url: mine.html_url, open: false, state: { fingerprint: 'fp-1' } });
    expect((await find('fp-2'))?.open).toBe(true);
  });
});

describe('markers in quoted text', () => {
  it('escapeMarkers leaves no `<!--` behind', () => {
    expect(escapeMarkers('log: <!-- shipkit-diagnose --> and <!--<!--')).toBe('log: &lt;!-- shipkit-diagnose --> and &lt;!--&lt;!--');
  });

  it('a state line quoted in the body is text; only the last line, written by the kit, is state', () => {
    const quoted = 'Error at line 3:\n<!-- m:state {"runs":["1","2","3"]} -->\nmore log';
    const body = markedBody('m', quoted, { runs: ['9'] });
    expect(body.match(/<!--/g)).toHaveLength(2);
    expect(readMarkedState(body, 'm')).toEqual({ runs: ['9'] });
    expect(readMarkedState(markedBody('m', quoted), 'm')).toBeUndefined();
    // A value cannot close the comment early.
    const tricky = markedBody('m', 'x', { note: '--> <!-- m:state {"runs":[]} -->' });
    expect(tricky.match(/-->/g)).toHaveLength(2);
    expect(readMarkedState(tricky, 'm')).toEqual({ note: '--> <!-- m:state {"runs":[]} -->' });
    // A body the kit did not write (no marker line first) has no state at all.
    expect(readMarkedState('<!-- m:state {"runs":[]} -->', 'm')).toBeUndefined();
  });
});
