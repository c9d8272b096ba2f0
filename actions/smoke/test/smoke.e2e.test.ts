/**
 * The committed bundle, run as the runner runs it, against HTTP servers on loopback: the example
 * service and purpose-built servers for late starts, flaky 5xx, slow answers and redirects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runBundle, startServer, freePort, json, type TestServer } from '@shipkit/testkit';
import { createApp } from '../../../examples/app/src/app.js';

let app: { url: string; close: () => Promise<void> };
let flaky: TestServer;
let other: TestServer;
let flakyCalls = 0;

beforeAll(async () => {
  const { server } = createApp({ version: '2.3.4', slowMs: 300 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  app = {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  other = await startServer((req, res) => json(res, 200, { landed: true, headers: req.headers }));
  flaky = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/flaky') {
      flakyCalls++;
      if (flakyCalls <= 2) return json(res, 503, { error: 'warming up' });
      return json(res, 200, { ok: true });
    }
    if (url.pathname === '/always-500') return json(res, 500, { error: 'boom' });
    if (url.pathname === '/rate-limited') return json(res, 429, { error: 'slow down' }, { 'retry-after': '0' });
    if (url.pathname === '/hang') return; // never answers
    if (url.pathname === '/echo') return json(res, 200, { method: req.method, headers: req.headers, body: req.body });
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: '/echo' });
      return res.end();
    }
    if (url.pathname === '/to-other') {
      // Another origin (another port), with credentials of its own in the Location.
      res.writeHead(Number(url.searchParams.get('status') ?? 302), {
        location: `${other.url.replace('http://', 'http://intruder:from-location@')}/landed`,
      });
      return res.end();
    }
    if (url.pathname === '/to-file') {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      return res.end();
    }
    json(res, 404, { error: 'nope' });
  });
});

afterAll(async () => {
  await app.close();
  await flaky.close();
  await other.close();
});

const probesYaml = (text: string): string => text.trim();

describe('smoke bundle', () => {
  it('passes when every probe answers as expected, with outputs, summary and report', async () => {
    const run = await runBundle('smoke', {
      inputs: {
        url: app.url,
        probes: probesYaml(`
- name: health
  path: /healthz
  expect:
    status: 200
    json: { status: ok, db.ok: true, version: "2.3.4" }
    headers: { content-type: /json/, x-app-version: "2.3.4" }
    max-latency: 2s
- path: /api/items
  expect:
    json: { items.0.name: espresso, count: 2 }
    body-contains: flat white
    body-matches: '"price":\\s*3\\.4'
- name: create
  path: /api/items
  method: POST
  body: { name: cortado, price: 3 }
  expect: { status: 201, json: { name: cortado } }
- path: /api/items/999
  expect: { status: [404, 410] }
`),
      },
    });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.passed).toBe('true');
    expect(run.outputs.total).toBe('4');
    expect(run.outputs.failed).toBe('0');
    // Whole milliseconds, present: an empty or missing output fails here.
    for (const key of ['p50-ms', 'p95-ms', 'max-ms']) expect(run.outputs[key], key).toMatch(/^\d+$/);
    expect(Number(run.outputs['p95-ms'])).toBeGreaterThanOrEqual(Number(run.outputs['p50-ms']));
    expect(run.summary).toContain('| health | GET |');
    expect(run.summary).toContain('Smoke ✅ passed: 4/4 probes');
    expect(run.report?.action).toBe('smoke');
    expect(run.report?.verdict).toBe('pass');
    expect(run.report?.data.probes).toHaveLength(4);
    expect(run.report?.data.probes[2].status).toBe(201);
  });

  it('fails with one error per failed probe naming the mismatch', async () => {
    const run = await runBundle('smoke', {
      inputs: {
        url: app.url,
        retries: 0,
        probes: probesYaml(`
- name: wrong status
  path: /api/items/999
- name: wrong body
  path: /healthz
  expect: { body-contains: "ready", body-matches: "^nope" }
- name: wrong json
  path: /healthz
  expect: { json: { db.ok: false, missing.key: 1, status: ok } }
- name: wrong header
  path: /healthz
  expect: { headers: { x-app-version: "9.9.9", content-type: "/xml/", x-absent: yes } }
- name: fine
  path: /healthz
`),
      },
    });
    expect(run.code).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(run.outputs.failed).toBe('4');
    const byTitle = Object.fromEntries(run.errors.map((e) => [e.properties.title, e.message]));
    expect(Object.keys(byTitle).sort()).toEqual(['smoke: wrong body', 'smoke: wrong header', 'smoke: wrong json', 'smoke: wrong status']);
    expect(byTitle['smoke: wrong status']).toBe('status 404, expected 2xx');
    expect(byTitle['smoke: wrong body']).toContain('body does not contain "ready"');
    expect(byTitle['smoke: wrong body']).toContain('body does not match /^nope/');
    expect(byTitle['smoke: wrong json']).toContain('JSON `db.ok` is true, expected false');
    expect(byTitle['smoke: wrong json']).toContain('JSON has no `missing.key`');
    expect(byTitle['smoke: wrong header']).toContain('header `x-app-version` is "2.3.4", expected "9.9.9"');
    expect(byTitle['smoke: wrong header']).toContain('does not match /xml/');
    expect(byTitle['smoke: wrong header']).toContain('header `x-absent` is missing');
    expect(run.summary).toContain('Smoke ❌ failed: 1/5 probes');
    expect(run.report?.verdict).toBe('fail');
  });

  it('fails a probe over its latency budget (a slow release)', async () => {
    const { server, state } = createApp({ slowMs: 400 });
    state.mode = 'slow';
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const run = await runBundle('smoke', {
        inputs: { url, probes: '- path: /healthz\n  expect: { max-latency: 150ms }' },
      });
      expect(run.code).toBe(1);
      expect(run.errors[0]?.message).toMatch(/took \d+ ms, over the 150 ms budget/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('waits for a service that comes up late', async () => {
    const port = await freePort();
    const late = createApp({});
    const timer = setTimeout(() => late.server.listen(port, '127.0.0.1'), 1200);
    try {
      const run = await runBundle('smoke', {
        inputs: { url: `http://127.0.0.1:${port}`, probes: '- path: /healthz', 'wait-timeout': '20s', retries: 0 },
      });
      expect(run.code).toBe(0);
      expect(run.report?.data.waited.answered).toBe(true);
      // With retries 0, the probe could only pass by waiting for the late start.
      expect(run.report?.data.waited.ms).toBeGreaterThan(0);
    } finally {
      clearTimeout(timer);
      late.server.closeAllConnections();
      late.server.close();
    }
  });

  it('retries 5xx until the service recovers, and records every attempt', async () => {
    flakyCalls = 0;
    const run = await runBundle('smoke', {
      inputs: { url: flaky.url, probes: '- path: /flaky', retries: 3, 'retry-delay': '50ms', 'wait-timeout': '0' },
    });
    expect(run.code).toBe(0);
    const attempts = run.report?.data.probes[0].attempts as { status: number }[];
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 200]);
  });

  it('gives up after the retries on 5xx and 429 and says how many attempts', async () => {
    const run = await runBundle('smoke', {
      inputs: {
        url: flaky.url,
        probes: '- path: /always-500\n- path: /rate-limited',
        retries: 2,
        'retry-delay': '10ms',
        'wait-timeout': '0',
      },
    });
    expect(run.code).toBe(1);
    expect(run.errors.map((e) => e.message).sort()).toEqual([
      'status 429, expected 2xx (after 3 attempts)',
      'status 500, expected 2xx (after 3 attempts)',
    ]);
  });

  it('fails a probe that never gets an answer: refused connection and timeout', async () => {
    const port = await freePort();
    const run = await runBundle('smoke', {
      inputs: {
        probes: `- name: refused\n  url: http://127.0.0.1:${port}/\n- name: hang\n  url: ${flaky.url}/hang`,
        retries: 1,
        'retry-delay': '10ms',
        timeout: '300ms',
        'wait-timeout': '0',
      },
    });
    expect(run.code).toBe(1);
    const byTitle = Object.fromEntries(run.errors.map((e) => [e.properties.title, e.message]));
    expect(byTitle['smoke: refused']).toBe(`no answer: connection refused by 127.0.0.1:${port} (after 2 attempts)`);
    expect(byTitle['smoke: hang']).toBe(`no answer: timed out after 300 ms waiting for ${new URL(flaky.url).host} (after 2 attempts)`);
    expect(run.report?.data.probes.every((p: { passed: boolean }) => !p.passed)).toBe(true);
  });

  it('follows redirects by default and can be told not to', async () => {
    const followed = await runBundle('smoke', {
      inputs: { url: flaky.url, probes: '- path: /redirect\n  expect: { json: { method: GET } }', 'wait-timeout': '0' },
    });
    expect(followed.code).toBe(0);
    expect(followed.report?.data.probes[0].redirects).toEqual([`${flaky.url}/echo`]);
    const kept = await runBundle('smoke', {
      inputs: {
        url: flaky.url,
        probes: '- path: /redirect\n  expect: { status: 302, headers: { location: /echo } }',
        'follow-redirects': false,
        'wait-timeout': '0',
      },
    });
    expect(kept.code).toBe(0);
  });

  it('a cross-origin redirect carries none of the headers, the token or URL credentials, nor the Location credentials', async () => {
    const token = 'tok_crossOriginMustNotSeeThis';
    const run = await runBundle('smoke', {
      inputs: {
        url: `http://deploy:url-password-1@${new URL(flaky.url).host}`,
        'bearer-token': token,
        headers: 'X-Api-Key: header-secret-1\nX-Tenant: tenant-secret-2',
        probes: '- path: /to-other\n  headers: { x-probe-secret: probe-secret-3 }\n  expect: { json: { landed: true } }',
        'wait-timeout': '0',
      },
    });
    expect(run.code, run.stdout).toBe(0);
    const landed = other.requests.at(-1);
    expect(landed?.url).toBe('/landed');
    for (const name of ['authorization', 'cookie', 'x-api-key', 'x-tenant', 'x-probe-secret'])
      expect(landed?.headers[name], name).toBeUndefined();
    const seen = JSON.stringify(landed?.headers);
    for (const secret of [token, 'header-secret-1', 'tenant-secret-2', 'probe-secret-3', 'url-password-1', 'from-location'])
      expect(seen).not.toContain(secret);
    expect(Buffer.from('intruder:from-location').toString('base64')).not.toBe(landed?.headers.authorization);
    // The first hop, on the deployment's own origin, had them all.
    const first = flaky.requests.filter((r) => r.url === '/to-other').at(-1);
    expect(first?.headers['x-probe-secret']).toBe('probe-secret-3');
    expect(first?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('a probe with a body is not re-sent to another origin by a 307; a redirect to file: is a clear failure', async () => {
    const before = other.requests.length;
    const run = await runBundle('smoke', {
      inputs: {
        url: flaky.url,
        probes: '- name: post\n  path: /to-other?status=307\n  method: POST\n  body: { order: 1 }\n- name: file\n  path: /to-file',
        retries: 0,
        'wait-timeout': '0',
      },
    });
    expect(run.code).toBe(1);
    expect(other.requests.length).toBe(before);
    const byTitle = Object.fromEntries(run.errors.map((e) => [e.properties.title, e.message]));
    expect(byTitle['smoke: post']).toBe(
      `status 307, expected 2xx (a redirect to ${new URL(other.url).host}, not followed: a request with a body is never re-sent to another origin)`,
    );
    expect(byTitle['smoke: file']).toBe(
      `${new URL(flaky.url).host} answered 302 with a redirect to a \`file:\` URL; only http and https redirects are followed`,
    );
  });

  it('masks the bearer token, header values and URL credentials everywhere', async () => {
    const token = 'tok_4f9a8b7c6d5e4f3a2b1c';
    const headerSecret = 'hdr-secret-value-8812';
    const password = 'p4ssw0rd-in-url';
    const run = await runBundle('smoke', {
      inputs: {
        url: `http://deploy:${password}@${new URL(flaky.url).host}`,
        'bearer-token': token,
        headers: `X-Api-Key: ${headerSecret}`,
        probes: `- path: /echo\n  expect: { body-contains: "${token}" }\n- path: /nope`,
        retries: 0,
        'wait-timeout': '0',
      },
    });
    expect(run.code).toBe(1);
    // The server did receive them.
    const received = flaky.requests.filter((r) => r.url === '/echo').at(-1);
    expect(received?.headers.authorization).toBe(`Bearer ${token}`);
    expect(received?.headers['x-api-key']).toBe(headerSecret);
    // Registered with the runner, and nowhere else in clear text.
    expect(run.masks).toEqual(expect.arrayContaining([token, headerSecret, password]));
    const reportText = readFileSync(run.outputs.report as string, 'utf8');
    const visible = [run.stdout.replace(/^::add-mask::.*$/gm, ''), run.stderr, run.summary, reportText, JSON.stringify(run.outputs)].join(
      '\n',
    );
    for (const secret of [token, headerSecret, password]) expect(visible).not.toContain(secret);
    expect(reportText).toContain('***');
  });

  it('reads probes from a .yml file and defaults to one GET of the url', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probes-'));
    writeFileSync(join(dir, 'probes.yml'), 'probes:\n  - path: /healthz\n    expect: { json: { db.ok: true } }\n');
    const fromFile = await runBundle('smoke', { cwd: dir, env: { GITHUB_WORKSPACE: dir }, inputs: { url: app.url, probes: 'probes.yml' } });
    expect(fromFile.code).toBe(0);
    expect(fromFile.outputs.total).toBe('1');
    const bare = await runBundle('smoke', { inputs: { url: `${app.url}/healthz` } });
    expect(bare.code).toBe(0);
    expect(bare.report?.data.probes[0].url).toBe(`${app.url}/healthz`);
  });

  it('runs probes concurrently within the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = await startServer(async (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 100));
      inFlight--;
      json(res, 200, {});
    });
    try {
      const probes = Array.from({ length: 12 }, (_, i) => `- path: /p${i}`).join('\n');
      const run = await runBundle('smoke', { inputs: { url: slow.url, probes, concurrency: 4, 'wait-timeout': '0' } });
      expect(run.code).toBe(0);
      expect(peak).toBe(4);
    } finally {
      await slow.close();
    }
  });
});

describe('smoke bad input: one clear error, exit 1, no request sent', () => {
  let sink: TestServer;
  beforeAll(async () => {
    sink = await startServer((_req, res) => json(res, 200, {}));
  });
  afterAll(() => sink.close());

  const cases: [string, Record<string, string>, RegExp][] = [
    ['invalid URL', { url: 'not a url' }, /input `url`: must be an absolute http\(s\) URL/],
    ['non-http URL', { url: 'ftp://example.test' }, /input `url`: must be an http or https URL/],
    ['malformed YAML', { probes: '- path: /a\n  expect: [unclosed' }, /probes.*not valid YAML/],
    ['unknown probe key', { probes: '- path: /a\n  staus: 200' }, /unknown key `staus`/],
    ['unknown expect key', { probes: '- path: /a\n  expect: { code: 200 }' }, /unknown key `expect.code`/],
    ['bad status', { probes: '- path: /a\n  expect: { status: 7xx }' }, /expect.status/],
    ['negative retries', { retries: '-1' }, /input `retries`: must be at least 0/],
    ['non-numeric concurrency', { concurrency: 'many' }, /input `concurrency`: must be a whole number/],
    ['unparsable duration', { timeout: '10 parsecs' }, /input `timeout`: must be a duration/],
    ['bad boolean', { 'follow-redirects': 'yes' }, /input `follow-redirects`: must be `true` or `false`/],
    ['missing probes file', { probes: 'does/not/exist.yml' }, /probes file `does\/not\/exist.yml` does not exist/],
    ['bad regex', { probes: '- path: /a\n  expect: { body-matches: "([" }' }, /not a valid regular expression/],
    ['headers not a map', { headers: '- a\n- b' }, /`headers` must be a YAML map/],
    [
      'CR/LF in a header value',
      { headers: 'X-Env: "preview\\r\\nX-Injected: 1"' },
      /^`headers`: the value of `X-Env` contains a line break \(CR or LF\), which would end the header/,
    ],
    ['LF in the bearer token', { 'bearer-token': 'tok-123\nX-Injected: 1' }, /^`bearer-token` contains a line break/],
    [
      'CR/LF in a probe header',
      { probes: '- path: /a\n  headers: { x-trace: "a\\r\\nb" }' },
      /^probe `GET \/a`: the value of `x-trace` contains a line break/,
    ],
    [
      'a .txt probes path',
      { probes: 'ci/probes.txt' },
      /^`ci\/probes.txt` looks like a file, but probes are read only from .yml, .yaml or .json files/,
    ],
  ];

  for (const [name, inputs, message] of cases) {
    it(name, async () => {
      const before = sink.requests.length;
      const run = await runBundle('smoke', { inputs: { url: sink.url, 'wait-timeout': '0', ...inputs } });
      expect(run.code).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]?.message).toMatch(message);
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      expect(sink.requests.length).toBe(before);
      expect(run.outputs.passed).toBeUndefined();
    });
  }

  it('refuses a probes file outside the workspace without reading it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'probes-outside-'));
    writeFileSync(join(outside, 'probes.yml'), '- path: /from-outside\n');
    const workspace = mkdtempSync(join(tmpdir(), 'probes-ws-'));
    const before = sink.requests.length;
    const run = await runBundle('smoke', {
      cwd: workspace,
      env: { GITHUB_WORKSPACE: workspace },
      inputs: { url: sink.url, 'wait-timeout': '0', probes: join(outside, 'probes.yml') },
    });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.message).toMatch(/^`probes`: `.*probes\.yml` resolves to .*, outside the workspace/);
    expect(run.stdout).not.toContain('/from-outside');
    expect(sink.requests.length).toBe(before);
  });

  it('reports every bad input at once', async () => {
    const run = await runBundle('smoke', { inputs: { url: sink.url, retries: 'x', timeout: 'soon' } });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.message).toContain('`retries`');
    expect(run.errors[0]?.message).toContain('`timeout`');
  });

  it('requires url when a probe has only a path', async () => {
    const run = await runBundle('smoke', { inputs: { probes: '- path: /healthz' } });
    expect(run.code).toBe(1);
    expect(run.errors[0]?.message).toMatch(/the `url` input \(the base URL\) is required/);
  });
});
