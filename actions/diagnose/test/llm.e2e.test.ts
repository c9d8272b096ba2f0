/**
 * The optional LLM, as loopback OpenAI-compatible servers: one that answers and records the request
 * (nothing secret may reach it, only the reduced evidence), one that fails, one that hangs.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, startServer, json, type TestServer } from '@shipkit/testkit';

/** Every workspace this file creates lives here, removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'diagnose-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const GITHUB_TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB';
const LLM_KEY = 'sk-llmKeyThatOnlyTheAuthorizationHeaderMayCarry';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const INTERNAL = 'tenant-4471-secret-route';

/** A tsc failure whose log also carries secrets, and a line far from the failure that must not be sent. */
function workspace(): string {
  const ws = mkdtempSync(join(scratch, 'diagnose-llm-'));
  mkdirSync(join(ws, 'logs'));
  const lines = [
    '##[group]Run npm run typecheck',
    `npm config set //registry.npmjs.org/:_authToken=${GITHUB_TOKEN}`,
    'FAR-AWAY-LINE-THAT-IS-NOT-EVIDENCE',
    ...Array.from({ length: 40 }, (_, i) => `compiling module ${i}`),
    `fetching https://deploy:hunter2hunter2@internal.example.com/${INTERNAL} with key ${AWS_KEY}`,
    `Authorization: Bearer ${JWT}`,
    `src/cart.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'. (token ${GITHUB_TOKEN})`,
    `src/api/items.ts(40,15): error TS2339: Property 'price' does not exist on type 'Item'.`,
    'Found 2 errors in 2 files.',
  ];
  writeFileSync(join(ws, 'logs', 'typecheck.log'), lines.join('\n') + '\n');
  return ws;
}

const inputs = (url: string) => ({
  logs: 'logs/*.log',
  'llm-url': `${url}/v1`,
  'llm-model': 'tiny-model',
  'llm-api-key': LLM_KEY,
  'github-token': GITHUB_TOKEN,
  redact: 'tenant-\\d+-secret-route',
});

describe('LLM explanation', () => {
  it('sends only the reduced, redacted evidence; the answer goes into the summary and never changes the category', async () => {
    const llm = await startServer((req, res) =>
      json(res, 200, {
        id: 'x',
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: `This is really a security problem. The cart total is a string; parse it first. ${GITHUB_TOKEN}`,
            },
            finish_reason: 'stop',
          },
        ],
      }),
    );
    servers.push(llm);
    const r = await runBundle('diagnose', { cwd: workspace(), inputs: inputs(llm.url) });
    expect(r.code, r.stdout).toBe(0);
    expect(llm.requests).toHaveLength(1);
    const req = llm.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe(`Bearer ${LLM_KEY}`);
    const body = JSON.parse(req?.body ?? '{}') as { model: string; messages: { role: string; content: string }[] };
    expect(body.model).toBe('tiny-model');
    const sent = req?.body ?? '';
    expect(sent).toContain('TS2322');
    expect(sent).toContain("Property 'price' does not exist");
    for (const secret of [GITHUB_TOKEN, LLM_KEY, AWS_KEY, JWT, INTERNAL, 'hunter2hunter2']) expect(sent).not.toContain(secret);
    expect(sent).not.toContain('FAR-AWAY-LINE-THAT-IS-NOT-EVIDENCE');
    expect(sent.length).toBeLessThan(16_000);

    expect(r.outputs.category).toBe('type');
    expect(r.outputs.tier).toBe('1');
    expect(r.summary).toContain('Explanation (LLM, does not change the category):** This is really a security problem.');
    expect(r.report?.data.llm).toEqual({ model: 'tiny-model', ok: true });
    // `::add-mask::` has to carry the value itself (that is how the runner learns it); nothing else may.
    const printed = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    const everything = printed + r.summary + JSON.stringify(r.report) + JSON.stringify(r.outputs);
    for (const secret of [GITHUB_TOKEN, LLM_KEY, AWS_KEY, JWT, INTERNAL, 'hunter2hunter2']) expect(everything).not.toContain(secret);
  });

  it('keys spanning lines, AWS secrets outside KEY=value and passwords never reach the summary, report, output or the LLM', async () => {
    // Assembled at run time so secret scanners do not flag this file.
    const keyLines = [
      '-----BEGIN RSA PRIVATE ' + 'KEY-----',
      'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
      'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
      'LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo',
      '-----END RSA PRIVATE ' + 'KEY-----',
    ];
    const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const standalone = 'Zq8mN3vR7tK1pL5xW9yB2cD4fG6hJ0aS8eQ3uI7o';
    const sessionToken = `IQoJb3JpZ2luX2VjEJr${'a1B2c3D4'.repeat(12)}`;
    const secrets = [...keyLines.slice(1, -1), awsSecret, standalone, sessionToken, 'hunter2-db-pass', 'yaml-pass-7781'];
    const ws = mkdtempSync(join(scratch, 'diagnose-secrets-'));
    mkdirSync(join(ws, 'logs'));
    writeFileSync(
      join(ws, 'logs', 'deploy.log'),
      [
        '##[group]Run ./scripts/deploy.sh',
        'loading the deploy key',
        "src/deploy.ts(3,1): error TS2304: Cannot find name 'key'.",
        ...keyLines,
        '{',
        '    "Credentials": {',
        `        "SecretAccessKey": "${awsSecret}",`,
        `        "SessionToken": "${sessionToken}",`,
        "src/deploy.ts(9,1): error TS2304: Cannot find name 'credentials'.",
        '$ aws configure get aws_secret_access_key',
        standalone,
        "src/deploy.ts(12,1): error TS2304: Cannot find name 'configure'.",
        'DB_PASSWORD=hunter2-db-pass ./migrate',
        '    password: yaml-pass-7781',
        "src/deploy.ts(15,1): error TS2304: Cannot find name 'migrate'.",
      ].join('\n') + '\n',
    );
    const llm = await startServer((_req, res) => json(res, 200, { choices: [{ message: { content: 'Declare the names.' } }] }));
    servers.push(llm);
    const r = await runBundle('diagnose', { cwd: ws, inputs: { logs: 'logs/*.log', 'llm-url': `${llm.url}/v1`, 'llm-model': 'm' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.category).toBe('type');
    // The evidence still carries its context, masked line for line.
    const contexts = (r.report?.data.evidence as { context: string[] }[]).flatMap((e) => e.context);
    expect(contexts).toContain('***');
    expect(contexts).toContain("src/deploy.ts(3,1): error TS2304: Cannot find name 'key'.");
    const sent = llm.requests[0]?.body ?? '';
    expect(sent).toContain('TS2304');
    const everywhere = [r.stdout, r.summary, JSON.stringify(r.report), JSON.stringify(r.outputs), sent].join('\n');
    for (const secret of secrets) expect(everywhere, secret).not.toContain(secret);
    expect(everywhere).not.toContain('PRIVATE KEY');
  });

  it('a failing LLM is a warning and the action still succeeds', async () => {
    const llm = await startServer((_req, res) => json(res, 503, { error: { message: 'overloaded' } }));
    servers.push(llm);
    const r = await runBundle('diagnose', { cwd: workspace(), inputs: inputs(llm.url) });
    expect(r.code).toBe(0);
    expect(r.outputs.category).toBe('type');
    expect(r.warnings.map((w) => w.message).join()).toMatch(/the LLM did not explain this failure \(HTTP 503 from 127\.0\.0\.1:\d+\)/);
    expect(r.report?.data.llm.ok).toBe(false);
  });

  it('a 307 to another host is not followed: the evidence goes to the configured endpoint only', async () => {
    const elsewhere = await startServer((_req, res) => json(res, 200, { choices: [{ message: { content: 'stolen' } }] }));
    const llm = await startServer((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/v1/chat/completions` });
      res.end();
    });
    servers.push(elsewhere, llm);
    const r = await runBundle('diagnose', { cwd: workspace(), inputs: inputs(llm.url) });
    expect(r.code, r.stdout).toBe(0);
    expect(llm.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
    expect(r.report?.data.llm.ok).toBe(false);
    expect(r.warnings.map((w) => w.message).join()).toContain(
      `the LLM did not explain this failure (HTTP 307 from ${new URL(llm.url).host}: it redirects to ${new URL(elsewhere.url).host}, and the evidence is not sent to another host`,
    );
    expect(r.summary).not.toContain('stolen');
  });

  it('a hanging LLM times out without failing the action', async () => {
    const llm = await startServer(() => undefined);
    servers.push(llm);
    const started = Date.now();
    const r = await runBundle('diagnose', { cwd: workspace(), inputs: inputs(llm.url), env: { SHIPKIT_LLM_TIMEOUT_MS: '700' } });
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.warnings.map((w) => w.message).join()).toMatch(/timed out after 700 ms/);
    expect(r.outputs.category).toBe('type');
  });
});
