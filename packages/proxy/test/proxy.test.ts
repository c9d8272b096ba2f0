/**
 * The proxy in this process against loopback backends written for each case: forwarding,
 * streaming, keep-alive, counting, failures and fail-over, upgrades, drain, admin, sticky, close.
 */
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, json, startServer, type TestServer } from '@shipkit/testkit/http-server';
import { startProxy, type ProxyEvent, type RunningProxy, type StartProxyOptions } from '../src/index';
import { call, parseExposition, total, until } from './helpers';

const token = 'test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${token}` };
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length) await (cleanup.pop() as () => Promise<unknown>)();
});

async function proxy(options: Omit<StartProxyOptions, 'token'>): Promise<RunningProxy & { events: ProxyEvent[] }> {
  const events: ProxyEvent[] = [];
  const p = await startProxy({ token, ...options, onEvent: (e) => events.push(e) });
  cleanup.push(() => p.close());
  return Object.assign(p, { events });
}

async function backend(
  version: string,
  handler?: (req: IncomingMessage & { body: string }, res: ServerResponse) => unknown,
): Promise<TestServer> {
  const s = await startServer(handler ?? ((req, res) => json(res, 200, { version, url: req.url }, { 'x-version': version })));
  cleanup.push(() => s.close());
  return s;
}

async function rawServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  );
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const metricsOf = async (p: RunningProxy): Promise<string> => (await call(`${p.adminUrl}/metrics`)).body;

describe('forwarding', () => {
  it('passes method, path, query, body and every end-to-end header; adds X-Forwarded-*; names the arm', async () => {
    const b = await backend('v1', (req, res) =>
      json(res, 200, { ok: true }, { 'x-backend': 'b1', connection: 'keep-alive, x-internal', 'x-internal': 'hop-only' }),
    );
    const p = await proxy({ stable: { url: b.url, version: 'v1' } });
    const answer = await call(`${p.url}/api/items?page=2&q=a%20b`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-trace': ['t1', 't2'],
        connection: 'close, x-hop',
        'x-hop': 'must not cross',
        te: 'trailers',
        'x-forwarded-for': '203.0.113.7',
        authorization: 'Bearer app-level-token',
      },
      body: '{"name":"x"}',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-backend']).toBe('b1');
    expect(answer.headers['x-shipkit-arm']).toBe('stable');
    expect(answer.headers['x-internal']).toBeUndefined();

    const seen = b.requests[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/api/items?page=2&q=a%20b');
    expect(seen?.body).toBe('{"name":"x"}');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['x-trace']).toBe('t1, t2');
    expect(seen?.headers.authorization).toBe('Bearer app-level-token');
    expect(seen?.headers['x-hop']).toBeUndefined();
    expect(seen?.headers.te).toBeUndefined();
    expect(seen?.headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(seen?.headers['x-forwarded-proto']).toBe('http');
    expect(seen?.headers['x-forwarded-host']).toBe(new URL(p.url).host);
    expect(seen?.headers.host).toBe(new URL(p.url).host);
  });

  it('streams an answer as it comes instead of buffering it', async () => {
    let firstChunkSeen: () => void = () => undefined;
    const seen = new Promise<void>((r) => (firstChunkSeen = r));
    const b = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first|');
      // The rest is written only after the client has the first chunk: a buffering proxy hangs here.
      void seen.then(() => res.end('second'));
    });
    const p = await proxy({ stable: b.url });
    const body = await new Promise<string>((resolve, reject) => {
      request(`${p.url}/stream`, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c;
          firstChunkSeen();
        });
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(body).toBe('first|second');
  });

  it('streams a request body larger than the re-send buffer straight through', async () => {
    const b = await rawServer((req, res) => {
      const hash = createHash('sha256');
      let length = 0;
      req.on('data', (c: Buffer) => {
        hash.update(c);
        length += c.length;
      });
      req.on('end', () => json(res, 200, { length, sha256: hash.digest('hex') }));
    });
    const p = await proxy({ stable: b.url, retryBodyBytes: 1024 });
    const body = Buffer.alloc(3 * 1024 * 1024, 'shipkit');
    const answer = await call(`${p.url}/upload`, { method: 'PUT', body });
    expect(JSON.parse(answer.body)).toEqual({ length: body.length, sha256: createHash('sha256').update(body).digest('hex') });
  });

  it('keeps its connections to a backend alive across requests', async () => {
    const ports = new Set<number>();
    // Node's default keep-alive (5 s): a backend that announces less than undici's safety margin
    // (2 s) gets a fresh connection per request, on purpose, so a closing socket is never reused.
    const b = await rawServer((req, res) => {
      ports.add(req.socket.remotePort ?? 0);
      json(res, 200, {});
    });
    const p = await proxy({ stable: b.url });
    for (let i = 0; i < 20; i++) expect((await call(`${p.url}/x`)).status).toBe(200);
    expect(ports.size).toBe(1);
  });

  it('refuses CONNECT (it is no forward proxy) and answers 400 to a request it cannot forward as sent', async () => {
    const b = await backend('v1');
    const p = await proxy({ stable: b.url });
    const { port } = new URL(p.url);
    const rawExchange = (text: string): Promise<string> =>
      new Promise((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
        let out = '';
        socket.on('data', (d) => (out += d));
        socket.on('close', () => resolve(out));
        socket.on('error', () => resolve(out));
      });
    expect(await rawExchange('CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n')).toMatch(/^HTTP\/1\.1 405 /);
    const twoHosts = await rawExchange('GET / HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\nConnection: close\r\n\r\n');
    expect(twoHosts).toMatch(/^HTTP\/1\.1 400 /);
    expect(b.requests).toHaveLength(0);
  });
});

describe('counting', () => {
  it('counts every request by arm, version and status, with its latency, and exposes weights and health', async () => {
    const v1 = await backend('v1', (req, res) => json(res, req.url === '/fail' ? 503 : 200, {}));
    const v2 = await backend('v2');
    const p = await proxy({ stable: { url: v1.url, version: 'v1' }, candidate: { url: v2.url, version: 'v2' }, weight: 0 });
    for (const path of ['/a', '/b', '/c', '/fail']) await call(`${p.url}${path}`);
    p.setWeights({ candidate: 100 });
    await call(`${p.url}/d`);
    p.setWeights({ candidate: 12.5 });
    const text = await metricsOf(p);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'stable', version: 'v1', code: '200' })).toBe(3);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'stable', version: 'v1', code: '503' })).toBe(1);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'candidate', version: 'v2', code: '200' })).toBe(1);
    expect(total(text, 'shipkit_proxy_request_duration_seconds_count', { arm: 'stable', version: 'v1' })).toBe(4);
    expect(total(text, 'shipkit_proxy_request_duration_seconds_bucket', { arm: 'stable', version: 'v1', le: '+Inf' })).toBe(4);
    expect(total(text, 'shipkit_proxy_request_duration_seconds_bucket', { arm: 'stable', version: 'v1', le: '10' })).toBe(4);
    expect(total(text, 'shipkit_proxy_weight_percent', { arm: 'candidate', version: 'v2' })).toBe(12.5);
    expect(total(text, 'shipkit_proxy_weight_percent', { arm: 'stable', version: 'v1' })).toBe(87.5);
    expect(total(text, 'shipkit_proxy_backend_up', { arm: 'candidate' })).toBe(1);
    // Every value is an integer count except the latency sums.
    for (const s of parseExposition(text))
      if (!s.name.endsWith('_sum') && s.name !== 'shipkit_proxy_weight_percent') expect(Number.isInteger(s.value)).toBe(true);
  });
});

describe('failures', () => {
  it("ejects a backend that refuses, re-sends its GETs to stable, counts them as the candidate's errors, and re-admits it once it answers", async () => {
    const stable = await backend('v1');
    const port = await freePort();
    const p = await proxy({
      stable: { url: stable.url, version: 'v1' },
      candidate: { url: `http://127.0.0.1:${port}`, version: 'v2' },
      weight: 100,
      health: { intervalMs: 50, passes: 2, path: '/healthz' },
    });
    const first = await call(`${p.url}/api/items`);
    expect(first.status).toBe(200);
    expect(first.headers['x-shipkit-arm']).toBe('stable');
    expect(first.headers['x-shipkit-failover']).toBe('candidate');
    expect(p.state().candidate?.up).toBe(false);
    expect(p.events).toContainEqual({
      event: 'ejected',
      arm: 'candidate',
      url: `http://127.0.0.1:${port}`,
      version: 'v2',
      reason: 'refused',
    });

    // Ejected: not tried again, straight to stable.
    const second = await call(`${p.url}/api/items`);
    expect(second.headers['x-shipkit-failover']).toBeUndefined();
    let text = await metricsOf(p);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'candidate', code: '502' })).toBe(1);
    expect(total(text, 'shipkit_proxy_backend_failures_total', { arm: 'candidate', version: 'v2', reason: 'refused' })).toBe(1);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'stable', code: '200' })).toBe(2);
    expect(total(text, 'shipkit_proxy_backend_up', { arm: 'candidate' })).toBe(0);

    // The candidate comes up on its port: two passing probes re-admit it.
    const revived = await startServer((req, res) => json(res, 200, { version: 'v2', url: req.url }), { port });
    cleanup.push(() => revived.close());
    await until(() => p.state().candidate?.up === true, 5000, 're-admission');
    expect(revived.requests.filter((r) => r.url === '/healthz').length).toBeGreaterThanOrEqual(2);
    expect(p.events.some((e) => e.event === 'readmitted' && e.arm === 'candidate')).toBe(true);
    expect((await call(`${p.url}/api/items`)).headers['x-shipkit-arm']).toBe('candidate');
    text = await metricsOf(p);
    expect(total(text, 'shipkit_proxy_backend_up', { arm: 'candidate' })).toBe(1);
  });

  it('re-sends a POST after a refused connection, but not after the backend received it and reset', async () => {
    const stable = await backend('v1', (req, res) => json(res, 201, { body: req.body }));
    const refusing = await freePort();
    let p = await proxy({ stable: stable.url, candidate: `http://127.0.0.1:${refusing}`, weight: 100 });
    const resent = await call(`${p.url}/api/items`, {
      method: 'POST',
      body: '{"name":"a"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(resent.status).toBe(201);
    expect(JSON.parse(resent.body)).toEqual({ body: '{"name":"a"}' });
    expect(resent.headers['x-shipkit-failover']).toBe('candidate');
    await p.close();

    const resetting = await rawServer((req) => req.on('data', () => req.socket.destroy()));
    p = await proxy({ stable: stable.url, candidate: { url: resetting.url, version: 'v2' }, weight: 100, health: { failures: 5 } });
    const before = stable.requests.length;
    const post = await call(`${p.url}/api/items`, { method: 'POST', body: '{"name":"b"}' });
    expect(post.status).toBe(502);
    expect(post.headers['x-shipkit-arm']).toBe('candidate');
    expect(post.body).toContain('the candidate backend gave no answer (reset)');
    expect(stable.requests.length).toBe(before);
    // The same failure on an idempotent method is re-sent.
    const put = await call(`${p.url}/api/items/1`, { method: 'PUT', body: '{"name":"c"}' });
    expect(put.status).toBe(201);
    expect(put.headers['x-shipkit-failover']).toBe('candidate');
    const text = await metricsOf(p);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'candidate', version: 'v2', code: '502' })).toBe(2);
    expect(total(text, 'shipkit_proxy_backend_failures_total', { arm: 'candidate', reason: 'reset' })).toBe(2);
    expect(p.state().candidate?.up).toBe(true); // two in a row, ejection takes five here
  });

  it('does not re-send a streamed body: it is gone once sent', async () => {
    const stable = await backend('v1');
    const refusing = await freePort();
    const p = await proxy({ stable: stable.url, candidate: `http://127.0.0.1:${refusing}`, weight: 100, retryBodyBytes: 10 });
    const answer = await call(`${p.url}/upload`, { method: 'PUT', body: 'more than ten bytes' });
    expect(answer.status).toBe(502);
    expect(stable.requests).toHaveLength(0);
  });

  it('answers 502 when a backend resets during a streamed upload, and 499 when the client leaves during one', async () => {
    const resetting = await rawServer((req) => {
      let got = 0;
      req.on('data', (c: Buffer) => {
        got += c.length;
        if (got > 100_000) req.socket.destroy();
      });
    });
    let p = await proxy({ stable: { url: resetting.url, version: 'v1' }, retryBodyBytes: 1024 });
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${p.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      // Chunked, so the proxy cannot know its length: streamed, never buffered.
      const chunk = Buffer.alloc(16 * 1024, 'u');
      let sent = 0;
      const pump = (): void => {
        while (sent < 40 && req.write(chunk)) sent++;
        if (sent < 40) req.once('drain', pump);
      };
      pump();
    });
    expect(answer.status).toBe(502);
    expect(answer.body).toContain('the stable backend gave no answer (reset)');
    let text = await metricsOf(p);
    expect(total(text, 'shipkit_proxy_requests_total', { code: '502' })).toBe(1);
    expect(total(text, 'shipkit_proxy_backend_failures_total', { reason: 'reset' })).toBe(1);
    await p.close();

    const patient = await rawServer((req, res) => {
      req.resume();
      req.on('end', () => json(res, 200, {}));
    });
    p = await proxy({ stable: { url: patient.url, version: 'v1' }, retryBodyBytes: 1024 });
    const req = request(`${p.url}/upload`, { method: 'POST' });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(64 * 1024, 'u'));
    await until(() => p.state().stable.inFlight === 1, 2000, 'the upload to start');
    req.destroy();
    await until(async () => total(await metricsOf(p), 'shipkit_proxy_requests_total', { code: '499' }) === 1, 5000, 'the 499');
    text = await metricsOf(p);
    expect(total(text, 'shipkit_proxy_backend_failures_total')).toBe(0);
    expect(p.state().stable.up).toBe(true);
  });

  it('answers 504 when a backend does not answer in time, counted against its arm', async () => {
    const stable = await backend('v1');
    const silent = await rawServer(() => undefined);
    const p = await proxy({ stable: stable.url, candidate: { url: silent.url, version: 'v2' }, weight: 100, timeouts: { headersMs: 150 } });
    const answer = await call(`${p.url}/api/items`, { method: 'POST', body: 'x' });
    expect(answer.status).toBe(504);
    const text = await metricsOf(p);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'candidate', code: '504' })).toBe(1);
    expect(total(text, 'shipkit_proxy_backend_failures_total', { arm: 'candidate', reason: 'timeout' })).toBe(1);
    expect(total(text, 'shipkit_proxy_request_duration_seconds_bucket', { arm: 'candidate', le: '0.1' })).toBe(0);
  });

  it('cuts the client off when a backend dies mid-answer, and counts a 502', async () => {
    const dying = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('only ten b');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const p = await proxy({ stable: dying.url });
    const outcome = await new Promise<string>((resolve) => {
      request(`${p.url}/x`, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('complete'));
        res.on('aborted', () => resolve('aborted'));
        res.on('error', () => resolve('aborted'));
      })
        .on('error', () => resolve('error'))
        .end();
    });
    expect(outcome).not.toBe('complete');
    await until(async () => total(await metricsOf(p), 'shipkit_proxy_requests_total', { code: '502' }) === 1, 5000, 'the 502');
    expect(total(await metricsOf(p), 'shipkit_proxy_backend_failures_total', { reason: 'reset' })).toBe(1);
  });

  it('counts a client that leaves first as 499 and holds nothing against the backend', async () => {
    const slow = await rawServer((_req, res) => setTimeout(() => json(res, 200, {}), 400));
    const p = await proxy({ stable: slow.url, health: { failures: 1 } });
    const req = request(`${p.url}/slow`);
    req.on('error', () => undefined);
    req.end();
    setTimeout(() => req.destroy(), 50);
    await until(async () => total(await metricsOf(p), 'shipkit_proxy_requests_total', { code: '499' }) === 1, 5000, 'the 499');
    const text = await metricsOf(p);
    expect(total(text, 'shipkit_proxy_backend_failures_total')).toBe(0);
    expect(p.state().stable.up).toBe(true);
    await until(() => p.state().stable.inFlight === 0, 2000, 'the attempt to end');
  });
});

describe('upgrades', () => {
  it('passes an upgrade through to the backend and joins the two sockets', async () => {
    const b = await rawServer((_req, res) => json(res, 200, {}));
    b.server.on('upgrade', (req, socket) => {
      if (req.url === '/refuse') {
        socket.end('HTTP/1.1 426 Upgrade Required\r\ncontent-type: text/plain\r\ncontent-length: 3\r\n\r\nno!');
        return;
      }
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\nX-Path: ${req.url}\r\n\r\n`);
      socket.pipe(socket);
    });
    const p = await proxy({ stable: { url: b.url, version: 'v1' } });
    const { port } = new URL(p.url);
    const open = (path: string, then: (socket: ReturnType<typeof connect>, head: string) => void): Promise<string> =>
      new Promise((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n`),
        );
        let out = '';
        let headDone = false;
        socket.on('data', (d) => {
          out += d;
          if (!headDone && out.includes('\r\n\r\n')) {
            headDone = true;
            then(socket, out);
          }
        });
        socket.on('close', () => resolve(out));
      });
    const echoed = await open('/chat', (socket) => {
      socket.write('ping');
      setTimeout(() => socket.end(), 100);
    });
    expect(echoed).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(echoed).toContain('X-Path: /chat\r\n');
    expect(echoed).toContain('x-shipkit-arm: stable\r\n');
    expect(echoed.endsWith('\r\n\r\nping')).toBe(true);

    const refused = await open('/refuse', () => undefined);
    expect(refused).toMatch(/^HTTP\/1\.1 426 Upgrade Required\r\n/);
    expect(refused.endsWith('no!')).toBe(true);
    await until(() => p.state().stable.inFlight === 0, 2000, 'the tunnels to close');
    const text = await metricsOf(p);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'stable', code: '101' })).toBe(1);
    expect(total(text, 'shipkit_proxy_requests_total', { arm: 'stable', code: '426' })).toBe(1);
  });
});

describe('backends and drain', () => {
  it('retires a replaced backend after its in-flight requests finish, and reports it', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    const v1 = await rawServer((req, res) => {
      if (req.url === '/slow') void released.then(() => json(res, 200, { version: 'v1' }));
      else json(res, 200, { version: 'v1' });
    });
    const v2 = await backend('v2');
    const p = await proxy({ stable: { url: v1.url, version: 'v1' } });
    const slow = call(`${p.url}/slow`);
    await until(() => p.state().stable.inFlight === 1, 2000, 'the slow request');

    const change = p.setBackends({ stable: { url: v2.url, version: 'v2' } });
    expect(change.retired.map((r) => r.version)).toEqual(['v1']);
    expect(change.state.stable.version).toBe('v2');
    expect(change.state.retiring).toEqual([{ url: v1.url, version: 'v1', up: true, inFlight: 1 }]);
    let drained = false;
    void change.retired[0]?.drained.then(() => (drained = true));
    expect((await call(`${p.url}/now`)).body).toContain('v2');
    await new Promise((r) => setTimeout(r, 100));
    expect(drained).toBe(false);

    release();
    expect(JSON.parse((await slow).body)).toEqual({ version: 'v1' });
    const report = await change.retired[0]?.drained;
    expect(report).toMatchObject({ url: v1.url, version: 'v1', inFlightAtRetire: 1, forced: false, abandoned: 0 });
    expect(p.state().retiring).toEqual([]);
    expect(p.state().drained).toHaveLength(1);
    expect(p.events.some((e) => e.event === 'drained' && e.version === 'v1')).toBe(true);
  });

  it('promotes: the candidate becomes stable with its counters, the old stable drains', async () => {
    const v1 = await backend('v1');
    const v2 = await backend('v2');
    const p = await proxy({ stable: { url: v1.url, version: 'v1' }, candidate: { url: v2.url, version: 'v2' }, weight: 25 });
    const change = p.promote();
    expect(change.state.weights).toEqual({ stable: 100, candidate: 0 });
    expect(change.state.stable.version).toBe('v2');
    expect(change.state.candidate).toBeNull();
    expect(await change.retired[0]?.drained).toMatchObject({ version: 'v1', inFlightAtRetire: 0, forced: false });
    const answer = await call(`${p.url}/x`);
    expect(answer.headers['x-shipkit-arm']).toBe('stable');
    expect(answer.headers['x-version']).toBe('v2');
    expect(() => p.promote()).toThrow('there is no candidate to promote');
  });

  it('cuts what is still running when the drain timeout ends', async () => {
    const hanging = await rawServer(() => undefined);
    const v2 = await backend('v2');
    const p = await proxy({ stable: { url: hanging.url, version: 'v1' }, drainTimeoutMs: 100 });
    const stuck = call(`${p.url}/hang`);
    await until(() => p.state().stable.inFlight === 1, 2000, 'the stuck request');
    const change = p.setBackends({ stable: v2.url });
    expect(await change.retired[0]?.drained).toMatchObject({ version: 'v1', inFlightAtRetire: 1, forced: true, abandoned: 1 });
    expect((await stuck).status).toBe(502);
  });

  it('keeps the weight when the candidate is kept, resets it to 0 for a new one, and validates', async () => {
    const [v1, v2, v3] = [await backend('v1'), await backend('v2'), await backend('v3')];
    const p = await proxy({ stable: v1.url, candidate: v2.url, weight: 25 });
    expect(p.setBackends({ stable: v1.url }).state.weights.candidate).toBe(25);
    expect(p.setBackends({ candidate: v3.url }).state.weights.candidate).toBe(0);
    expect(p.setBackends({ candidate: v2.url, weight: 5 }).state.weights.candidate).toBe(5);
    expect(() => p.setBackends({ candidate: null, weight: 5 })).toThrow('`weight` must be 0 without a candidate');
    expect(() => p.setBackends({ candidate: v1.url })).toThrow("`candidate.url` is the stable backend's URL");
    expect(() => p.setWeights({ candidate: 30, stable: 60 })).toThrow('must add up to 100');
    expect(p.setWeights({ stable: 70 }).weights).toEqual({ stable: 70, candidate: 30 });
    // The candidate named as stable: a promotion.
    const promoted = p.setBackends({ stable: v2.url });
    expect(promoted.state).toMatchObject({ stable: { url: v2.url }, candidate: null, weights: { stable: 100, candidate: 0 } });
    expect(promoted.retired.map((r) => r.url)).toEqual([v1.url]);
    p.setBackends({ candidate: v3.url, weight: 30 });
    expect(p.setBackends({ candidate: null }).state).toMatchObject({ candidate: null, weights: { candidate: 0 } });
    expect(() => p.setWeights({ candidate: 1 })).toThrow('there is no candidate');
  });
});

describe('admin endpoint', () => {
  it('needs the token for every change: without it or with a wrong one, 401 and nothing changes', async () => {
    const v1 = await backend('v1');
    const v2 = await backend('v2');
    const p = await proxy({ stable: v1.url, candidate: v2.url, weight: 5 });
    const attempts: [string, Record<string, string>][] = [
      ['none', {}],
      ['wrong, same length', { authorization: `Bearer ${token.replace(/.$/, 'X')}` }],
      ['wrong, other length', { authorization: 'Bearer short' }],
      ['not bearer', { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` }],
    ];
    for (const [, headers] of attempts) {
      for (const [method, path, body] of [
        ['PUT', '/weights', '{"candidate":100}'],
        ['PUT', '/backends', `{"stable":"${v2.url}","candidate":null}`],
        ['POST', '/promote', ''],
        ['GET', '/state', undefined],
      ] as const) {
        const answer = await call(`${p.adminUrl}${path}`, { method, headers, body });
        expect(answer.status, `${method} ${path}`).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Bearer realm="shipkit-proxy"');
      }
    }
    expect(p.state().weights).toEqual({ stable: 95, candidate: 5 });
    expect(p.state().stable.url).toBe(v1.url);
    expect(p.events.filter((e) => e.event === 'admin-rejected')).toHaveLength(16);
    expect(JSON.stringify(p.events)).not.toContain(token);
    expect(JSON.stringify(p.events)).not.toContain(token.slice(0, 12));
  });

  it('changes weights and backends with the token, explains bad requests, and serves metrics without it', async () => {
    const v1 = await backend('v1');
    const v2 = await backend('v2');
    const p = await proxy({ stable: { url: v1.url, version: 'v1' }, candidate: { url: v2.url, version: 'v2' } });
    const put = (path: string, body: unknown) => call(`${p.adminUrl}${path}`, { method: 'PUT', headers: auth, body: JSON.stringify(body) });
    let answer = await put('/weights', { candidate: 25 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).weights).toEqual({ stable: 75, candidate: 25 });
    answer = await put('/weights', { candidate: 25.25 });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: '`candidate` takes at most one decimal, e.g. 12.5 (got 25.25)', field: 'candidate' });
    answer = await call(`${p.adminUrl}/weights`, { method: 'PUT', headers: auth, body: '{not json' });
    expect(answer.status).toBe(400);
    answer = await call(`${p.adminUrl}/weights`, { method: 'POST', headers: auth, body: '{}' });
    expect([answer.status, answer.headers.allow]).toEqual([405, 'PUT']);
    expect((await call(`${p.adminUrl}/nope`, { headers: auth })).status).toBe(404);
    expect((await call(`${p.adminUrl}/healthz`)).status).toBe(200);
    const metrics = await call(`${p.adminUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('# TYPE shipkit_proxy_requests_total counter');

    const slowOld = call(`${p.url}/x`);
    await slowOld;
    answer = await call(`${p.adminUrl}/promote?wait=drained`, { method: 'POST', headers: auth });
    expect(answer.status).toBe(200);
    const promoted = JSON.parse(answer.body);
    expect(promoted.state.stable.version).toBe('v2');
    expect(promoted.retired).toEqual([{ url: v1.url, version: 'v1' }]);
    expect(promoted.drained).toEqual([expect.objectContaining({ version: 'v1', forced: false })]);
  });
});

describe('sticky sessions', () => {
  it('keeps each client on the version that first served it, until that version loses its weight', async () => {
    const v1 = await backend('v1');
    const v2 = await backend('v2');
    const p = await proxy({ stable: { url: v1.url, version: 'v1' }, candidate: { url: v2.url, version: 'v2' }, weight: 50, sticky: true });
    const clients: { cookie: string; arm: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const first = await call(`${p.url}/`);
      const setCookie = first.headers['set-cookie']?.[0] ?? '';
      const version = first.headers['x-version'] as string;
      expect(setCookie).toBe(`shipkit-version=${version}; Path=/; HttpOnly; SameSite=Lax`);
      clients.push({ cookie: `shipkit-version=${version}`, arm: first.headers['x-shipkit-arm'] as string });
    }
    expect(new Set(clients.map((c) => c.arm))).toEqual(new Set(['stable', 'candidate']));
    for (const c of clients)
      for (let i = 0; i < 5; i++) {
        const again = await call(`${p.url}/`, { headers: { cookie: `theme=dark; ${c.cookie}` } });
        expect(again.headers['x-shipkit-arm']).toBe(c.arm);
        expect(again.headers['set-cookie']).toBeUndefined();
      }
    p.setWeights({ candidate: 0 });
    const moved = await call(`${p.url}/`, { headers: { cookie: 'shipkit-version=v2' } });
    expect(moved.headers['x-shipkit-arm']).toBe('stable');
    expect(moved.headers['set-cookie']).toEqual(['shipkit-version=v1; Path=/; HttpOnly; SameSite=Lax']);
  });
});

describe('weights', () => {
  it('applies a new weight to every request that starts after the change', async () => {
    const v1 = await backend('v1');
    const v2 = await backend('v2');
    const p = await proxy({ stable: v1.url, candidate: v2.url, weight: 100 });
    for (let i = 0; i < 30; i++) expect((await call(`${p.url}/`)).headers['x-shipkit-arm']).toBe('candidate');
    p.setWeights({ candidate: 0 });
    for (let i = 0; i < 30; i++) expect((await call(`${p.url}/`)).headers['x-shipkit-arm']).toBe('stable');
  });
});

describe('close', () => {
  it('lets a request in flight finish, then refuses connections', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    const b = await rawServer((_req, res) => void released.then(() => json(res, 200, { done: true })));
    const p = await startProxy({ token, stable: b.url });
    const inFlight = call(`${p.url}/slow`);
    await until(() => p.state().stable.inFlight === 1, 2000, 'the request');
    const closed = p.close();
    setTimeout(release, 100);
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    await closed;
    await expect(call(`${p.url}/after`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
