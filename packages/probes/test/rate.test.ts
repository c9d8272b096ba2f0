// The rate prober against real loopback servers: requests go out on schedule to each arm in step,
// every completed request is counted once (passed, failed by status, by expectation, or by no
// answer), latencies land in the histogram, and a target that hangs is bounded by maxInFlight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from '@shipkit/testkit';
import { latencyBoundaries, parseRate, probeAtRate, ProbeSource, readProbes, type ArmTally } from '../src/index';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/bad') return json(res, 503, { error: 'down' });
    if (req.url === '/wrong') return json(res, 200, { ok: false });
    if (req.url === '/hang') return; // never answers
    json(res, 200, { ok: true });
  });
});
afterAll(() => server.close());

const probes = (yaml: string, base = server.url) => readProbes(yaml, { base, cwd: process.cwd() });
const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const sum = (tallies: ArmTally[], key: 'requests' | 'failed' | 'timed' | 'skipped') => tallies.reduce((a, t) => a + t[key], 0);

describe('parseRate', () => {
  it('reads per second and per minute', () => {
    expect(parseRate('5/s')).toEqual({ perSecond: 5 });
    expect(parseRate(' 0.5 / s ')).toEqual({ perSecond: 0.5 });
    expect(parseRate('30/m')).toEqual({ perSecond: 0.5 });
    expect(parseRate('120/min')).toEqual({ perSecond: 2 });
  });
  it('names the format and the bounds', () => {
    expect(parseRate('fast')).toEqual({ problem: 'must be requests per second or per minute, such as `5/s` or `30/m`, got `fast`' });
    expect(parseRate('5')).toHaveProperty('problem');
    expect(parseRate('5/h')).toHaveProperty('problem');
    expect(parseRate('0/s')).toEqual({ problem: 'must be at least one request a minute (`1/m`), got `0/s`' });
    expect((parseRate('500/s') as { problem: string }).problem).toMatch(/^must be at most 100\/s/);
  });
});

describe('latencyBoundaries', () => {
  it('is a 19 % grid from 1 ms to about a minute, with the extra boundaries as buckets of their own', () => {
    const b = latencyBoundaries([0.3, 1]);
    expect(b[0]).toBe(0.001);
    expect(b.at(-1)).toBeCloseTo(65.536, 3);
    expect(b).toContain(0.3);
    expect(b.filter((x) => x === 1)).toHaveLength(1);
    for (let i = 1; i < b.length; i++) expect(b[i]).toBeGreaterThan(b[i - 1] as number);
  });
});

describe('probeAtRate', () => {
  it('sends on schedule, round-robin, to both arms in step, and counts each completed request once', async () => {
    const candidate = await probes('- path: /ok\n- path: /bad\n- path: /wrong\n  expect: { json: { ok: true } }');
    const baseline = await probes('- path: /base');
    const before = server.requests.length;
    const t0 = performance.now();
    const prober = probeAtRate({ candidate, baseline }, { perSecond: 40, timeoutMs: 2000 });
    const tallies: Record<string, ArmTally[]> = { candidate: [], baseline: [] };
    const take = () => {
      const t = prober.take();
      tallies.candidate!.push(t.candidate);
      tallies.baseline!.push(t.baseline);
    };
    await until(() => prober.sent().candidate >= 12);
    take();
    const elapsed = performance.now() - t0;
    prober.stop();
    const sent = prober.sent();
    // On schedule: the first at once, then one every 25 ms (a late timer catches up).
    expect(sent.candidate).toBe(sent.baseline);
    expect(sent.candidate).toBeLessThanOrEqual(Math.floor((elapsed * 40) / 1000) + 1);
    // The server saw every counted request; those still in flight at the stop were abandoned.
    const seen = server.requests.length - before;
    expect(seen).toBeLessThanOrEqual(sent.candidate + sent.baseline);
    expect(seen).toBeGreaterThanOrEqual(sum(tallies.candidate!, 'requests') + sum(tallies.baseline!, 'requests'));
    // Round-robin: /ok, /bad, /wrong, /ok, … to the candidate (the baseline's /ok is /base here), so
    // each candidate probe was sent at most ⌈sent/3⌉ times and each reached the server (requests
    // still in flight at the stop may be missing, so the lower bound is one each).
    const paths = server.requests.slice(before).map((r) => r.url);
    for (const path of ['/ok', '/bad', '/wrong']) {
      const n = paths.filter((p) => p === path).length;
      expect(n, path).toBeGreaterThanOrEqual(1);
      expect(n, path).toBeLessThanOrEqual(Math.ceil(sent.candidate / 3));
    }
    expect(paths.filter((p) => p === '/base').length).toBeLessThanOrEqual(sent.baseline);

    const c = tallies.candidate!;
    const requests = sum(c, 'requests');
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(sent.candidate);
    const failures = c.flatMap((t) => t.failures);
    const by = (what: string) => failures.filter((f) => f.what === what).reduce((a, f) => a + f.count, 0);
    expect(sum(c, 'failed')).toBe(by('status 503') + by('expectations'));
    expect(failures.find((f) => f.what === 'status 503')).toMatchObject({ probe: 'GET /bad', example: 'status 503, expected 2xx' });
    expect(failures.find((f) => f.what === 'expectations')).toMatchObject({
      probe: 'GET /wrong',
      example: 'JSON `ok` is false, expected true',
    });
    // Two of three candidate probes fail, the baseline's never.
    expect(sum(c, 'failed')).toBeGreaterThanOrEqual(Math.floor((2 * requests) / 3) - 1);
    expect(sum(tallies.baseline!, 'failed')).toBe(0);
    // Every answered request has a latency, and the histogram is cumulative.
    expect(sum(c, 'timed')).toBe(requests);
    for (const t of c) {
      for (let i = 1; i < t.buckets.length; i++) expect(t.buckets[i]!.count).toBeGreaterThanOrEqual(t.buckets[i - 1]!.count);
      expect(t.buckets.at(-1)!.count).toBeLessThanOrEqual(t.timed);
    }
    // A take resets the tally.
    const again = prober.take();
    expect(again.candidate.requests).toBe(0);
  });

  it('counts a request without an answer by its deadline as failed and as that slow, and skips beyond maxInFlight', async () => {
    const hang = await probes('- path: /hang');
    const prober = probeAtRate({ candidate: hang }, { perSecond: 50, timeoutMs: 300, maxInFlight: 3 });
    await until(() => prober.sent().candidate >= 3);
    await new Promise((r) => setTimeout(r, 700));
    const t = prober.take().candidate;
    prober.stop();
    expect(t.requests).toBeGreaterThanOrEqual(3);
    expect(t.failed).toBe(t.requests);
    expect(t.failures).toEqual([
      {
        probe: 'GET /hang',
        what: 'no answer (timeout)',
        count: t.requests,
        example: `no answer: timed out after 300 ms waiting for ${new URL(server.url).host}`,
      },
    ]);
    expect(t.timed).toBe(t.requests);
    const at250ms = t.buckets.find((b) => b.le >= 0.25)!;
    expect(at250ms.count).toBe(0);
    // At most 3 waiting at once: most of the 50/s were not sent, and say so.
    expect(t.skipped).toBeGreaterThan(10);
  });

  it('counts a refused connection as a failed request without a latency', async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const prober = probeAtRate({ candidate: await probes('- path: /', url) }, { perSecond: 20, timeoutMs: 1000 });
    await until(() => prober.sent().candidate >= 3);
    await new Promise((r) => setTimeout(r, 100));
    const t = prober.take().candidate;
    prober.stop();
    expect(t.requests).toBeGreaterThan(0);
    expect(t.failed).toBe(t.requests);
    expect(t.timed).toBe(0);
    expect(t.failures[0]?.what).toBe('no answer (connection-refused)');
  });
});

describe('ProbeSource', () => {
  it('gives the analysis counts per metric and arm, notes the failures, and sums them over the watch', async () => {
    const source = new ProbeSource({
      metrics: [
        { name: 'errors', kind: 'errors' },
        { name: 'latency', kind: 'latency' },
      ],
      candidate: await probes('- path: /bad\n- path: /ok'),
      baseline: await probes('- path: /ok\n- path: /ok'),
      perSecond: 40,
      timeoutMs: 2000,
      latencyBoundaries: [0.25],
    });
    expect(await source.start()).toEqual({ ok: true });
    await until(() => source.sent().candidate >= 6);
    await new Promise((r) => setTimeout(r, 100));
    const read = await source.read(new Date());
    source.stop();
    expect(read.status).toBe('ok');
    if (read.status !== 'ok') return;
    const errors = read.metrics.errors!;
    expect(errors.candidate!.requests).toBeGreaterThan(0);
    expect(errors.candidate!.bad).toBeGreaterThan(0);
    expect(errors.baseline).toEqual({ requests: expect.any(Number), bad: 0 });
    const latency = read.metrics.latency!;
    expect(latency.candidate!.requests).toBe(errors.candidate!.requests);
    expect(latency.candidate!.buckets!.some((b) => b.le === 0.25)).toBe(true);
    expect(read.notes[0]).toMatch(/^canary: \d+ of \d+ requests failed \(GET \/bad: status 503 ×\d+\)$/);
    const summary = source.failureSummary();
    expect(summary.failures).toEqual([
      expect.objectContaining({ arm: 'candidate', probe: 'GET /bad', what: 'status 503', count: errors.candidate!.bad }),
    ]);
    expect(await source.readWindow()).toMatchObject({ status: 'unavailable' });
  });
});
