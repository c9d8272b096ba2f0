/** The pipeline's own parts: its progress display, the canary's traffic paths, the diagnose rules for its stage logs. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { styleFor, renderCommand } from '../src/cli.ts';
import { Progress, clock, stageTable } from '../src/pipeline/progress.ts';
import { trafficPaths } from '../src/pipeline/users.ts';
import { PIPELINE_DIAGNOSE_RULES } from '../src/pipeline/diagnose-rules.ts';

const plain = styleFor({ isTTY: false });

function progress(tty: boolean) {
  let now = 0;
  const out: string[] = [];
  const p = new Progress({ write: (t) => out.push(t), tty, style: plain, columns: () => 60, now: () => now });
  return { p, out, advance: (ms: number) => (now += ms) };
}

describe('progress', () => {
  it('without a terminal: one plain line per change — stage, step, weight — stamped with the elapsed time', () => {
    const { p, out, advance } = progress(false);
    p.begin('release', 'canary-step 5 → 25 → 100 %');
    advance(2000);
    p.step('canary step 1/3', 5);
    p.step('canary step 1/3', 5); // no change, no line
    p.output('canary-step: 5 % +1 s: continue');
    advance(63_000);
    p.step('canary step 2/3', 25);
    p.end({ stage: 'release', verdict: 'pass', ms: 65_000, detail: 'promoted' });
    expect(out.join('')).toBe(
      [
        '[ 0:00] release    canary-step 5 → 25 → 100 %',
        '[ 0:02] release    canary step 1/3 · 5 %',
        '[ 1:05] release    canary step 2/3 · 25 %',
        '[ 1:05] ✔ release    pass         1 min 5 s  promoted',
        '',
      ].join('\n'),
    );
  });

  it('on a terminal: one live line redrawn in place, cut to the width, then the stage’s line in its place', () => {
    const { p, out, advance } = progress(true);
    p.begin('gates', 'fast-gates');
    p.output('\u001b[32m✔ format passed in 1.2 s — 0 error(s), and a long tail that does not fit\u001b[0m');
    advance(3000);
    p.step('fast-gates', undefined);
    p.step('lint');
    const live = out.at(-1) ?? '';
    expect(live.startsWith('\r\u001b[2K')).toBe(true);
    expect(live.slice('\r\u001b[2K'.length + 2)).toBe('gates · lint · 0:03 (0:03)  ✔ format passed in 1.2 s — 0…');
    expect(live.length - '\r\u001b[2K'.length).toBeLessThanOrEqual(59);
    p.end({ stage: 'gates', verdict: 'fail', ms: 3000, detail: 'failed: format' });
    p.stop();
    expect(out.at(-1)).toBe('✖ gates      fail            3.00 s  failed: format\n');
    expect(out.at(-2)).toBe('\r\u001b[2K');
  });

  it('the final table: stage, verdict, time, detail, aligned', () => {
    expect(
      stageTable(
        [
          { stage: 'gates', verdict: 'pass', ms: 4400, detail: 'passed: format' },
          { stage: 'release', verdict: 'fail', ms: 65_000, detail: 'canary aborted at step 1' },
        ],
        plain,
      ),
    ).toBe(
      [
        'stage    verdict       time  detail',
        'gates    pass        4.40 s  passed: format',
        'release  fail     1 min 5 s  canary aborted at step 1',
      ].join('\n'),
    );
    expect(clock(125_400)).toBe('2:05');
  });
});

describe('the canary’s traffic paths', () => {
  it('are the GET probes’ paths, inline or from a file; `/` without any', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-paths-'));
    try {
      writeFileSync(join(dir, 'probes.yml'), '- path: /healthz\n- path: api/items\n- path: /api/items\n  method: POST\n');
      expect(trafficPaths('probes.yml', dir)).toEqual(['/healthz', '/api/items']);
      expect(trafficPaths('- name: a\n  path: /a\n- url: https://elsewhere.example/\n', dir)).toEqual(['/a']);
      expect(trafficPaths('', dir)).toEqual(['/']);
      expect(trafficPaths('- method: POST\n  path: /x\n', dir)).toEqual(['/']);
      expect(trafficPaths('missing.yml', dir)).toEqual(['/']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the diagnose rules for the stage logs', () => {
  // The annotations as the CLI renders them into the stage logs.
  const rendered = (title: string, message: string, file?: string, line?: string): string =>
    renderCommand({
      command: 'error',
      properties: { ...(title ? { title } : {}), ...(file ? { file } : {}), ...(line ? { line } : {}) },
      message,
    }) ?? '';
  const ruleOf = (text: string): string | undefined => PIPELINE_DIAGNOSE_RULES.find((r) => new RegExp(r.pattern).test(text))?.id;

  it('recognise each of shipkit’s own gates in the line the CLI prints', () => {
    expect(ruleOf(rendered('format: prettier', 'Prettier would reformat lines 1–2', 'notes.json', '1'))).toBe('fast-gates-format');
    expect(ruleOf(rendered('lint: no-unused-vars', "'x' is assigned a value but never used", 'src/a.js', '3'))).toBe('fast-gates-lint');
    expect(ruleOf(rendered('types: TS2322', 'Type string is not assignable', 'src/a.ts', '3'))).toBe('fast-gates-type');
    expect(ruleOf(rendered('secrets: @secretlint/secretlint-rule-github', 'found GitHub token', '.env', '1'))).toBe('fast-gates-security');
    expect(ruleOf(rendered('Changed lines not covered', 'lines 10–12 are not covered', 'src/app.js', '10'))).toBe('coverage-gate');
    expect(ruleOf(rendered('Coverage gate', '50 % of changed lines covered, at least 90 % needed'))).toBe('coverage-gate');
    expect(ruleOf(rendered('Surviving mutant', 'ConditionalExpression survived', 'src/app.js', '88'))).toBe('mutation-changed');
    expect(ruleOf(rendered('smoke: health', 'status 503, expected 200'))).toBe('smoke');
    expect(ruleOf(rendered('local deploy failed', 'preview-deploy failed: the app exited before it answered'))).toBe('deploy');
    expect(ruleOf(rendered('canary aborted (latency)', 'canary-step aborted at 10 %: latency: canary 7/7 slower'))).toBe('canary');
    expect(ruleOf(rendered('slo-watch: errors', 'errors: 12 % errors vs the SLO budget of 1 %'))).toBe('slo-watch');
    expect(ruleOf('✔ format passed in 1.2 s')).toBeUndefined();
  });

  it('put the file and line of a gate finding into the evidence', () => {
    const rule = PIPELINE_DIAGNOSE_RULES.find((r) => r.id === 'fast-gates-format');
    const m = new RegExp(rule?.pattern ?? '').exec(rendered('format: prettier', 'Prettier would reformat', 'src/x.js', '7'));
    expect(m?.groups).toMatchObject({ file: 'src/x.js', line: '7', message: 'prettier: Prettier would reformat' });
  });
});
