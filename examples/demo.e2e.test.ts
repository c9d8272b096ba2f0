/**
 * `npm run demo` end to end, as CI runs it: three releases of the example service through
 * `shipkit pipeline` — v1 live, v2 aborted at its first canary step, rolled back and diagnosed, v3
 * promoted — then the timeline and what is live, and nothing left running when it ends.
 */
import { expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shipkit/testkit';

const MARK = `SHIPKIT_DEMO_TEST=${randomUUID()}`;

/** Processes that inherited this test's mark: whatever the demo started, however far it was reparented. */
const marked = (): string[] =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(MARK)
          ? [readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')]
          : [];
      } catch {
        return [];
      }
    });

it(
  'npm run demo: v1 live, v2 rolled back at its first canary step with the numbers, v3 promoted; nothing left running',
  { timeout: 420_000 },
  async () => {
    const [name, value] = MARK.split('=') as [string, string];
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [join(repoRoot, 'examples', 'demo.mjs')], {
        env: { ...process.env, NO_COLOR: '1', [name]: value },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', (c) => resolve({ code: c, out: text }));
    });
    expect(code, out).toBe(0);
    // Each release went through the whole pipeline, the earlier stages included.
    for (const release of ['v1', 'v2', 'v3']) expect(out).toMatch(new RegExp(`^━━ ${release} `, 'm'));
    expect(out).toMatch(
      /^\s+gates ✔ [\d.]+ s · risk (?:low|medium|high) [\d.]+ s · tests ✔ [\d.]+ s · coverage ✔ [\d.]+ s · mutation ✔ [\d.]+ s · build ✔/m,
    );
    // Each release's risk class: v1 feature code and a new table, v2 a dropped column (informational: v2 still
    // reached its canary), v3 without the drop (against production, v1).
    expect(out.match(/^\s+gates ✔ [\d.]+ s · risk (\w+) /gm)?.map((l) => /risk (\w+)/.exec(l)?.[1])).toEqual(['medium', 'high', 'medium']);
    expect(out).toMatch(
      /^ {4}risk: {6}high: `migrations\/002_drop_legacy_price\.sql` \(destructive migration \(drop-column\)\) \(a person reviews\)$/m,
    );
    expect(out).toMatch(/✔ mutation\s+pass\s+.*score [\d.]+ % of \d+ mutants on the changed lines/);
    expect(out).toMatch(/release ✖ [\d.]+ s · rollback ✔ [\d.]+ s · diagnose ✔ [\d.]+ s$/m);
    expect(out).toMatch(/^\s+\d+:\d\d {2}first release, straight to production, watched → live$/m);
    expect(out).toMatch(/^\s+\d+:\d\d {2}canary aborted at step 1 → rolled back, verified, diagnosed$/m);
    expect(out).toMatch(/^\s+\d+:\d\d {2}promoted 25 → 50 → 100 %, then watched → live$/m);
    // What is live, asked at the end; what was rolled back and why, with the numbers.
    expect(out).toMatch(
      /^ {2}live: {8}v3 [0-9a-f]{7} "v3: the cache fixed" at http:\/\/127\.0\.0\.1:\d+ \(asked just now: 200, version 3\.0\.0\)$/m,
    );
    expect(out).toMatch(/^ {2}rolled back: v2 [0-9a-f]{7} /m);
    expect(out).toMatch(
      /^ {4}why: {7}canary aborted at step 1: latency: canary [\d,]+\/[\d,]+ = 100\.0 % slower than 500 ms vs the SLO's budget of [\d.]+ %/m,
    );
    expect(out).toMatch(/^ {4}rollback: {2}traffic was on [0-9a-f]{7} already \(the canary put it back\); verified at http/m);
    expect(out).toMatch(/^ {4}diagnosis: unknown, tier 3 \(needs a person\)/m);
    expect(out).toMatch(/^Demo done in \d+:\d\d: v1 live, v2 rolled back at its first canary step, v3 promoted to 100 %\.$/m);
    expect(marked()).toEqual([]);
  },
);
