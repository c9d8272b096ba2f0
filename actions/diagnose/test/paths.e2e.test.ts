/**
 * What diagnose reads: only files inside the workspace or RUNNER_TEMP. A committed symlink to
 * /proc/self/environ once made the action's whole environment (a database password included)
 * evidence; such a path is refused with an error naming the input, and nothing of it is shown.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, type ActionRun } from '@shipkit/testkit';

const scratch = mkdtempSync(join(tmpdir(), 'diagnose-paths-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const fixtureLog = join(import.meta.dirname, 'fixtures', 'logs', 'tsc.log');
const PASSWORD = ['db', 'pass', 'word', '7f3a9c'].join('-');

function workspace(): string {
  const ws = mkdtempSync(join(scratch, 'ws-'));
  mkdirSync(join(ws, 'logs'));
  cpSync(fixtureLog, join(ws, 'logs/tsc.log'));
  return ws;
}

const expectRefused = (run: ActionRun, input: string): void => {
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]?.properties.title).toBe(`Invalid ${input}`);
  expect(run.errors[0]?.message).toMatch(new RegExp(`^\`${input}\`: .* resolves to .*, outside the workspace`));
  for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.report ?? {})]) expect(text).not.toContain(PASSWORD);
};

describe('diagnose reads only inside the workspace', () => {
  it('refuses a symlinked log pointing at /proc/self/environ, whether named or matched by a glob', async () => {
    const ws = workspace();
    symlinkSync('/proc/self/environ', join(ws, 'logs/build.log'));
    for (const logs of ['logs/build.log', 'logs/*.log']) {
      const run = await runBundle('diagnose', {
        cwd: ws,
        inputs: { logs },
        env: { DATABASE_PASSWORD: PASSWORD, GITHUB_HEAD_REF: 'feature/ENOSPC' },
      });
      if (logs === 'logs/*.log') {
        // The walk does not follow the link: only the real log is read.
        expect(run.code, run.stdout).toBe(0);
        expect(run.outputs.category).toBe('type');
        for (const text of [run.stdout, run.summary, JSON.stringify(run.report)]) expect(text).not.toContain(PASSWORD);
      } else expectRefused(run, 'logs');
    }
  });

  it('refuses a JUnit report through a symlinked directory outside, and `..` out of the workspace', async () => {
    const ws = workspace();
    const outside = mkdtempSync(join(scratch, 'outside-'));
    writeFileSync(
      join(outside, 'TEST-x.xml'),
      `<testsuite name="s"><testcase name="t"><failure message="${PASSWORD}"/></testcase></testsuite>`,
    );
    symlinkSync(outside, join(ws, 'reports'));
    for (const junit of ['reports/*.xml', 'reports/TEST-x.xml', `../${outside.split('/').pop()}/TEST-x.xml`])
      expectRefused(await runBundle('diagnose', { cwd: ws, inputs: { junit, logs: 'logs/*.log' } }), 'junit');
  });

  it('reads a log in RUNNER_TEMP, and rejects a malformed glob naming the input', async () => {
    const ws = workspace();
    const temp = mkdtempSync(join(scratch, 'runner-temp-'));
    cpSync(fixtureLog, join(temp, 'job.log'));
    const ok = await runBundle('diagnose', { cwd: ws, inputs: { logs: join(temp, 'job.log') }, env: { RUNNER_TEMP: temp } });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.outputs.category).toBe('type');
    const bad = await runBundle('diagnose', { cwd: ws, inputs: { logs: 'logs/[' } });
    expect(bad.code).toBe(1);
    expect(bad.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^`logs`: the glob `logs\/\[` has an unclosed `\[`/)]);
  });

  it('refuses a `rules` file linked outside the workspace (its text never shown), and reads one inside', async () => {
    const ws = workspace();
    const outside = mkdtempSync(join(scratch, 'outside-rules-'));
    writeFileSync(join(outside, 'rules.yml'), `- pattern: '${PASSWORD}'\n  category: infra\n`);
    symlinkSync(join(outside, 'rules.yml'), join(ws, 'rules.yml'));
    expectRefused(await runBundle('diagnose', { cwd: ws, inputs: { logs: 'logs/*.log', rules: 'rules.yml' } }), 'rules');
    expectRefused(await runBundle('diagnose', { cwd: ws, inputs: { logs: 'logs/*.log', rules: join(outside, 'rules.yml') } }), 'rules');
    writeFileSync(join(ws, 'own.yml'), "- pattern: 'error TS\\d+'\n  category: infra\n");
    const ok = await runBundle('diagnose', { cwd: ws, inputs: { logs: 'logs/*.log', rules: 'own.yml' } });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.outputs.category).toBe('infra');
  });
});
