/** The `shipkit` command as a user runs it: a child process, real bundles, a real HTTP service. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, startServer, json, type TestServer } from '@shipkit/testkit';
import { renderMarkdown } from '../src/markdown.ts';

const bin = join(repoRoot, 'packages', 'cli', 'bin', 'shipkit.js');
// Each CLI process gets a TMPDIR of its own, so a test can see everything a run leaves behind.
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const freshDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
interface Run {
  code: number | null;
  out: string;
  stdout: string;
  stderr: string;
  tmp: string;
}
// Asynchronous on purpose: the service under test lives in this process and must keep answering.
const shipkit = (...args: string[]): Promise<Run> => shipkitIn({}, ...args);
const shipkitIn = (
  opts: { cwd?: string; onSpawn?: (pid: number, stdout: NodeJS.ReadableStream, tmp: string) => void },
  ...args: string[]
): Promise<Run> =>
  new Promise((resolve) => {
    const tmp = freshDir('cli-tmpdir-');
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp } });
    let out = '';
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => ((out += d.toString()), (stdout += d.toString())));
    child.stderr.on('data', (d: Buffer) => ((out += d.toString()), (stderr += d.toString())));
    if (child.pid) opts.onSpawn?.(child.pid, child.stdout, tmp);
    child.on('close', (code) => resolve({ code, out, stdout, stderr, tmp }));
  });
const bash = (script: string, env: Record<string, string> = {}): Promise<Run> =>
  new Promise((resolve) => {
    const tmp = freshDir('cli-tmpdir-');
    const child = spawn('bash', ['-c', script], { env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, out: stdout + stderr, stdout, stderr, tmp }));
  });
const stackTrace = /\n\s+at |Error:|node:internal/;

let service: TestServer;
beforeAll(async () => {
  service = await startServer((req, res) =>
    req.url === '/healthz' ? json(res, 200, { ok: true, token: 'none' }) : json(res, 404, { error: 'nope' }),
  );
});
afterAll(() => service.close());

describe('shipkit CLI', () => {
  it('lists the actions from their action.yml', async () => {
    const { code, out } = await shipkit('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/smoke\s+Post-deploy smoke probes/);
  });

  it('lists an action’s inputs with defaults and its outputs', async () => {
    const { code, out } = await shipkit('smoke', '--help');
    expect(code).toBe(0);
    expect(out).toContain('--wait-timeout (default: 60s)');
    expect(out).toContain('--bearer-token');
    expect(out).toMatch(/p95-ms: /);
  });

  it('runs the action with flags mapped to inputs and exits like it', async () => {
    const ok = await shipkit(
      'smoke',
      '--url',
      service.url,
      '--probes',
      '- path: /healthz\n  expect: { json: { ok: true } }',
      '--wait-timeout=0',
      '--json',
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Smoke ✅ passed: 1/1 probes');
    // The summary table is rendered as aligned text, not markdown.
    expect(ok.out).not.toContain('| --- |');
    expect(ok.out).toMatch(/GET \/healthz\s+GET\s+http:\/\/127\.0\.0\.1:\d+\/healthz\s+200/);
    const outputs = JSON.parse(ok.out.slice(ok.out.lastIndexOf('{\n'))) as Record<string, string>;
    expect(outputs.passed).toBe('true');

    const bad = await shipkit('smoke', '--url', service.url, '--probes', '- path: /missing', '--wait-timeout', '0', '--retries', '0');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✖ smoke: GET /missing: status 404, expected 2xx');
  });

  it('supports --no-<flag> for booleans and reports the action’s own input errors', async () => {
    const r = await shipkit('smoke', '--url', service.url, '--no-follow-redirects', '--timeout', 'soon');
    expect(r.code).toBe(1);
    expect(r.out).toContain('✖ Invalid input: input `timeout`: must be a duration');
    expect(r.out).not.toMatch(/\n\s+at /);
  });

  it('prints the usage on stderr and exits 1 when no action is named', async () => {
    const r = await shipkit();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: shipkit <action>');
  });

  it('rejects an unknown flag or action with the list of valid ones', async () => {
    const flag = await shipkit('smoke', '--colour', 'blue');
    expect(flag.code).toBe(1);
    expect(flag.out).toContain('unknown input `--colour`; this action takes: --url, --probes');
    const action = await shipkit('deploy-everything');
    expect(action.code).toBe(1);
    expect(action.out).toContain('unknown action `deploy-everything`; available:');
  });
});

describe('the CLI as a user meets it', () => {
  const passing = ['smoke', '--url', '', '--probes', '- path: /healthz', '--wait-timeout', '0'];
  const passingArgs = (): string[] => passing.map((a) => (a === '' ? service.url : a));

  it('a missing or broken --event file is one clean line, not a stack trace', async () => {
    const missing = await shipkit(...passingArgs(), '--event', 'no-such-event.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      '✖ `--event no-such-event.json`: cannot read it (no such file); pass a GitHub event payload, a JSON file\n',
    );
    expect(missing.stdout).toBe('');

    const dir = freshDir('cli-event-');
    writeFileSync(join(dir, 'event.json'), '{"pull_request": ');
    const broken = await shipkitIn({ cwd: dir }, ...passingArgs(), '--event', 'event.json');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^✖ `--event event\.json` is not JSON \(.+\); pass a GitHub event payload, a JSON file\n$/);

    const noValue = await shipkit(...passingArgs(), '--event');
    expect(noValue.code).toBe(1);
    expect(noValue.stderr).toBe('✖ `--event` needs a value\n');
  });

  it('`| head` stops the output quietly: no EPIPE stack, and a passing gate still exits 0', async () => {
    const args = passingArgs()
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    // Many probes, so the CLI is still writing when head has gone.
    const probes = Array.from({ length: 40 }, (_, i) => `- { name: probe-${i}, path: /healthz }`).join('\n');
    const r = await bash(`"${process.execPath}" "${bin}" ${args} --probes "$PROBES" | head -n 1; echo "exit=\${PIPESTATUS[0]}" >&2`, {
      PROBES: probes,
    });
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toBe('exit=0\n');
    expect(r.stderr).not.toMatch(/EPIPE|stack/);
  });

  it('--json prints only the JSON outputs on stdout; the human text goes to stderr', async () => {
    const r = await shipkit(...passingArgs(), '--json');
    expect(r.code).toBe(0);
    const outputs = JSON.parse(r.stdout) as Record<string, string>;
    expect(outputs).toMatchObject({ passed: 'true', total: '1', failed: '0' });
    expect(Number(outputs['p95-ms'])).toBeGreaterThanOrEqual(0);
    expect(outputs['p95-ms']).toMatch(/^\d+$/);
    expect(r.stderr).toContain('Smoke ✅ passed: 1/1 probes');
    expect(r.stderr).toContain('report: in the run');
  });

  it('leaves nothing in the temp dir; --report-dir keeps the report where it says', async () => {
    const r = await shipkit(...passingArgs());
    expect(r.code).toBe(0);
    expect(readdirSync(r.tmp)).toEqual([]);
    expect(r.stdout).not.toContain('report =');

    const keep = freshDir('cli-reports-');
    const kept = await shipkit(...passingArgs(), '--report-dir', keep, '--json');
    expect(kept.code).toBe(0);
    expect(readdirSync(kept.tmp)).toEqual([]);
    const report = (JSON.parse(kept.stdout) as Record<string, string>).report ?? '';
    expect(report.startsWith(keep)).toBe(true);
    expect((JSON.parse(readFileSync(report, 'utf8')) as { action: string; verdict: string }).verdict).toBe('pass');
  });

  it('Ctrl-C ends the action and still removes the run’s files', async () => {
    let sent = false;
    const r = await shipkitIn(
      {
        // Once the run's directory exists the action is running (waiting for a service that never comes).
        onSpawn: (pid, _stdout, tmp) => {
          const poll = setInterval(() => {
            if (readdirSync(tmp).some((f) => f.startsWith('shipkit-cli-smoke-'))) {
              clearInterval(poll);
              sent = true;
              process.kill(pid, 'SIGINT');
            }
          }, 20);
        },
      },
      'smoke',
      '--url',
      'http://127.0.0.1:9',
      '--wait-timeout',
      '60s',
      '--retries',
      '0',
    );
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    // Ended by the signal, not by its wait running out: it never got to its verdict.
    expect(r.stdout).not.toContain('outputs:');
    expect(readdirSync(r.tmp)).toEqual([]);
    expect(r.out).not.toMatch(stackTrace);
  });
});

describe('summary markdown as terminal text', () => {
  it('renders headings, tables, escaped pipes and details', () => {
    const text = renderMarkdown(
      [
        '## Result ✅',
        '',
        '| a | b |',
        '| --- | --- |',
        '| x \\| y | `code` |',
        '',
        '<details><summary>More</summary>',
        '',
        '- item',
        '',
        '</details>',
      ].join('\n'),
    );
    expect(text).toBe(['Result ✅', '', 'a      b', '─────  ────', 'x | y  code', '', 'More', '', '• item'].join('\n'));
  });
});
