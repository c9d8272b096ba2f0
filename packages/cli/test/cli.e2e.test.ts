/** The `shipkit` command as a user runs it: a child process, real bundles, a real HTTP service. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, startServer, json, type TestServer } from '@shipkit/testkit';
import { renderMarkdown } from '../src/markdown.ts';

const bin = join(repoRoot, 'packages', 'cli', 'bin', 'shipkit.js');
// Asynchronous on purpose: the service under test lives in this process and must keep answering.
const shipkit = (...args: string[]): Promise<{ code: number | null; out: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });

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

  it('rejects an unknown flag or action with the list of valid ones', async () => {
    const flag = await shipkit('smoke', '--colour', 'blue');
    expect(flag.code).toBe(1);
    expect(flag.out).toContain('unknown input `--colour`; this action takes: --url, --probes');
    const action = await shipkit('deploy-everything');
    expect(action.code).toBe(1);
    expect(action.out).toContain('unknown action `deploy-everything`; available:');
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
