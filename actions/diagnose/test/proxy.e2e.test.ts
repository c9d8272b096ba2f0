/**
 * diagnose behind a proxy, as on a self-hosted runner that reaches GitHub and the LLM only through
 * HTTPS_PROXY: the GitHub API (Octokit) and the LLM request go through a CONNECT proxy on loopback
 * (with Proxy-Authorization), over TLS to names only the proxy resolves; NO_PROXY hosts go direct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  json,
  runBundle,
  startGitHubApi,
  startProxy,
  startServer,
  startTlsFront,
  testCertificate,
  type GitHubApi,
  type TestCertificate,
  type TestProxy,
  type TestServer,
  type TlsFront,
} from '@shipkit/testkit';
import { addPullRequest } from './pull-request';

const scratch = mkdtempSync(join(tmpdir(), 'diagnose-proxy-'));
const TOKEN = 'ghs_proxiedTokenThatOnlyGitHubMaySee0123456';
const PROXY_PASSWORD = 'proxy-pa55word';

let api: GitHubApi;
let llm: TestServer;
let cert: TestCertificate;
let apiFront: TlsFront;
let llmFront: TlsFront;
let proxy: TestProxy;

beforeAll(async () => {
  api = await startGitHubApi();
  llm = await startServer((_req, res) => json(res, 200, { choices: [{ message: { content: 'Parse the total as a number.' } }] }));
  cert = testCertificate(['api.github.test', 'llm.test']);
  apiFront = await startTlsFront(cert, api.port);
  llmFront = await startTlsFront(cert, llm.port);
  proxy = await startProxy(
    { 'api.github.test': apiFront.port, 'llm.test': llmFront.port, '0.0.0.0': llm.port },
    { auth: `runner:${PROXY_PASSWORD}` },
  );
});
afterAll(async () => {
  await Promise.all([proxy.close(), apiFront.close(), llmFront.close(), api.close(), llm.close()]);
  cert.remove();
  rmSync(scratch, { recursive: true, force: true });
});

function workspace(): string {
  const ws = mkdtempSync(join(scratch, 'ws-'));
  mkdirSync(join(ws, 'logs'));
  cpSync(join(import.meta.dirname, 'fixtures', 'logs', 'tsc.log'), join(ws, 'logs', 'tsc.log'));
  return ws;
}

describe('diagnose through HTTPS_PROXY', () => {
  it('talks to the GitHub API and the LLM through the CONNECT proxy, and writes the comment', async () => {
    addPullRequest(api, 7, 'https://api.github.test');
    const r = await runBundle('diagnose', {
      cwd: workspace(),
      githubApiUrl: 'https://api.github.test',
      eventName: 'pull_request',
      event: { pull_request: { number: 7, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) } } },
      inputs: { logs: 'logs/*.log', mode: 'comment', 'github-token': TOKEN, 'llm-url': 'https://llm.test/v1', 'llm-model': 'm' },
      env: { HTTPS_PROXY: `http://runner:${PROXY_PASSWORD}@127.0.0.1:${proxy.port}`, NODE_EXTRA_CA_CERTS: cert.certFile },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
    expect(api.state.comments).toHaveLength(1);
    expect(r.summary).toContain('Parse the total as a number.');
    const tunnels = proxy.passed.map((p) => `${p.method} ${p.target}`);
    expect(tunnels).toContain('CONNECT api.github.test:443');
    expect(tunnels).toContain('CONNECT llm.test:443');
    expect(proxy.passed.every((p) => p.method === 'CONNECT' && p.bytes > 0)).toBe(true);
    // The proxy saw its own credentials and nothing else: the token travelled inside TLS.
    expect(proxy.passed.every((p) => p.headers.authorization === undefined)).toBe(true);
    expect(api.apiRequests().every((q) => q.authorization === `token ${TOKEN}`)).toBe(true);
    expect(api.apiRequests().map((q) => `${q.method} ${q.path.split('?')[0]}`)).toEqual([
      'POST /graphql',
      'GET /repos/acme/shop/issues/7/comments',
      'POST /repos/acme/shop/issues/7/comments',
    ]);
    expect(r.stdout + r.summary).not.toContain(PROXY_PASSWORD);
  });

  it('an http:// LLM goes through the forward proxy, unless NO_PROXY names it', async () => {
    // On Linux 0.0.0.0 as a destination is this host: a name-free address that is not loopback by name.
    const url = `http://0.0.0.0:${llm.port}/v1`;
    const env = { HTTP_PROXY: `http://runner:${PROXY_PASSWORD}@127.0.0.1:${proxy.port}` };
    const before = proxy.passed.length;
    const proxied = await runBundle('diagnose', {
      cwd: workspace(),
      inputs: { logs: 'logs/*.log', 'llm-url': url, 'llm-model': 'm' },
      env,
    });
    expect(proxied.report?.data.llm.ok, proxied.stdout).toBe(true);
    expect(proxy.passed.slice(before).map((p) => `${p.method} ${p.target}`)).toEqual([`POST ${url}/chat/completions`]);
    const direct = await runBundle('diagnose', {
      cwd: workspace(),
      inputs: { logs: 'logs/*.log', 'llm-url': url, 'llm-model': 'm' },
      env: { ...env, NO_PROXY: 'example.com,0.0.0.0' },
    });
    expect(direct.report?.data.llm.ok, direct.stdout).toBe(true);
    expect(proxy.passed.length).toBe(before + 1);
  });
});
