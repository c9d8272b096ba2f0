import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServer, type TestServer } from '@shipkit/testkit';
import {
  HttpFailure,
  USER_AGENT,
  httpRequest,
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
