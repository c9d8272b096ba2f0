#!/usr/bin/env node
// `npm run demo`: the whole shipkit pipeline on one machine, through the CLI, with zero accounts.
// Starts the example service, then runs every stage in examples/demo/stages/ in name order and
// prints each stage's verdict. Exit code 0 when every stage behaved as the demo expects.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runAction } from '@shipkit/cli';
import { createApp } from './app/src/app.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);

const { server, state } = createApp({ version: '1.0.0' });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const appUrl = `http://127.0.0.1:${server.address().port}`;
const workdir = mkdtempSync(join(tmpdir(), 'shipkit-demo-'));
console.log(paint('1', `shipkit demo — example service at ${appUrl}, work dir ${workdir}\n`));

const ctx = {
  appUrl,
  app: state,
  root,
  workdir,
  /** Runs an action through the CLI; prints its lines indented. */
  async shipkit(action, inputs, { cwd = workdir, env = {}, quiet = false } = {}) {
    console.log(
      paint(
        '2',
        `  $ shipkit ${action} ${Object.entries(inputs)
          .map(([k, v]) => `--${k} ${JSON.stringify(String(v)).length > 60 ? '…' : JSON.stringify(String(v))}`)
          .join(' ')}`,
      ),
    );
    const result = await runAction(action, Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, String(v)])), {
      root,
      cwd,
      env: { ...process.env, ...env },
      onLine: quiet ? undefined : (line) => console.log(`    ${line}`),
    });
    return result;
  },
  /** Runs a shell command in the work dir (for stages that prepare a repo). */
  exec(command, args, { cwd = workdir, env = {} } = {}) {
    return new Promise((resolve) => {
      const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code: code ?? 1, out }));
    });
  },
};

const stagesDir = join(root, 'examples', 'demo', 'stages');
const stages = readdirSync(stagesDir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
const results = [];
for (const file of stages) {
  const name = file.replace(/^\d+-/, '').replace(/\.mjs$/, '');
  console.log(paint('1', `▶ ${name}`));
  const started = Date.now();
  let outcome;
  try {
    const stage = await import(pathToFileURL(join(stagesDir, file)).href);
    outcome = await stage.default(ctx);
  } catch (error) {
    outcome = { verdict: 'error', detail: String(error?.stack ?? error), expected: false };
  }
  const ms = Date.now() - started;
  const ok = outcome.expected !== false;
  results.push({ name, ...outcome, ms, ok });
  const mark =
    outcome.verdict === 'pass'
      ? paint('32', 'PASS')
      : outcome.verdict === 'fail'
        ? paint('31', 'FAIL')
        : paint('33', outcome.verdict.toUpperCase());
  console.log(`  ${mark} ${name}: ${outcome.detail} ${paint('2', `(${(ms / 1000).toFixed(1)} s)`)}\n`);
}

server.closeAllConnections();
server.close();
rmSync(workdir, { recursive: true, force: true });
console.log(paint('1', 'Pipeline verdicts'));
for (const r of results)
  console.log(`  ${r.verdict.padEnd(5)} ${r.name.padEnd(28)} ${r.ok ? '' : paint('31', '(not what the demo expected)')}`);
const unexpected = results.filter((r) => !r.ok);
console.log(unexpected.length === 0 ? '\nEvery stage behaved as expected.' : `\n${unexpected.length} stage(s) did not behave as expected.`);
process.exit(unexpected.length === 0 ? 0 : 1);
