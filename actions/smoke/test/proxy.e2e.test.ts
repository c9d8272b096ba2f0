/**
 * smoke behind a proxy, as on a self-hosted runner: https deployments through a CONNECT proxy on
 * loopback (TLS to a name only the proxy resolves), http ones through the same proxy in absolute
 * form, loopback and NO_PROXY hosts direct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  json,
  runBundle,
  startProxy,
  startServer,
  startTlsFront,
  testCertificate,
  type TestCertificate,
  type TestProxy,
  type TestServer,
  type TlsFront,
} from '@shipkit/testkit';

let app: TestServer;
let cert: TestCertificate;
let front: TlsFront;
let proxy: TestProxy;

beforeAll(async () => {
  app = await startServer((req, res) => json(res, 200, { ok: true, path: req.url, host: req.headers.host }));
  cert = testCertificate(['app.smoke.test']);
  front = await startTlsFront(cert, app.port);
  proxy = await startProxy({ 'app.smoke.test': front.port, 'plain.smoke.test': app.port, '0.0.0.0': app.port });
});
afterAll(async () => {
  await Promise.all([proxy.close(), front.close(), app.close()]);
  cert.remove();
});

const run = (url: string, env: Record<string, string>) =>
  runBundle('smoke', {
    inputs: { url, probes: '- path: /healthz\n  expect: { json: { ok: true } }', retries: 0, 'wait-timeout': '0' },
    env: { NODE_EXTRA_CA_CERTS: cert.certFile, ...env },
  });

describe('smoke through a proxy', () => {
  it('an https deployment goes through the CONNECT proxy, over TLS end to end', async () => {
    const before = proxy.passed.length;
    const r = await run('https://app.smoke.test', { HTTPS_PROXY: proxy.url });
    expect(r.code, r.stdout).toBe(0);
    const passed = proxy.passed.slice(before);
    expect(passed.map((p) => `${p.method} ${p.target}`)).toEqual(['CONNECT app.smoke.test:443']);
    expect(passed[0]?.bytes).toBeGreaterThan(0);
    expect(app.requests.at(-1)).toMatchObject({ url: '/healthz', headers: { host: 'app.smoke.test' } });
  });

  it('an http deployment goes to the proxy in absolute form (lower-case http_proxy works too)', async () => {
    const before = proxy.passed.length;
    const r = await run('http://plain.smoke.test', { http_proxy: proxy.url });
    expect(r.code, r.stdout).toBe(0);
    expect(proxy.passed.slice(before).map((p) => `${p.method} ${p.target}`)).toEqual(['GET http://plain.smoke.test/healthz']);
  });

  it('loopback and NO_PROXY hosts go direct', async () => {
    const before = proxy.passed.length;
    expect((await run(app.url, { HTTP_PROXY: proxy.url })).code).toBe(0);
    // On Linux 0.0.0.0 as a destination is this host: not loopback by name, so only NO_PROXY keeps it direct.
    const viaProxy = await run(`http://0.0.0.0:${app.port}`, { HTTP_PROXY: proxy.url });
    expect(viaProxy.code).toBe(0);
    expect(proxy.passed.length).toBe(before + 1);
    const direct = await run(`http://0.0.0.0:${app.port}`, { HTTP_PROXY: proxy.url, NO_PROXY: 'internal.example,0.0.0.0' });
    expect(direct.code).toBe(0);
    expect(proxy.passed.length).toBe(before + 1);
  });

  it('a proxy that is down is named in the failure', async () => {
    const r = await run('https://app.smoke.test', { HTTPS_PROXY: 'http://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(r.errors[0]?.message).toBe('no answer: connection refused by the proxy 127.0.0.1:9 (for app.smoke.test)');
  });
});
