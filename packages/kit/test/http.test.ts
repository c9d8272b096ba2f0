import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { freePort, startProxy, startServer, type TestServer } from '@shipkit/testkit';
import {
  HttpFailure,
  USER_AGENT,
  fetchOverHttp,
  httpRequest,
  invalidHeader,
  proxyFor,
  isRetryableStatus,
  jitteredDelay,
  requestWithRetries,
  retryAfterMs,
  type HttpResponse,
} from '../src/http';

let main: TestServer;
let other: TestServer;
let hang: TestServer;
/** A raw TCP server that accepts and then destroys every connection. */
let reset: Server;
let resetUrl: string;
let counter = 0;

beforeAll(async () => {
  other = await startServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url, authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null }));
  });
  main = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'text/plain', 'x-multi': ['a', 'b'] });
        return void res.end('hello');
      case '/slow-body':
        res.writeHead(200);
        res.write('part;');
        return void setTimeout(() => res.end('rest'), 120);
      case '/echo':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({
            method: req.method,
            body: req.body,
            authorization: req.headers.authorization ?? null,
            contentType: req.headers['content-type'] ?? null,
            userAgent: req.headers['user-agent'],
          }),
        );
      case '/same-origin':
        res.writeHead(302, { location: '/echo' });
        return void res.end();
      case '/cross-origin':
        res.writeHead(307, { location: `${other.url}/landed?x=1` });
        return void res.end();
      case '/cross-origin-see-other':
        res.writeHead(303, { location: `${other.url}/landed` });
        return void res.end();
      case '/credentials-in-location': {
        // Same origin or not, a Location's user:password is never sent.
        const to = url.searchParams.get('to') === 'other' ? other.url : main.url;
        res.writeHead(302, { location: to.replace('http://', 'http://deploy:s3cret@') + (to === main.url ? '/echo' : '/landed') });
        return void res.end();
      }
      case '/to-file':
        res.writeHead(302, { location: 'file:///etc/passwd' });
        return void res.end();
      case '/to-bad-url':
        res.writeHead(302, { location: 'http://[not-a-host/' });
        return void res.end();
      case '/see-other':
        res.writeHead(303, { location: '/echo' });
        return void res.end('redirect body');
      case '/temporary':
        res.writeHead(307, { location: '/echo' });
        return void res.end();
      case '/loop':
        res.writeHead(301, { location: '/loop' });
        return void res.end();
      case '/chain': {
        const n = Number(url.searchParams.get('n'));
        res.writeHead(302, { location: n > 1 ? `/chain?n=${n - 1}` : '/ok' });
        return void res.end();
      }
      case '/no-location':
        res.writeHead(302);
        return void res.end('nowhere');
      case '/big':
        res.writeHead(200);
        for (let i = 0; i < 64; i++) res.write('x'.repeat(1024));
        return void res.end();
      case '/status': {
        const status = Number(url.searchParams.get('code'));
        res.writeHead(status, url.searchParams.get('retry-after') ? { 'retry-after': url.searchParams.get('retry-after') ?? '' } : {});
        return void res.end(`status ${status}`);
      }
      case '/flaky': {
        // Fails with 503 for the first `fail` requests of a key, then answers 200.
        const key = url.searchParams.get('key') ?? '';
        const seen = main.requests.filter((r) => r.url.includes(`key=${key}`)).length;
        const fail = Number(url.searchParams.get('fail'));
        res.writeHead(seen <= fail ? 503 : 200);
        return void res.end(`attempt ${seen}`);
      }
      default:
        res.writeHead(404);
        res.end();
    }
  });
  hang = await startServer(() => undefined);
  reset = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => reset.listen(0, '127.0.0.1', resolve));
  resetUrl = `http://127.0.0.1:${(reset.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all([main.close(), other.close(), hang.close(), new Promise((resolve) => reset.close(resolve))]);
});

async function failure(promise: Promise<unknown>): Promise<HttpFailure> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(HttpFailure);
    return e as HttpFailure;
  }
  throw new Error('the request did not fail');
}

describe('httpRequest', () => {
  it('returns status, headers, body and latency', async () => {
    const res = await httpRequest({ url: `${main.url}/ok`, timeoutMs: 2000 });
    expect(res).toMatchObject({ status: 200, body: 'hello', bodyTruncated: false, url: `${main.url}/ok`, redirects: [] });
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['x-multi']).toBe('a, b');
    expect(res.latencyMs).toBeGreaterThan(0);
    expect(res.latencyMs).toBeLessThan(2000);
  });

  it('measures latency up to the last body byte', async () => {
    const res = await httpRequest({ url: `${main.url}/slow-body`, timeoutMs: 2000 });
    expect(res.body).toBe('part;rest');
    expect(res.latencyMs).toBeGreaterThanOrEqual(110);
  });

  it('sends method, body, headers and its user agent', async () => {
    const res = await httpRequest({
      url: `${main.url}/echo`,
      method: 'post',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
      timeoutMs: 2000,
    });
    expect(JSON.parse(res.body)).toEqual({
      method: 'POST',
      body: '{"a":1}',
      authorization: null,
      contentType: 'application/json',
      userAgent: USER_AGENT,
    });
  });

  it('lets the caller replace the User-Agent, whatever the case of the header name', async () => {
    const res = await httpRequest({ url: `${main.url}/echo`, headers: { 'User-Agent': 'probe/2' }, timeoutMs: 2000 });
    expect(JSON.parse(res.body).userAgent).toBe('probe/2');
    expect(main.requests.at(-1)?.headers['user-agent']).toBe('probe/2');
  });

  it('follows a same-origin redirect keeping Authorization, and records the hops', async () => {
    const res = await httpRequest({ url: `${main.url}/same-origin`, headers: { Authorization: 'Bearer same-origin' }, timeoutMs: 2000 });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${main.url}/echo`);
    expect(res.redirects).toEqual([`${main.url}/echo`]);
    expect(JSON.parse(res.body).authorization).toBe('Bearer same-origin');
  });

  it('drops Authorization and cookies (in any case) on a cross-origin redirect', async () => {
    const variants: Record<string, string>[] = [
      { authorization: 'Bearer a', cookie: 's=1' },
      { AUTHORIZATION: 'Bearer b', Cookie: 's=2' },
    ];
    for (const headers of variants) {
      const res = await httpRequest({ url: `${main.url}/cross-origin`, headers, timeoutMs: 2000 });
      expect(res.url).toBe(`${other.url}/landed?x=1`);
      expect(JSON.parse(res.body)).toEqual({ path: '/landed?x=1', authorization: null, cookie: null });
    }
  });

  it('turns a POST into a body-less GET on 303, and keeps it on 307', async () => {
    const seeOther = await httpRequest({
      url: `${main.url}/see-other`,
      method: 'POST',
      body: 'payload',
      headers: { 'Content-Type': 'text/plain' },
      timeoutMs: 2000,
    });
    expect(JSON.parse(seeOther.body)).toMatchObject({ method: 'GET', body: '', contentType: null });
    const temporary = await httpRequest({ url: `${main.url}/temporary`, method: 'POST', body: 'payload', timeoutMs: 2000 });
    expect(JSON.parse(temporary.body)).toMatchObject({ method: 'POST', body: 'payload' });
  });

  it('does not follow redirects when told not to, or without a Location', async () => {
    const manual = await httpRequest({ url: `${main.url}/same-origin`, followRedirects: false, timeoutMs: 2000 });
    expect(manual).toMatchObject({ status: 302, headers: { location: '/echo' }, redirects: [] });
    const nowhere = await httpRequest({ url: `${main.url}/no-location`, timeoutMs: 2000 });
    expect(nowhere).toMatchObject({ status: 302, body: 'nowhere' });
  });

  it('follows up to maxRedirects hops and fails beyond', async () => {
    const three = await httpRequest({ url: `${main.url}/chain?n=3`, maxRedirects: 3, timeoutMs: 2000 });
    expect(three.status).toBe(200);
    expect(three.redirects).toHaveLength(3);
    const tooMany = await failure(httpRequest({ url: `${main.url}/chain?n=3`, maxRedirects: 2, timeoutMs: 2000 }));
    expect(tooMany.kind).toBe('too-many-redirects');
    const loop = await failure(httpRequest({ url: `${main.url}/loop`, timeoutMs: 2000 }));
    expect(loop.kind).toBe('too-many-redirects');
    expect(loop.message).toBe(`more than 10 redirects from ${main.url}/loop`);
  });

  it('caps the body and flags the cut', async () => {
    const capped = await httpRequest({ url: `${main.url}/big`, maxBodyBytes: 10_000, timeoutMs: 2000 });
    expect(capped.bodyTruncated).toBe(true);
    expect(capped.body).toHaveLength(10_000);
    const whole = await httpRequest({ url: `${main.url}/big`, maxBodyBytes: 64 * 1024, timeoutMs: 2000 });
    expect(whole.bodyTruncated).toBe(false);
    expect(whole.body).toHaveLength(64 * 1024);
  });

  it('times out on a server that never answers', async () => {
    const started = Date.now();
    const e = await failure(httpRequest({ url: `${hang.url}/never`, timeoutMs: 200 }));
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe(`timed out after 200 ms waiting for ${new URL(hang.url).host}`);
    expect(e.latencyMs).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('times out while the body is still arriving', async () => {
    const e = await failure(httpRequest({ url: `${main.url}/slow-body`, timeoutMs: 60 }));
    expect(e.kind).toBe('timeout');
  });

  it('reports a refused connection on a free port', async () => {
    const port = await freePort();
    const e = await failure(httpRequest({ url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 }));
    expect(e.kind).toBe('connection-refused');
    expect(e.message).toBe(`connection refused by 127.0.0.1:${port}`);
  });

  it('reports a connection reset by the server', async () => {
    const e = await failure(httpRequest({ url: `${resetUrl}/`, timeoutMs: 2000 }));
    expect(e.kind).toBe('connection-reset');
  });
});

describe('redirects never carry secrets to another origin', () => {
  const secretHeaders = {
    authorization: 'Bearer t',
    cookie: 's=1',
    'x-api-key': 'k-123',
    'X-Env-Secret': 'hunter2',
    'user-agent': 'probe/1',
  };

  it('a cross-origin hop carries none of the caller headers, only the default user agent', async () => {
    const res = await httpRequest({ url: `${main.url}/cross-origin`, headers: secretHeaders, timeoutMs: 2000 });
    expect(res.url).toBe(`${other.url}/landed?x=1`);
    const landed = other.requests.at(-1);
    for (const name of ['authorization', 'cookie', 'x-api-key', 'x-env-secret']) expect(landed?.headers[name]).toBeUndefined();
    expect(landed?.headers['user-agent']).toBe(USER_AGENT);
    // The first hop (same origin as the request) had them all.
    expect(main.requests.at(-1)?.headers['x-env-secret']).toBe('hunter2');
  });

  it('never sends Basic auth built from credentials in a Location, same origin or not', async () => {
    const same = await httpRequest({ url: `${main.url}/credentials-in-location`, timeoutMs: 2000 });
    expect(same.url).toBe(`${main.url}/echo`);
    expect(JSON.parse(same.body).authorization).toBeNull();
    const cross = await httpRequest({ url: `${main.url}/credentials-in-location?to=other`, timeoutMs: 2000 });
    expect(cross.url).toBe(`${other.url}/landed`);
    expect(JSON.parse(cross.body).authorization).toBeNull();
  });

  it('a request whose body would be re-sent is not redirected to another origin', async () => {
    const before = other.requests.length;
    const res = await httpRequest({ url: `${main.url}/cross-origin`, method: 'POST', body: 'evidence', timeoutMs: 2000 });
    expect(res.status).toBe(307);
    expect(res.unfollowedRedirect).toEqual({
      location: `${other.url}/landed?x=1`,
      reason: 'a request with a body is never re-sent to another origin',
    });
    expect(other.requests.length).toBe(before);
    // A 303 drops the body: following it cross-origin sends nothing of the caller's.
    const seeOther = await httpRequest({
      url: `${main.url}/cross-origin-see-other`,
      method: 'POST',
      body: 'evidence',
      headers: secretHeaders,
      timeoutMs: 2000,
    });
    expect(seeOther.status).toBe(200);
    expect(other.requests.at(-1)).toMatchObject({ method: 'GET', body: '' });
    expect(other.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it("followRedirects: 'same-origin' stays on the origin and still follows within it", async () => {
    const before = other.requests.length;
    const kept = await httpRequest({ url: `${main.url}/cross-origin`, followRedirects: 'same-origin', timeoutMs: 2000 });
    expect(kept.status).toBe(307);
    expect(kept.unfollowedRedirect?.reason).toBe(`this request is kept on ${main.url}`);
    expect(other.requests.length).toBe(before);
    const within = await httpRequest({ url: `${main.url}/same-origin`, followRedirects: 'same-origin', timeoutMs: 2000 });
    expect(within.status).toBe(200);
  });

  it('a redirect to a non-http URL or to no URL at all is a clear failure, not retried', async () => {
    const file = await failure(httpRequest({ url: `${main.url}/to-file`, timeoutMs: 2000 }));
    expect(file.kind).toBe('bad-redirect');
    expect(file.message).toBe(
      `${new URL(main.url).host} answered 302 with a redirect to a \`file:\` URL; only http and https redirects are followed`,
    );
    const bad = await failure(httpRequest({ url: `${main.url}/to-bad-url`, timeoutMs: 2000 }));
    expect(bad.message).toBe(`${new URL(main.url).host} answered 302 with a Location that is not a URL; it was not followed`);
    let calls = 0;
    const retried = await requestWithRetries(
      () => {
        calls++;
        return httpRequest({ url: `${main.url}/to-file`, timeoutMs: 2000 });
      },
      { retries: 3, baseDelayMs: 1, sleep: async () => {} },
    );
    expect(calls).toBe(1);
    expect(retried.failure?.kind).toBe('bad-redirect');
  });
});

describe('header values', () => {
  it('names what is wrong with a header, CR/LF first', () => {
    expect(invalidHeader('x-env', 'ok value')).toBeUndefined();
    expect(invalidHeader('x-env', 'a\r\nX-Injected: 1')).toBe(
      'the value of `x-env` contains a line break (CR or LF), which would end the header',
    );
    expect(invalidHeader('x-env', 'a\nb')).toMatch(/line break/);
    expect(invalidHeader('x-env', 'nul\u0000')).toMatch(/control character/);
    expect(invalidHeader('bad name', 'v')).toBe('`bad name` is not a valid HTTP header name');
  });

  it('refuses to send a header with a line break: nothing reaches the server', async () => {
    const before = main.requests.length;
    await expect(httpRequest({ url: `${main.url}/echo`, headers: { 'x-a': 'v\r\nx-b: 1' }, timeoutMs: 2000 })).rejects.toThrow(
      /contains a line break/,
    );
    expect(main.requests.length).toBe(before);
  });
});

describe('proxies (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, as @actions/http-client reads them)', () => {
  const saved = { ...process.env };
  const setEnv = (vars: Record<string, string | undefined>): void => {
    for (const k of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[k];
    for (const [k, v] of Object.entries(vars)) if (v !== undefined) process.env[k] = v;
  };
  afterAll(() => setEnv(saved));

  it('decides per URL: loopback and NO_PROXY hosts go direct', () => {
    setEnv({ HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080', NO_PROXY: 'internal.corp,.svc.local' });
    expect(proxyFor(new URL('https://api.github.com/'))?.href).toBe('http://proxy.corp:3128/');
    expect(proxyFor(new URL('http://example.com/'))?.href).toBe('http://plain.corp:8080/');
    for (const direct of [
      'http://127.0.0.1:8080/',
      'https://localhost/',
      'http://[::1]:3000/',
      'https://internal.corp/',
      'https://a.internal.corp/',
      'http://x.svc.local/',
    ])
      expect(proxyFor(new URL(direct)), direct).toBeUndefined();
    setEnv({ https_proxy: 'proxy.corp:3128', HTTPS_PROXY: 'http://ignored:1' });
    expect(proxyFor(new URL('https://api.github.com/'))?.href).toBe('http://proxy.corp:3128/');
    expect(proxyFor(new URL('http://example.com/'))).toBeUndefined();
    setEnv({ HTTPS_PROXY: 'http://[broken' });
    expect(() => proxyFor(new URL('https://api.github.com/'))).toThrow('HTTPS_PROXY is set but is not a proxy URL');
  });

  it('agrees with @actions/http-client on every URL it can parse', () => {
    const envs = [
      {
        HTTPS_PROXY: 'http://u:p%40ss@proxy.corp:3128',
        HTTP_PROXY: 'http://plain.corp',
        NO_PROXY: 'internal.corp, .svc.local ,example.org:8443',
      },
      { https_proxy: 'https://secure.proxy', no_proxy: '*' },
      { http_proxy: 'http://10.0.0.1:8080', NO_PROXY: 'EXAMPLE.COM' },
    ];
    const urls = [
      'https://api.github.com/x',
      'http://example.com/',
      'https://example.org:8443/',
      'https://example.org/',
      'https://a.internal.corp/',
      'http://svc.local/',
      'http://b.svc.local/',
      'https://localhost:1/',
      'http://127.1.2.3/',
      'http://[::1]/',
    ];
    for (const env of envs) {
      setEnv(env);
      for (const u of urls) {
        const theirs = getProxyUrl(new URL(u));
        expect(proxyFor(new URL(u))?.href, `${JSON.stringify(env)} ${u}`).toBe(theirs ? new URL(theirs.href).href : undefined);
      }
    }
  });

  it('sends http:// requests to the proxy in absolute form, with its credentials, and NO_PROXY ones direct', async () => {
    // On Linux 0.0.0.0 as a destination is this host: a name-free address that is not loopback by name.
    const target = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`direct ${req.url}`);
    });
    const proxy = await startProxy({ 'app.proxied.test': target.port, '0.0.0.0': target.port }, { auth: 'me:pa ss' });
    try {
      setEnv({ HTTP_PROXY: `http://me:pa%20ss@127.0.0.1:${proxy.port}` });
      const res = await httpRequest({
        url: 'http://app.proxied.test/health?x=1',
        headers: { authorization: 'Bearer to-target' },
        timeoutMs: 2000,
      });
      expect(res.status).toBe(200);
      expect(proxy.passed.map((p) => `${p.method} ${p.target}`)).toEqual(['GET http://app.proxied.test/health?x=1']);
      expect(target.requests.at(-1)?.headers.authorization).toBe('Bearer to-target');
      expect(target.requests.at(-1)?.headers['proxy-authorization']).toBeUndefined();
      // Loopback by name always goes direct.
      await httpRequest({ url: `${target.url}/loop`, timeoutMs: 2000 });
      expect(proxy.passed).toHaveLength(1);
      await httpRequest({ url: `http://0.0.0.0:${target.port}/via`, timeoutMs: 2000 });
      expect(proxy.passed).toHaveLength(2);
      setEnv({ HTTP_PROXY: `http://me:pa%20ss@127.0.0.1:${proxy.port}`, NO_PROXY: '0.0.0.0' });
      const direct = await httpRequest({ url: `http://0.0.0.0:${target.port}/no-proxy`, timeoutMs: 2000 });
      expect(direct.body).toBe('direct /no-proxy');
      expect(proxy.passed).toHaveLength(2);
      // A proxy that is down is named as such.
      setEnv({ HTTP_PROXY: `http://127.0.0.1:${await freePort()}` });
      const down = await failure(httpRequest({ url: 'http://app.proxied.test/', timeoutMs: 2000 }));
      expect(down.message).toMatch(/^connection refused by the proxy 127\.0\.0\.1:\d+ \(for app\.proxied\.test\)$/);
    } finally {
      setEnv({});
      await proxy.close();
      await target.close();
    }
  });

  it('fetchOverHttp answers Octokit the way fetch does: status, headers, url, text, bytes', async () => {
    const f = fetchOverHttp();
    const res = await f(`${main.url}/same-origin`, { method: 'GET', headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${main.url}/echo`);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect([...res.headers].find(([k]) => k === 'content-type')?.[1]).toBe('application/json');
    expect(JSON.parse(await res.text()).method).toBe('GET');
    const big = await f(`${main.url}/big`);
    expect((await big.arrayBuffer()).byteLength).toBe(64 * 1024);
    const posted = await f(`${main.url}/echo`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(await posted.json()).toMatchObject({ method: 'POST', body: '{"a":1}' });
  });
});

describe('requestWithRetries', () => {
  const noSleep = { sleeps: [] as number[], sleep: async (ms: number) => void noSleep.sleeps.push(ms) };
  const get = (path: string) => () => httpRequest({ url: `${main.url}${path}`, timeoutMs: 1000 });

  it('retries 5xx until an answer comes, counting attempts', async () => {
    noSleep.sleeps = [];
    const key = `k${++counter}`;
    const result = await requestWithRetries(get(`/flaky?key=${key}&fail=2`), { retries: 3, baseDelayMs: 100, sleep: noSleep.sleep });
    expect(result.response?.status).toBe(200);
    expect(result.response?.body).toBe('attempt 3');
    expect(result.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(noSleep.sleeps).toHaveLength(2);
    expect(noSleep.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(noSleep.sleeps[0]).toBeLessThan(150);
    expect(noSleep.sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(noSleep.sleeps[1]).toBeLessThan(300);
  });

  it('gives up after the retries with the last answer', async () => {
    const result = await requestWithRetries(get('/status?code=502'), { retries: 2, baseDelayMs: 1, sleep: async () => {} });
    expect(result.response?.status).toBe(502);
    expect(result.failure).toBeUndefined();
    expect(result.attempts).toHaveLength(3);
  });

  it('honours Retry-After on 429 and 503 (capped by maxDelayMs)', async () => {
    noSleep.sleeps = [];
    await requestWithRetries(get('/status?code=429&retry-after=2'), { retries: 1, baseDelayMs: 1, sleep: noSleep.sleep });
    await requestWithRetries(get('/status?code=503&retry-after=120'), {
      retries: 1,
      baseDelayMs: 1,
      maxDelayMs: 5000,
      sleep: noSleep.sleep,
    });
    expect(noSleep.sleeps).toEqual([2000, 5000]);
  });

  it('really waits between attempts without an injected sleep', async () => {
    const started = Date.now();
    const result = await requestWithRetries(get('/status?code=500'), { retries: 1, baseDelayMs: 60 });
    expect(result.attempts).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('stops at once on a 4xx other than 429, and on success', async () => {
    const notFound = await requestWithRetries(get('/status?code=404'), { retries: 3, baseDelayMs: 1, sleep: async () => {} });
    expect(notFound.attempts).toHaveLength(1);
    expect(notFound.response?.status).toBe(404);
    const ok = await requestWithRetries(get('/ok'), { retries: 3, baseDelayMs: 1, sleep: async () => {} });
    expect(ok.attempts).toHaveLength(1);
  });

  it('retries connection errors and returns the last failure with every attempt', async () => {
    const port = await freePort();
    const result = await requestWithRetries(() => httpRequest({ url: `http://127.0.0.1:${port}/`, timeoutMs: 1000 }), {
      retries: 2,
      baseDelayMs: 1,
      sleep: async () => {},
    });
    expect(result.response).toBeUndefined();
    expect(result.failure?.kind).toBe('connection-refused');
    expect(result.attempts.map((a) => a.errorKind)).toEqual(['connection-refused', 'connection-refused', 'connection-refused']);
    expect(result.attempts[0]?.error).toBe(`connection refused by 127.0.0.1:${port}`);
  });

  it('does not retry a redirect loop or a TLS failure, and rethrows bugs', async () => {
    const loop = await requestWithRetries(() => httpRequest({ url: `${main.url}/loop`, maxRedirects: 1, timeoutMs: 1000 }), {
      retries: 3,
      baseDelayMs: 1,
      sleep: async () => {},
    });
    expect(loop.attempts).toHaveLength(1);
    let tlsCalls = 0;
    const tls = await requestWithRetries(
      async (): Promise<HttpResponse> => {
        tlsCalls++;
        throw new HttpFailure('tls', 'TLS error talking to x (CERT_HAS_EXPIRED)', 3);
      },
      { retries: 3, baseDelayMs: 1, sleep: async () => {} },
    );
    expect(tlsCalls).toBe(1);
    expect(tls.failure?.kind).toBe('tls');
    await expect(
      requestWithRetries(
        async () => {
          throw new TypeError('bug');
        },
        { retries: 3, baseDelayMs: 1 },
      ),
    ).rejects.toThrow('bug');
  });
});

describe('retry helpers', () => {
  it('classifies retryable statuses', () => {
    expect([200, 301, 400, 404, 429, 500, 502, 503, 504].filter(isRetryableStatus)).toEqual([429, 500, 502, 503, 504]);
  });

  it('keeps jittered delays within [0.5, 1.5) of the exponential backoff', () => {
    expect(jitteredDelay(100, 1, () => 0)).toBe(50);
    expect(jitteredDelay(100, 1, () => 0.999)).toBe(150);
    expect(jitteredDelay(100, 3, () => 0.5)).toBe(400);
    expect(jitteredDelay(100, 0, () => 0.5)).toBe(100);
    for (let attempt = 1; attempt <= 5; attempt++) {
      for (let i = 0; i < 50; i++) {
        const d = jitteredDelay(200, attempt);
        expect(d).toBeGreaterThanOrEqual(100 * 2 ** (attempt - 1));
        expect(d).toBeLessThanOrEqual(300 * 2 ** (attempt - 1));
      }
    }
  });

  it('reads Retry-After as seconds or an HTTP date, capped', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(retryAfterMs('3', 60_000, now)).toBe(3000);
    expect(retryAfterMs('0', 60_000, now)).toBe(0);
    expect(retryAfterMs('1.5', 60_000, now)).toBe(1500);
    expect(retryAfterMs('600', 60_000, now)).toBe(60_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:07 GMT', 60_000, now)).toBe(7000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', 60_000, now)).toBe(0);
    expect(retryAfterMs('Wed, 21 Oct 2015 09:00:00 GMT', 60_000, now)).toBe(60_000);
  });

  it('ignores Retry-After values that are neither', () => {
    for (const bad of [undefined, '', ' ', '-1', '0x10', '1e3', 'soon', 'NaN']) expect(retryAfterMs(bad)).toBeUndefined();
  });
});
