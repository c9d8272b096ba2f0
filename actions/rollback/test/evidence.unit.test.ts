import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headlineOf, readEvidence } from '../src/evidence';

const envelope = (action: string, verdict: unknown, data: unknown) => ({ action, verdict, data });

describe('evidence headlines', () => {
  it('slo-watch: each metric’s counts against its baseline or budget, then the reason', () => {
    const item = headlineOf(
      envelope('slo-watch', 'fail', {
        reason: 'p99 above the SLO',
        metrics: [
          { name: 'errors', verdict: 'pass', candidate: { requests: 1000, bad: 3 }, budget: 0.01 },
          { name: 'latency', verdict: 'fail', candidate: { requests: 1000, bad: 90 }, baseline: { rate: 0.01 } },
          { name: 'idle', candidate: { requests: 0, bad: 0 } },
        ],
      }),
      'r.json',
    );
    expect(item).toMatchObject({
      action: 'slo-watch',
      verdict: 'fail',
      headline: 'errors 3/1000 = 0.30 % vs budget 1.00 % (pass); latency 90/1000 = 9.00 % vs baseline 1.00 % (fail) — p99 above the SLO',
    });
  });

  it('smoke, diagnose and canary-step; anything else by its reason', () => {
    expect(
      headlineOf(
        envelope('smoke', 'fail', { total: 4, failed: 1, p95Ms: 40, probes: [{ name: 'GET /', passed: false, reasons: ['status 500'] }] }),
        'x',
      ),
    ).toMatchObject({ headline: '1 of 4 probes failed, p95 40 ms, GET /: status 500' });
    expect(
      headlineOf(
        envelope('diagnose', 'neutral', {
          category: 'infra',
          tier: 3,
          summary: 'disk full',
          commentUrl: 'https://github.com/a/b/pull/1#c',
        }),
        'x',
      ),
    ).toMatchObject({ headline: 'infra, tier 3: disk full', link: 'https://github.com/a/b/pull/1#c', tier: 3 });
    expect(
      headlineOf(envelope('canary-step', 'fail', { verdict: 'aborted', weight: 5, step: 1, reason: 'errors 2.3 % vs 1.0 %' }), 'x'),
    ).toMatchObject({ headline: 'aborted, at 5 %, step 1, errors 2.3 % vs 1.0 %' });
    expect(headlineOf(envelope('coverage-gate', 'fail', { reason: 'new lines 71 % < 90 %' }), 'x')).toMatchObject({
      headline: 'new lines 71 % < 90 %',
    });
    expect(headlineOf(envelope('fast-gates', 'pass', {}), 'x')).toMatchObject({ headline: 'verdict pass' });
  });

  it('what is not a report, or not well-formed, is said so or read as far as it goes', () => {
    expect(headlineOf([1, 2], 'a.json')).toBe('a.json is not a shipkit report (no `action` and `data`)');
    expect(headlineOf({ action: 'smoke', data: 'x' }, 'b.json')).toMatch(/not a shipkit report/);
    const odd = headlineOf(envelope('slo-watch', 7, { metrics: 'many', reason: 'x'.repeat(1000) }), 'c.json');
    expect(odd).toMatchObject({ verdict: 'unknown' });
    expect((odd as { headline: string }).headline.length).toBeLessThanOrEqual(300);
    // A link must be one http(s) URL.
    expect(headlineOf(envelope('diagnose', 'neutral', { issueUrl: 'javascript:alert(1)' }), 'x')).not.toHaveProperty(
      'link',
      expect.anything(),
    );
  });
});

describe('reading the evidence input', () => {
  it('globs and paths in the workspace; missing, non-JSON and outside files are problems, never errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipkit-evidence-'));
    const outside = mkdtempSync(join(tmpdir(), 'shipkit-outside-'));
    try {
      writeFileSync(join(dir, 'smoke.json'), JSON.stringify(envelope('smoke', 'pass', { total: 1, failed: 0 })));
      writeFileSync(join(dir, 'broken.json'), '{');
      writeFileSync(join(outside, 'secret.json'), JSON.stringify(envelope('smoke', 'pass', { total: 1, failed: 0 })));
      symlinkSync(join(outside, 'secret.json'), join(dir, 'link.json'));
      const read = await readEvidence(['*.json', 'nope.json', join(outside, 'secret.json')], dir);
      expect(read.items.map((i) => i.action)).toEqual(['smoke']);
      // The walk does not follow the link out of the workspace; named outright, the file is refused unread.
      expect(read.problems).toEqual([
        `${join(dir, 'broken.json')} is not JSON`,
        'no report matched `nope.json`',
        expect.stringMatching(/^`evidence`: `.*secret\.json` resolves to .*, outside the workspace .*it was not read/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
