// The engine's parsing on plain values and a real directory tree: probes files inside the
// workspace are read, files outside it (directly or through a symlink) are refused unread, and
// another input name is named in the errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ConfigurationError } from '@shipkit/kit';
import { checkResponse, joinUrl, probeSecrets, readProbes } from '../src/index';

let root: string;
let ws: string;
let outside: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'probes-parse-'));
  ws = join(root, 'ws');
  outside = join(root, 'outside');
  mkdirSync(join(ws, 'ci'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(ws, 'ci', 'probes.yml'), 'probes:\n  - path: /healthz\n    expect: { status: 200 }\n');
  writeFileSync(join(outside, 'probes.yml'), '- path: /secret-list\n');
  symlinkSync(join(outside, 'probes.yml'), join(ws, 'ci', 'linked.yml'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const refusal = async (text: string, options: Parameters<typeof readProbes>[1]): Promise<ConfigurationError> => {
  const e = await readProbes(text, options).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ConfigurationError);
  return e as ConfigurationError;
};

describe('readProbes', () => {
  it('reads inline YAML, a file in the workspace, and defaults to one GET of the base', async () => {
    const inline = await readProbes('- path: /a\n  method: post\n  body: { x: 1 }', { base: 'http://h:1/app', cwd: ws });
    expect(inline).toMatchObject([
      { name: 'POST /app/a', method: 'POST', url: 'http://h:1/app/a', body: '{"x":1}', headers: { 'content-type': 'application/json' } },
    ]);
    const fromFile = await readProbes('ci/probes.yml', { base: 'http://h:1', cwd: ws });
    expect(fromFile.map((p) => [p.url, p.expect.status])).toEqual([['http://h:1/healthz', [{ kind: 'code', code: 200 }]]]);
    expect(await readProbes(undefined, { base: 'http://h:1/x', cwd: ws })).toMatchObject([{ name: 'GET /x', url: 'http://h:1/x' }]);
  });

  it('refuses a probes file outside the workspace, directly or through a symlink, without reading it', async () => {
    const direct = await refusal(join(outside, 'probes.yml'), { base: 'http://h:1', cwd: ws });
    expect(direct.input).toBe('probes');
    expect(direct.message).toMatch(/^`probes`: `.*outside\/probes\.yml` resolves to .*, outside the workspace/);
    const linked = await refusal('ci/linked.yml', { base: 'http://h:1', cwd: ws });
    expect(linked.message).toContain('(through a symlink)');
    expect(linked.message).not.toContain('secret-list');
    // RUNNER_TEMP (or any root given) is readable too.
    expect(await readProbes(join(outside, 'probes.yml'), { base: 'http://h:1', cwd: ws, roots: [ws, outside] })).toHaveLength(1);
  });

  it('names another input in its errors', async () => {
    const e = await refusal('- path: /a\n  staus: 200', { base: 'http://h:1', cwd: ws, input: 'verify-probes' });
    expect(e.input).toBe('verify-probes');
    expect(e.message).toMatch(/^`verify-probes`: probe 1: unknown key `staus`/);
    const same = await refusal('- path: /a\n  staus: 200', { base: 'http://h:1', cwd: ws });
    expect(same.message).toMatch(/^probe 1: unknown key `staus`/);
  });

  it('lists the secrets to mask: header values and URL passwords', async () => {
    const probes = await readProbes('- url: http://u:p%40ss@h:1/a\n  headers: { x-key: k-123 }\n- path: /b', {
      base: 'http://h:1',
      cwd: ws,
    });
    expect(probeSecrets(probes).sort()).toEqual(['k-123', 'p@ss']);
  });
});

describe('checkResponse and joinUrl', () => {
  it('gives every reason an answer fails its expectations', async () => {
    const [probe] = await readProbes('- path: /a\n  expect: { status: 2xx, json: { ok: true }, max-latency: 100ms }', {
      base: 'http://h:1',
      cwd: ws,
    });
    const answer = {
      status: 503,
      headers: {},
      body: '{"ok":false}',
      bodyTruncated: false,
      latencyMs: 250,
      url: 'http://h:1/a',
      redirects: [],
    };
    expect(checkResponse(probe!, answer)).toEqual([
      'status 503, expected 2xx',
      'JSON `ok` is false, expected true',
      'took 250 ms, over the 100 ms budget',
    ]);
    expect(checkResponse(probe!, { ...answer, status: 200, body: '{"ok":true}', latencyMs: 5 })).toEqual([]);
  });

  it('keeps the base path and credentials', () => {
    expect(joinUrl('https://u:p@host/app/', '/healthz')).toBe('https://u:p@host/app/healthz');
    expect(joinUrl('https://host', '')).toBe('https://host/');
  });
});
