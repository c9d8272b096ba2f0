import { describe, expect, it } from 'vitest';
import { runScheduled, type Schedulable } from '../src/schedule';
import { toSarif } from '../src/sarif';

const sleep = (ms: number, signal: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    const t = setTimeout(() => resolve(true), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve(false);
    });
  });

const gate = (name: string, ms: number, ok: boolean, log: string[]): Schedulable => ({
  name,
  tool: 'custom',
  preview: name,
  run: async (signal) => {
    log.push(`start ${name}`);
    const finished = await sleep(ms, signal);
    log.push(`end ${name}`);
    if (!finished) return { command: name, status: 'cancelled', exitCode: null, findings: [] };
    return { command: name, status: ok ? 'passed' : 'failed', exitCode: ok ? 0 : 1, findings: [] };
  },
});

describe('the gate scheduler', () => {
  it('runs at most `parallel` gates at once, in order', async () => {
    const log: string[] = [];
    const results = await runScheduled([gate('a', 30, true, log), gate('b', 10, true, log), gate('c', 10, true, log)], {
      parallel: 2,
      failFast: true,
    });
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
    expect(log.indexOf('start c')).toBeGreaterThan(log.indexOf('end b'));
  });

  it('with fail-fast cancels the running gates and never starts the rest', async () => {
    const log: string[] = [];
    const started = Date.now();
    const results = await runScheduled([gate('slow', 5000, true, log), gate('bad', 10, false, log), gate('next', 10, true, log)], {
      parallel: 2,
      failFast: true,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['slow', 'cancelled'],
      ['bad', 'failed'],
      ['next', 'cancelled'],
    ]);
    expect(log).not.toContain('start next');
  });

  it('without fail-fast runs everything', async () => {
    const log: string[] = [];
    const results = await runScheduled([gate('bad', 5, false, log), gate('good', 5, true, log)], { parallel: 1, failFast: false });
    expect(results.map((r) => r.status)).toEqual(['failed', 'passed']);
  });

  it('turns a gate that throws into a failure with the reason', async () => {
    const results = await runScheduled(
      [{ name: 'x', tool: 'custom', preview: 'x', run: () => Promise.reject(new Error('spawn sh ENOENT')) }],
      { parallel: 1, failFast: true },
    );
    expect(results[0]).toMatchObject({ status: 'failed', findings: [{ message: 'could not run: spawn sh ENOENT' }] });
  });
});

describe('SARIF', () => {
  it('has one run per gate that ran, located findings as results, the rest as notifications', () => {
    const sarif = toSarif([
      {
        name: 'lint',
        tool: 'ESLint',
        command: 'eslint -f json .',
        status: 'failed',
        exitCode: 1,
        durationMs: 5,
        findings: [
          { file: 'src/a b.ts', line: 3, column: 2, rule: 'no-debugger', message: 'x', severity: 'error' },
          { message: 'crashed', severity: 'error' },
        ],
      },
      { name: 'types', tool: 'TypeScript', command: 'tsc', status: 'cancelled', exitCode: null, durationMs: 0, findings: [] },
    ]) as { version: string; runs: Record<string, unknown>[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0]).toMatchObject({
      tool: { driver: { name: 'ESLint', rules: [{ id: 'no-debugger' }] } },
      invocations: [{ exitCode: 1, toolExecutionNotifications: [{ level: 'error', message: { text: 'crashed' } }] }],
      results: [
        {
          ruleId: 'no-debugger',
          ruleIndex: 0,
          level: 'error',
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'src/a%20b.ts', uriBaseId: '%SRCROOT%' },
                region: { startLine: 3, startColumn: 2 },
              },
            },
          ],
        },
      ],
    });
  });
});
